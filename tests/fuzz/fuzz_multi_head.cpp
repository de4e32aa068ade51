// fuzz_multi_head.cpp — ax::multi_head, self-attention (no source) and cross-attention.
//
// n, m 0..40, heads 0..8, dModel mostly a multiple of heads (up to 40) and
// sometimes not; x, source and each W from every value regime; masks none,
// causal or explicit (sometimes with a bad entry); sometimes m ≠ n without a
// source. Checks:
//   bad input   -> ax::InputError naming the argument, never a result; the
//                  known small case still gives its bits on the same workspace
//   valid input -> a result, or an overflow error the reference confirms
//   q, k, v     -> within 1e-5 · |X||W| (+ underflow floor) of X·W in float64
//   weights     -> per head in [0, 1], hidden keys exactly 0, rows sum to 1 or 0;
//                  within 1e-5 relative of softmax(Q_h·K_hᵀ/√dh) computed in
//                  float64 from the reported q and k, widened by how far the
//                  scores' own float32 error can move a softmax
//   concat      -> within 1e-5 · |W_h||V_h| of the reported W_h · V_h, and in the
//                  hull of the head's visible values
//   output      -> within 1e-5 · |concat||Wo| of the reported concat · Wo
//   no write past any output, no input modified, a used workspace gives the
//   same bits as a fresh one
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/multi_head.h"
#include "core/workspace.h"
#include "fuzz.h"
#include "reference/scoring.h"

namespace {

using ax::fuzz::MatrixXd;

struct Outputs {
  std::vector<float> q, k, v, weights, concat, output;
  Outputs(std::size_t n, std::size_t m, std::size_t d, std::size_t heads)
      : q(ax::fuzz::with_guard(n * d)), k(ax::fuzz::with_guard(m * d)), v(ax::fuzz::with_guard(m * d)),
        weights(ax::fuzz::with_guard(heads * n * m)), concat(ax::fuzz::with_guard(n * d)),
        output(ax::fuzz::with_guard(n * d)) {}
  ax::MultiHeadOutputs pointers() {
    return {q.data(), k.data(), v.data(), weights.data(), concat.data(), output.data()};
  }
};

// The known small case: self-attention, n = 3, dModel = 4, 2 heads, causal.
const std::vector<float> kX = {1, 0, -1, 0.5f, 0.25f, 2, 0, -1, -0.5f, 1, 1, 1};
const std::vector<float> kW = {0.5f, -0.25f, 1, 0, 0, 1, -0.5f, 0.25f, 1, 0, 0.75f, -1, 0.25f, 0.5f, 0, 1};

std::vector<float> probe_run(ax::Workspace& ws) {
  Outputs o(3, 3, 4, 2);
  ax::multi_head(kX.data(), nullptr, {3, 3, 4, 2}, {kW.data(), kW.data(), kW.data(), kW.data()},
                 ax::MaskKind::causal, nullptr, o.pointers(), ws);
  std::vector<float> all(o.weights.begin(), o.weights.begin() + 18);
  all.insert(all.end(), o.output.begin(), o.output.begin() + 12);
  return all;
}

void probe_correct(const ax::fuzz::Case& c, const std::vector<float>& got) {
  const auto r = ax::ref::multi_head(kX.data(), nullptr, 3, 3, 4, 2, kW.data(), kW.data(), kW.data(),
                                     kW.data(), {ax::ref::Mask::Kind::causal, nullptr});
  for (std::size_t h = 0; h < 2; ++h)
    for (std::size_t i = 0; i < 9; ++i)
      if (std::fabs(got[h * 9 + i] - r.weights[h](Eigen::Index(i / 3), Eigen::Index(i % 3))) > 1e-5)
        c.fail("the known small case (multi-head weights) disagrees with the reference");
  for (std::size_t i = 0; i < 12; ++i)
    if (std::fabs(got[18 + i] - r.output(Eigen::Index(i / 4), Eigen::Index(i % 4))) > 1e-5)
      c.fail("the known small case (multi-head output) disagrees with the reference");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  auto& fdp = in.provider();
  static ax::Workspace shared;
  static ax::fuzz::Probe probe;

  const bool cross = in.coin();
  ax::MultiHeadShape s;
  s.n = in.dim();
  s.m = cross || fdp.ConsumeIntegral<std::uint8_t>() < 12 ? in.dim() : s.n;
  s.heads = in.dim(8);
  s.d_model = fdp.ConsumeIntegral<std::uint8_t>() < 24 ? in.dim() : s.heads * std::max<std::size_t>(1, in.dim(5));
  const std::size_t n = s.n, m = s.m, d = s.d_model, heads = s.heads;
  const std::vector<float> x = in.values(n * d);
  const std::vector<float> source = in.values(cross ? m * d : 0);
  const std::vector<float> wq = in.values(d * d), wk = in.values(d * d), wv = in.values(d * d),
                           wo = in.values(d * d);
  const ax::MaskKind mask_kind = in.pick({ax::MaskKind::none, ax::MaskKind::causal, ax::MaskKind::explicit_values});
  std::vector<std::uint8_t> mask;
  bool mask_ok = true;
  if (mask_kind == ax::MaskKind::explicit_values) {
    const std::uint8_t p_visible = fdp.ConsumeIntegral<std::uint8_t>();
    mask.resize(n * m);
    for (auto& b : mask) b = fdp.ConsumeIntegral<std::uint8_t>() < p_visible ? 1 : 0;
    if (!mask.empty() && fdp.ConsumeIntegral<std::uint8_t>() < 12) {
      mask[fdp.ConsumeIntegralInRange<std::size_t>(0, mask.size() - 1)] = in.pick<std::uint8_t>({2, 7, 255});
      mask_ok = false;
    }
  }
  const bool valid = n && m && d && heads && d % heads == 0 && (cross || m == n) &&
                     ax::fuzz::all_finite(x) && ax::fuzz::all_finite(source) && ax::fuzz::all_finite(wq) &&
                     ax::fuzz::all_finite(wk) && ax::fuzz::all_finite(wv) && ax::fuzz::all_finite(wo) && mask_ok;

  ax::fuzz::Case c(cross ? "ax::multi_head (cross)" : "ax::multi_head (self)");
  c.note("n", n).note("m", m).note("dModel", d).note("heads", heads).note("mask", int(mask_kind));
  c.values("x", x).values("source", source).values("wq", wq).values("wk", wk).values("wv", wv).values("wo", wo);
  const auto probe_check = [&] {
    probe.check(c, [] { return probe_run(shared); }, [&](const std::vector<float>& got) { probe_correct(c, got); });
  };

  Outputs out(n, m, d, heads);
  const std::vector<float> x0 = x, s0 = source;
  const ax::MultiHeadWeights weights{wq.data(), wk.data(), wv.data(), wo.data()};
  const float* src = cross ? source.data() : nullptr;
  const std::initializer_list<const char*> names = {"n", "m", "dModel", "heads", "x", "source", "wq", "wk",
                                                    "wv", "wo", "mask", "q", "k", "v", "scores", "scaled",
                                                    "output"};
  const bool returned = c.call(names, [&] {
    ax::multi_head(x.data(), src, s, weights, mask_kind, mask.empty() ? nullptr : mask.data(), out.pointers(),
                   shared);
  });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    probe_check();
    return 0;
  }

