// fuzz_scores.cpp — ax::scores by kind (dot, cosine, bilinear, additive) and
// attention on those scores (ax::attention with a ScoreKind).
//
// Shapes 0..40 (dq ≠ dk, m ≠ n), every value regime for q, k and the kind's own
// matrices; sometimes a matrix missing or one the kind does not use, dh given
// to a kind without a hidden layer, dq ≠ dk for dot/cosine, a zero row for
// cosine, a misspelled kind name. Then v, scale, temperature and a mask as in
// fuzz_attention. Checks:
//   bad input   -> ax::InputError naming the argument, never a result; the
//                  known small case still gives its bits on the same workspace
//   valid input -> a result, or an overflow error the reference confirms (the
//                  largest Σ|terms| of the step that overflowed)
//   scores      -> within 1e-5 of the kind's error scale (src/reference/scoring.h)
//                  plus the underflow floor each float32 step can lose; cosine
//                  in [-1, 1]
//   attention   -> the same score bits as scores(); scaled = scores × scale
//                  (one rounding); weights in [0, 1], hidden keys exactly 0,
//                  rows sum to 1 or 0, within 1e-5 relative of softmax(reported
//                  scaled / T); output within 1e-5 · |W||V| of W·V and in the
//                  hull of the visible values
//   no write past any output, no input modified, a workspace that earlier
//   calls (other kinds and shapes) used gives the same bits as a fresh one
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attention_input.h"
#include "core/attention_kinds.h"
#include "core/scoring.h"
#include "core/workspace.h"
#include "fuzz.h"
#include "reference/scoring.h"

