// attention_input.h — one ax::attention call decoded from the fuzzer's bytes.
//
// Shared by every target whose entry point takes attention's arguments
// (fuzz_attention, fuzz_attention_tiled): shapes 0..40, q/k/v from every value
// regime, scale ordinary/extreme/invalid, temperature likewise, mask none,
// causal or explicit (sometimes with an entry other than 0 and 1).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/attention.h"
#include "fuzz.h"

namespace ax::fuzz {

struct AttentionInput {
  AttentionShape shape;
  AttentionOptions options;
  std::vector<float> q, k, v;         // (n, dk), (m, dk), (m, dv)
  std::vector<std::uint8_t> mask;     // (n, m) when options.mask is explicit
  bool valid = false;                 // every argument within the contract
  ref::Mask reference_mask() const {
    if (options.mask == MaskKind::causal) return {ref::Mask::Kind::causal, nullptr};
    if (options.mask == MaskKind::explicit_values) return {ref::Mask::Kind::explicit_values, mask.data()};
    return {};
  }
  // The names an error of attention may start with.
  static constexpr std::initializer_list<const char*> kNames = {
      "n", "m", "dk", "dv", "q", "k", "v", "scale", "temperature", "mask", "scores", "scaled", "output"};
};

inline AttentionInput attention_input(Input& in) {
  auto& fdp = in.provider();
  AttentionInput a;
  a.shape = {in.dim(), in.dim(), in.dim(), in.dim()};
  const std::size_t n = a.shape.n, m = a.shape.m, dk = a.shape.dk, dv = a.shape.dv;
  AttentionOptions& o = a.options;
  switch (fdp.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: o.mask = MaskKind::none; break;
    case 1: o.mask = MaskKind::causal; break;
    default: o.mask = MaskKind::explicit_values; break;
  }
  switch (fdp.ConsumeIntegralInRange<int>(0, 4)) {
    case 0: o.scale = default_scale(dk == 0 ? 1 : dk); break;
    case 1: o.scale = 0.0f; break;
    case 2: o.scale = -in.parameter(false); break;
    case 3: o.scale = in.parameter(false); break;
    default: o.scale = in.parameter(true); break;  // NaN or ±∞ sometimes
  }
  o.temperature = in.parameter(true);
  a.q = in.values(n * dk);
  a.k = in.values(m * dk);
  a.v = in.values(m * dv);
  bool mask_valid = true;
  if (o.mask == MaskKind::explicit_values) {
    // Visible with a drawn probability; sometimes one entry is another byte.
    const std::uint8_t p_visible = fdp.ConsumeIntegral<std::uint8_t>();
    a.mask.resize(n * m);
    for (auto& b : a.mask) b = fdp.ConsumeIntegral<std::uint8_t>() < p_visible ? 1 : 0;
    if (!a.mask.empty() && fdp.ConsumeIntegral<std::uint8_t>() < 16) {
      a.mask[fdp.ConsumeIntegralInRange<std::size_t>(0, a.mask.size() - 1)] =
          in.pick<std::uint8_t>({2, 3, 128, 255});
      mask_valid = false;
    }
    o.mask_values = a.mask.data();
  }
  a.valid = n && m && dk && dv && all_finite(a.q) && all_finite(a.k) && all_finite(a.v) &&
            std::isfinite(o.scale) && std::isfinite(o.temperature) && o.temperature > 0.0f &&
            mask_valid;
  return a;
}

inline void describe(Case& c, const AttentionInput& a) {
  c.note("n", a.shape.n).note("m", a.shape.m).note("dk", a.shape.dk).note("dv", a.shape.dv)
      .note("mask", int(a.options.mask)).note("scale", a.options.scale)
      .note("temperature", a.options.temperature);
  c.values("q", a.q).values("k", a.k).values("v", a.v);
}

// The largest magnitude attention's arithmetic meets, in float64: Σ|q||k|,
// that times |scale|, and Σ w|v| with the exact weights. An overflow error is
// legitimate only when this reaches FLT_MAX.
inline double attention_magnitude(const AttentionInput& a) {
  const std::size_t n = a.shape.n, m = a.shape.m, dk = a.shape.dk, dv = a.shape.dv;
  const MatrixXd Q = ref::matrix(a.q.data(), n, dk), K = ref::matrix(a.k.data(), m, dk);
  const MatrixXd V = ref::matrix(a.v.data(), m, dv);
  const double qk = max_abs(ref::abs_product(Q, K.transpose()));
  const auto exact = ref::attention(a.q.data(), a.k.data(), a.v.data(), n, m, dk, dv,
                                    a.options.scale, a.options.temperature, a.reference_mask());
  return std::max({qk, qk * std::fabs(double(a.options.scale)),
                   max_abs(ref::abs_product(exact.weights, V))});
}

// output (n, dv) of a call that returned: exactly 0 in rows with every key
// hidden, elsewhere inside the hull of the visible values (± slack(i, col)).
template <class Slack>
void check_hull(const Case& c, const AttentionInput& a, const float* output, Slack&& slack) {
  const std::size_t n = a.shape.n, m = a.shape.m, dv = a.shape.dv;
  const ref::Mask mask = a.reference_mask();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t col = 0; col < dv; ++col) {
      const float got = output[i * dv + col];
      double lo = INFINITY, hi = -INFINITY;
      for (std::size_t j = 0; j < m; ++j) {
        if (!mask.visible(i, j, m)) continue;
        lo = std::min(lo, double(a.v[j * dv + col]));
        hi = std::max(hi, double(a.v[j * dv + col]));
      }
      const std::string at = "output (" + std::to_string(i) + ", " + std::to_string(col) + ") = " + digits(got);
      if (lo == INFINITY) {
        if (got != 0.0f) c.fail(at + " in a row with every key hidden, want 0");
        continue;
      }
      const double s = slack(i, col) + 1e-6 * std::max(std::fabs(lo), std::fabs(hi));
      if (!(got >= lo - s && got <= hi + s))
        c.fail(at + " is outside the hull of the visible values [" + digits(lo) + ", " +
               digits(hi) + "] by more than " + digits(s));
    }
  }
}

}  // namespace ax::fuzz
