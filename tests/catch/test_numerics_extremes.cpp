// test_numerics_extremes.cpp — softmax and the weighted sum at the edges of float32.
//
// (1) softmax divides by T before subtracting the max when T > 1, so x − max
//     cannot overflow: (3e38, −3e38, 0) at T = 3e38 is (0.665, 0.090, 0.245),
//     not the (0.731, 0, 0.269) that an overflowed −6e38 gave.
// (2) an average of equal values is those values, exactly: at ±FLT_MAX it is
//     not reported as an overflow, and it never lands outside their hull.
// Every result is held to the Eigen float64 reference.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <vector>

#include "core/attention.h"
#include "core/softmax.h"
#include "kernels/kernels.h"
#include "support/attention.h"
#include "support/compare.h"
#include "support/random.h"

namespace {

using SoftmaxFn = decltype(&ax_f32_softmax_ukernel_x1__scalar_rr2_p5);
struct Twin {
  const char* name;
  SoftmaxFn fn;
};

std::vector<Twin> twins() {
  std::vector<Twin> t{{"scalar", &ax_f32_softmax_ukernel_x1__scalar_rr2_p5}};
#if defined(__wasm_simd128__)
  t.push_back({"wasmsimd", &ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5});
#endif
  return t;
}

void check_against_reference(const char* what, const std::vector<float>& x, float temperature,
                             const float* y) {
  const auto want = ax::ref::softmax_rows(x.data(), 1, x.size(), temperature);  // (1, n)
  ax::test::require_relative(what, y, want, 1e-5, 1e-30);
  ax::test::require_row_sums(y, 1, x.size(), {1.0}, 1e-6);
}

}  // namespace

TEST_CASE("extremes: softmax of 3e38, -3e38 and 0 at T = 3e38", "[numerics][softmax]") {
  const std::vector<float> x{3e38f, -3e38f, 0.0f};
  std::vector<float> y(3);
  ax::softmax_rows(x.data(), 1, 3, 3e38f, y.data());
  CHECK(y[0] == Approx(0.665241).epsilon(1e-5));
  CHECK(y[1] == Approx(0.0900306).epsilon(1e-5));
  CHECK(y[2] == Approx(0.244728).epsilon(1e-5));
  check_against_reference("softmax_rows", x, 3e38f, y.data());
}

TEST_CASE("extremes: each softmax twin with spread-out rows and large or small T", "[numerics][softmax]") {
  // Rows whose x − max overflows float32, at every length through the SIMD remainders.
  for (const Twin& t : twins()) {
    for (const float temperature : {3e38f, 1e38f, 1e20f, 4.0f, 1.0f, 0.5f, 1e-3f}) {
      for (std::size_t n = 2; n <= 19; ++n) {
        std::vector<float> x = ax::test::uniform(n);  // [-1, 1], then spread to ±3.4e38
        for (float& value : x) value *= 3.4e38f;
        x[0] = 3.4e38f;
        x[n - 1] = -3.4e38f;
        std::vector<float> y(n);
        CAPTURE(t.name, temperature, n);
        t.fn(n, x.data(), y.data(), temperature);
        check_against_reference(t.name, x, temperature, y.data());
      }
    }
  }
}

TEST_CASE("extremes: attention with scaled scores 3e38, -3e38 and 0 at T = 3e38", "[numerics][attention]") {
  ax::Workspace ws;
  auto c = ax::test::random_case({1, 3, 1, 2}, 1.0f, 3e38f);
  c.q = {1.0f};
  c.k = {3e38f, -3e38f, 0.0f};
  const auto r = ax::test::run(c, ws);
  CHECK(r.weights[0] == Approx(0.665241).epsilon(1e-5));
  CHECK(r.weights[1] == Approx(0.0900306).epsilon(1e-5));
  CHECK(r.weights[2] == Approx(0.244728).epsilon(1e-5));
  ax::test::check(c, r);
}

TEST_CASE("extremes: an average of equal values is those values", "[numerics][attention]") {
  ax::Workspace ws;
  // Columns that are equal down every row of V: FLT_MAX, -FLT_MAX, and ordinary values.
  const std::vector<float> column{FLT_MAX, -FLT_MAX, 0.1f, -3.0f, 1e-30f, 7.25f};
  const std::size_t dv = column.size();
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = ax::test::random_size(1, 9), m = ax::test::random_size(2, 40);
    const std::size_t dk = ax::test::random_size(1, 17);
    const auto mask = trial % 3 == 0   ? ax::MaskKind::none
                      : trial % 3 == 1 ? ax::MaskKind::causal
                                       : ax::MaskKind::explicit_values;
    auto c = ax::test::random_case({n, m, dk, dv}, 1.0f, 1.0f, mask, 0.6, 3.0f);
    for (std::size_t j = 0; j < m; ++j) std::copy(column.begin(), column.end(), c.v.begin() + j * dv);
    CAPTURE(trial, n, m, dk, int(mask));
    const auto r = ax::test::run(c, ws);  // FLT_MAX columns must not be refused as overflow
    for (std::size_t i = 0; i < n; ++i) {
      const bool all_hidden = !c.mask.empty() &&
          std::all_of(c.mask.begin() + i * m, c.mask.begin() + (i + 1) * m, [](std::uint8_t b) { return b == 0; });
      for (std::size_t col = 0; col < dv; ++col) {
        CAPTURE(i, col);
        REQUIRE(r.output[i * dv + col] == (all_hidden ? 0.0f : column[col]));
      }
    }
    ax::test::check(c, r);
  }
}

TEST_CASE("extremes: outputs stay inside the hull of each value column", "[numerics][attention]") {
  ax::Workspace ws;
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = ax::test::random_size(1, 12), m = ax::test::random_size(1, 30);
    const std::size_t dk = ax::test::random_size(1, 9), dv = ax::test::random_size(1, 9);
    auto c = ax::test::random_case({n, m, dk, dv}, 0.7f, 1.0f, ax::MaskKind::none, 0.7, 4.0f);
    // values that differ by at most 1 ulp down each column: the hull is 1 ulp wide
    for (std::size_t col = 0; col < dv; ++col) {
      const float base = ax::test::random_float(-100.0f, 100.0f);
      for (std::size_t j = 0; j < m; ++j) {
        c.v[j * dv + col] = ax::test::coin() ? base : std::nextafter(base, 1e30f);
      }
    }
    CAPTURE(trial, n, m, dk, dv);
    const auto r = ax::test::run(c, ws);
    for (std::size_t col = 0; col < dv; ++col) {
      float low = c.v[col], high = c.v[col];
      for (std::size_t j = 1; j < m; ++j) {
        low = std::min(low, c.v[j * dv + col]);
        high = std::max(high, c.v[j * dv + col]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i, col, low, high, r.output[i * dv + col]);
        REQUIRE(r.output[i * dv + col] >= low);
        REQUIRE(r.output[i * dv + col] <= high);
      }
    }
    ax::test::check(c, r);
  }
}
