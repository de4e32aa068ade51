// embind.cpp — the only file that knows about Emscripten: the raw module's
// interface, typed for JS in web/core/module.d.ts.
//
// Data crosses the boundary through the module's heap: the JS loader
// (web/attention-core.js) lays out one reusable arena (web/core/arena.js),
// writes the inputs there, passes byte addresses here, and copies the results
// back out. That is the fastest path measured with Emscripten 3.1.6 (no
// per-call std::vector, no element-by-element val access).
//
// Entry points are plain C exports (`AX_ENTRY int ax_name(...)`, called from
// JS as wasm._ax_name): a raw wasm call costs ~0.01 µs, where an Embind
// function of 15 arguments cost ~3 µs per call here (its invoker converts each
// argument through a generic loop when built with -sDYNAMIC_EXECUTION=0).
// Embind carries the rest: lastError() (a std::string, only on failures),
// simd(), and every number the JS side must agree on — status codes, mask
// kinds, the heap limit — exported as an emscripten::constant, so it is
// written once, here.
//
// Errors: every entry point runs the core inside `guarded`. A C++ exception is
// caught here and becomes a status code plus a message that lastError()
// returns; the loader throws the JS Error. Throwing the JS error from C++
// instead would leave the caught C++ exception unfreed on every bad call.
//
// Adding an entry point: write `AX_ENTRY int ax_name(...)` at the end of the
// entry points below (addresses as std::uintptr_t, sizes as std::size_t, one
// output address per result) and run the core inside `guarded`; then type it
// in web/core/embind.d.ts and call it from web/attention-core.js.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/heap.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/attention_backward.h"
#include "core/attention_kinds.h"
#include "core/errors.h"
#include "core/matmul.h"
#include "core/multi_head.h"
#include "core/scoring.h"
#include "core/positional_encoding.h"
#include "core/softmax.h"
#include "core/trainer.h"
#include "core/vector_geometry.h"
// issue 10: cost and stability
#include "core/attention_tiled.h"
#include "core/linear_attention.h"
#include "core/softmax_stability.h"
#include "core/sparse_attention.h"
#include "kernels/select.h"

namespace {

ax::Workspace workspace;   // grows to the largest call, then is reused
std::string last_error;    // message of the last failed call

// What an entry point returns; exported as STATUS_*.
enum Status : int { ok = 0, range_error = 1, type_error = 2, other_error = 3 };

// attention's mask_kind argument; exported as MASK_*.
enum MaskCode : int { mask_none = 0, mask_causal = 1, mask_explicit = 2 };

// createTrainer's task and positions arguments; exported as TASK_* and POSITIONS_*.
enum TaskCode : int { task_copy = 0, task_previous = 1, task_reverse = 2, task_max = 3 };
enum PositionsCode : int { positions_learned = 0, positions_sinusoidal = 1, positions_none = 2 };

template <typename F>
int guarded(F&& body) {
  try {
    body();
    return ok;
  } catch (const ax::InputError& e) {
    last_error = e.what();
    return e.kind() == ax::InputError::Kind::type ? type_error : range_error;
  } catch (const std::exception& e) {
    last_error = e.what();
    return other_error;
  }
}

template <typename T>
T* at(std::uintptr_t address) {
  return reinterpret_cast<T*>(address);
}

ax::MaskKind mask_kind_of(int code) {
  switch (code) {
    case mask_none: return ax::MaskKind::none;
    case mask_causal: return ax::MaskKind::causal;
    case mask_explicit: return ax::MaskKind::explicit_values;
    default: ax::throw_range("mask: unknown mask kind " + std::to_string(code));
  }
}

// The softmax options every attention entry point takes: scale, temperature and the mask
// (kind code, and the address of n·m bytes for an explicit mask; 0 otherwise).
ax::AttentionOptions attention_options(float scale, float temperature, int mask_kind,
                                       std::uintptr_t mask) {
  ax::AttentionOptions options;
  options.scale = scale;
  options.temperature = temperature;
  options.mask = mask_kind_of(mask_kind);
  options.mask_values = at<const std::uint8_t>(mask);
  return options;
}

// The four result addresses of ax_attention and ax_attention_kind: (n, m) ×3 and (n, dv).
ax::AttentionOutputs attention_outputs(std::uintptr_t scores, std::uintptr_t scaled,
                                       std::uintptr_t weights, std::uintptr_t output) {
  return {at<float>(scores), at<float>(scaled), at<float>(weights), at<float>(output)};
}

// the kind argument of ax_scores and ax_attention_kind; exported as SCORE_*.
enum ScoreCode : int { score_dot = 0, score_cosine = 1, score_bilinear = 2, score_additive = 3 };

ax::ScoreKind score_kind_of(int code) {
  switch (code) {
    case score_dot: return ax::ScoreKind::dot;
    case score_cosine: return ax::ScoreKind::cosine;
    case score_bilinear: return ax::ScoreKind::bilinear;
    case score_additive: return ax::ScoreKind::additive;
    default: ax::throw_range("kind: unknown scoring kind code " + std::to_string(code));
  }
}

}  // namespace