  const std::size_t dh = d / heads;
  const ax::ref::Mask rmask = mask_kind == ax::MaskKind::causal ? ax::ref::Mask{ax::ref::Mask::Kind::causal, nullptr}
                              : mask_kind == ax::MaskKind::explicit_values
                                  ? ax::ref::Mask{ax::ref::Mask::Kind::explicit_values, mask.data()}
                                  : ax::ref::Mask{};
  const MatrixXd X = ax::ref::matrix(x.data(), n, d);
  const MatrixXd Sx = cross ? ax::ref::matrix(source.data(), m, d) : X;
  const MatrixXd Wq = ax::ref::matrix(wq.data(), d, d), Wk = ax::ref::matrix(wk.data(), d, d),
                 Wv = ax::ref::matrix(wv.data(), d, d), Wo = ax::ref::matrix(wo.data(), d, d);
  const double scale = double(ax::default_scale(dh));
  if (!returned) {
    // The largest Σ|terms| of any step, in float64 (projections, each head's scores, concat · Wo).
    const auto r = ax::ref::multi_head(x.data(), src, n, m, d, heads, wq.data(), wk.data(), wv.data(),
                                       wo.data(), rmask);
    double magnitude = std::max({ax::fuzz::max_abs(ax::ref::abs_product(X, Wq)),
                                 ax::fuzz::max_abs(ax::ref::abs_product(Sx, Wk)),
                                 ax::fuzz::max_abs(ax::ref::abs_product(Sx, Wv)),
                                 ax::fuzz::max_abs(ax::ref::abs_product(r.concat, Wo))});
    for (std::size_t h = 0; h < heads; ++h) {
      const Eigen::Index c0 = Eigen::Index(h * dh), w = Eigen::Index(dh);
      magnitude = std::max(magnitude, ax::fuzz::max_abs(ax::ref::abs_product(
                                          r.q.middleCols(c0, w), r.k.middleCols(c0, w).transpose())));
    }
    c.require_overflow_confirmed(magnitude);
    probe_check();
    return 0;
  }

  ax::fuzz::check_guard(c, "q", out.q, n * d);
  ax::fuzz::check_guard(c, "k", out.k, m * d);
  ax::fuzz::check_guard(c, "v", out.v, m * d);
  ax::fuzz::check_guard(c, "weights", out.weights, heads * n * m);
  ax::fuzz::check_guard(c, "concat", out.concat, n * d);
  ax::fuzz::check_guard(c, "output", out.output, n * d);
  ax::fuzz::check_unchanged(c, "x", x0, x.data());
  ax::fuzz::check_unchanged(c, "source", s0, source.data());

