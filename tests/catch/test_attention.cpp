// test_attention.cpp — ax::attention against the float64 reference, unmasked.
//
// Shapes: n, m, dk, dv sampled over 1..67 (m ≠ n is cross-attention), plus
// every pair of tile-edge sizes for n and m. Scale is any finite number
// (0 and negative included; the core never substitutes 1/√dk), T ≠ 1.
// support/attention.h says what is compared and with which tolerance.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/attention.h"
#include "support/attention.h"
#include "support/random.h"

namespace {

using ax::AttentionShape;
using ax::test::random_size;

AttentionShape random_shape(std::size_t max = 67) {
  return {random_size(1, max), random_size(1, max), random_size(1, max), random_size(1, max)};
}

// Scales a page can set: the textbook 1/√dk, 0 (uniform weights), negative
// (attends to the least similar key), large, and arbitrary.
float pick_scale(std::size_t dk) {
  switch (random_size(0, 4)) {
    case 0: return ax::default_scale(dk);
    case 1: return 0.0f;
    case 2: return -0.7f;
    case 3: return 3.5f;
    default: return ax::test::random_float(-3.0f, 3.0f);
  }
}

float pick_temperature() {
  const float choices[] = {1.0f, 0.5f, 2.7f, 0.05f, 20.0f};
  return choices[random_size(0, 4)];
}

}  // namespace

TEST_CASE("attention: random shapes vs the reference", "[attention]") {
  ax::Workspace ws;
  for (int trial = 0; trial < 400; ++trial) {
    const AttentionShape s = random_shape();
    CAPTURE(trial);
    const float scale = pick_scale(s.dk);  // drawn in a fixed order: reproducible
    const float temperature = pick_temperature();
    ax::test::run_and_check(ax::test::random_case(s, scale, temperature), ws);
  }
}

TEST_CASE("attention: n and m at tile edges", "[attention]") {
  ax::Workspace ws;
  const std::size_t edges[] = {1, 3, 4, 5, 8, 9, 67};
  for (std::size_t n : edges) {
    for (std::size_t m : edges) {
      const AttentionShape s{n, m, random_size(1, 67), random_size(1, 67)};
      ax::test::run_and_check(ax::test::random_case(s, ax::default_scale(s.dk), 0.8f), ws);
    }
  }
}

TEST_CASE("attention: scale and temperature", "[attention]") {
  ax::Workspace ws;
  const AttentionShape s{9, 13, 16, 5};
  SECTION("default_scale is 1/sqrt(dk)") {
    for (std::size_t dk : {1, 2, 4, 16, 64, 67})
      REQUIRE(ax::default_scale(dk) == Approx(1.0 / std::sqrt(double(dk))).epsilon(1e-7));
  }
  SECTION("scale_zero_gives_uniform_weights") {
    auto c = ax::test::random_case(s, 0.0f, 1.0f);
    const auto r = ax::test::run(c, ws);
    ax::test::check(c, r);
    for (std::size_t i = 0; i < s.n * s.m; ++i)
      REQUIRE(r.weights[i] == Approx(1.0 / double(s.m)).epsilon(1e-6));
  }
  SECTION("negative_scale_prefers_the_least_similar_key") {
    for (float scale : {-0.25f, -1.0f, -8.0f}) ax::test::run_and_check(ax::test::random_case(s, scale, 1.0f), ws);
  }
  SECTION("temperature_not_one") {
    for (float temperature : {0.01f, 0.2f, 0.5f, 2.0f, 10.0f, 1000.0f})
      ax::test::run_and_check(ax::test::random_case(s, ax::default_scale(s.dk), temperature), ws);
  }
  SECTION("temperature_sharpens_and_flattens") {
    // Same inputs: as T grows the weights approach uniform, as T shrinks one-hot.
    auto c = ax::test::random_case({1, 6, 4, 2}, 1.0f, 1.0f);
    double previous_max = 2.0;
    for (float temperature : {0.01f, 0.1f, 1.0f, 10.0f, 1000.0f}) {
      c.options.temperature = temperature;
      const auto r = ax::test::run(c, ws);
      ax::test::check(c, r);
      const double max = *std::max_element(r.weights.begin(), r.weights.begin() + 6);
      CAPTURE(temperature, max);
      REQUIRE(max <= previous_max);
      previous_max = max;
    }
    REQUIRE(previous_max == Approx(1.0 / 6).epsilon(1e-2));
  }
}

TEST_CASE("attention: larger shapes", "[attention]") {
  // Past 67 in every dimension: many gemm strips and panels, long softmax rows.
  ax::Workspace ws;
  ax::test::run_and_check(ax::test::random_case({130, 70, 64, 64}, ax::default_scale(64), 1.0f), ws);
  ax::test::run_and_check(ax::test::random_case({1, 1000, 72, 3}, ax::default_scale(72), 0.7f), ws);
  ax::test::run_and_check(ax::test::random_case({257, 2, 5, 129}, 0.3f, 1.5f), ws);
}

TEST_CASE("attention: one Workspace reused across shrinking and growing shapes",
          "[attention][workspace]") {
  // Buffers only grow; a stale size or a leftover value from a bigger call
  // must never leak into a smaller one, or the other way round.
  ax::Workspace ws;
  const AttentionShape sequence[] = {{67, 67, 67, 67}, {1, 1, 1, 1},  {5, 40, 3, 9},
                                     {40, 5, 9, 3},    {2, 130, 64, 8}, {1, 2, 1, 1},
                                     {67, 67, 67, 67}, {9, 9, 8, 8}};
  for (int round = 0; round < 2; ++round) {
    for (const AttentionShape& s : sequence) {
      const auto mask = ax::test::coin() ? ax::MaskKind::explicit_values : ax::MaskKind::causal;
      ax::test::run_and_check(ax::test::random_case(s, ax::default_scale(s.dk), 0.9f, mask, 0.6), ws);
      ax::test::run_and_check(ax::test::random_case(s, -1.3f, 1.7f), ws);
    }
  }
}
