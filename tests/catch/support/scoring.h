// scoring.h — random cases for the scoring kinds and their check against the
// float64 reference (src/reference/scoring.h).
//
//   scores  vs the kind's formula             |error| ≤ 1e-5 · magnitude (reference)
//   scaled  vs reported scores × scale        |error| ≤ 1e-6 · |scores × scale|
//   weights vs softmax(reported scaled / T)   1e-5 relative + 1e-30, hidden keys exactly 0
//   output  vs reported weights · V           |error| ≤ 1e-5 · (|W| |V|)
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "core/attention_kinds.h"
#include "core/scoring.h"
#include "reference/scoring.h"
#include "support/compare.h"
#include "support/random.h"

namespace ax::test {

struct ScoreCase {
  ScoreKind kind = ScoreKind::dot;
  ScoreShape shape;
  std::vector<float> q, k, w, wq, wk, u;  // only the kind's own matrices are non-empty

  ScoreParams params() const {
    auto ptr = [](const std::vector<float>& x) { return x.empty() ? nullptr : x.data(); };
    return {ptr(w), ptr(wq), ptr(wk), ptr(u)};
  }
};

// dq = dk for dot and cosine; dh only for additive. Matrices scaled so that
// additive's tanh inputs spread over its whole curve, saturated ends included.
inline ScoreCase random_score_case(ScoreKind kind, std::size_t n, std::size_t m, std::size_t dq,
                                   std::size_t dk, std::size_t dh) {
  ScoreCase c;
  c.kind = kind;
  if (kind == ScoreKind::dot || kind == ScoreKind::cosine) dq = dk;
  if (kind != ScoreKind::additive) dh = 0;
  c.shape = {n, m, dq, dk, dh};
  c.q = uniform(n * dq);
  c.k = uniform(m * dk);
  if (kind == ScoreKind::bilinear) c.w = uniform(dq * dk);
  if (kind == ScoreKind::additive) {
    c.wq = uniform(dh * dq, -3.0f / std::sqrt(float(dq)), 3.0f / std::sqrt(float(dq)));
    c.wk = uniform(dh * dk, -3.0f / std::sqrt(float(dk)), 3.0f / std::sqrt(float(dk)));
    c.u = uniform(dh);
  }
  return c;
}

inline ref::Scores reference_scores(const ScoreCase& c) {
  const ScoreParams p = c.params();
  return ref::scores(score_kind_name(c.kind), c.q.data(), c.k.data(), c.shape.n, c.shape.m,
                     c.shape.dq, c.shape.dk, c.shape.dh, p.w, p.wq, p.wk, p.u);
}

inline void check_scores(const ScoreCase& c, const float* got) {
  CAPTURE(score_kind_name(c.kind), c.shape.n, c.shape.m, c.shape.dq, c.shape.dk, c.shape.dh);
  const ref::Scores want = reference_scores(c);
  require_within("scores", got, want.value, 1e-5 * want.magnitude);
}

inline void check_scores_run(const ScoreCase& c, Workspace& ws) {
  std::vector<float> out = with_guard(c.shape.n * c.shape.m);
  scores(c.q.data(), c.k.data(), c.kind, c.shape, c.params(), out.data(), ws);
  require_guard("scores past n × m", out, c.shape.n * c.shape.m, out.size());
  check_scores(c, out.data());
}

// One attention call by kind, then every output against the chained reference.
inline void check_attention_run(const ScoreCase& c, std::size_t dv, const AttentionOptions& o,
                                const std::vector<std::uint8_t>& mask_values, Workspace& ws) {
  const std::size_t n = c.shape.n, m = c.shape.m;
  std::vector<float> v = uniform(m * dv);
  std::vector<float> scores = with_guard(n * m), scaled = with_guard(n * m),
                     weights = with_guard(n * m), output = with_guard(n * dv);
  AttentionOptions options = o;
  if (!mask_values.empty()) options.mask_values = mask_values.data();
  attention(c.q.data(), c.k.data(), v.data(), c.kind, c.shape, dv, c.params(), options,
            {scores.data(), scaled.data(), weights.data(), output.data()}, ws);
  CAPTURE(dv, o.scale, o.temperature, int(o.mask));
  require_guard("output past n × dv", output, n * dv, output.size());
  check_scores(c, scores.data());
  const MatrixXd s = ref::matrix(scores.data(), n, m);
  require_within("scaled", scaled.data(), s * double(o.scale),
                 1e-6 * (s * double(o.scale)).cwiseAbs());
  ref::Mask mask;
  if (o.mask == MaskKind::causal) mask.kind = ref::Mask::Kind::causal;
  if (o.mask == MaskKind::explicit_values) mask = {ref::Mask::Kind::explicit_values, mask_values.data()};
  require_relative("weights", weights.data(),
                   ref::softmax_rows(scaled.data(), n, m, o.temperature, mask), 1e-5, 1e-30);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      if (!mask.visible(i, j, m)) REQUIRE(weights[i * m + j] == 0.0f);
  const MatrixXd W = ref::matrix(weights.data(), n, m), V = ref::matrix(v.data(), m, dv);
  require_within("output", output.data(), W * V, 1e-5 * ref::abs_product(W, V));
}

}  // namespace ax::test
