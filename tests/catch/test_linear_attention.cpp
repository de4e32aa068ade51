// test_linear_attention.cpp — φ = elu + 1 linear attention, plain and causal.
//
// The reference builds the quadratic form Σ_j φ(q_i)·φ(k_j) v_j / Σ_j φ(q_i)·φ(k_j)
// in double (no factorisation, no prefix sums), so it checks the core's
// rearrangement; tolerance 1e-5 relative to Σ_j w_ij |v_jd|.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/linear_attention.h"
#include "reference/reference_cost.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::test::random_size;

void check_linear(std::size_t n, std::size_t m, std::size_t dk, std::size_t dv, bool causal,
                  ax::Workspace& ws, float magnitude = 1.0f) {
  CAPTURE(n, m, dk, dv, causal, magnitude);
  const auto q = ax::test::uniform(n * dk, -magnitude, magnitude);
  const auto k = ax::test::uniform(m * dk, -magnitude, magnitude);
  const auto v = ax::test::uniform(m * dv);
  std::vector<float> out = ax::test::with_guard(n * dv);
  ax::linear_attention(q.data(), k.data(), v.data(), n, m, dk, dv, causal, out.data(), ws);
  ax::test::require_guard("output past n × dv", out, n * dv, out.size());
  ax::ref::MatrixXd bound;
  const auto want = ax::ref::linear_attention(q.data(), k.data(), v.data(), n, m, dk, dv, causal, &bound);
  ax::test::require_within("output", out.data(), want, 1e-5 * bound);
}

}  // namespace

TEST_CASE("linear_attention: non-causal, m ≠ n, against the reference", "[linear]") {
  ax::Workspace ws;
  for (int trial = 0; trial < 60; ++trial) {
    check_linear(random_size(1, 70), random_size(1, 70), random_size(1, 40), random_size(1, 40),
                 false, ws);
  }
  for (std::size_t m : {1, 7, 8, 9, 64, 257}) check_linear(33, m, 16, 9, false, ws, 3.0f);
}

TEST_CASE("linear_attention: causal prefix sums", "[linear][causal]") {
  ax::Workspace ws;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = random_size(1, 70);
    check_linear(n, n, random_size(1, 40), random_size(1, 40), true, ws);
  }
  check_linear(600, 600, 32, 16, true, ws, 2.0f);
  SECTION("first_row_sees_only_v0") {
    const auto q = ax::test::uniform(5 * 3), k = ax::test::uniform(5 * 3), v = ax::test::uniform(5 * 2);
    std::vector<float> out(5 * 2);
    ax::linear_attention(q.data(), k.data(), v.data(), 5, 5, 3, 2, true, out.data(), ws);
    REQUIRE(out[0] == Approx(v[0]).epsilon(1e-6));
    REQUIRE(out[1] == Approx(v[1]).epsilon(1e-6));
  }
}

TEST_CASE("linear_attention: feature map", "[linear]") {
  REQUIRE(ax::linear_feature(0.0f) == 1.0f);
  REQUIRE(ax::linear_feature(2.5f) == 3.5f);
  REQUIRE(ax::linear_feature(-1.0f) == Approx(std::exp(-1.0)).epsilon(1e-6));
  REQUIRE(ax::linear_feature(-200.0f) >= 0.0f);
}

TEST_CASE("linear_attention: bad input is named", "[linear][errors]") {
  ax::Workspace ws;
  auto q = ax::test::uniform(4 * 3), k = ax::test::uniform(6 * 3), v = ax::test::uniform(6 * 2);
  std::vector<float> out(4 * 2);
  SECTION("causal_needs_m_equal_n") {
    REQUIRE_THAT(ax::test::input_error([&] {
                   ax::linear_attention(q.data(), k.data(), v.data(), 4, 6, 3, 2, true, out.data(), ws);
                 }),
                 ax::test::names("causal"));
  }
  SECTION("nan_in_q") {
    q[5] = NAN;
    REQUIRE_THAT(ax::test::input_error([&] {
                   ax::linear_attention(q.data(), k.data(), v.data(), 4, 6, 3, 2, false, out.data(), ws);
                 }),
                 ax::test::names("q"));
  }
  SECTION("zero_dk") {
    REQUIRE_THAT(ax::test::input_error([&] {
                   ax::linear_attention(q.data(), k.data(), v.data(), 4, 6, 0, 2, false, out.data(), ws);
                 }),
                 ax::test::names("dk"));
  }
}

TEST_CASE("linear_attention: features that underflow or grow huge", "[linear]") {
  // φ(−200) = e⁻²⁰⁰ is 0 in float32: without the per-feature shift the denominator would be
  // 0 and the output 0/0. With it, the output is still the φ-weighted mean of the values.
  ax::Workspace ws;
  for (bool causal : {false, true}) {
    CAPTURE(causal);
    const std::size_t n = 9, dk = 5, dv = 3;
    auto q = ax::test::uniform(n * dk, -300.0f, -150.0f);
    auto k = ax::test::uniform(n * dk, -300.0f, -150.0f);
    const auto v = ax::test::uniform(n * dv);
    std::vector<float> out(n * dv);
    ax::linear_attention(q.data(), k.data(), v.data(), n, n, dk, dv, causal, out.data(), ws);
    for (float x : out) REQUIRE(std::isfinite(x));
    ax::ref::MatrixXd bound;
    const auto want = ax::ref::linear_attention(q.data(), k.data(), v.data(), n, n, dk, dv, causal, &bound);
    ax::test::require_within("output (tiny features)", out.data(), want, 1e-5 * bound);
    for (float& x : q) x = -x * 1e35f;  // φ(x) = x + 1 near 1e37: S would overflow float32
    for (float& x : k) x = -x * 1e35f;
    ax::linear_attention(q.data(), k.data(), v.data(), n, n, dk, dv, causal, out.data(), ws);
    const auto want2 = ax::ref::linear_attention(q.data(), k.data(), v.data(), n, n, dk, dv, causal, &bound);
    ax::test::require_within("output (huge features)", out.data(), want2, 1e-5 * bound);
  }
}