// ---- entry points: exported to JS as wasm._ax_<name> ---------------------------
#define AX_ENTRY extern "C" EMSCRIPTEN_KEEPALIVE

// Scalar results go to a double slot in the arena.
AX_ENTRY int ax_dot(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::dot(at<float>(a), at<float>(b), len); });
}

AX_ENTRY int ax_norm(std::uintptr_t a, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::norm(at<float>(a), len); });
}

AX_ENTRY int ax_cosine(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::cosine(at<float>(a), at<float>(b), len); });
}

AX_ENTRY int ax_angle(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::angle(at<float>(a), at<float>(b), len); });
}

AX_ENTRY int ax_project(std::uintptr_t k, std::uintptr_t q, std::size_t len, std::uintptr_t out) {
  return guarded([&] { ax::project(at<float>(k), at<float>(q), len, at<double>(out)); });
}

AX_ENTRY int ax_softmax(std::uintptr_t x, std::size_t rows, std::size_t cols,
            float temperature, std::uintptr_t out) {
  return guarded([&] {
    ax::softmax_rows(at<float>(x), rows, cols, temperature, at<float>(out));
  });
}

AX_ENTRY int ax_matmul(std::uintptr_t a, std::uintptr_t b, std::size_t n, std::size_t k,
           std::size_t m, std::uintptr_t out) {
  return guarded([&] {
    ax::matmul(at<float>(a), at<float>(b), n, k, m, at<float>(out), workspace);
  });
}

// mask_kind: MASK_NONE, MASK_CAUSAL or MASK_EXPLICIT (mask points at n·m bytes).
// One address per result: scores, scaled, weights (n·m floats each), output (n·dv).
AX_ENTRY int ax_attention(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
              std::size_t n, std::size_t m, std::size_t dk, std::size_t dv,
              float scale, float temperature, int mask_kind, std::uintptr_t mask,
              std::uintptr_t scores, std::uintptr_t scaled,
              std::uintptr_t weights, std::uintptr_t output) {
  return guarded([&] {
    const ax::AttentionOptions options = attention_options(scale, temperature, mask_kind, mask);
    const ax::AttentionOutputs out = attention_outputs(scores, scaled, weights, output);
    ax::attention(at<float>(q), at<float>(k), at<float>(v), {n, m, dk, dv},
                  options, out, workspace);
  });
}

// ---- issue 10: tiled exact, sparse and linear attention; softmax Jacobian, naive softmax ----

// The output alone, tiled over key blocks with an online softmax: no n × m buffer anywhere.
AX_ENTRY int ax_attention_output(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
              std::size_t n, std::size_t m, std::size_t dk, std::size_t dv,
              float scale, float temperature, int mask_kind, std::uintptr_t mask,
              std::uintptr_t output) {
  return guarded([&] {
    const ax::AttentionOptions options = attention_options(scale, temperature, mask_kind, mask);
    ax::attention_output_tiled(at<float>(q), at<float>(k), at<float>(v), {n, m, dk, dv},
                               options, at<float>(output), workspace);
  });
}

namespace {
ax::SparseResult sparse_result;  // the last sparse call's CSR result, until the next one
}  // namespace

