// test_reference.cpp — the float64 oracle itself, on cases worked by hand.
//
// Every other suite trusts src/reference/reference.h; a wrong oracle would
// make them pass wrong kernels or fail right ones, so it is checked here
// against values computed on paper.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "reference/reference.h"

TEST_CASE("reference: vectors", "[reference]") {
  const float a[] = {3.0f, 4.0f}, b[] = {4.0f, -3.0f}, c[] = {1.0f, 1.0f};
  REQUIRE(ax::ref::dot(a, b, 2) == 0.0);
  REQUIRE(ax::ref::norm(a, 2) == 5.0);
  REQUIRE(ax::ref::cosine(a, c, 2) == Approx(7.0 / (5.0 * std::sqrt(2.0))));
  REQUIRE(ax::ref::angle(a, b, 2) == Approx(std::acos(0.0)));
  const auto p = ax::ref::project(c, a, 2);  // (7/25) (3, 4)
  REQUIRE(p(0) == Approx(21.0 / 25));
  REQUIRE(p(1) == Approx(28.0 / 25));
}

TEST_CASE("reference: softmax and masks", "[reference]") {
  const float x[] = {0.0f, float(std::log(2.0)), -std::numeric_limits<float>::infinity()};
  const auto y = ax::ref::softmax_rows(x, 1, 3, 1.0);  // e⁰ : e^ln2 : 0 = 1 : 2 : 0
  REQUIRE(y(0, 0) == Approx(1.0 / 3));
  REQUIRE(y(0, 1) == Approx(2.0 / 3));
  REQUIRE(y(0, 2) == 0.0);
  const auto hot = ax::ref::softmax_rows(x, 1, 3, 0.5);  // T = 0.5: 1 : 4 : 0
  REQUIRE(hot(0, 1) == Approx(4.0 / 5));

  const std::uint8_t values[] = {0, 1, 1, 0, 0, 0};  // (2, 3), row 1 fully hidden
  const ax::ref::Mask mask{ax::ref::Mask::Kind::explicit_values, values};
  const float z[] = {5.0f, 1.0f, 1.0f, 2.0f, 3.0f, 4.0f};
  const auto w = ax::ref::softmax_rows(z, 2, 3, 1.0, mask);
  REQUIRE(w(0, 0) == 0.0);
  REQUIRE(w(0, 1) == 0.5);
  REQUIRE(w.row(1).isZero(0.0));

  const ax::ref::Mask causal{ax::ref::Mask::Kind::causal, nullptr};
  REQUIRE(causal.visible(2, 2, 5));
  REQUIRE(!causal.visible(2, 3, 5));
}

TEST_CASE("reference: attention", "[reference]") {
  // Q = [1 0; 0 1], K = [1 0; 0 1; 1 1], V = [1; 2; 3], scale 2, T = 1.
  const float q[] = {1, 0, 0, 1}, k[] = {1, 0, 0, 1, 1, 1}, v[] = {1, 2, 3};
  const auto r = ax::ref::attention(q, k, v, 2, 3, 2, 1, 2.0, 1.0);
  REQUIRE(r.scores(0, 0) == 1.0);
  REQUIRE(r.scores(0, 1) == 0.0);
  REQUIRE(r.scores(1, 2) == 1.0);
  REQUIRE(r.scaled(1, 2) == 2.0);
  // Row 0 over scaled (2, 0, 2): weights e²:1:e² / (2e² + 1).
  const double e2 = std::exp(2.0), sum = 2 * e2 + 1;
  REQUIRE(r.weights(0, 0) == Approx(e2 / sum));
  REQUIRE(r.weights(0, 1) == Approx(1 / sum));
  REQUIRE(r.output(0, 0) == Approx((e2 * 1 + 2 + e2 * 3) / sum));
  const auto causal = ax::ref::attention(q, k, v, 2, 3, 2, 1, 2.0, 1.0,
                                         {ax::ref::Mask::Kind::causal, nullptr});
  REQUIRE(causal.weights(0, 0) == 1.0);
  REQUIRE(causal.output(0, 0) == 1.0);
}
