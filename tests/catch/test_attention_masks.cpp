// test_attention_masks.cpp — masks and extreme scores in ax::attention.
//
// Hidden keys must get weight exactly 0 (not 1e-45), a row with every key
// hidden gets all-zero weights and an all-zero output row (not NaN), and
// scores and scaled are still reported for hidden pairs. Huge but finite
// scores must still give weights summing to 1; scores beyond float32 must be
// refused with a message that says so.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/attention.h"
#include "support/attention.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::AttentionShape;
using ax::MaskKind;
using ax::test::random_size;

}  // namespace

TEST_CASE("attention: causal mask", "[attention][mask]") {
  // Key j is visible to query i iff j ≤ i, also when m ≠ n: with m < n the
  // last rows see every key, with m > n the keys past n are never seen.
  ax::Workspace ws;
  SECTION("random shapes") {
    for (int trial = 0; trial < 60; ++trial) {
      const AttentionShape s{random_size(1, 67), random_size(1, 67), random_size(1, 67),
                             random_size(1, 67)};
      ax::test::run_and_check(ax::test::random_case(s, ax::default_scale(s.dk), 0.6f, MaskKind::causal), ws);
    }
  }
  SECTION("first query sees only the first key") {
    auto c = ax::test::random_case({4, 4, 3, 2}, 1.0f, 1.0f, MaskKind::causal);
    const auto r = ax::test::run(c, ws);
    ax::test::check(c, r);
    REQUIRE(r.weights[0] == 1.0f);
    REQUIRE(r.output[0] == c.v[0]);  // the output row is v₀ itself
    REQUIRE(r.output[1] == c.v[1]);
  }
}

TEST_CASE("attention: explicit masks", "[attention][mask]") {
  ax::Workspace ws;
  SECTION("random_masks") {
    for (double p_visible : {0.1, 0.5, 0.9}) {
      for (int trial = 0; trial < 30; ++trial) {
        const AttentionShape s{random_size(1, 67), random_size(1, 67), random_size(1, 67),
                               random_size(1, 67)};
        ax::test::run_and_check(ax::test::random_case(s, ax::test::random_float(-2.0f, 2.0f), 1.3f,
                                         MaskKind::explicit_values, p_visible),
                   ws);
      }
    }
  }
  SECTION("fully_masked_rows_give_zero_weights_and_zero_output") {
    for (int trial = 0; trial < 30; ++trial) {
      const AttentionShape s{random_size(2, 20), random_size(1, 20), random_size(1, 9),
                             random_size(1, 9)};
      auto c = ax::test::random_case(s, 1.0f, 0.8f, MaskKind::explicit_values, 0.5);
      const std::size_t hidden_row = random_size(0, s.n - 1);
      for (std::size_t j = 0; j < s.m; ++j) c.mask[hidden_row * s.m + j] = 0;
      const auto r = ax::test::run(c, ws);
      ax::test::check(c, r);  // weights and output of that row must be exactly 0
      for (std::size_t j = 0; j < s.m; ++j) REQUIRE(r.weights[hidden_row * s.m + j] == 0.0f);
      for (std::size_t d = 0; d < s.dv; ++d) REQUIRE(r.output[hidden_row * s.dv + d] == 0.0f);
    }
  }
  SECTION("everything_masked") {
    auto c = ax::test::random_case({5, 7, 3, 4}, 1.0f, 1.0f, MaskKind::explicit_values, 0.0);
    const auto r = ax::test::run(c, ws);
    ax::test::check(c, r);
  }
  SECTION("mask_of_ones_equals_no_mask") {
    auto c = ax::test::random_case({6, 11, 8, 3}, 0.4f, 0.9f, MaskKind::explicit_values, 1.0);
    const auto masked = ax::test::run(c, ws);
    c.options.mask = MaskKind::none;
    const auto plain = ax::test::run(c, ws);
    REQUIRE(masked.weights == plain.weights);
    REQUIRE(masked.output == plain.output);
  }
}

TEST_CASE("attention: huge scores stay finite", "[attention][extreme]") {
  // Scores near 1e30: without the max subtraction exp overflows to ∞ and the
  // weights become NaN. Inputs are identical floats for kernel and reference,
  // so the full comparison still applies.
  ax::Workspace ws;
  SECTION("huge q and k") {
    for (MaskKind mask : {MaskKind::none, MaskKind::causal, MaskKind::explicit_values}) {
      for (int trial = 0; trial < 10; ++trial) {
        const AttentionShape s{random_size(1, 17), random_size(1, 17), random_size(1, 4),
                               random_size(1, 9)};
        auto c = ax::test::random_case(s, 1.0f, 1.0f, mask, 0.7);
        for (float& x : c.q) x *= 7e14f;  // |scores| up to ~2e30
        for (float& x : c.k) x *= 7e14f;
        ax::test::run_and_check(c, ws);
        c.options.temperature = 0.1f;
        ax::test::run_and_check(c, ws);
      }
    }
  }
  SECTION("huge scale on ordinary scores") {
    ax::test::run_and_check(ax::test::random_case({8, 9, 4, 4}, 1e30f, 1.0f), ws);
    ax::test::run_and_check(ax::test::random_case({8, 9, 4, 4}, -1e30f, 3.0f), ws);
  }
}

TEST_CASE("attention: scores beyond float32 throw", "[attention][extreme]") {
  using ax::test::input_error;
  using ax::test::mentions;
  ax::Workspace ws;
  SECTION("Q·Kᵀ overflows") {
    auto c = ax::test::random_case({2, 3, 2, 2}, 1.0f, 1.0f);
    c.q = {1e20f, 1e20f, 0.5f, 0.5f};  // q₀·k₀ = 2e40 > FLT_MAX
    c.k[0] = c.k[1] = 1e20f;
    REQUIRE_THAT(input_error([&] { ax::test::run(c, ws); }), mentions("scores"));
  }
  SECTION("scores × scale overflows") {
    auto c = ax::test::random_case({2, 3, 2, 2}, 1e30f, 1.0f);
    c.q = {1e10f, 1e10f, 0.5f, 0.5f};  // score 2e10, × 1e30 = 2e40 > FLT_MAX
    c.k[0] = c.k[1] = 1.0f;
    REQUIRE_THAT(input_error([&] { ax::test::run(c, ws); }), mentions("scale"));
  }
  // The same workspace still gives right answers afterwards.
  ax::test::run_and_check(ax::test::random_case({7, 5, 6, 4}, 0.5f, 1.0f), ws);
}
