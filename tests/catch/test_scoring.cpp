// test_scoring.cpp — the four scoring kinds and attention by kind, against the
// float64 reference (support/scoring.h says what is compared, how closely).
//
// Shapes 1…67 and the tile edges of the gemm (MR = 4, NR = 8) and of the tanh
// and dot kernels, m ≠ n, dq ≠ dk for bilinear and additive, every mask kind.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/attention_kinds.h"
#include "core/scoring.h"
#include "support/random.h"
#include "support/scoring.h"

namespace {

using ax::ScoreKind;
using ax::test::random_size;

constexpr ScoreKind kKinds[] = {ScoreKind::dot, ScoreKind::cosine, ScoreKind::bilinear,
                                ScoreKind::additive};
constexpr std::size_t kEdges[] = {1, 3, 4, 5, 7, 8, 9, 16, 17, 67};

}  // namespace

TEST_CASE("scores: every kind, random shapes 1..67", "[scoring]") {
  ax::Workspace ws;
  for (ScoreKind kind : kKinds) {
    for (int trial = 0; trial < 60; ++trial) {
      CAPTURE(trial);
      ax::test::check_scores_run(
          ax::test::random_score_case(kind, random_size(1, 67), random_size(1, 67),
                                      random_size(1, 67), random_size(1, 67), random_size(1, 67)),
          ws);
    }
  }
}

TEST_CASE("scores: every kind, dimensions at tile edges", "[scoring]") {
  ax::Workspace ws;
  for (ScoreKind kind : kKinds) {
    for (std::size_t e : kEdges) {
      // each dimension in turn at the edge, the others random (m ≠ n, dq ≠ dk mostly)
      const std::size_t r1 = random_size(1, 67), r2 = random_size(1, 67), r3 = random_size(1, 67);
      ax::test::check_scores_run(ax::test::random_score_case(kind, e, r1, r2, r3, e), ws);
      ax::test::check_scores_run(ax::test::random_score_case(kind, r1, e, r3, r2, r1), ws);
      ax::test::check_scores_run(ax::test::random_score_case(kind, r2, r3, e, r1, r2), ws);
      ax::test::check_scores_run(ax::test::random_score_case(kind, r3, r1, r2, e, e), ws);
    }
  }
}

TEST_CASE("scores: bilinear and additive with dq != dk", "[scoring]") {
  ax::Workspace ws;
  for (ScoreKind kind : {ScoreKind::bilinear, ScoreKind::additive}) {
    ax::test::check_scores_run(ax::test::random_score_case(kind, 5, 9, 3, 17, 4), ws);
    ax::test::check_scores_run(ax::test::random_score_case(kind, 9, 5, 17, 3, 8), ws);
    ax::test::check_scores_run(ax::test::random_score_case(kind, 1, 67, 1, 67, 67), ws);
    ax::test::check_scores_run(ax::test::random_score_case(kind, 67, 1, 67, 1, 1), ws);
  }
}

