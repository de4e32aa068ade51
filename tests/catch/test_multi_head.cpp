// test_multi_head.cpp — ax::multi_head against the float64 reference.
//
// Each output is checked against the math applied to the reported input of its
// step, so an error is blamed on the step that made it:
//   q, k, v  vs X·Wq, S·Wk, S·Wv               |error| ≤ 1e-5 · (|X| |W|)
//   weights  vs softmax(Q_h K_hᵀ / √dh) from the reported q, k; the kernel's
//            score rounding (≤ 1e-6 · (|Q_h| |K_h|ᵀ)/√dh per score) moves a
//            weight by at most w·(δ_ij + max_l δ_il), plus 1e-5 relative
//   concat   vs weights_h · V_h from the reported weights, v
//   output   vs reported concat · Wo
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "core/multi_head.h"
#include "reference/scoring.h"
#include "support/compare.h"
#include "support/random.h"

namespace {

using ax::ref::MatrixXd;
using ax::test::random_size;

struct Case {
  std::size_t n, m, d, heads;
  bool cross;
  ax::MaskKind mask = ax::MaskKind::none;
  std::vector<float> x, source, wq, wk, wv, wo;
  std::vector<std::uint8_t> mask_values;
};

Case make_case(std::size_t n, std::size_t m, std::size_t d, std::size_t heads, bool cross,
               ax::MaskKind mask) {
  Case c{n, cross ? m : n, d, heads, cross, mask, {}, {}, {}, {}, {}, {}, {}};
  const float w = 1.0f / std::sqrt(float(d));
  c.x = ax::test::uniform(n * d);
  if (cross) c.source = ax::test::uniform(c.m * d);
  c.wq = ax::test::uniform(d * d, -2 * w, 2 * w);
  c.wk = ax::test::uniform(d * d, -2 * w, 2 * w);
  c.wv = ax::test::uniform(d * d, -w, w);
  c.wo = ax::test::uniform(d * d, -w, w);
  if (mask == ax::MaskKind::explicit_values) c.mask_values = ax::test::random_mask(n, c.m, 0.6);
  return c;
}

void run_and_check(const Case& c, ax::Workspace& ws) {
  const std::size_t n = c.n, m = c.m, d = c.d, heads = c.heads, dh = d / heads;
  CAPTURE(n, m, d, heads, c.cross, int(c.mask));
  using ax::test::with_guard;
  std::vector<float> q = with_guard(n * d), k = with_guard(m * d), v = with_guard(m * d),
                     weights = with_guard(heads * n * m), concat = with_guard(n * d),
                     output = with_guard(n * d);
  ax::multi_head(c.x.data(), c.cross ? c.source.data() : nullptr, {n, m, d, heads},
                 {c.wq.data(), c.wk.data(), c.wv.data(), c.wo.data()}, c.mask,
                 c.mask_values.empty() ? nullptr : c.mask_values.data(),
                 {q.data(), k.data(), v.data(), weights.data(), concat.data(), output.data()}, ws);
  ax::test::require_guard("weights past heads × n × m", weights, heads * n * m, weights.size());
  ax::test::require_guard("output past n × d", output, n * d, output.size());
  ax::test::require_guard("concat past n × d", concat, n * d, concat.size());

  namespace ref = ax::ref;
  const MatrixXd X = ref::matrix(c.x.data(), n, d);
  const MatrixXd S = c.cross ? ref::matrix(c.source.data(), m, d) : X;
  const MatrixXd Wq = ref::matrix(c.wq.data(), d, d), Wk = ref::matrix(c.wk.data(), d, d),
                 Wv = ref::matrix(c.wv.data(), d, d), Wo = ref::matrix(c.wo.data(), d, d);
  ax::test::require_within("q", q.data(), X * Wq, 1e-5 * ref::abs_product(X, Wq));
  ax::test::require_within("k", k.data(), S * Wk, 1e-5 * ref::abs_product(S, Wk));
  ax::test::require_within("v", v.data(), S * Wv, 1e-5 * ref::abs_product(S, Wv));

  ref::Mask mask;
  if (c.mask == ax::MaskKind::causal) mask.kind = ref::Mask::Kind::causal;
  if (c.mask == ax::MaskKind::explicit_values)
    mask = {ref::Mask::Kind::explicit_values, c.mask_values.data()};
  const MatrixXd Q = ref::matrix(q.data(), n, d), K = ref::matrix(k.data(), m, d),
                 V = ref::matrix(v.data(), m, d);
  MatrixXd concat_want = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(d));
  MatrixXd concat_bound = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(d));
  for (std::size_t h = 0; h < heads; ++h) {
    CAPTURE(h);
    const Eigen::Index col = Eigen::Index(h * dh), width = Eigen::Index(dh);
    const double scale = 1.0 / std::sqrt(double(dh));
    const MatrixXd scaled = Q.middleCols(col, width) * K.middleCols(col, width).transpose() * scale;
    const MatrixXd delta = 1e-6 * scale *
                           ref::abs_product(Q.middleCols(col, width), K.middleCols(col, width).transpose());
    const MatrixXd want = ref::softmax_rows(scaled, 1.0, mask);
    MatrixXd bound(want.rows(), want.cols());
    for (Eigen::Index i = 0; i < want.rows(); ++i)
      for (Eigen::Index j = 0; j < want.cols(); ++j)
        bound(i, j) = want(i, j) * (1e-5 + delta(i, j) + delta.row(i).maxCoeff()) + 1e-30;
    ax::test::require_within("weights", weights.data() + h * n * m, want, bound);
    const MatrixXd W = ref::matrix(weights.data() + h * n * m, n, m);
    concat_want.middleCols(col, width) = W * V.middleCols(col, width);
    concat_bound.middleCols(col, width) = 1e-5 * ref::abs_product(W, V.middleCols(col, width));
  }
  ax::test::require_within("concat", concat.data(), concat_want, concat_bound);
  const MatrixXd C = ref::matrix(concat.data(), n, d);
  ax::test::require_within("output", output.data(), C * Wo, 1e-5 * ref::abs_product(C, Wo));
}

}  // namespace

