// test_softmax_ukernel.cpp — each one-row softmax ukernel twin.
//
// y = exp((x − max x) / T) / Σ, against the float64 reference. Tolerances:
//   each weight: 1e-5 relative, plus an absolute floor of 1e-30 for weights
//     near or below FLT_MIN, which float32 cannot hold to 1e-5 relative;
//   each row sum: 1 within 1e-6 (a normalisation bug shows up here first);
//   hidden keys (x = −∞): exactly 0, not merely small.
// n runs over 1..67 so every SIMD remainder (n mod 8, n mod 4) is taken, and
// the cells after y[n − 1] must stay untouched (no full-vector store past n).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "kernels/kernels.h"
#include "support/compare.h"
#include "support/random.h"
#include "support/relaxed.h"

namespace {

using SoftmaxFn = ax_f32_softmax_ukernel*;
struct SoftmaxTwin {
  const char* name;
  SoftmaxFn fn;
};

constexpr float kInf = std::numeric_limits<float>::infinity();

void check_softmax(const SoftmaxTwin& t, const std::vector<float>& x, float temperature,
                   bool in_place = false) {
  const std::size_t n = x.size();
  CAPTURE(t.name, n, temperature, in_place);
  const std::vector<float> x_before = x;
  std::vector<float> y = ax::test::with_guard(n);
  if (in_place) {
    std::copy(x.begin(), x.end(), y.begin());
    t.fn(n, y.data(), y.data(), temperature);
  } else {
    t.fn(n, x.data(), y.data(), temperature);
    REQUIRE(x == x_before);  // the input is const
  }
  ax::test::require_guard("y past n", y, n, y.size());

  const auto want = ax::ref::softmax_rows(x.data(), 1, n, temperature);  // (1, n)
  ax::test::require_relative("y", y.data(), want, 1e-5, 1e-30);
  ax::test::require_row_sums(y.data(), 1, n, {1.0}, 1e-6);
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != -kInf) continue;
    INFO("hidden entry " << i << " got weight " << y[i]);
    REQUIRE(y[i] == 0.0f);
  }
}

// x uniform in [-spread, spread] with each entry hidden (−∞) with probability
// p_hidden; one entry always stays finite (the kernel's precondition).
std::vector<float> row(std::size_t n, float spread, double p_hidden = 0.0) {
  std::vector<float> x = ax::test::uniform(n, -spread, spread);
  for (float& v : x)
    if (ax::test::coin(p_hidden)) v = -kInf;
  x[ax::test::random_size(0, n - 1)] = ax::test::random_float(-spread, spread);
  return x;
}

std::vector<float> scaled(std::vector<float> x, float factor) {
  for (float& v : x) v *= factor;
  return x;
}

void softmax_ukernel_suite(const SoftmaxTwin& t) {
  SECTION("n_1_to_67") {
    for (std::size_t n = 1; n <= 67; ++n)
      for (float temperature : {1.0f, 0.37f, 2.5f}) check_softmax(t, row(n, 10.0f), temperature);
  }
  SECTION("n_large") {
    for (std::size_t n : {1000, 4099})
      for (float temperature : {1.0f, 0.5f}) check_softmax(t, row(n, 10.0f), temperature);
  }
  SECTION("temperature") {
    // Small T sharpens towards one-hot, large T flattens towards uniform.
    for (float temperature : {0.01f, 0.1f, 0.5f, 3.0f, 100.0f, 1e4f})
      for (std::size_t n : {1, 7, 8, 9, 33, 67}) check_softmax(t, row(n, 5.0f), temperature);
  }
  SECTION("minus_infinity_is_exactly_zero") {
    for (std::size_t n = 1; n <= 67; ++n)
      for (double p_hidden : {0.3, 0.9}) check_softmax(t, row(n, 10.0f, p_hidden), 0.7f);
  }
  SECTION("one_visible_entry_gets_weight_one") {
    for (std::size_t n = 1; n <= 20; ++n) {
      std::vector<float> x(n, -kInf);
      const std::size_t keep = ax::test::random_size(0, n - 1);
      x[keep] = ax::test::random_float(-50.0f, 50.0f);
      std::vector<float> y(n);
      t.fn(n, x.data(), y.data(), 1.3f);
      CAPTURE(t.name, n, keep);
      for (std::size_t i = 0; i < n; ++i) REQUIRE(y[i] == (i == keep ? 1.0f : 0.0f));
    }
  }
  SECTION("huge_inputs") {
    // Without the max subtraction exp(1e30) is ∞ and every weight NaN.
    for (std::size_t n : {1, 3, 8, 13, 64, 67, 1000}) {
      check_softmax(t, ax::test::uniform(n, -1e30f, 1e30f), 1.0f);
      check_softmax(t, ax::test::uniform(n, -1e30f, 1e30f), 0.25f);
      check_softmax(t, std::vector<float>(n, 1e30f), 1.0f);    // ties: uniform 1/n
      check_softmax(t, std::vector<float>(n, -1e30f), 2.0f);   // ties far below 0
      check_softmax(t, scaled(ax::test::uniform(n), 3e38f), 1.0f);  // x − max overflows to −∞
    }
  }
  SECTION("in_place") {
    for (std::size_t n = 1; n <= 67; ++n) check_softmax(t, row(n, 10.0f, 0.2), 0.8f, true);
    check_softmax(t, row(1000, 10.0f), 1.0f, true);
  }
}

}  // namespace

TEST_CASE("f32-softmax ukernel: scalar rr2 p5", "[softmax][ukernel][scalar]") {
  softmax_ukernel_suite({"ax_f32_softmax_ukernel_x1__scalar_rr2_p5",
                         &ax_f32_softmax_ukernel_x1__scalar_rr2_p5});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-softmax ukernel: wasmsimd rr2 p5", "[softmax][ukernel][wasmsimd]") {
  softmax_ukernel_suite({"ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5",
                         &ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5});
}

TEST_CASE("f32-softmax ukernel: wasmsimd x16 rr2 p5", "[softmax][ukernel][wasmsimd]") {
  softmax_ukernel_suite({"ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5",
                         &ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5});
}

TEST_CASE("f32-softmax ukernel: wasmrelaxedsimd fma rr2 p5", "[softmax][ukernel][relaxed]") {
  softmax_ukernel_suite({"ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5",
                         ax::test::relaxed_kernels().softmax});
}
#endif
