// attention.h — one ax::attention call on random data, and its full check.
//
// check() tests each of the four outputs against the float64 math applied to
// the float32 input that step actually received:
//   scores  vs Q·Kᵀ from q, k                 |error| ≤ 1e-5 · (|Q| |K|ᵀ)
//   scaled  vs Q·Kᵀ × scale                   |error| ≤ 1e-5 · |scale| · (|Q| |K|ᵀ)
//   weights vs softmax(reported scaled / T)   1e-5 relative + 1e-30, rows sum to 1 ± 1e-6
//   output  vs reported weights · V           |error| ≤ 1e-5 · (|W| |V|)
// Chaining from the reported intermediate blames an error on the step that
// made it: softmax multiplies an absolute error in its input by up to 1/T, so
// comparing weights with softmax of the exact scores would fail a correct
// kernel whenever T is small (and pass a wrong one when T is large).
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/attention.h"
#include "core/workspace.h"
#include "support/compare.h"
#include "support/random.h"

namespace ax::test {

struct AttentionCase {
  AttentionShape shape;
  std::vector<float> q, k, v;       // (n, dk), (m, dk), (m, dv)
  std::vector<std::uint8_t> mask;   // (n, m), used when options.mask is explicit
  AttentionOptions options;         // run() points mask_values at a non-empty `mask`
};

struct AttentionResult {
  std::vector<float> scores, scaled, weights, output;  // each followed by guards
};

// q, k, v uniform in [-magnitude, magnitude]; an explicit mask shows each key
// with probability p_visible.
inline AttentionCase random_case(AttentionShape shape, float scale, float temperature,
                                 MaskKind mask = MaskKind::none, double p_visible = 0.7,
                                 float magnitude = 1.0f) {
  AttentionCase c;
  c.shape = shape;
  c.q = uniform(shape.n * shape.dk, -magnitude, magnitude);
  c.k = uniform(shape.m * shape.dk, -magnitude, magnitude);
  c.v = uniform(shape.m * shape.dv, -magnitude, magnitude);
  if (mask == MaskKind::explicit_values) c.mask = random_mask(shape.n, shape.m, p_visible);
  c.options.scale = scale;
  c.options.temperature = temperature;
  c.options.mask = mask;
  return c;
}

inline AttentionResult run(AttentionCase& c, Workspace& workspace) {
  const std::size_t nm = c.shape.n * c.shape.m;
  AttentionResult r{with_guard(nm), with_guard(nm), with_guard(nm),
                    with_guard(c.shape.n * c.shape.dv)};
  if (!c.mask.empty()) c.options.mask_values = c.mask.data();
  attention(c.q.data(), c.k.data(), c.v.data(), c.shape, c.options,
            {r.scores.data(), r.scaled.data(), r.weights.data(), r.output.data()},
            workspace);
  return r;
}

inline ref::Mask reference_mask(const AttentionCase& c) {
  switch (c.options.mask) {
    case MaskKind::none: return {};
    case MaskKind::causal: return {ref::Mask::Kind::causal, nullptr};
    case MaskKind::explicit_values:
      return {ref::Mask::Kind::explicit_values, c.mask.data()};
  }
  return {};
}

inline void check(const AttentionCase& c, const AttentionResult& r) {
  const std::size_t n = c.shape.n, m = c.shape.m, dk = c.shape.dk, dv = c.shape.dv;
  const double scale = c.options.scale, temperature = c.options.temperature;
  CAPTURE(n, m, dk, dv, scale, temperature, int(c.options.mask));
  require_guard("scores past n × m", r.scores, n * m, r.scores.size());
  require_guard("scaled past n × m", r.scaled, n * m, r.scaled.size());
  require_guard("weights past n × m", r.weights, n * m, r.weights.size());
  require_guard("output past n × dv", r.output, n * dv, r.output.size());

  const MatrixXd Q = ref::matrix(c.q.data(), n, dk);      // (n, dk)
  const MatrixXd K = ref::matrix(c.k.data(), m, dk);      // (m, dk)
  const MatrixXd V = ref::matrix(c.v.data(), m, dv);      // (m, dv)
  const MatrixXd scores = Q * K.transpose();               // (n, m)
  const MatrixXd magnitude = ref::abs_product(Q, K.transpose());
  require_within("scores", r.scores.data(), scores, 1e-5 * magnitude);
  require_within("scaled", r.scaled.data(), scores * scale,
                 1e-5 * std::fabs(scale) * magnitude);

  const ref::Mask mask = reference_mask(c);
  const MatrixXd weights = ref::softmax_rows(r.scaled.data(), n, m, temperature, mask);
  require_relative("weights", r.weights.data(), weights, 1e-5, 1e-30);
  std::vector<double> sums(n, 0.0);  // 1, or 0 where every key is hidden
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      if (mask.visible(i, j, m)) {
        sums[i] = 1.0;
        continue;
      }
      if (r.weights[i * m + j] == 0.0f) continue;
      INFO("hidden weight (" << i << ", " << j << ") = " << r.weights[i * m + j]);
      REQUIRE(r.weights[i * m + j] == 0.0f);
    }
  }
  require_row_sums(r.weights.data(), n, m, sums, 1e-6);

  // A fully hidden row has W = 0 there, so the bound is 0: its output must be
  // exactly 0, not NaN.
  const MatrixXd W = ref::matrix(r.weights.data(), n, m);  // (n, m)
  require_within("output", r.output.data(), W * V, 1e-5 * ref::abs_product(W, V));
}

// Runs one case on the given Workspace and checks every output.
inline void run_and_check(AttentionCase c, Workspace& workspace) {
  const AttentionResult r = run(c, workspace);
  check(c, r);
}

}  // namespace ax::test
