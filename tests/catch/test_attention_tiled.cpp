// test_attention_tiled.cpp — the tiled (online-softmax) output against the
// materialised path and the float64 reference.
//
// Sizes straddle the tiles: n around the 32-row strip (1, 31, 32, 33, 65),
// m around the 64-key block (1, 7, 63, 64, 65, 129), every mask kind, scales
// and temperatures a page can set. The output must equal the materialised
// ax::attention output within 1e-5 · Σ_j w_ij |v_jd| (the size of the terms it
// sums), hidden rows must be exactly 0, and the workspace must stay far below
// n × m floats.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/attention.h"
#include "core/attention_tiled.h"
#include "support/attention.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::AttentionShape;
using ax::MaskKind;
using ax::test::random_size;

// Runs both paths on one case and compares the tiled output with the materialised one.
void check_tiled(ax::test::AttentionCase c, ax::Workspace& ws) {
  const std::size_t n = c.shape.n, m = c.shape.m, dv = c.shape.dv;
  CAPTURE(n, m, c.shape.dk, dv, c.options.scale, c.options.temperature, int(c.options.mask));
  const ax::test::AttentionResult full = ax::test::run(c, ws);  // also sets mask_values
  std::vector<float> out = ax::test::with_guard(n * dv);
  ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options,
                             out.data(), ws);
  ax::test::require_guard("output past n × dv", out, n * dv, out.size());
  const ax::ref::MatrixXd W = ax::ref::matrix(full.weights.data(), n, m);  // (n, m)
  const ax::ref::MatrixXd V = ax::ref::matrix(c.v.data(), m, dv);          // (m, dv)
  const ax::ref::MatrixXd materialised = ax::ref::matrix(full.output.data(), n, dv);
  ax::test::require_within("tiled output vs materialised", out.data(), materialised,
                           1e-5 * ax::ref::abs_product(W, V));
}

float pick_temperature() {
  const float choices[] = {1.0f, 0.5f, 2.7f, 0.2f};
  return choices[random_size(0, 3)];
}

}  // namespace

TEST_CASE("attention_output_tiled: tile edges", "[attention][tiled]") {
  ax::Workspace ws;
  for (std::size_t n : {1, 31, 32, 33, 65}) {
    for (std::size_t m : {1, 7, 63, 64, 65, 129}) {
      const AttentionShape s{n, m, random_size(1, 67), random_size(1, 67)};
      for (MaskKind mask : {MaskKind::none, MaskKind::causal, MaskKind::explicit_values}) {
        check_tiled(ax::test::random_case(s, ax::default_scale(s.dk), pick_temperature(), mask, 0.6), ws);
      }
    }
  }
}

TEST_CASE("attention_output_tiled: random shapes, scales and masks", "[attention][tiled]") {
  ax::Workspace ws;
  for (int trial = 0; trial < 80; ++trial) {
    const AttentionShape s{random_size(1, 140), random_size(1, 140), random_size(1, 40),
                           random_size(1, 40)};
    const MaskKind mask = MaskKind(random_size(0, 2));
    const float scale = ax::test::random_float(-3.0f, 3.0f);
    check_tiled(ax::test::random_case(s, scale, pick_temperature(), mask, ax::test::random_float(0.05f, 1.0f)), ws);
  }
}

TEST_CASE("attention_output_tiled: against the float64 reference", "[attention][tiled]") {
  // Exact inputs, exact math: softmax(Q Kᵀ/√dk) V in double.
  ax::Workspace ws;
  for (std::size_t m : {64, 200, 1000}) {
    const std::size_t n = 37, dk = 64, dv = 24;
    auto c = ax::test::random_case({n, m, dk, dv}, ax::default_scale(dk), 1.0f);
    std::vector<float> out(n * dv);
    ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options, out.data(), ws);
    const auto r = ax::ref::attention(c.q.data(), c.k.data(), c.v.data(), n, m, dk, dv,
                                      c.options.scale, 1.0);
    const ax::ref::MatrixXd V = ax::ref::matrix(c.v.data(), m, dv);
    CAPTURE(m);
    ax::test::require_within("tiled output vs reference", out.data(), r.output,
                             1e-5 * ax::ref::abs_product(r.weights, V));
  }
}

