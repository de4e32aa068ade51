// fuzz_attention.cpp — ax::attention with every mask kind, against its contract.
//
// Shapes 0..40 (0 must be named), q/k/v from every value regime (fuzz.h),
// scale and temperature ordinary, extreme or invalid, masks none / causal /
// explicit (with entries other than 0 and 1 sometimes). Checks:
//   bad input        -> ax::InputError naming the argument, never a result
//   valid input      -> a result, or an overflow error the reference confirms
//   scores, scaled   -> within 1e-5 · |Q||K|ᵀ (× |scale|) of Q·Kᵀ in float64
//   weights          -> in [0, 1], hidden keys exactly 0, rows sum to 1 or 0,
//                       within 1e-5 relative of softmax(reported scaled / T)
//   output           -> within 1e-5 · |W||V| of reported W · V, inside the hull
//                       of the visible values, exactly 0 for a fully hidden row
//   no write past any output, no input modified
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/workspace.h"
#include "fuzz.h"

namespace {

using ax::fuzz::MatrixXd;

ax::MaskKind pick_mask(ax::fuzz::Input& in) {
  switch (in.provider().ConsumeIntegralInRange<int>(0, 2)) {
    case 0: return ax::MaskKind::none;
    case 1: return ax::MaskKind::causal;
    default: return ax::MaskKind::explicit_values;
  }
}

// Mostly 0/1 (visible with a drawn probability); with `bad`, one entry is another byte.
std::vector<std::uint8_t> make_mask(ax::fuzz::Input& in, std::size_t count, bool& valid) {
  auto& fdp = in.provider();
  const std::uint8_t p_visible = fdp.ConsumeIntegral<std::uint8_t>();
  std::vector<std::uint8_t> mask(count);
  for (auto& b : mask) b = fdp.ConsumeIntegral<std::uint8_t>() < p_visible ? 1 : 0;
  valid = true;
  if (count > 0 && fdp.ConsumeIntegral<std::uint8_t>() < 16) {
    mask[fdp.ConsumeIntegralInRange<std::size_t>(0, count - 1)] = in.pick<std::uint8_t>({2, 3, 128, 255});
    valid = false;
  }
  return mask;
}

float pick_scale(ax::fuzz::Input& in, std::size_t dk) {
  switch (in.provider().ConsumeIntegralInRange<int>(0, 4)) {
    case 0: return ax::default_scale(dk == 0 ? 1 : dk);
    case 1: return 0.0f;
    case 2: return -in.parameter(false);
    case 3: return in.parameter(false);
    default: return in.parameter(true);  // NaN or ±∞ sometimes
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  ax::AttentionShape s{in.dim(), in.dim(), in.dim(), in.dim()};
  const std::size_t n = s.n, m = s.m, dk = s.dk, dv = s.dv;
  ax::AttentionOptions o;
  o.mask = pick_mask(in);
  o.scale = pick_scale(in, dk);
  o.temperature = in.parameter(true);
  const std::vector<float> q = in.values(n * dk);
  const std::vector<float> k = in.values(m * dk);
  const std::vector<float> v = in.values(m * dv);
  bool mask_valid = true;
  const std::vector<std::uint8_t> mask =
      o.mask == ax::MaskKind::explicit_values ? make_mask(in, n * m, mask_valid)
                                              : std::vector<std::uint8_t>();
  if (o.mask == ax::MaskKind::explicit_values) o.mask_values = mask.data();

  ax::fuzz::Case c("ax::attention");
  c.note("n", n).note("m", m).note("dk", dk).note("dv", dv).note("mask", int(o.mask))
      .note("scale", o.scale).note("temperature", o.temperature);
  c.values("q", q).values("k", k).values("v", v);
  const bool valid = n && m && dk && dv && ax::fuzz::all_finite(q) && ax::fuzz::all_finite(k) &&
                     ax::fuzz::all_finite(v) && std::isfinite(o.scale) &&
                     std::isfinite(o.temperature) && o.temperature > 0.0f && mask_valid;

  std::vector<float> scores = ax::fuzz::with_guard(n * m), scaled = ax::fuzz::with_guard(n * m),
                     weights = ax::fuzz::with_guard(n * m), output = ax::fuzz::with_guard(n * dv);
  const std::vector<float> q0 = q, k0 = k, v0 = v;
  ax::Workspace ws;
  const bool returned = c.call(
      {"n", "m", "dk", "dv", "q", "k", "v", "scale", "temperature", "mask", "scores", "scaled",
       "output"},
      [&] {
        ax::attention(q.data(), k.data(), v.data(), s, o,
                      {scores.data(), scaled.data(), weights.data(), output.data()}, ws);
      });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }

  // The same call on a workspace that earlier calls (other shapes) have used
  // must give the same bits: no state leaks from one call into the next.
  {
    static ax::Workspace shared;
    std::vector<float> s2(n * m), c2(n * m), w2(n * m), o2(n * dv);
    const std::string first_error = c.error();
    const bool again = c.call({"scores", "scaled", "output"}, [&] {
      ax::attention(q.data(), k.data(), v.data(), s, o, {s2.data(), c2.data(), w2.data(), o2.data()},
                    shared);
    });
    if (again != returned || (!again && c.error() != first_error))
      c.fail("a reused workspace changed the outcome: \"" + first_error + "\" vs \"" + c.error() + "\"");
    if (again && (!ax::fuzz::same_bits(s2, scores) || !ax::fuzz::same_bits(c2, scaled) ||
                  !ax::fuzz::same_bits(w2, weights) || !ax::fuzz::same_bits(o2, output)))
      c.fail("a reused workspace changed the results");
  }

  ax::ref::Mask rmask;
  if (o.mask == ax::MaskKind::causal) rmask = {ax::ref::Mask::Kind::causal, nullptr};
  if (o.mask == ax::MaskKind::explicit_values)
    rmask = {ax::ref::Mask::Kind::explicit_values, mask.data()};
  const MatrixXd Q = ax::ref::matrix(q.data(), n, dk);  // (n, dk)
  const MatrixXd K = ax::ref::matrix(k.data(), m, dk);  // (m, dk)
  const MatrixXd V = ax::ref::matrix(v.data(), m, dv);  // (m, dv)
  const MatrixXd magnitude = ax::ref::abs_product(Q, K.transpose());  // (n, m)
  const double scale = o.scale;

  if (!returned) {
    // Valid input may only fail by overflowing float32, as the reference confirms.
    const auto exact = ax::ref::attention(q.data(), k.data(), v.data(), n, m, dk, dv, scale,
                                          o.temperature, rmask);
    const double biggest = std::max({ax::fuzz::max_abs(magnitude),
                                     ax::fuzz::max_abs(magnitude) * std::fabs(scale),
                                     ax::fuzz::max_abs(ax::ref::abs_product(exact.weights, V))});
    c.require_overflow_confirmed(biggest);
    return 0;
  }

  ax::fuzz::check_guard(c, "scores", scores, n * m);
  ax::fuzz::check_guard(c, "scaled", scaled, n * m);
  ax::fuzz::check_guard(c, "weights", weights, n * m);
  ax::fuzz::check_guard(c, "output", output, n * dv);
  ax::fuzz::check_unchanged(c, "q", q0, q.data());
  ax::fuzz::check_unchanged(c, "k", k0, k.data());
  ax::fuzz::check_unchanged(c, "v", v0, v.data());

  // step 1-2: scores and scaled against Q·Kᵀ in float64.
  const MatrixXd exact_scores = Q * K.transpose();
  const double floor = ax::fuzz::underflow_floor(dk);
  ax::fuzz::check_within(c, "scores", scores.data(), exact_scores,
                         (1e-5 * magnitude).array() + floor);
  ax::fuzz::check_within(c, "scaled", scaled.data(), exact_scores * scale,
                         (1e-5 * std::fabs(scale) * magnitude).array() +
                             std::fabs(scale) * floor + double(FLT_TRUE_MIN));

  // step 3: weights against softmax of the scaled scores the core reported.
  const MatrixXd want_w =
      ax::ref::softmax_rows(scaled.data(), n, m, double(o.temperature), rmask);
  ax::fuzz::check_weights(c, "weights", weights.data(), n, m,
                          [&](std::size_t i, std::size_t j) { return rmask.visible(i, j, m); });
  ax::fuzz::check_within(c, "weights", weights.data(), want_w,
                         (want_w.cwiseAbs() * 1e-5).array() + 1e-30);

  // step 4: output against the reported weights times V, and inside the hull.
  const MatrixXd W = ax::ref::matrix(weights.data(), n, m);  // (n, m)
  const MatrixXd terms = ax::ref::abs_product(W, V);          // (n, dv)
  ax::fuzz::check_within(c, "output", output.data(), W * V,
                         (1e-5 * terms).array() + ax::fuzz::underflow_floor(m));
  for (std::size_t i = 0; i < n; ++i) {
    bool any = false;
    for (std::size_t j = 0; j < m; ++j) any = any || rmask.visible(i, j, m);
    for (std::size_t col = 0; col < dv; ++col) {
      const float got = output[i * dv + col];
      if (!any) {
        if (got != 0.0f)
          c.fail("output (" + std::to_string(i) + ", " + std::to_string(col) + ") = " +
                 ax::fuzz::digits(got) + " in a row with every key hidden, want 0");
        continue;
      }
      double lo = INFINITY, hi = -INFINITY;
      for (std::size_t j = 0; j < m; ++j) {
        if (!rmask.visible(i, j, m)) continue;
        lo = std::min(lo, V(Eigen::Index(j), Eigen::Index(col)));
        hi = std::max(hi, V(Eigen::Index(j), Eigen::Index(col)));
      }
      const double slack = 1e-5 * terms(Eigen::Index(i), Eigen::Index(col)) +
                           1e-6 * std::max(std::fabs(lo), std::fabs(hi)) +
                           ax::fuzz::underflow_floor(m);
      if (got < lo - slack || got > hi + slack)
        c.fail("output (" + std::to_string(i) + ", " + std::to_string(col) + ") = " +
               ax::fuzz::digits(got) + " is outside the hull of the visible values [" +
               ax::fuzz::digits(lo) + ", " + ax::fuzz::digits(hi) + "] by more than " +
               ax::fuzz::digits(slack));
    }
  }
  return 0;
}