TEST_CASE("scores: what each kind means", "[scoring]") {
  ax::Workspace ws;
  std::vector<float> out(2);
  SECTION("cosine_ignores_length") {
    const std::vector<float> q = {3.0f, 4.0f}, k = {6.0f, 8.0f, -0.5f, 0.0f};
    ax::scores(q.data(), k.data(), ScoreKind::cosine, {1, 2, 2, 2, 0}, {}, out.data(), ws);
    REQUIRE(out[0] == 1.0f);
    REQUIRE(out[1] == Approx(-0.6).epsilon(1e-6));
  }
  SECTION("bilinear_with_identity_is_dot") {
    const std::vector<float> q = {1.5f, -2.0f}, k = {0.5f, 3.0f, 2.0f, 1.0f},
                             w = {1.0f, 0.0f, 0.0f, 1.0f};
    ax::scores(q.data(), k.data(), ScoreKind::bilinear, {1, 2, 2, 2, 0}, {w.data()}, out.data(), ws);
    REQUIRE(out[0] == 1.5f * 0.5f - 2.0f * 3.0f);
    REQUIRE(out[1] == 1.5f * 2.0f - 2.0f * 1.0f);
  }
  SECTION("additive_saturates") {
    // one hidden unit, huge weights: tanh is ±1, the score is ±u
    const std::vector<float> q = {1.0f}, k = {1.0f, -3.0f}, wq = {50.0f}, wk = {50.0f}, u = {2.0f};
    ax::ScoreParams p;
    p.wq = wq.data();
    p.wk = wk.data();
    p.u = u.data();
    ax::scores(q.data(), k.data(), ScoreKind::additive, {1, 2, 1, 1, 1}, p, out.data(), ws);
    REQUIRE(out[0] == 2.0f);
    REQUIRE(out[1] == -2.0f);
  }
  SECTION("cosine_of_huge_rows_does_not_overflow") {
    const std::vector<float> q = {3e30f, 4e30f}, k = {4e30f, 3e30f};
    ax::scores(q.data(), k.data(), ScoreKind::cosine, {1, 1, 2, 2, 0}, {}, out.data(), ws);
    REQUIRE(out[0] == Approx(0.96).epsilon(1e-6));
  }
}

TEST_CASE("attention by kind: random shapes, scales, temperatures and masks", "[scoring][attention]") {
  ax::Workspace ws;
  for (ScoreKind kind : kKinds) {
    for (int trial = 0; trial < 40; ++trial) {
      CAPTURE(trial);
      const std::size_t n = random_size(1, 67), m = random_size(1, 67);
      const auto c = ax::test::random_score_case(kind, n, m, random_size(1, 67),
                                                 random_size(1, 67), random_size(1, 67));
      ax::AttentionOptions o;
      o.scale = trial % 3 == 0 ? ax::default_scale(kind, c.shape.dk) : ax::test::random_float(-3.0f, 3.0f);
      o.temperature = trial % 2 == 0 ? 1.0f : ax::test::random_float(0.2f, 4.0f);
      std::vector<std::uint8_t> mask;
      switch (trial % 3) {
        case 0: o.mask = ax::MaskKind::none; break;
        case 1: o.mask = ax::MaskKind::causal; break;
        default:
          o.mask = ax::MaskKind::explicit_values;
          mask = ax::test::random_mask(n, m, 0.6);
      }
      ax::test::check_attention_run(c, random_size(1, 67), o, mask, ws);
    }
  }
}

TEST_CASE("attention by kind: 'dot' is ax::attention, default scales", "[scoring][attention]") {
  ax::Workspace ws;
  REQUIRE(ax::default_scale(ScoreKind::dot, 16) == ax::default_scale(16));
  for (ScoreKind kind : {ScoreKind::cosine, ScoreKind::bilinear, ScoreKind::additive})
    REQUIRE(ax::default_scale(kind, 16) == 1.0f);
  const std::size_t n = 6, m = 11, dk = 9, dv = 5;
  const auto c = ax::test::random_score_case(ScoreKind::dot, n, m, dk, dk, 0);
  const std::vector<float> v = ax::test::uniform(m * dv);
  std::vector<float> a(3 * n * m + n * dv), b(a.size());
  ax::AttentionOptions o;
  o.scale = ax::default_scale(dk);
  o.mask = ax::MaskKind::causal;
  ax::attention(c.q.data(), c.k.data(), v.data(), {n, m, dk, dv}, o,
                {a.data(), a.data() + n * m, a.data() + 2 * n * m, a.data() + 3 * n * m}, ws);
  ax::attention(c.q.data(), c.k.data(), v.data(), ScoreKind::dot, c.shape, dv, {}, o,
                {b.data(), b.data() + n * m, b.data() + 2 * n * m, b.data() + 3 * n * m}, ws);
  for (std::size_t i = 0; i < a.size(); ++i) REQUIRE(ax::test::same_bits(a[i], b[i]));
}
