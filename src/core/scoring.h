// scoring.h — four ways to score a query against a key, for every pair at once.
//
//   dot        s(i, j) = q_i · k_j                               dq = dk
//   cosine     s(i, j) = q_i · k_j / (|q_i| |k_j|)               dq = dk, no zero rows
//   bilinear   s(i, j) = q_iᵀ W k_j        W (dq, dk)            Luong's "general"
//   additive   s(i, j) = uᵀ tanh(Wq q_i + Wk k_j)                Bahdanau
//                                  Wq (dh, dq), Wk (dh, dk), u (dh)
//
// Q is (n, dq), K is (m, dk), scores (n, m), all row-major. The scaled dot
// product is 'dot' with scale 1/√dk in attention (attention_kinds.h); scoring
// itself never scales.
#pragma once

#include <cstddef>
#include <string>

#include "core/workspace.h"

namespace ax {

enum class ScoreKind { dot, cosine, bilinear, additive };

// 'dot' | 'cosine' | 'bilinear' | 'additive'; anything else throws naming `kind`.
ScoreKind score_kind(const std::string& name);
const char* score_kind_name(ScoreKind kind);

struct ScoreShape {
  std::size_t n = 0;   // queries
  std::size_t m = 0;   // keys
  std::size_t dq = 0;  // query width
  std::size_t dk = 0;  // key width
  std::size_t dh = 0;  // additive's hidden width; 0 for every other kind
};

// The kind's own matrices; a kind's matrices must all be given and every
// other one must be null (a w passed with 'dot' is a mistake, not ignored).
struct ScoreParams {
  const float* w = nullptr;   // (dq, dk)  bilinear
  const float* wq = nullptr;  // (dh, dq)  additive
  const float* wk = nullptr;  // (dh, dk)  additive
  const float* u = nullptr;   // (dh)      additive
};

// Throws ax::InputError naming the argument: a dimension of 0, dq ≠ dk for dot
// and cosine, dh given to another kind, a missing or surplus matrix, a
// non-finite value, a zero row of q or k for cosine.
void validate_scores(const float* q, const float* k, ScoreKind kind,
                     const ScoreShape& shape, const ScoreParams& params);

// Validates, then writes the (n, m) scores; throws if they overflow float32.
void scores(const float* q, const float* k, ScoreKind kind, const ScoreShape& shape,
            const ScoreParams& params, float* out, Workspace& workspace);

// Scores without the validation, for callers that have validated already.
void scores_unchecked(const float* q, const float* k, ScoreKind kind,
                      const ScoreShape& shape, const ScoreParams& params, float* out,
                      Workspace& workspace);

}  // namespace ax
