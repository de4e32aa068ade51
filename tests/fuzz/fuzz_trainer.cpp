// fuzz_trainer.cpp — the one-head trainer: options, handles, steps, evaluate, gradients.
//
// Options drawn mostly small and valid, sometimes at or past each limit (length
// 2…16, vocab 2…64, dModel 4…64, batch 1…512, lr finite > 0, any seed) and
// lr from ordinary to absurd (1e30, FLT_MAX, denormal); task and positions
// sometimes parsed from a random word. Checks:
//   bad options -> ax::InputError naming the option, no trainer left behind;
//                  the known small case (a kept trainer's evaluate) gives its bits
//   valid       -> two trainers of one seed, one stepped `count` at once and the
//                  other one step at a time, give bit-identical losses,
//                  accuracies and parameters (deterministic); every returned
//                  loss finite and ≥ 0, accuracy in [0, 1]; every parameter
//                  finite after the steps; a step may refuse to go on (training
//                  diverged) only with an error naming lr, changing nothing
//   gradients   -> on the initial parameters, loss_and_gradients' loss within
//                  1e-5 relative and each tensor's gradient within 1e-3
//                  (‖g − ref‖ / ‖ref‖) of the float64 model (trainer_reference.h)
//   evaluate    -> weights rows in [0, 1] summing to 1, predictions in [0, vocab);
//                  bad tokens refused naming "tokens", same bits afterwards
//   handles     -> dispose frees (live() back where it was), get() after it
//                  throws naming "trainer", disposing twice is harmless
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/trainer.h"
#include "fuzz.h"
#include "reference/reference.h"
#include "reference/trainer_reference.h"

