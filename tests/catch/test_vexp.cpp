// test_vexp.cpp — exp accuracy of each vexp ukernel twin, in ulp.
//
// The reference is std::exp in double rounded to float (the correctly rounded
// float32 result, up to a double-rounding tie that never matters here); the
// error is the distance in representable floats between it and the kernel's
// result. Max allowed: 2 ulp over the whole normal range [−87.33, 0].
//
// Sampling, ~10M points: float bit patterns are logarithmic (most of them lie
// in |x| < 2⁻²⁴, where exp(x) rounds to 1), so half the points step through the
// bit patterns (every k-th, random start) and half through the values
// (uniform strata with a random point in each). A new seed samples new points.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/kernels.h"
#include "support/compare.h"
#include "support/random.h"
#include "support/relaxed.h"

namespace {

using VexpFn = ax_f32_vexp_ukernel*;
struct VexpTwin {
  const char* name;
  VexpFn fn;
};

constexpr float kLowest = -87.33f;  // exp(−87.33) ≈ 1.18e-38, just above FLT_MIN
constexpr std::size_t kBatch = 4093;  // prime: every call ends in a SIMD remainder

std::uint32_t bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

float from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

float exp_ref(float x) { return float(std::exp(double(x))); }

// Distance in floats between two non-negative results; NaN is infinitely far.
std::int64_t ulp_distance(float got, float want) {
  if (std::isnan(got) || got < 0.0f) return std::numeric_limits<std::int64_t>::max();
  return std::llabs(std::int64_t(bits(got)) - std::int64_t(bits(want)));
}

struct Worst {
  std::int64_t ulp = 0;
  float x = 0.0f, got = 1.0f, want = 1.0f;
  std::size_t points = 0;
};

void measure(VexpFn fn, const std::vector<float>& x, std::vector<float>& y, Worst& worst) {
  fn(x.size(), x.data(), y.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float want = exp_ref(x[i]);
    const std::int64_t ulp = ulp_distance(y[i], want);
    if (ulp > worst.ulp) worst = {ulp, x[i], y[i], want, worst.points};
  }
  worst.points += x.size();
}

void vexp_suite(const VexpTwin& t) {
  CAPTURE(t.name);
  SECTION("max_2_ulp_on_minus_87_33_to_0") {
    Worst worst;
    std::vector<float> x, y(kBatch);
    x.reserve(kBatch);
    auto flush = [&] { if (!x.empty()) measure(t.fn, x, y, worst); x.clear(); };
    auto add = [&](float v) { x.push_back(v); if (x.size() == kBatch) flush(); };

    // half: every k-th bit pattern of −0 … −87.33 (magnitude bits 0 … top).
    const std::uint32_t top = bits(-kLowest);
    const std::uint32_t step = top / 5'000'000u;
    for (std::uint32_t b = std::uint32_t(ax::test::random_size(0, step - 1)); b <= top; b += step)
      add(-from_bits(b));
    // half: 5M equal strata of the interval, one random point in each.
    const std::size_t strata = 5'000'000;
    const double width = -double(kLowest) / double(strata);
    const double jitter = ax::test::random_float(0.0f, 1.0f);
    for (std::size_t i = 0; i < strata; ++i)
      add(std::max(kLowest, float(-(double(i) + jitter) * width)));
    flush();

    using ax::test::digits;
    WARN(t.name << ": max error " << worst.ulp << " ulp over " << worst.points
                << " points, at x = " << digits(worst.x) << " (got " << digits(worst.got)
                << ", want " << digits(worst.want) << ")");
    REQUIRE(worst.points >= 9'000'000);
    REQUIRE(worst.ulp <= 2);
  }
  SECTION("exp_of_zero_is_exactly_one") {
    const std::vector<float> x = {0.0f, -0.0f};
    std::vector<float> y(2);
    t.fn(2, x.data(), y.data());
    REQUIRE(y[0] == 1.0f);
    REQUIRE(y[1] == 1.0f);
  }
  SECTION("below_the_float_range_is_exactly_zero") {
    // exp(x) < FLT_MIN is flushed to 0; −∞ (a hidden key) must not give NaN.
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> x = {-87.35f, -87.5f, -88.0f, -100.0f, -1e4f, -1e30f,
                                  -std::numeric_limits<float>::max(), -inf};
    for (std::size_t n = 1; n <= 3 * x.size(); ++n) {  // through vector body and tail
      std::vector<float> in(n), out(n, 123.0f);
      for (std::size_t i = 0; i < n; ++i) in[i] = x[i % x.size()];
      t.fn(n, in.data(), out.data());
      for (std::size_t i = 0; i < n; ++i) {
        INFO("exp(" << in[i] << ") gave " << ax::test::digits(out[i]) << " (n = " << n << ")");
        REQUIRE(out[i] == 0.0f);
      }
    }
  }
  SECTION("n_1_to_67_leaves_cells_past_n_alone") {
    for (std::size_t n = 1; n <= 67; ++n) {
      CAPTURE(n);
      const std::vector<float> x = ax::test::uniform(n, kLowest, 0.0f);
      std::vector<float> y = ax::test::with_guard(n);
      t.fn(n, x.data(), y.data());
      ax::test::require_guard("y past n", y, n, y.size());
      for (std::size_t i = 0; i < n; ++i) {
        INFO("exp(" << ax::test::digits(x[i]) << "): got " << ax::test::digits(y[i])
                    << ", want " << ax::test::digits(exp_ref(x[i])));
        REQUIRE(ulp_distance(y[i], exp_ref(x[i])) <= 2);
      }
    }
  }
}

}  // namespace

TEST_CASE("f32-vexp ukernel: scalar rr2 p5", "[vexp][ukernel][scalar]") {
  vexp_suite({"ax_f32_vexp_ukernel_x1__scalar_rr2_p5", &ax_f32_vexp_ukernel_x1__scalar_rr2_p5});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-vexp ukernel: wasmsimd rr2 p5", "[vexp][ukernel][wasmsimd]") {
  vexp_suite({"ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5", &ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5});
}

TEST_CASE("f32-vexp ukernel: wasmrelaxedsimd fma rr2 p5", "[vexp][ukernel][relaxed]") {
  vexp_suite({"ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5", ax::test::relaxed_kernels().vexp});
}
#endif