namespace {

using ax::ScoreKind;
using ax::fuzz::MatrixXd;

const float* ptr(const std::vector<float>& x, bool given) { return given ? x.data() : nullptr; }

// The known small case: additive attention (the kind with the most scratch), n = 3, m = 2.
std::vector<float> probe_run(ax::Workspace& ws) {
  static const std::vector<float> q = {1, -2, 0.5f, 0.25f, 3, 1}, k = {0.5f, 1, -1, 2, 0, 0.75f},
                                  v = {1, 2, -1, 0}, wq = {0.5f, -1, 1, 0.25f},
                                  wk = {1, 0, -0.5f, 0.5f, 0.25f, 1}, u = {1.5f, -0.75f};
  std::vector<float> s(6), c(6), w(6), o(6);
  ax::AttentionOptions opt;
  opt.scale = 1.0f;
  ax::attention(q.data(), k.data(), v.data(), ScoreKind::additive, {3, 2, 2, 3, 2}, 2,
                {nullptr, wq.data(), wk.data(), u.data()}, opt,
                {s.data(), c.data(), w.data(), o.data()}, ws);
  std::vector<float> all = s;
  all.insert(all.end(), w.begin(), w.end());
  all.insert(all.end(), o.begin(), o.end());
  return all;
}

void probe_correct(const ax::fuzz::Case& c, const std::vector<float>& got) {
  static const std::vector<float> q = {1, -2, 0.5f, 0.25f, 3, 1}, k = {0.5f, 1, -1, 2, 0, 0.75f},
                                  v = {1, 2, -1, 0}, wq = {0.5f, -1, 1, 0.25f},
                                  wk = {1, 0, -0.5f, 0.5f, 0.25f, 1}, u = {1.5f, -0.75f};
  const auto want = ax::ref::scores("additive", q.data(), k.data(), 3, 2, 2, 3, 2, nullptr,
                                    wq.data(), wk.data(), u.data());
  const MatrixXd w = ax::ref::softmax_rows(want.value, 1.0);
  const MatrixXd o = w * ax::ref::matrix(v.data(), 2, 2);
  for (std::size_t i = 0; i < 6; ++i) {
    const double ws = want.value(Eigen::Index(i / 2), Eigen::Index(i % 2));
    const double ww = w(Eigen::Index(i / 2), Eigen::Index(i % 2));
    const double wo = o(Eigen::Index(i / 2), Eigen::Index(i % 2));
    if (std::fabs(got[i] - ws) > 1e-5 || std::fabs(got[6 + i] - ww) > 1e-5 ||
        std::fabs(got[12 + i] - wo) > 1e-5)
      c.fail("the known small case (additive attention) disagrees with the reference");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  auto& fdp = in.provider();
  static ax::Workspace shared;
  static ax::fuzz::Probe probe;

  // Sometimes the kind by name (what the bindings parse), possibly misspelled.
  if (fdp.ConsumeIntegral<std::uint8_t>() < 8) {
    const std::string name = fdp.ConsumeRandomLengthString(12);
    ax::fuzz::Case c("ax::score_kind");
    ScoreKind kind = ScoreKind::dot;
    const bool known = name == "dot" || name == "cosine" || name == "bilinear" || name == "additive";
    const bool returned = c.call({"kind"}, [&] { kind = ax::score_kind(name); });
    if (returned != known) c.fail("score_kind('" + name + "') " + (returned ? "accepted" : "refused") + " it");
    if (returned && name != ax::score_kind_name(kind)) c.fail("score_kind('" + name + "') gave another kind");
    return 0;
  }

  const ScoreKind kind = in.pick({ScoreKind::dot, ScoreKind::cosine, ScoreKind::bilinear, ScoreKind::additive});
  const bool additive = kind == ScoreKind::additive, same_width = kind == ScoreKind::dot || kind == ScoreKind::cosine;
  ax::ScoreShape s;
  s.n = in.dim();
  s.m = in.coin() ? s.n : in.dim();
  s.dk = in.dim();
  // dot and cosine need dq = dk: mostly respected, sometimes not
  s.dq = same_width && fdp.ConsumeIntegral<std::uint8_t>() >= 16 ? s.dk : in.dim();
  s.dh = additive ? in.dim(24) : (fdp.ConsumeIntegral<std::uint8_t>() < 8 ? in.dim(8) : 0);
  const std::size_t n = s.n, m = s.m, dq = s.dq, dk = s.dk, dh = s.dh;

  // Each matrix: given when the kind uses it, except when the fuzzer flips it.
  auto given = [&](bool used) { return fdp.ConsumeIntegral<std::uint8_t>() < 8 ? !used : used; };
  const bool has_w = given(kind == ScoreKind::bilinear), has_wq = given(additive),
             has_wk = given(additive), has_u = given(additive);
  std::vector<float> q = in.values(n * dq), k = in.values(m * dk);
  // A matrix given to a kind without a hidden layer (dh = 0) still needs a non-null pointer.
  auto sized = [](bool has, std::size_t count) -> std::size_t { return has ? std::max<std::size_t>(count, 1) : 0; };
  std::vector<float> w = in.values(sized(has_w, dq * dk)), wq = in.values(sized(has_wq, dh * dq)),
                     wk = in.values(sized(has_wk, dh * dk)), u = in.values(sized(has_u, dh));
  // cosine: sometimes a zero row of q (refused, naming q)
  if (kind == ScoreKind::cosine && !q.empty() && fdp.ConsumeIntegral<std::uint8_t>() < 16) {
    const std::size_t row = fdp.ConsumeIntegralInRange<std::size_t>(0, n == 0 ? 0 : n - 1);
    for (std::size_t j = 0; j < dq && row * dq + j < q.size(); ++j) q[row * dq + j] = in.coin() ? 0.0f : -0.0f;
  }
  const ax::ScoreParams params{ptr(w, has_w), ptr(wq, has_wq), ptr(wk, has_wk), ptr(u, has_u)};

  auto zero_row = [](const std::vector<float>& x, std::size_t rows, std::size_t cols) {
    for (std::size_t i = 0; i < rows; ++i) {
      bool zero = true;
      for (std::size_t j = 0; j < cols; ++j) zero = zero && x[i * cols + j] == 0.0f;
      if (zero) return true;
    }
    return false;
  };
  const bool shape_ok = n && m && dq && dk && (!same_width || dq == dk) && (additive ? dh > 0 : dh == 0);
  const bool params_ok = has_w == (kind == ScoreKind::bilinear) && has_wq == additive &&
                         has_wk == additive && has_u == additive;
  const bool valid_scores = shape_ok && params_ok && ax::fuzz::all_finite(q) && ax::fuzz::all_finite(k) &&
                            ax::fuzz::all_finite(w) && ax::fuzz::all_finite(wq) &&
                            ax::fuzz::all_finite(wk) && ax::fuzz::all_finite(u) &&
                            (kind != ScoreKind::cosine || (!zero_row(q, n, dq) && !zero_row(k, m, dk)));

  // Attention's own arguments.
  const std::size_t dv = in.dim();
  ax::AttentionOptions o;
  switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: o.scale = ax::default_scale(kind, dk == 0 ? 1 : dk); break;
    case 1: o.scale = -in.parameter(false); break;
    case 2: o.scale = in.parameter(false); break;
    default: o.scale = in.parameter(true); break;
  }
  o.temperature = in.parameter(true);
  o.mask = in.pick({ax::MaskKind::none, ax::MaskKind::causal, ax::MaskKind::explicit_values});
  std::vector<float> v = in.values(m * dv);
  std::vector<std::uint8_t> mask;
  bool mask_ok = true;
  if (o.mask == ax::MaskKind::explicit_values) {
    const std::uint8_t p_visible = fdp.ConsumeIntegral<std::uint8_t>();
    mask.resize(n * m);
    for (auto& b : mask) b = fdp.ConsumeIntegral<std::uint8_t>() < p_visible ? 1 : 0;
    if (!mask.empty() && fdp.ConsumeIntegral<std::uint8_t>() < 12) {
      mask[fdp.ConsumeIntegralInRange<std::size_t>(0, mask.size() - 1)] = in.pick<std::uint8_t>({2, 255});
      mask_ok = false;
    }
    o.mask_values = mask.data();
  }
  const bool valid_attention = valid_scores && dv && ax::fuzz::all_finite(v) && std::isfinite(o.scale) &&
                               std::isfinite(o.temperature) && o.temperature > 0.0f && mask_ok;

  ax::fuzz::Case c("ax::scores / ax::attention by kind");
  c.note("kind", int(kind)).note("n", n).note("m", m).note("dq", dq).note("dk", dk).note("dh", dh)
      .note("w given", has_w).note("wq given", has_wq).note("wk given", has_wk).note("u given", has_u)
      .note("dv", dv).note("scale", o.scale).note("temperature", o.temperature).note("mask", int(o.mask));
  c.values("q", q).values("k", k).values("w", w).values("wq", wq).values("wk", wk).values("u", u).values("v", v);
  const auto probe_check = [&] {
    probe.check(c, [] { return probe_run(shared); }, [&](const std::vector<float>& got) { probe_correct(c, got); });
  };

  // ---- scores ---------------------------------------------------------------------------
  const std::vector<float> q0 = q, k0 = k, w0 = w, wq0 = wq, wk0 = wk, u0 = u, v0 = v;
  std::vector<float> out = ax::fuzz::with_guard(n * m);
  const std::initializer_list<const char*> score_names = {"n", "m", "dq", "dk", "dh", "w", "wq",
                                                          "wk", "u", "q", "k", "scores"};
  const bool returned = c.call(score_names, [&] {
    ax::scores(q.data(), k.data(), kind, s, params, out.data(), shared);
  });
  if (!valid_scores) {
    if (returned) c.fail("invalid scoring input was accepted");
    probe_check();
    return 0;
  }
  const auto want = ax::ref::scores(ax::score_kind_name(kind), q.data(), k.data(), n, m, dq, dk, dh,
                                    params.w, params.wq, params.wk, params.u);
  const MatrixXd Q = ax::ref::matrix(q.data(), n, dq), K = ax::ref::matrix(k.data(), m, dk);
  // The intermediates a kind rounds to float32 before its last product, and their
  // error scale: bilinear Q·W (n, dk); additive Wq·q (n, dh) and Wk·k (m, dh).
  MatrixXd inner;  // magnitude of the first product (for the overflow check)
  MatrixXd floor_scores = MatrixXd::Constant(Eigen::Index(n), Eigen::Index(m), ax::fuzz::underflow_floor(dk));
  if (kind == ScoreKind::cosine) floor_scores *= 3.0;  // unit rows round (and may underflow) once more
  if (kind == ScoreKind::bilinear) {
    const MatrixXd W = ax::ref::matrix(w.data(), dq, dk);
    inner = ax::ref::abs_product(Q, W);
    // each entry of Q·W may lose underflow_floor(dq); it is multiplied by |k|
    const Eigen::RowVectorXd k_sums = K.cwiseAbs().rowwise().sum().transpose();  // Σ_l |k_jl| per key
    floor_scores.rowwise() += ax::fuzz::underflow_floor(dq) * k_sums;
  }
  if (additive) {
    const MatrixXd Wq = ax::ref::matrix(wq.data(), dh, dq), Wk = ax::ref::matrix(wk.data(), dh, dk);
    const MatrixXd a = ax::ref::abs_product(Q, Wq.transpose()), b = ax::ref::abs_product(K, Wk.transpose());
    inner = MatrixXd::Constant(1, 1, std::max(ax::fuzz::max_abs(a), ax::fuzz::max_abs(b)));
    const double u_sum = ax::ref::vector(u.data(), dh).cwiseAbs().sum();
    // tanh passes an input error with slope ≤ 1; then u · hidden loses its own floor
    floor_scores = MatrixXd::Constant(Eigen::Index(n), Eigen::Index(m),
                                      u_sum * (ax::fuzz::underflow_floor(dq) + ax::fuzz::underflow_floor(dk)) +
                                      ax::fuzz::underflow_floor(dh));
  }
  if (!returned) {
    double magnitude = ax::fuzz::max_abs(want.magnitude);
    if (inner.size()) magnitude = std::max(magnitude, ax::fuzz::max_abs(inner));
    if (additive) magnitude = std::max(magnitude, ax::ref::vector(u.data(), dh).cwiseAbs().sum());
    c.require_overflow_confirmed(magnitude);
    probe_check();
    return 0;
  }
  ax::fuzz::check_guard(c, "scores", out, n * m);
  ax::fuzz::check_unchanged(c, "q", q0, q.data());
  ax::fuzz::check_unchanged(c, "k", k0, k.data());
  ax::fuzz::check_unchanged(c, "w", w0, w.data());
  ax::fuzz::check_unchanged(c, "wq", wq0, wq.data());
  ax::fuzz::check_unchanged(c, "wk", wk0, wk.data());
  ax::fuzz::check_unchanged(c, "u", u0, u.data());
  ax::fuzz::check_within(c, "scores", out.data(), want.value, (1e-5 * want.magnitude + floor_scores).eval());
  if (kind == ScoreKind::cosine)
    for (std::size_t i = 0; i < n * m; ++i)
      if (!(out[i] >= -1.0f && out[i] <= 1.0f)) c.fail("cosine score " + std::to_string(i) + " is outside [-1, 1]");
  {
    ax::Workspace fresh;
    std::vector<float> again(n * m);
    ax::scores(q.data(), k.data(), kind, s, params, again.data(), fresh);
    if (!ax::fuzz::same_bits(again, out)) c.fail("a fresh workspace gave other score bits than a used one");
  }

  // ---- attention by kind -------------------------------------------------------------------
  std::vector<float> scores = ax::fuzz::with_guard(n * m), scaled = ax::fuzz::with_guard(n * m),
                     weights = ax::fuzz::with_guard(n * m), output = ax::fuzz::with_guard(n * dv);
  const bool att = c.call({"n", "m", "dq", "dk", "dh", "dv", "w", "wq", "wk", "u", "q", "k", "v", "scale",
                           "temperature", "mask", "scores", "scaled", "output"},
                          [&] {
                            ax::attention(q.data(), k.data(), v.data(), kind, s, dv, params, o,
                                          {scores.data(), scaled.data(), weights.data(), output.data()}, shared);
                          });
  if (!valid_attention) {
    if (att) c.fail("invalid attention input was accepted");
    probe_check();
    return 0;
  }
  ax::fuzz::AttentionInput a;
  a.shape = {n, m, dk, dv};
  a.options = o;
  a.v = v;
  a.mask = mask;
  a.options.mask_values = a.mask.data();
  const ax::ref::Mask rmask = a.reference_mask();
  const MatrixXd S = ax::ref::matrix(out.data(), n, m);  // the scores scores() reported
  const MatrixXd V = ax::ref::matrix(v.data(), m, dv);
  if (!att) {
    const MatrixXd exact_w = ax::ref::softmax_rows(S * double(o.scale), double(o.temperature), rmask);
    c.require_overflow_confirmed(std::max(ax::fuzz::max_abs(S) * std::fabs(double(o.scale)),
                                          ax::fuzz::max_abs(ax::ref::abs_product(exact_w, V))));
    probe_check();
    return 0;
  }
  ax::fuzz::check_guard(c, "scores", scores, n * m);
  ax::fuzz::check_guard(c, "scaled", scaled, n * m);
  ax::fuzz::check_guard(c, "weights", weights, n * m);
  ax::fuzz::check_guard(c, "output", output, n * dv);
  ax::fuzz::check_unchanged(c, "v", v0, v.data());
  if (!ax::fuzz::same_bits(out, scores)) c.fail("attention's scores differ from scores()'s bits");
  ax::fuzz::check_within(c, "scaled", scaled.data(), S * double(o.scale),
                         ((S * double(o.scale)).cwiseAbs() * 1e-6).array() + double(FLT_TRUE_MIN));
  const MatrixXd want_w = ax::ref::softmax_rows(scaled.data(), n, m, double(o.temperature), rmask);
  ax::fuzz::check_weights(c, "weights", weights.data(), n, m,
                          [&](std::size_t i, std::size_t j) { return rmask.visible(i, j, m); });
  ax::fuzz::check_within(c, "weights", weights.data(), want_w, (want_w.cwiseAbs() * 1e-5).array() + 1e-30);
  const MatrixXd W = ax::ref::matrix(weights.data(), n, m);
  const MatrixXd terms = ax::ref::abs_product(W, V);
  const double out_floor = ax::fuzz::underflow_floor(m);
  ax::fuzz::check_within(c, "output", output.data(), W * V, (1e-5 * terms).array() + out_floor);
  ax::fuzz::check_hull(c, a, output.data(), [&](std::size_t i, std::size_t col) {
    return 1e-5 * terms(Eigen::Index(i), Eigen::Index(col)) + out_floor;
  });
  return 0;
}
