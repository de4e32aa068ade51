// embind.cpp — the only file that knows about Emscripten.
//
// Data crosses the boundary through the module's heap: the JS loader
// (web/attention-core.js) writes typed arrays into one reusable arena, passes
// byte addresses here, and reads results back as typed-array views. That is the
// fastest path measured with Emscripten 3.1.6 (no per-call std::vector, no
// element-by-element val access).
//
// Errors: every entry point runs the core inside `guarded`. A C++ exception is
// caught here and becomes a status code (0 ok, 1 RangeError, 2 TypeError, 3
// Error) plus a message that lastError() returns; the loader throws the JS
// Error. Throwing the JS error from C++ instead would leave the caught C++
// exception unfreed on every bad call.
#include <emscripten/bind.h>

#include <cstdint>
#include <exception>
#include <string>

#include "core/attention.h"
#include "core/attention_kinds.h"
#include "core/errors.h"
#include "core/matmul.h"
#include "core/multi_head.h"
#include "core/scoring.h"
#include "core/softmax.h"
#include "core/vector_geometry.h"
#include "kernels/select.h"

namespace {

ax::Workspace workspace;   // grows to the largest call, then is reused
std::string last_error;    // message of the last failed call

enum Status : int { ok = 0, range_error = 1, type_error = 2, other_error = 3 };

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

// Scalar results go to a double slot in the arena.
int dot(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::dot(at<float>(a), at<float>(b), len); });
}

int norm(std::uintptr_t a, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::norm(at<float>(a), len); });
}

int cosine(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::cosine(at<float>(a), at<float>(b), len); });
}

int angle(std::uintptr_t a, std::uintptr_t b, std::size_t len, std::uintptr_t out) {
  return guarded([&] { *at<double>(out) = ax::angle(at<float>(a), at<float>(b), len); });
}

int project(std::uintptr_t k, std::uintptr_t q, std::size_t len, std::uintptr_t out) {
  return guarded([&] { ax::project(at<float>(k), at<float>(q), len, at<double>(out)); });
}

int softmax(std::uintptr_t x, std::size_t rows, std::size_t cols,
            float temperature, std::uintptr_t out) {
  return guarded([&] {
    ax::softmax_rows(at<float>(x), rows, cols, temperature, at<float>(out));
  });
}

int matmul(std::uintptr_t a, std::uintptr_t b, std::size_t n, std::size_t k,
           std::size_t m, std::uintptr_t out) {
  return guarded([&] {
    ax::matmul(at<float>(a), at<float>(b), n, k, m, at<float>(out), workspace);
  });
}

// mask_kind: 0 none, 1 causal, 2 explicit (mask points at n·m bytes).
int attention(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v,
              std::size_t n, std::size_t m, std::size_t dk, std::size_t dv,
              float scale, float temperature, int mask_kind,
              std::uintptr_t mask, std::uintptr_t outputs) {
  return guarded([&] {
    ax::AttentionOptions options;
    options.scale = scale;
    options.temperature = temperature;
    options.mask = mask_kind == 1   ? ax::MaskKind::causal
                   : mask_kind == 2 ? ax::MaskKind::explicit_values
                                    : ax::MaskKind::none;
    options.mask_values = at<const std::uint8_t>(mask);
    // outputs: scores, scaled, weights (n·m each), then output (n·dv), contiguous
    float* base = at<float>(outputs);
    const ax::AttentionOutputs out{base, base + n * m, base + 2 * n * m, base + 3 * n * m};
    ax::attention(at<float>(q), at<float>(k), at<float>(v), {n, m, dk, dv},
                  options, out, workspace);
  });
}

// ---- scoring kinds and multi-head attention (issue 9) -------------------------
// An absent matrix (w, wq, wk, u, source) arrives as address 0; dh = 0 is absent.

ax::MaskKind mask_kind_of(int mask_kind) {
  return mask_kind == 1   ? ax::MaskKind::causal
         : mask_kind == 2 ? ax::MaskKind::explicit_values
                          : ax::MaskKind::none;
}

ax::ScoreParams score_params(std::uintptr_t w, std::uintptr_t wq, std::uintptr_t wk,
                             std::uintptr_t u) {
  return {at<const float>(w), at<const float>(wq), at<const float>(wk), at<const float>(u)};
}

int scores(std::uintptr_t q, std::uintptr_t k, std::size_t n, std::size_t m,
           std::size_t dq, std::size_t dk, std::size_t dh, std::string kind,
           std::uintptr_t w, std::uintptr_t wq, std::uintptr_t wk, std::uintptr_t u,
           std::uintptr_t out) {
  return guarded([&] {
    ax::scores(at<float>(q), at<float>(k), ax::score_kind(kind), {n, m, dq, dk, dh},
               score_params(w, wq, wk, u), at<float>(out), workspace);
  });
}

// outputs: scores, scaled, weights (n·m each), then output (n·dv), contiguous
int attentionKind(std::uintptr_t q, std::uintptr_t k, std::uintptr_t v, std::size_t n,
                  std::size_t m, std::size_t dq, std::size_t dk, std::size_t dv,
                  std::size_t dh, std::string kind, std::uintptr_t w, std::uintptr_t wq,
                  std::uintptr_t wk, std::uintptr_t u, float scale, float temperature,
                  int mask_kind, std::uintptr_t mask, std::uintptr_t outputs) {
  return guarded([&] {
    ax::AttentionOptions options;
    options.scale = scale;
    options.temperature = temperature;
    options.mask = mask_kind_of(mask_kind);
    options.mask_values = at<const std::uint8_t>(mask);
    float* base = at<float>(outputs);
    const ax::AttentionOutputs out{base, base + n * m, base + 2 * n * m, base + 3 * n * m};
    ax::attention(at<float>(q), at<float>(k), at<float>(v), ax::score_kind(kind),
                  {n, m, dq, dk, dh}, dv, score_params(w, wq, wk, u), options, out, workspace);
  });
}

// outputs: q (n·d), k (m·d), v (m·d), weights (heads·n·m), concat (n·d), output (n·d)
int multiHead(std::uintptr_t x, std::uintptr_t source, std::size_t n, std::size_t m,
              std::size_t d_model, std::size_t heads, std::uintptr_t wq, std::uintptr_t wk,
              std::uintptr_t wv, std::uintptr_t wo, int mask_kind, std::uintptr_t mask,
              std::uintptr_t outputs) {
  return guarded([&] {
    float* q = at<float>(outputs);
    float* k = q + n * d_model;
    float* v = k + m * d_model;
    float* weights = v + m * d_model;
    float* concat = weights + heads * n * m;
    float* output = concat + n * d_model;
    ax::multi_head(at<float>(x), at<const float>(source), {n, m, d_model, heads},
                   {at<float>(wq), at<float>(wk), at<float>(wv), at<float>(wo)},
                   mask_kind_of(mask_kind), at<const std::uint8_t>(mask),
                   {q, k, v, weights, concat, output}, workspace);
  });
}

std::string lastError() { return last_error; }

bool simd() { return ax::kernels::kSimd; }

}  // namespace

EMSCRIPTEN_BINDINGS(attention_core) {
  using emscripten::function;
  function("dot", &dot);
  function("norm", &norm);
  function("cosine", &cosine);
  function("angle", &angle);
  function("project", &project);
  function("softmax", &softmax);
  function("matmul", &matmul);
  function("attention", &attention);
  function("scores", &scores);
  function("attentionKind", &attentionKind);
  function("multiHead", &multiHead);
  function("lastError", &lastError);
  function("simd", &simd);
}