TEST_CASE("attention_output_tiled: masks", "[attention][tiled][mask]") {
  ax::Workspace ws;
  SECTION("fully_hidden_rows_are_exactly_zero") {
    auto c = ax::test::random_case({40, 130, 5, 6}, 1.0f, 1.0f, MaskKind::explicit_values, 0.3);
    for (std::size_t j = 0; j < 130; ++j) c.mask[3 * 130 + j] = 0;   // row 3: nothing visible
    for (std::size_t j = 0; j < 64; ++j) c.mask[35 * 130 + j] = 0;   // row 35: first block hidden
    c.options.mask_values = c.mask.data();
    std::vector<float> out(40 * 6);
    ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options, out.data(), ws);
    for (std::size_t d = 0; d < 6; ++d) REQUIRE(out[3 * 6 + d] == 0.0f);
    check_tiled(c, ws);
  }
  SECTION("causal_first_row_is_v0") {
    auto c = ax::test::random_case({70, 70, 8, 3}, 1.0f, 1.0f, MaskKind::causal);
    std::vector<float> out(70 * 3);
    ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options, out.data(), ws);
    for (std::size_t d = 0; d < 3; ++d) REQUIRE(out[d] == c.v[d]);
  }
  SECTION("large_scores_stay_finite") {
    // Scores near 1e30: the running maximum keeps every exp ≤ 1.
    auto c = ax::test::random_case({33, 130, 4, 4}, 1.0f, 1.0f);
    for (float& x : c.q) x *= 1e15f;
    for (float& x : c.k) x *= 1e14f;
    check_tiled(c, ws);
  }
}

TEST_CASE("attention_output_tiled: bad input and overflow", "[attention][tiled][errors]") {
  ax::Workspace ws;
  auto c = ax::test::random_case({5, 70, 3, 2}, 1.0f, 1.0f);
  std::vector<float> out(5 * 2);
  auto call = [&] {
    ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options, out.data(), ws);
  };
  SECTION("nan_in_k") {
    c.k[66 * 3 + 1] = NAN;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("k"));
  }
  SECTION("zero_dimension") {
    c.shape.dv = 0;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("dv"));
  }
  SECTION("temperature") {
    c.options.temperature = 0.0f;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("temperature"));
  }
  SECTION("scores_overflow_reported_at_their_place") {
    for (float& x : c.q) x = 3e19f;
    for (float& x : c.k) x = 3e19f;
    const std::string message = ax::test::input_error(call);
    REQUIRE_THAT(message, ax::test::names("scores"));
    REQUIRE_THAT(message, ax::test::mentions("row 0, column 0"));
  }
  SECTION("scaled_overflow") {
    c.options.scale = 3e38f;
    for (float& x : c.q) x = 4.0f;
    for (float& x : c.k) x = 4.0f;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("scaled"));
  }
}

TEST_CASE("attention_output_tiled: never holds n × m", "[attention][tiled][memory]") {
  ax::Workspace ws;
  const AttentionShape s{512, 512, 16, 16};
  auto c = ax::test::random_case(s, ax::default_scale(s.dk), 1.0f);
  std::vector<float> out(s.n * s.dv);
  ax::attention_output_tiled(c.q.data(), c.k.data(), c.v.data(), s, c.options, out.data(), ws);
  const std::size_t held = ws.packed_b.size() + ws.row.size() + ws.keys_packed.size() +
                           ws.values_packed.size() + ws.tile.size() + 2 * ws.wide.size();
  CAPTURE(held, ax::attention_tiled_workspace_floats(s));
  REQUIRE(held <= ax::attention_tiled_workspace_floats(s));
  REQUIRE(held * 10 < s.n * s.m);  // (n + m)(dk + dv) ≪ n · m here
}
