// multi_head.h — multi-head attention, every intermediate kept.
//
//   Q = X · Wq (n, dModel)    K = S · Wk (m, dModel)    V = S · Wv (m, dModel)
//   head h owns columns h·dh … (h+1)·dh − 1, dh = dModel / heads:
//     weights_h = softmax(Q_h · K_hᵀ / √dh)  (n, m), over visible keys
//     concat[:, h·dh …] = weights_h · V_h    (n, dh)
//   output = concat · Wo                     (n, dModel)
//
// X is (n, dModel); S, the keys' and values' input, is X itself for
// self-attention (m = n) or another sequence (m, dModel) for cross-attention.
// Every W is (dModel, dModel), applied as X · W. Splitting dModel into heads
// keeps the cost of one full-width head: the projections are the same size,
// and the heads' score work adds up to n·m·dModel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/attention.h"
#include "core/workspace.h"

namespace ax {

struct MultiHeadShape {
  std::size_t n = 0;        // queries (rows of X)
  std::size_t m = 0;        // keys and values (rows of S; n when S is X)
  std::size_t d_model = 0;  // model width
  std::size_t heads = 0;    // must divide d_model
};

struct MultiHeadWeights {
  const float* wq;  // (dModel, dModel) each
  const float* wk;
  const float* wv;
  const float* wo;
};

struct MultiHeadOutputs {
  float* q;        // (n, dModel)
  float* k;        // (m, dModel)
  float* v;        // (m, dModel)
  float* weights;  // (heads, n, m)
  float* concat;   // (n, dModel)
  float* output;   // (n, dModel)
};

// source == nullptr is self-attention: keys and values come from x and
// shape.m must equal shape.n. Throws ax::InputError naming the argument.
void multi_head(const float* x, const float* source, const MultiHeadShape& shape,
                const MultiHeadWeights& weights, MaskKind mask,
                const std::uint8_t* mask_values, const MultiHeadOutputs& out,
                Workspace& workspace);

}  // namespace ax