// window and stride: integers ≥ 0 (the loader clamps them to n); globals: globals_count int32.
// `info` receives five uint32: nnz, then the addresses of row_start, cols, weights and output
// (they live in the module until the next sparse call; the loader copies them out at once).
AX_ENTRY int ax_sparse_attention(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
              std::size_t n, std::size_t dk, std::size_t dv, double window,
              std::uintptr_t globals, std::size_t globals_count, double stride, int causal,
              float scale, float temperature, std::uintptr_t info) {
  return guarded([&] {
    ax::SparseOptions options;
    options.window = std::int64_t(window);
    options.stride = std::int64_t(stride);
    options.globals = at<const std::int32_t>(globals);
    options.globals_count = globals_count;
    options.causal = causal != 0;
    options.scale = scale;
    options.temperature = temperature;
    ax::sparse_attention(at<float>(q), at<float>(k), at<float>(v), n, dk, dv, options, sparse_result);
    std::uint32_t* out = at<std::uint32_t>(info);
    out[0] = std::uint32_t(sparse_result.cols.size());
    out[1] = std::uint32_t(reinterpret_cast<std::uintptr_t>(sparse_result.row_start.data()));
    out[2] = std::uint32_t(reinterpret_cast<std::uintptr_t>(sparse_result.cols.data()));
    out[3] = std::uint32_t(reinterpret_cast<std::uintptr_t>(sparse_result.weights.data()));
    out[4] = std::uint32_t(reinterpret_cast<std::uintptr_t>(sparse_result.output.data()));
  });
}

AX_ENTRY int ax_linear_attention(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
              std::size_t n, std::size_t m, std::size_t dk, std::size_t dv, int causal,
              std::uintptr_t output) {
  return guarded([&] {
    ax::linear_attention(at<float>(q), at<float>(k), at<float>(v), n, m, dk, dv, causal != 0,
                         at<float>(output), workspace);
  });
}

AX_ENTRY int ax_softmax_jacobian(std::uintptr_t x, std::size_t len, float temperature,
              std::uintptr_t out) {
  return guarded([&] { ax::softmax_jacobian(at<float>(x), len, temperature, at<float>(out)); });
}

// May write Infinity or NaN on purpose (softmax without the max subtraction).
AX_ENTRY int ax_softmax_naive(std::uintptr_t x, std::size_t len, float temperature,
              std::uintptr_t out) {
  return guarded([&] { ax::softmax_naive(at<float>(x), len, temperature, at<float>(out)); });
}

// ---- scoring kinds and multi-head attention (issue 9) -----------------------------
// kind: a SCORE_* constant. An absent matrix (w, wq, wk, u) is address 0 and dh = 0 means
// none: the core refuses a kind's missing matrix and a matrix the kind does not use.

// out (n × m f32) = the scores of q (n × dq) against k (m × dk) by kind.
AX_ENTRY int ax_scores(std::uintptr_t q, std::uintptr_t k, std::size_t n, std::size_t m,
                       std::size_t dq, std::size_t dk, std::size_t dh, int kind,
                       std::uintptr_t w, std::uintptr_t wq, std::uintptr_t wk, std::uintptr_t u,
                       std::uintptr_t out) {
  return guarded([&] {
    ax::scores(at<float>(q), at<float>(k), score_kind_of(kind), {n, m, dq, dk, dh},
               {at<const float>(w), at<const float>(wq), at<const float>(wk), at<const float>(u)},
               at<float>(out), workspace);
  });
}

// ax_attention with scores by kind; the same four result addresses.
AX_ENTRY int ax_attention_kind(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
                               std::size_t n, std::size_t m, std::size_t dq, std::size_t dk,
                               std::size_t dv, std::size_t dh, int kind, std::uintptr_t w,
                               std::uintptr_t wq, std::uintptr_t wk, std::uintptr_t u,
                               float scale, float temperature, int mask_kind, std::uintptr_t mask,
                               std::uintptr_t scores, std::uintptr_t scaled,
                               std::uintptr_t weights, std::uintptr_t output) {
  return guarded([&] {
    const ax::AttentionOptions options = attention_options(scale, temperature, mask_kind, mask);
    const ax::AttentionOutputs out = attention_outputs(scores, scaled, weights, output);
    ax::attention(at<float>(q), at<float>(k), at<float>(v), score_kind_of(kind),
                  {n, m, dq, dk, dh}, dv,
                  {at<const float>(w), at<const float>(wq), at<const float>(wk), at<const float>(u)},
                  options, out, workspace);
  });
}

