// test_softmax_stability.cpp — the softmax Jacobian and the naive softmax.
//
// Jacobian: 1e-5 relative (+1e-30) against p_i (δ_ij − p_j) / T in double,
// rows summing to 0, and vanishing when one score dominates. Naive softmax:
// equal to the stable one while e^x fits float32, and Infinity / NaN exactly
// where it does not (x / T > 88.72), on purpose.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/softmax.h"
#include "core/softmax_stability.h"
#include "reference/reference_cost.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

TEST_CASE("softmax_jacobian: against the reference", "[softmax][jacobian]") {
  for (std::size_t len = 1; len <= 40; ++len) {
    for (float temperature : {1.0f, 0.25f, 3.0f}) {
      CAPTURE(len, temperature);
      const auto x = ax::test::uniform(len, -6.0f, 6.0f);
      std::vector<float> J = ax::test::with_guard(len * len);
      ax::softmax_jacobian(x.data(), len, temperature, J.data());
      ax::test::require_guard("J past len × len", J, len * len, J.size());
      const auto want = ax::ref::softmax_jacobian(x.data(), len, temperature);
      ax::test::require_relative("J", J.data(), want, 1e-5, 1e-30);
      for (std::size_t i = 0; i < len; ++i) {  // Σ_j J_ij = p_i (1 − Σ_j p_j) / T = 0
        double sum = 0.0, size = 0.0;
        for (std::size_t j = 0; j < len; ++j) {
          sum += J[i * len + j];
          size += std::fabs(J[i * len + j]);
        }
        REQUIRE(std::fabs(sum) <= 1e-6 * size + 1e-30);
      }
    }
  }
}

TEST_CASE("softmax_jacobian: saturation makes the gradient vanish", "[softmax][jacobian]") {
  // Scores spread like √dk without the √dk scaling: one weight → 1, J → 0.
  const std::vector<float> mild{1.0f, 0.5f, -0.5f}, wide{40.0f, 20.0f, -20.0f};
  std::vector<float> J1(9), J2(9);
  ax::softmax_jacobian(mild.data(), 3, 1.0f, J1.data());
  ax::softmax_jacobian(wide.data(), 3, 1.0f, J2.data());
  float max1 = 0, max2 = 0;
  for (int t = 0; t < 9; ++t) {
    max1 = std::max(max1, std::fabs(J1[t]));
    max2 = std::max(max2, std::fabs(J2[t]));
  }
  REQUIRE(max1 > 0.1f);
  REQUIRE(max2 < 1e-8f);
  REQUIRE(max2 > 0.0f);  // tiny, but still computed (1 − p taken as Σ of the others)
}

TEST_CASE("softmax_naive: finite where e^x fits, Infinity/NaN where it overflows", "[softmax][naive]") {
  SECTION("random_inputs_match_the_stable_softmax") {
    for (std::size_t len = 1; len <= 40; ++len) {
      const auto x = ax::test::uniform(len, -40.0f, 40.0f);
      std::vector<float> y(len);
      ax::softmax_naive(x.data(), len, 1.0f, y.data());
      CAPTURE(len);
      ax::test::require_relative("naive", y.data(), ax::ref::softmax_rows(x.data(), 1, len, 1.0), 1e-5, 1e-30);
    }
  }
  SECTION("20_18_19_is_fine") {
    const std::vector<float> x{20, 18, 19};
    std::vector<float> naive(3), stable(3);
    ax::softmax_naive(x.data(), 3, 1.0f, naive.data());
    ax::softmax_rows(x.data(), 1, 3, 1.0f, stable.data());
    for (int i = 0; i < 3; ++i) REQUIRE(naive[i] == Approx(stable[i]).epsilon(1e-5));
  }
  SECTION("90_88_89_overflows") {
    // e^88 ≈ 1.65e38 fits float32; e^89 and e^90 do not: Σ = ∞, ∞/∞ = NaN, e^88/∞ = 0
    const std::vector<float> x{90, 88, 89};
    std::vector<float> y(3);
    ax::softmax_naive(x.data(), 3, 1.0f, y.data());
    REQUIRE(std::isnan(y[0]));
    REQUIRE(y[1] == 0.0f);
    REQUIRE(std::isnan(y[2]));
    std::vector<float> stable(3);
    ax::softmax_rows(x.data(), 1, 3, 1.0f, stable.data());  // the stable one is fine
    for (float p : stable) REQUIRE(std::isfinite(p));
  }
  SECTION("1000_is_all_nan") {
    const std::vector<float> x{1000, 998, 999};
    std::vector<float> y(3);
    ax::softmax_naive(x.data(), 3, 1.0f, y.data());
    for (float p : y) REQUIRE(std::isnan(p));
  }
  SECTION("the_threshold_is_88_72") {
    const std::vector<float> below{88.7f, 0.0f}, above{88.75f, 0.0f};
    std::vector<float> y(2);
    ax::softmax_naive(below.data(), 2, 1.0f, y.data());
    REQUIRE(std::isfinite(y[0]));
    ax::softmax_naive(above.data(), 2, 1.0f, y.data());
    REQUIRE(std::isnan(y[0]));
    REQUIRE(y[1] == 0.0f);
  }
  SECTION("temperature_divides_first") {
    const std::vector<float> x{10.0f, 9.0f};
    std::vector<float> y(2);
    ax::softmax_naive(x.data(), 2, 0.1f, y.data());  // e^100 overflows
    REQUIRE(std::isnan(y[0]));
  }
}

TEST_CASE("softmax_jacobian and softmax_naive: bad input is named", "[softmax][errors]") {
  std::vector<float> x{1, 2, 3}, y(9);
  SECTION("empty") {
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_jacobian(x.data(), 0, 1.0f, y.data()); }),
                 ax::test::names("x"));
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_naive(x.data(), 0, 1.0f, y.data()); }),
                 ax::test::names("x"));
  }
  SECTION("nan") {
    x[1] = NAN;
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_jacobian(x.data(), 3, 1.0f, y.data()); }),
                 ax::test::names("x"));
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_naive(x.data(), 3, 1.0f, y.data()); }),
                 ax::test::names("x"));
  }
  SECTION("temperature") {
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_jacobian(x.data(), 3, -1.0f, y.data()); }),
                 ax::test::names("temperature"));
    REQUIRE_THAT(ax::test::input_error([&] { ax::softmax_naive(x.data(), 3, 0.0f, y.data()); }),
                 ax::test::names("temperature"));
  }
}
