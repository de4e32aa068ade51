// attention_backward.h — gradients of scaled dot-product attention.
//
// For the forward pass of attention.h (scores = Q·Kᵀ, Z = scores × scale / T,
// W = softmax(Z) over visible keys, output = W·V) and an upstream gradient
// dOutput (n, dv), the gradients of L = Σ output ⊙ dOutput are
//
//   dV = Wᵀ · dOutput                                   (m, dv)
//   dW = dOutput · Vᵀ                                   (n, m)
//   dS = (scale / T) · W ⊙ (dW − rowsum(W ⊙ dW))        (n, m)  softmax backward
//   dQ = dS · K                                         (n, dk)
//   dK = dSᵀ · Q                                        (m, dk)
//
// Hidden keys have W = 0, so they get no gradient through the softmax and
// add nothing to dV; a fully hidden row has W = 0 everywhere and contributes
// nothing at all. Every product runs the same gemm micro-kernel as the
// forward pass (Vᵀ and Kᵀ through the transposed packing).
#pragma once

#include <cstddef>
#include <vector>

#include "core/attention.h"
#include "core/gemm_ops.h"
#include "core/workspace.h"

namespace ax {

struct AttentionGradients {
  float* dq;  // (n, dk)
  float* dk;  // (m, dk)
  float* dv;  // (m, dv)
};

// Scratch reused across calls: buffers only grow.
struct BackwardWorkspace {
  Workspace forward;
  GemmScratch gemm;
  std::vector<float> scores, scaled, weights, output;  // the recomputed forward
  std::vector<float> d_weights, d_scores;              // (n, m) each
};

// Validates like attention() plus d_output (n, dv) finite, recomputes the
// forward pass, and writes dq, dk, dv. Throws ax::InputError naming the
// argument; also if a gradient overflows float32.
void attention_backward(const float* q, const float* k, const float* v,
                        const float* d_output, const AttentionShape& shape,
                        const AttentionOptions& options,
                        const AttentionGradients& out, BackwardWorkspace& ws);

// The same gradients from the forward weights (n, m) the caller already has
// (the trainer keeps them from its forward pass). No validation.
void attention_backward_from_weights(const float* q, const float* k,
                                     const float* v, const float* weights,
                                     const float* d_output,
                                     const AttentionShape& shape,
                                     const AttentionOptions& options,
                                     const AttentionGradients& out,
                                     BackwardWorkspace& ws);

}  // namespace ax