// source = 0: self-attention on x (m = n). Results: q (n × d), k, v (m × d),
// weights (heads × n × m), concat, output (n × d), f32.
AX_ENTRY int ax_multi_head(std::uintptr_t x, std::uintptr_t source, std::size_t n,
                           std::size_t m, std::size_t d_model, std::size_t heads,
                           std::uintptr_t wq, std::uintptr_t wk, std::uintptr_t wv,
                           std::uintptr_t wo, int mask_kind, std::uintptr_t mask,
                           std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
                           std::uintptr_t weights, std::uintptr_t concat, std::uintptr_t output) {
  return guarded([&] {
    ax::multi_head(at<float>(x), at<const float>(source), {n, m, d_model, heads},
                   {at<float>(wq), at<float>(wk), at<float>(wv), at<float>(wo)},
                   mask_kind_of(mask_kind), at<const std::uint8_t>(mask),
                   {at<float>(q), at<float>(k), at<float>(v), at<float>(weights),
                    at<float>(concat), at<float>(output)},
                   workspace);
  });
}

// Sinusoidal position encodings (scene 4): out = the n×d table, row-major (n·d floats).
AX_ENTRY int ax_positional_encoding(std::size_t n, std::size_t d, std::uintptr_t out) {
  return guarded([&] { ax::positional_encoding(n, d, at<float>(out)); });
}

// ==== issue 12: attention backward and the trainer ================================
namespace {
ax::BackwardWorkspace backward_workspace;  // grows to the largest call, then is reused

ax::Task task_of(int code) {
  switch (code) {
    case task_copy: return ax::Task::copy;
    case task_previous: return ax::Task::previous;
    case task_reverse: return ax::Task::reverse;
    case task_max: return ax::Task::max;
    default: ax::throw_range("task: unknown task code " + std::to_string(code));
  }
}

ax::Positions positions_of(int code) {
  switch (code) {
    case positions_learned: return ax::Positions::learned;
    case positions_sinusoidal: return ax::Positions::sinusoidal;
    case positions_none: return ax::Positions::none;
    default: ax::throw_range("positions: unknown positions code " + std::to_string(code));
  }
}
}  // namespace

// Gradients of Σ(output ⊙ d_output) for the forward pass of ax_attention; one address per
// result: dq (n·dk), dk (m·dk), dv (m·dv).
AX_ENTRY int ax_attention_backward(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
                                   std::uintptr_t d_output, std::size_t n, std::size_t m,
                                   std::size_t dk, std::size_t dv, float scale,
                                   float temperature, int mask_kind, std::uintptr_t mask,
                                   std::uintptr_t dq, std::uintptr_t dk_out,
                                   std::uintptr_t dv_out) {
  return guarded([&] {
    const ax::AttentionOptions options = attention_options(scale, temperature, mask_kind, mask);
    ax::attention_backward(at<float>(q), at<float>(k), at<float>(v), at<float>(d_output),
                           {n, m, dk, dv}, options,
                           {at<float>(dq), at<float>(dk_out), at<float>(dv_out)},
                           backward_workspace);
  });
}

// A new trainer (task: TASK_*, positions: POSITIONS_*); its handle (int32) goes to handle_out.
AX_ENTRY int ax_trainer_create(int task, int positions, std::size_t length, std::size_t vocab,
                               std::size_t d_model, std::uint32_t seed, std::size_t batch,
                               float lr, std::uintptr_t handle_out) {
  return guarded([&] {
    ax::TrainerOptions o;
    o.task = task_of(task);
    o.positions = positions_of(positions);
    o.length = length;
    o.vocab = vocab;
    o.d_model = d_model;
    o.seed = seed;
    o.batch = batch;
    o.lr = lr;
    *at<std::int32_t>(handle_out) = ax::trainers::create(o);
  });
}

// `count` Adam steps; out: step, loss, accuracy (three f64).
AX_ENTRY int ax_trainer_step(int handle, std::size_t count, std::uintptr_t out) {
  return guarded([&] {
    const ax::StepResult r = ax::trainers::get(handle).step(count);
    double* o = at<double>(out);
    o[0] = double(r.step);
    o[1] = r.loss;
    o[2] = r.accuracy;
  });
}

