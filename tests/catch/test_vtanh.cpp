// test_vtanh.cpp — tanh accuracy of each vtanh ukernel twin, in ulp.
//
// The reference is std::tanh in double rounded to float; the error is the
// distance in representable floats between it and the kernel's result, counted
// across zero (so −0 and +0 are 0 apart and a wrong sign is far). Max allowed:
// kMaxUlp over the whole float range, both signs.
//
// Sampling, ~10M points: half step through the bit patterns of [0, FLT_MAX]
// (every k-th, random start, each with both signs), half through the values of
// [−10, 10], where tanh is not yet ±1 (uniform strata, one random point in each).
// A new seed samples new points.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/kernels.h"
#include "support/compare.h"
#include "support/random.h"
#include "support/ulp.h"

namespace {

using ax::test::float_bits;
using ax::test::float_from_bits;
using ax::test::ulp_distance;

using VtanhFn = decltype(&ax_f32_vtanh_ukernel_x1__scalar_p5_div);
struct VtanhTwin {
  const char* name;
  VtanhFn fn;
};

constexpr std::int64_t kMaxUlp = 2;

float tanh_ref(float x) { return float(std::tanh(double(x))); }

void vtanh_suite(const VtanhTwin& t) {
  CAPTURE(t.name);
  SECTION("max_ulp_over_the_float_range") {
    ax::test::UlpSweep sweep(t.fn, tanh_ref);
    // half: every k-th bit pattern of 0 … FLT_MAX, each with both signs.
    const std::uint32_t top = float_bits(std::numeric_limits<float>::max());
    const std::uint32_t step = top / 2'500'000u;
    for (std::uint32_t b = std::uint32_t(ax::test::random_size(0, step - 1)); b <= top; b += step) {
      sweep.add(float_from_bits(b));
      sweep.add(-float_from_bits(b));
    }
    // half: 5M equal strata of [−10, 10], one random point in each.
    const std::size_t strata = 5'000'000;
    const double width = 20.0 / double(strata);
    const double jitter = ax::test::random_float(0.0f, 1.0f);
    for (std::size_t i = 0; i < strata; ++i) sweep.add(float(-10.0 + (double(i) + jitter) * width));
    const ax::test::UlpWorst& worst = sweep.finish();

    using ax::test::digits;
    WARN(t.name << ": max error " << worst.ulp << " ulp over " << worst.points
                << " points, at x = " << digits(worst.x) << " (got " << digits(worst.got)
                << ", want " << digits(worst.want) << ")");
    REQUIRE(worst.points >= 9'000'000);
    REQUIRE(worst.ulp <= kMaxUlp);
  }
  SECTION("every_float_near_the_switch_between_the_two_pieces") {
    // 9/16 ± 2¹⁶ floats: the polynomial's end and the exp formula's start.
    ax::test::UlpSweep sweep(t.fn, tanh_ref);
    for (std::int64_t d = -65536; d <= 65536; ++d) {
      sweep.add(float_from_bits(std::uint32_t(std::int64_t(float_bits(0.5625f)) + d)));
    }
    const ax::test::UlpWorst& worst = sweep.finish();
    INFO("worst at x = " << ax::test::digits(worst.x) << ": " << worst.ulp << " ulp");
    REQUIRE(worst.ulp <= kMaxUlp);
  }
  SECTION("special_values") {
    const float inf = std::numeric_limits<float>::infinity();
    const float tiny = std::numeric_limits<float>::denorm_min();
    const std::vector<float> x = {0.0f, -0.0f, inf, -inf, 9.1f, -9.1f, 20.0f, -1e30f,
                                  std::numeric_limits<float>::max(), tiny, -tiny, 1e-20f};
    const std::vector<float> want = {0.0f, -0.0f, 1.0f, -1.0f, 1.0f, -1.0f, 1.0f, -1.0f,
                                     1.0f, tiny, -tiny, 1e-20f};
    ax::test::for_each_cycled(t.fn, x, [&](float in, float out, std::size_t i, std::size_t n) {
      INFO("tanh(" << ax::test::digits(in) << ") gave " << ax::test::digits(out) << " (n = " << n << ")");
      REQUIRE(ax::test::same_bits(out, want[i]));
    });
  }
  SECTION("nan_stays_nan") {
    std::vector<float> in(9, std::numeric_limits<float>::quiet_NaN()), out(9, 0.0f);
    t.fn(in.size(), in.data(), out.data());
    for (float v : out) REQUIRE(std::isnan(v));
  }
  SECTION("odd_exactly") {
    const std::vector<float> x = ax::test::uniform(1000, -12.0f, 12.0f);
    std::vector<float> minus(x.size()), y(x.size()), y_minus(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) minus[i] = -x[i];
    t.fn(x.size(), x.data(), y.data());
    t.fn(x.size(), minus.data(), y_minus.data());
    for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(y_minus[i] == -y[i]);
  }
  SECTION("n_1_to_67_in_place_and_leaves_cells_past_n_alone") {
    for (std::size_t n = 1; n <= 67; ++n) {
      CAPTURE(n);
      const std::vector<float> x = ax::test::uniform(n, -6.0f, 6.0f);
      std::vector<float> y = ax::test::with_guard(n);
      t.fn(n, x.data(), y.data());
      ax::test::require_guard("y past n", y, n, y.size());
      std::vector<float> in_place = x;
      t.fn(n, in_place.data(), in_place.data());
      for (std::size_t i = 0; i < n; ++i) {
        INFO("tanh(" << ax::test::digits(x[i]) << "): got " << ax::test::digits(y[i])
                     << ", want " << ax::test::digits(tanh_ref(x[i])));
        REQUIRE(ulp_distance(y[i], tanh_ref(x[i])) <= kMaxUlp);
        REQUIRE(ax::test::same_bits(in_place[i], y[i]));
      }
    }
  }
}

}  // namespace

TEST_CASE("f32-vtanh ukernel: scalar p5 div", "[vtanh][ukernel][scalar]") {
  vtanh_suite({"ax_f32_vtanh_ukernel_x1__scalar_p5_div", &ax_f32_vtanh_ukernel_x1__scalar_p5_div});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-vtanh ukernel: wasmsimd p5 div", "[vtanh][ukernel][wasmsimd]") {
  vtanh_suite({"ax_f32_vtanh_ukernel_x8__wasmsimd_p5_div", &ax_f32_vtanh_ukernel_x8__wasmsimd_p5_div});
}
#endif
