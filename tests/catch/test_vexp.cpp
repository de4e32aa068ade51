// test_vexp.cpp — exp accuracy of each vexp ukernel twin, in ulp.
//
// The reference is std::exp in double rounded to float (the correctly rounded
// float32 result, up to a double-rounding tie that never matters here); the
// error is the distance in representable floats between it and the kernel's
// result (support/ulp.h). Max allowed: 2 ulp over the whole normal range [−87.33, 0].
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
#include "support/ulp.h"

namespace {

using ax::test::float_bits;
using ax::test::float_from_bits;
using ax::test::ulp_distance;

using VexpFn = ax_f32_vexp_ukernel*;
struct VexpTwin {
  const char* name;
  VexpFn fn;
};

constexpr float kLowest = -87.33f;  // exp(−87.33) ≈ 1.18e-38, just above FLT_MIN

float exp_ref(float x) { return float(std::exp(double(x))); }

void vexp_suite(const VexpTwin& t) {
  CAPTURE(t.name);
  SECTION("max_2_ulp_on_minus_87_33_to_0") {
    ax::test::UlpSweep sweep(t.fn, exp_ref);
    // half: every k-th bit pattern of −0 … −87.33 (magnitude bits 0 … top).
    const std::uint32_t top = float_bits(-kLowest);
    const std::uint32_t step = top / 5'000'000u;
    for (std::uint32_t b = std::uint32_t(ax::test::random_size(0, step - 1)); b <= top; b += step)
      sweep.add(-float_from_bits(b));
    // half: 5M equal strata of the interval, one random point in each.
    const std::size_t strata = 5'000'000;
    const double width = -double(kLowest) / double(strata);
    const double jitter = ax::test::random_float(0.0f, 1.0f);
    for (std::size_t i = 0; i < strata; ++i)
      sweep.add(std::max(kLowest, float(-(double(i) + jitter) * width)));
    const ax::test::UlpWorst& worst = sweep.finish();

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
    ax::test::for_each_cycled(t.fn, x, [&](float in, float out, std::size_t, std::size_t n) {
      INFO("exp(" << in << ") gave " << ax::test::digits(out) << " (n = " << n << ")");
      REQUIRE(out == 0.0f);
    });
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