  // step 1: the projections
  const double floor_d = ax::fuzz::underflow_floor(d);
  ax::fuzz::check_within(c, "q", out.q.data(), X * Wq, (1e-5 * ax::ref::abs_product(X, Wq)).array() + floor_d);
  ax::fuzz::check_within(c, "k", out.k.data(), Sx * Wk, (1e-5 * ax::ref::abs_product(Sx, Wk)).array() + floor_d);
  ax::fuzz::check_within(c, "v", out.v.data(), Sx * Wv, (1e-5 * ax::ref::abs_product(Sx, Wv)).array() + floor_d);

  // step 2-3: each head, chained on the reported q, k, v
  const MatrixXd Q = ax::ref::matrix(out.q.data(), n, d), K = ax::ref::matrix(out.k.data(), m, d),
                 V = ax::ref::matrix(out.v.data(), m, d);
  MatrixXd concat_bound = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(d));
  for (std::size_t h = 0; h < heads; ++h) {
    const Eigen::Index c0 = Eigen::Index(h * dh), w = Eigen::Index(dh);
    const MatrixXd Qh = Q.middleCols(c0, w), Kh = K.middleCols(c0, w), Vh = V.middleCols(c0, w);
    const MatrixXd want_w = ax::ref::softmax_rows(Qh * Kh.transpose() * scale, 1.0, rmask);
    const MatrixXd size = ax::ref::abs_product(Qh, Kh.transpose());
    const float* got_w = out.weights.data() + h * n * m;
    const std::string what = "weights of head " + std::to_string(h);
    ax::fuzz::check_weights(c, what.c_str(), got_w, n, m,
                            [&](std::size_t i, std::size_t j) { return rmask.visible(i, j, m); });
    // a shift of at most δ in every scaled score moves each weight by a factor in [e^-2δ, e^2δ]
    std::vector<double> delta(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j)
        if (rmask.visible(i, j, m))
          delta[i] = std::max(delta[i], 1e-5 * scale * size(Eigen::Index(i), Eigen::Index(j)) +
                                            scale * ax::fuzz::underflow_floor(dh) + double(FLT_TRUE_MIN));
    const MatrixXd bound_w = ax::fuzz::weight_slack(Qh * Kh.transpose() * scale, 1.0, rmask, delta);
    ax::fuzz::check_within(c, what.c_str(), got_w, want_w, bound_w);

    // concat's columns of this head against the reported weights · V_h, inside the hull
    const MatrixXd Wh = ax::ref::matrix(got_w, n, m);
    const MatrixXd terms = ax::ref::abs_product(Wh, Vh);
    const MatrixXd want_c = Wh * Vh;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t col = 0; col < dh; ++col) {
        const float got = out.concat[i * d + h * dh + col];
        const double slack = 1e-5 * terms(Eigen::Index(i), Eigen::Index(col)) + ax::fuzz::underflow_floor(m);
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t j = 0; j < m; ++j) {
          if (!rmask.visible(i, j, m)) continue;
          lo = std::min(lo, Vh(Eigen::Index(j), Eigen::Index(col)));
          hi = std::max(hi, Vh(Eigen::Index(j), Eigen::Index(col)));
        }
        const std::string at = "concat (" + std::to_string(i) + ", " + std::to_string(h * dh + col) + ") = " +
                               ax::fuzz::digits(got);
        if (!(std::fabs(got - want_c(Eigen::Index(i), Eigen::Index(col))) <= slack))
          c.fail(at + ", want " + ax::fuzz::digits(want_c(Eigen::Index(i), Eigen::Index(col))) + " ± " +
                 ax::fuzz::digits(slack));
        if (lo == INFINITY) {
          if (got != 0.0f) c.fail(at + " in a row with every key hidden, want 0");
        } else if (!(got >= lo - slack - 1e-6 * std::max(std::fabs(lo), std::fabs(hi)) &&
                     got <= hi + slack + 1e-6 * std::max(std::fabs(lo), std::fabs(hi)))) {
          c.fail(at + " is outside the hull of the head's visible values [" + ax::fuzz::digits(lo) + ", " +
                 ax::fuzz::digits(hi) + "]");
        }
      }
    }
  }

  // step 4: output against the reported concat · Wo
  const MatrixXd C = ax::ref::matrix(out.concat.data(), n, d);
  ax::fuzz::check_within(c, "output", out.output.data(), C * Wo, (1e-5 * ax::ref::abs_product(C, Wo)).array() + floor_d);

  // the same call on a fresh workspace: the same bits
  {
    ax::Workspace fresh;
    Outputs again(n, m, d, heads);
    ax::multi_head(x.data(), src, s, weights, mask_kind, mask.empty() ? nullptr : mask.data(), again.pointers(),
                   fresh);
    if (!ax::fuzz::same_bits(again.weights, out.weights) || !ax::fuzz::same_bits(again.output, out.output) ||
        !ax::fuzz::same_bits(again.concat, out.concat))
      c.fail("a fresh workspace gave other bits than a used one");
  }
  return 0;
}