TEST_CASE("multi_head: the reference itself, one head is plain attention", "[multi_head]") {
  // With one head and identity weights, multi-head attention is softmax(XXᵀ/√d)·X.
  const std::size_t n = 3, d = 2;
  const std::vector<float> x = {1, 0, 0, 1, 1, 1}, eye = {1, 0, 0, 1};
  const auto r = ax::ref::multi_head(x.data(), nullptr, n, n, d, 1, eye.data(), eye.data(),
                                     eye.data(), eye.data());
  const MatrixXd X = ax::ref::matrix(x.data(), n, d);
  const MatrixXd w = ax::ref::softmax_rows(X * X.transpose() / std::sqrt(2.0), 1.0);
  REQUIRE((r.output - w * X).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("multi_head: heads dividing dModel, self and cross, masks", "[multi_head]") {
  ax::Workspace ws;
  const std::size_t shapes[][2] = {{1, 1}, {4, 1}, {4, 2}, {4, 4}, {8, 2}, {8, 4}, {12, 3},
                                   {16, 4}, {16, 8}, {24, 6}, {64, 8}, {67, 67}, {66, 11}, {9, 3}};
  for (const auto& s : shapes) {
    for (int variant = 0; variant < 3; ++variant) {
      const bool cross = variant != 1;
      const auto mask = variant == 0 ? ax::MaskKind::none
                        : variant == 1 ? ax::MaskKind::causal : ax::MaskKind::explicit_values;
      run_and_check(make_case(random_size(1, 67), random_size(1, 67), s[0], s[1], cross, mask), ws);
    }
  }
}

TEST_CASE("multi_head: n and m at tile edges", "[multi_head]") {
  ax::Workspace ws;
  for (std::size_t n : {1, 3, 4, 5, 8, 9}) {
    for (std::size_t m : {1, 4, 7, 8, 9, 17}) {
      run_and_check(make_case(n, m, 8, 2, true, ax::MaskKind::none), ws);
      run_and_check(make_case(n, m, 12, 4, true, ax::MaskKind::causal), ws);
    }
  }
}

TEST_CASE("multi_head: one Workspace across shrinking and growing shapes", "[multi_head][workspace]") {
  ax::Workspace ws;
  const std::size_t sequence[][4] = {{30, 40, 64, 8}, {1, 1, 1, 1}, {9, 2, 6, 3}, {2, 9, 16, 16}, {30, 40, 64, 8}};
  for (const auto& s : sequence) run_and_check(make_case(s[0], s[1], s[2], s[3], true, ax::MaskKind::none), ws);
}