// tokens: count int32; weights (length × length f32), predicted (length int32).
AX_ENTRY int ax_trainer_evaluate(int handle, std::uintptr_t tokens, std::size_t count,
                                 std::uintptr_t weights, std::uintptr_t predicted) {
  return guarded([&] {
    ax::trainers::get(handle).evaluate(at<const std::int32_t>(tokens), count,
                                       at<float>(weights), at<std::int32_t>(predicted));
  });
}

// out: wq, wk, wv, wo, embed, pos, unembed back to back (f32; sizes from the options).
AX_ENTRY int ax_trainer_parameters(int handle, std::uintptr_t out) {
  return guarded([&] {
    const ax::ModelParameters& p = ax::trainers::get(handle).parameters();
    float* o = at<float>(out);
    for (const std::vector<float>* t : {&p.wq, &p.wk, &p.wv, &p.wo, &p.embed, &p.pos, &p.unembed}) {
      o = std::copy(t->begin(), t->end(), o);
    }
  });
}

AX_ENTRY int ax_trainer_dispose(int handle) {
  return guarded([&] { ax::trainers::dispose(handle); });
}
// ==== end of issue 12 entry points ================================================

// The index of the first value of x (count floats) that is NaN or ±Infinity, or count if
// all are finite. The loader copies a number[] into the heap in one block (the engine's
// own conversion) and asks this where the first bad value is, instead of checking each
// element in JS; it cannot fail, so it is not guarded.
AX_ENTRY std::size_t ax_first_nonfinite(std::uintptr_t x, std::size_t count) {
  return ax::kernels::vfinite(count, reinterpret_cast<const float*>(x));
}

// ---- module queries (Embind) ---------------------------------------------------
namespace {

std::string lastError() { return last_error; }

bool simd() { return ax::kernels::kSimd; }

// Trainers not yet disposed (issue 12: the JS leak test reads it).
double trainersLive() { return double(ax::trainers::live()); }

// ---- relaxed SIMD (kern) ----
// The loader adds the FMA kernels of attention-kernels-relaxed.wasm to the
// function table and passes their slots here (a function pointer in
// WebAssembly is its table index); 0, 0 restores this build's own kernels.
// A slot whose function has another signature traps at the first call.
void useKernels(std::uintptr_t gemm_slot, std::uintptr_t softmax_slot) {
  ax::kernels::use_kernels(reinterpret_cast<ax_f32_gemm_ukernel*>(gemm_slot),
                           reinterpret_cast<ax_f32_softmax_ukernel*>(softmax_slot));
}

}  // namespace

EMSCRIPTEN_BINDINGS(attention_core) {
  using emscripten::constant;
  using emscripten::function;

  // ---- constants (web/core/module.js reads them; never repeat the numbers in JS)
  constant("STATUS_OK", int(ok));
  constant("STATUS_RANGE_ERROR", int(range_error));
  constant("STATUS_TYPE_ERROR", int(type_error));
  constant("STATUS_ERROR", int(other_error));
  constant("MASK_NONE", int(mask_none));
  constant("MASK_CAUSAL", int(mask_causal));
  constant("MASK_EXPLICIT", int(mask_explicit));
  // The most memory this module can ever hold, in bytes: the arena refuses a
  // call that needs more before it allocates anything.
  constant("HEAP_MAX_BYTES", double(emscripten_get_heap_max()));
  // scoring kinds of ax_scores / ax_attention_kind
  constant("SCORE_DOT", int(score_dot));
  constant("SCORE_COSINE", int(score_cosine));
  constant("SCORE_BILINEAR", int(score_bilinear));
  constant("SCORE_ADDITIVE", int(score_additive));

  // ---- module queries (the entry points are AX_ENTRY exports above, not listed here)
  function("lastError", &lastError);
  function("simd", &simd);
  function("useKernels", &useKernels);

  // ---- issue 12: the trainer's task and positions codes, and its live count
  constant("TASK_COPY", int(task_copy));
  constant("TASK_PREVIOUS", int(task_previous));
  constant("TASK_REVERSE", int(task_reverse));
  constant("TASK_MAX", int(task_max));
  constant("POSITIONS_LEARNED", int(positions_learned));
  constant("POSITIONS_SINUSOIDAL", int(positions_sinusoidal));
  constant("POSITIONS_NONE", int(positions_none));
  function("trainersLive", &trainersLive);
}