namespace {

using ax::Positions;
using ax::Task;
using Eigen::MatrixXd;

MatrixXd to_matrix(const std::vector<float>& x, std::size_t rows, std::size_t cols) {
  return x.empty() ? MatrixXd() : ax::ref::matrix(x.data(), rows, cols);
}

ax::ref::Model to_model(const ax::ModelParameters& p, const ax::TrainerOptions& o) {
  const std::size_t d = o.d_model;
  return {to_matrix(p.wq, d, d), to_matrix(p.wk, d, d), to_matrix(p.wv, d, d), to_matrix(p.wo, d, d),
          to_matrix(p.embed, o.vocab, d), to_matrix(p.pos, o.length, d), to_matrix(p.unembed, d, o.vocab)};
}

std::vector<const std::vector<float>*> tensors(const ax::ModelParameters& p) {
  return {&p.wq, &p.wk, &p.wv, &p.wo, &p.embed, &p.pos, &p.unembed};
}

bool same_parameters(const ax::ModelParameters& a, const ax::ModelParameters& b) {
  const auto x = tensors(a), y = tensors(b);
  for (std::size_t t = 0; t < x.size(); ++t)
    if (x[t]->size() != y[t]->size() || !ax::fuzz::same_bits(*x[t], *y[t])) return false;
  return true;
}

bool finite_parameters(const ax::ModelParameters& p) {
  for (const auto* t : tensors(p))
    if (!ax::fuzz::all_finite(*t)) return false;
  return true;
}

// Disposes the handles it holds however the case ends.
struct Handles {
  std::vector<int> held;
  ~Handles() {
    for (int h : held) ax::trainers::dispose(h);
  }
};

// The known small case: a trainer made once (never stepped) and its evaluate of fixed tokens.
int probe_handle() {
  static const int handle = [] {
    ax::TrainerOptions o;
    o.task = Task::reverse;
    o.length = 4;
    o.vocab = 5;
    o.d_model = 6;
    o.seed = 7;
    return ax::trainers::create(o);
  }();
  return handle;
}

std::vector<float> probe_run() {
  const std::int32_t tokens[4] = {0, 3, 1, 4};
  std::vector<float> w(16);
  std::int32_t predicted[4];
  ax::trainers::get(probe_handle()).evaluate(tokens, 4, w.data(), predicted);
  for (std::int32_t p : predicted) w.push_back(float(p));
  return w;
}

// evaluate's weights against softmax(Q·Kᵀ/√d) of the trainer's own parameters in float64.
void check_evaluate(const ax::fuzz::Case& c, const ax::Trainer& t, const std::int32_t* tokens,
                    const float* weights, const std::int32_t* predicted) {
  const auto& o = t.options();
  const auto& p = t.parameters();
  const std::size_t L = o.length, d = o.d_model;
  MatrixXd h = MatrixXd::Zero(Eigen::Index(L), Eigen::Index(d));
  for (std::size_t i = 0; i < L; ++i)
    for (std::size_t j = 0; j < d; ++j)
      h(Eigen::Index(i), Eigen::Index(j)) =
          double(p.embed[std::size_t(tokens[i]) * d + j]) + (p.pos.empty() ? 0.0 : double(p.pos[i * d + j]));
  const MatrixXd Wq = ax::ref::matrix(p.wq.data(), d, d), Wk = ax::ref::matrix(p.wk.data(), d, d);
  const MatrixXd Q = h * Wq, K = h * Wk;
  const MatrixXd want = ax::ref::softmax_rows(Q * K.transpose() / std::sqrt(double(d)), 1.0);
  ax::fuzz::check_weights(c, "evaluate weights", weights, L, L, [](std::size_t, std::size_t) { return true; });
  // The scores carry float32 error from Q = h·W_Q and K = h·W_K (1e-5 of |h||W| each) and
  // from Q·Kᵀ itself: at most 3e-5 · Σ (|h||W_Q|)(|h||W_K|) / √d. A shift δ of every score
  // moves each weight by a factor within e^(±2δ).
  const MatrixXd size = ax::ref::abs_product(h, Wq) * ax::ref::abs_product(h, Wk).transpose() / std::sqrt(double(d));
  MatrixXd bound(want.rows(), want.cols());
  for (Eigen::Index i = 0; i < want.rows(); ++i) {
    const double delta = 3e-5 * size.row(i).maxCoeff() + 1e-30;
    const double grow = (1.0 + 1e-5) * std::exp(std::min(2.0 * delta, 700.0)) - 1.0;
    bound.row(i) = want.row(i) * grow;
  }
  ax::fuzz::check_within(c, "evaluate weights", weights, want, bound.array() + 1e-7);
  for (std::size_t i = 0; i < L; ++i)
    if (predicted[i] < 0 || std::size_t(predicted[i]) >= o.vocab)
      c.fail("predicted token " + std::to_string(predicted[i]) + " is outside [0, vocab)");
}

ax::ref::RefTask ref_task(Task t) {
  switch (t) {
    case Task::copy: return ax::ref::RefTask::copy;
    case Task::previous: return ax::ref::RefTask::previous;
    case Task::reverse: return ax::ref::RefTask::reverse;
    case Task::max: return ax::ref::RefTask::max;
  }
  return ax::ref::RefTask::copy;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  auto& fdp = in.provider();
  static ax::fuzz::Probe probe;
  probe_handle();  // made once, before live() is read
  const std::size_t live_before = ax::trainers::live();
  ax::fuzz::Case c("ax::Trainer");
  const auto probe_check = [&] {
    probe.check(c, [] { return probe_run(); }, [&](const std::vector<float>& got) {
      ax::Trainer& t = ax::trainers::get(probe_handle());
      const std::int32_t tokens[4] = {0, 3, 1, 4};
      std::int32_t predicted[4];
      for (int i = 0; i < 4; ++i) predicted[i] = std::int32_t(got[16 + std::size_t(i)]);
      check_evaluate(c, t, tokens, got.data(), predicted);
    });
  };

  // Sometimes a task or positions word (what the bindings parse).
  if (fdp.ConsumeIntegral<std::uint8_t>() < 12) {
    const std::string word = fdp.ConsumeRandomLengthString(12);
    const bool positions = in.coin();
    const bool known = positions ? (word == "learned" || word == "sinusoidal" || word == "none")
                                 : (word == "copy" || word == "previous" || word == "reverse" || word == "max");
    const bool returned = c.call({positions ? "positions" : "task"}, [&] {
      if (positions) ax::parse_positions(word);
      else ax::parse_task(word);
    });
    if (returned != known) c.fail("parsing '" + word + "' " + (returned ? "accepted" : "refused") + " it");
    return 0;
  }

  ax::TrainerOptions o;
  o.task = in.pick({Task::copy, Task::previous, Task::reverse, Task::max});
  o.positions = in.pick({Positions::learned, Positions::sinusoidal, Positions::none});
  auto drawn = [&](std::size_t lo, std::size_t hi, std::size_t typical) -> std::size_t {
    switch (fdp.ConsumeIntegralInRange<int>(0, 15)) {
      case 0: return lo - 1;
      case 1: return hi + 1;
      case 2: return lo;
      case 3: return hi;
      case 4: return fdp.ConsumeIntegral<std::size_t>();
      default: return fdp.ConsumeIntegralInRange<std::size_t>(lo, typical);
    }
  };
  o.length = drawn(2, 16, 8);
  o.vocab = drawn(2, 64, 12);
  o.d_model = drawn(4, 64, 12);
  o.batch = drawn(1, 512, 6);
  o.seed = fdp.ConsumeIntegral<std::uint32_t>();
  switch (fdp.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: o.lr = in.parameter(true); break;  // sometimes 0, negative, NaN, ±∞
    case 1: o.lr = in.parameter(false); break;  // up to FLT_MAX, down to denormal
    default: o.lr = fdp.ConsumeFloatingPointInRange<float>(1e-4f, 0.5f); break;
  }
  const std::size_t count = fdp.ConsumeIntegralInRange<std::size_t>(1, 3);
  c.note("task", int(o.task)).note("positions", int(o.positions)).note("length", double(o.length))
      .note("vocab", double(o.vocab)).note("dModel", double(o.d_model)).note("batch", double(o.batch))
      .note("seed", o.seed).note("lr", o.lr).note("count", double(count));
  const bool valid = o.length >= 2 && o.length <= 16 && o.vocab >= 2 && o.vocab <= 64 && o.d_model >= 4 &&
                     o.d_model <= 64 && o.batch >= 1 && o.batch <= 512 && std::isfinite(o.lr) && o.lr > 0.0f;

  Handles handles;
  int a = 0;
  const bool created = c.call({"length", "vocab", "dModel", "batch", "lr"}, [&] { a = ax::trainers::create(o); });
  if (!valid) {
    if (created) c.fail("invalid options were accepted");
    if (ax::trainers::live() != live_before) c.fail("a refused trainer was left behind");
    probe_check();
    return 0;
  }
  handles.held.push_back(a);
  const int b = ax::trainers::create(o);
  handles.held.push_back(b);
  ax::Trainer& ta = ax::trainers::get(a);
  ax::Trainer& tb = ax::trainers::get(b);
  if (!same_parameters(ta.parameters(), tb.parameters())) c.fail("two trainers of one seed start apart");
  if (!finite_parameters(ta.parameters())) c.fail("the initial parameters are not finite");
  const std::size_t L = o.length;

  // Gradients of the initial parameters against the float64 model, on a small batch.
  {
    const std::size_t batch = std::min<std::size_t>(o.batch, 2);
    std::vector<std::int32_t> x(batch * L);
    for (auto& t : x) t = std::int32_t(fdp.ConsumeIntegralInRange<std::size_t>(0, o.vocab - 1));
    ax::ModelParameters grads;
    std::size_t correct = 0;
    const double loss = tb.loss_and_gradients(x.data(), batch, grads, &correct);
    ax::ref::Model g_ref;
    const double ref_loss =
        ax::ref::model_loss(to_model(tb.parameters(), o), ref_task(o.task), x.data(), int(batch), int(L), &g_ref);
    if (!(std::fabs(loss - ref_loss) <= 1e-5 * std::fabs(ref_loss) + 1e-6))
      c.fail("loss " + ax::fuzz::digits(loss) + ", float64 model " + ax::fuzz::digits(ref_loss));
    if (correct > batch * L) c.fail("more right predictions than positions");
    if (o.positions != Positions::learned) g_ref.pos = MatrixXd();
    const ax::ref::Model g = to_model(grads, o);
    const MatrixXd* got[] = {&g.wq, &g.wk, &g.wv, &g.wo, &g.embed, &g.pos, &g.unembed};
    const MatrixXd* want[] = {&g_ref.wq, &g_ref.wk, &g_ref.wv, &g_ref.wo, &g_ref.embed, &g_ref.pos, &g_ref.unembed};
    const char* names[] = {"wq", "wk", "wv", "wo", "embed", "pos", "unembed"};
    // A tensor whose gradient cancels to almost nothing keeps float32 rounding of the
    // size of the terms that cancelled: the floor is relative to the whole gradient.
    double total = 0.0;
    for (int t = 0; t < 7; ++t) total += want[t]->squaredNorm();
    total = std::sqrt(total);
    for (int t = 0; t < 7; ++t) {
      if (got[t]->size() != want[t]->size()) c.fail(std::string("gradient of ") + names[t] + " has the wrong size");
      if (want[t]->size() == 0) continue;
      const double err = (*got[t] - *want[t]).norm(), norm = want[t]->norm();
      if (!(err <= 1e-3 * norm + 1e-5 * total))
        c.fail(std::string("gradient of ") + names[t] + ": ‖g − ref‖ = " + ax::fuzz::digits(err) + ", ‖ref‖ = " +
               ax::fuzz::digits(norm));
    }
  }

  // Steps: deterministic, finite, and the same whether taken at once or one by one.
  const bool cheap = o.batch * L * o.d_model * (o.d_model + o.vocab + L) <= 400000;
  if (cheap) {
    ax::StepResult ra{}, rb{};
    const bool stepped_a = c.call({"lr", "count"}, [&] { ra = ta.step(count); });
    const std::string error_a = c.error();
    bool stepped_b = true;
    for (std::size_t s = 0; s < count && stepped_b; ++s) stepped_b = c.call({"lr", "count"}, [&] { rb = tb.step(1); });
    if (stepped_a != stepped_b || (!stepped_a && error_a != c.error()))
      c.fail("one trainer refused a step the other took (\"" + error_a + "\" vs \"" + c.error() + "\")");
    if (stepped_a) {
      if (std::memcmp(&ra.loss, &rb.loss, sizeof ra.loss) != 0 || ra.accuracy != rb.accuracy || ra.step != rb.step)
        c.fail("one seed, two runs: losses " + ax::fuzz::digits(ra.loss) + " vs " + ax::fuzz::digits(rb.loss));
      if (ra.step != count) c.fail("step count " + std::to_string(ra.step) + ", want " + std::to_string(count));
      if (!(std::isfinite(ra.loss) && ra.loss >= 0.0)) c.fail("the loss is " + ax::fuzz::digits(ra.loss));
      if (!(ra.accuracy >= 0.0 && ra.accuracy <= 1.0)) c.fail("accuracy " + ax::fuzz::digits(ra.accuracy));
      if (!finite_parameters(ta.parameters()))
        c.fail("a step returned (loss " + ax::fuzz::digits(ra.loss) + ") but left non-finite parameters");
    }
    if (!same_parameters(ta.parameters(), tb.parameters())) c.fail("one seed, two runs: the parameters differ");
    // a refused (diverging) step leaves the last finite parameters
    if (!finite_parameters(ta.parameters())) c.fail("non-finite parameters after the steps");
  }

  // evaluate: a valid sequence, then bad ones; the valid one again gives the same bits.
  std::vector<std::int32_t> x(L);
  for (auto& t : x) t = std::int32_t(fdp.ConsumeIntegralInRange<std::size_t>(0, o.vocab - 1));
  std::vector<float> w = ax::fuzz::with_guard(L * L);
  std::vector<std::int32_t> predicted(L + 4, -99);
  const bool evaluated = c.call({"lr"}, [&] { ta.evaluate(x.data(), L, w.data(), predicted.data()); });
  if (evaluated) {
    ax::fuzz::check_guard(c, "evaluate weights", w, L * L);
    if (predicted[L] != -99) c.fail("evaluate wrote past its predictions");
    check_evaluate(c, ta, x.data(), w.data(), predicted.data());
    std::vector<std::int32_t> bad = x;
    const std::size_t at = fdp.ConsumeIntegralInRange<std::size_t>(0, L - 1);
    bad[at] = in.pick<std::int32_t>({-1, std::int32_t(o.vocab), INT32_MAX, INT32_MIN});
    std::vector<float> w2(L * L);
    std::vector<std::int32_t> p2(L + 1);
    if (c.call({"tokens"}, [&] { ta.evaluate(bad.data(), L, w2.data(), p2.data()); }))
      c.fail("a token outside [0, vocab) was accepted");
    if (c.call({"tokens"}, [&] { ta.evaluate(x.data(), in.coin() ? L - 1 : L + 1, w2.data(), p2.data()); }))
      c.fail("a sequence of the wrong length was accepted");
    ta.evaluate(x.data(), L, w2.data(), p2.data());
    if (std::memcmp(w2.data(), w.data(), L * L * sizeof(float)) != 0 ||
        std::memcmp(p2.data(), predicted.data(), L * sizeof(std::int32_t)) != 0)
      c.fail("evaluate gave other bits after a refused call");
  }
  if (c.call({"count"}, [&] { ta.step(in.pick<std::size_t>({0, 100001})); })) c.fail("a step count out of range was accepted");
  probe_check();

  // Handles: dispose frees, get() then throws naming "trainer", twice is harmless.
  ax::trainers::dispose(a);
  ax::trainers::dispose(a);
  if (c.call({"trainer"}, [&] { ax::trainers::get(a); })) c.fail("a disposed trainer was still reachable");
  ax::trainers::dispose(b);
  handles.held.clear();
  if (ax::trainers::live() != live_before)
    c.fail("live() is " + std::to_string(ax::trainers::live()) + " after disposing, want " + std::to_string(live_before));
  return 0;
}
