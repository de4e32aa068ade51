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

namespace {

using VtanhFn = decltype(&ax_f32_vtanh_ukernel_x1__scalar_p5_div);
struct VtanhTwin {
  const char* name;
  VtanhFn fn;
};

constexpr std::int64_t kMaxUlp = 2;
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

float tanh_ref(float x) { return float(std::tanh(double(x))); }

// Position of a float on the line of all floats: −0 and +0 both map to 0.
std::int64_t ordinal(float x) {
  const std::int64_t magnitude = bits(x) & 0x7fffffffu;
  return std::signbit(x) ? -magnitude : magnitude;
}

std::int64_t ulp_distance(float got, float want) {
  if (std::isnan(got)) return std::numeric_limits<std::int64_t>::max();
  return std::llabs(ordinal(got) - ordinal(want));
}

struct Worst {
  std::int64_t ulp = 0;
  float x = 0.0f, got = 0.0f, want = 0.0f;
  std::size_t points = 0;
};

void measure(VtanhFn fn, const std::vector<float>& x, std::vector<float>& y, Worst& worst) {
  fn(x.size(), x.data(), y.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float want = tanh_ref(x[i]);
    const std::int64_t ulp = ulp_distance(y[i], want);
    if (ulp > worst.ulp) worst = {ulp, x[i], y[i], want, worst.points};
  }
  worst.points += x.size();
}

void vtanh_suite(const VtanhTwin& t) {
  CAPTURE(t.name);
  SECTION("max_ulp_over_the_float_range") {
    Worst worst;
    std::vector<float> x, y(kBatch);
    x.reserve(kBatch);
    auto flush = [&] { if (!x.empty()) measure(t.fn, x, y, worst); x.clear(); };
    auto add = [&](float v) { x.push_back(v); if (x.size() == kBatch) flush(); };

    // half: every k-th bit pattern of 0 … FLT_MAX, each with both signs.
    const std::uint32_t top = bits(std::numeric_limits<float>::max());
    const std::uint32_t step = top / 2'500'000u;
    for (std::uint32_t b = std::uint32_t(ax::test::random_size(0, step - 1)); b <= top; b += step) {
      add(from_bits(b));
      add(-from_bits(b));
    }
    // half: 5M equal strata of [−10, 10], one random point in each.
    const std::size_t strata = 5'000'000;
    const double width = 20.0 / double(strata);
    const double jitter = ax::test::random_float(0.0f, 1.0f);
    for (std::size_t i = 0; i < strata; ++i) add(float(-10.0 + (double(i) + jitter) * width));
    flush();

    using ax::test::digits;
    WARN(t.name << ": max error " << worst.ulp << " ulp over " << worst.points
                << " points, at x = " << digits(worst.x) << " (got " << digits(worst.got)
                << ", want " << digits(worst.want) << ")");
    REQUIRE(worst.points >= 9'000'000);
    REQUIRE(worst.ulp <= kMaxUlp);
  }
  SECTION("every_float_near_the_switch_between_the_two_pieces") {
    // 9/16 ± 2¹⁶ floats: the polynomial's end and the exp formula's start.
    Worst worst;
    std::vector<float> x, y(kBatch);
    for (std::int64_t d = -65536; d <= 65536; ++d) {
      x.push_back(from_bits(std::uint32_t(std::int64_t(bits(0.5625f)) + d)));
      if (x.size() == kBatch) { measure(t.fn, x, y, worst); x.clear(); }
    }
    measure(t.fn, x, y, worst);
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
    for (std::size_t n = 1; n <= 3 * x.size(); ++n) {  // through vector body and tail
      std::vector<float> in(n), out(n, 123.0f);
      for (std::size_t i = 0; i < n; ++i) in[i] = x[i % x.size()];
      t.fn(n, in.data(), out.data());
      for (std::size_t i = 0; i < n; ++i) {
        INFO("tanh(" << ax::test::digits(in[i]) << ") gave " << ax::test::digits(out[i]));
        REQUIRE(ax::test::same_bits(out[i], want[i % x.size()]));
      }
    }
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
