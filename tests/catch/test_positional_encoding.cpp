// test_positional_encoding.cpp — sinusoidal position encodings (scene 4).
//
// Against the float64 reference at several shapes, odd d included; the values
// the formula pins down by hand (row 0, the last odd column); and every shape
// the function refuses, by name.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/positional_encoding.h"
#include "reference/positional_encoding.h"
#include "support/errors.h"

using ax::test::input_error;
using ax::test::names;

TEST_CASE("positional encoding: against the reference", "[positional]") {
  for (std::size_t n : {1, 2, 3, 7, 16, 64, 513}) {
    for (std::size_t d : {1, 2, 3, 4, 5, 8, 15, 16, 17, 64, 67}) {
      CAPTURE(n, d);
      std::vector<float> pe(n * d, -9.0f);
      ax::positional_encoding(n, d, pe.data());
      const Eigen::MatrixXd want = ax::ref::positional_encoding(n, d);
      for (std::size_t pos = 0; pos < n; ++pos) {
        for (std::size_t j = 0; j < d; ++j) {
          CAPTURE(pos, j);
          const double w = want(Eigen::Index(pos), Eigen::Index(j));
          // values lie in [−1, 1]: float32 rounding alone is ≤ 6e-8; an error in
          // the frequency of a far position would show as a large difference
          REQUIRE(std::fabs(double(pe[pos * d + j]) - w) <= 1e-6);
        }
      }
    }
  }
}

TEST_CASE("positional encoding: values fixed by the formula", "[positional]") {
  SECTION("position 0 is (0, 1, 0, 1, …), ending in 0 when d is odd") {
    for (std::size_t d : {1, 2, 5, 6}) {
      CAPTURE(d);
      std::vector<float> pe(3 * d);
      ax::positional_encoding(3, d, pe.data());
      for (std::size_t j = 0; j < d; ++j) REQUIRE(pe[j] == (j % 2 == 0 ? 0.0f : 1.0f));
    }
  }
  SECTION("columns 0 and 1 turn at one radian per position") {
    std::vector<float> pe(4 * 6);
    ax::positional_encoding(4, 6, pe.data());
    for (std::size_t pos = 0; pos < 4; ++pos) {
      REQUIRE(pe[pos * 6 + 0] == Approx(std::sin(double(pos))).margin(1e-7));
      REQUIRE(pe[pos * 6 + 1] == Approx(std::cos(double(pos))).margin(1e-7));
    }
    // columns 4 and 5: frequency 10000^(−4/6)
    const double f = std::pow(10000.0, -4.0 / 6.0);
    REQUIRE(pe[3 * 6 + 4] == Approx(std::sin(3 * f)).margin(1e-7));
    REQUIRE(pe[3 * 6 + 5] == Approx(std::cos(3 * f)).margin(1e-7));
  }
  SECTION("every row has sin² + cos² = 1 in each column pair") {
    const std::size_t n = 50, d = 10;
    std::vector<float> pe(n * d);
    ax::positional_encoding(n, d, pe.data());
    for (std::size_t pos = 0; pos < n; ++pos)
      for (std::size_t j = 0; j < d; j += 2) {
        const double s = pe[pos * d + j], c = pe[pos * d + j + 1];
        REQUIRE(s * s + c * c == Approx(1.0).margin(1e-6));
      }
  }
}

TEST_CASE("positional encoding: bad shapes are named", "[positional][errors]") {
  std::vector<float> out(4);
  REQUIRE_THAT(input_error([&] { ax::positional_encoding(0, 4, out.data()); }), names("n"));
  REQUIRE_THAT(input_error([&] { ax::positional_encoding(4, 0, out.data()); }), names("d"));
  REQUIRE_THAT(input_error([&] { ax::require_positional_shape(std::size_t(1) << 20, std::size_t(1) << 20); }),
               names("n × d"));
  REQUIRE_THAT(input_error([&] { ax::require_positional_shape(~std::size_t(0), 2); }),
               names("n × d"));
  REQUIRE_NOTHROW(ax::require_positional_shape(ax::kMaxPositionalValues, 1));
}
