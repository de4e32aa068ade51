// attention_kinds.h — attention whose scores come from any scoring function.
//
//   scores  = score(Q, K) by kind (scoring.h)  (n, m)
//   scaled  = scores × scale                    (n, m)   see default_scale(kind, dk)
//   weights = softmax(scaled / T) per row       (n, m)   over visible keys only
//   output  = weights · V                       (n, dv)
//
// Q is (n, dq), K is (m, dk), V is (m, dv). With kind 'dot' and dq = dk this is
// exactly ax::attention (attention.h); masks, temperature and the all-hidden
// row behave the same for every kind.
#pragma once

#include <cstddef>

#include "core/attention.h"
#include "core/scoring.h"

namespace ax {

// 1/√dk for 'dot' (the scaled dot product), 1 for the kinds that set their own
// scale (cosine is bounded by ±1; bilinear and additive learn theirs).
float default_scale(ScoreKind kind, std::size_t dk);

// shape.dk and shape.dq are the score's widths, dv the value width.
void attention(const float* q, const float* k, const float* v, ScoreKind kind,
               const ScoreShape& shape, std::size_t dv, const ScoreParams& params,
               const AttentionOptions& options, const AttentionOutputs& out,
               Workspace& workspace);

}  // namespace ax
