// linear_attention.h — kernelised attention in time O((n + m)·dk·dv).
//
// Katharopoulos et al. (2020), "Transformers are RNNs": replace exp(q·k) by
// φ(q)·φ(k) with the positive feature map φ(x) = elu(x) + 1 (x + 1 for x > 0,
// eˣ otherwise). The sums over keys then factor out of every query:
//
//   S = Σ_j φ(k_j) v_jᵀ     (dk, dv)        z = Σ_j φ(k_j)     (dk)
//   out_i = φ(q_i)ᵀ S / (φ(q_i)ᵀ z)          (dv)
//
// With causal the sums run over j ≤ i only, kept as running (prefix) sums, so
// the model is a recurrent network over positions; causal needs m = n.
// No n × m matrix is formed. The result is not softmax attention: it is an
// approximation whose error the page measures against the exact output.
#pragma once

#include <cstddef>

#include "core/workspace.h"

namespace ax {

// q (n, dk), k (m, dk), v (m, dv) -> output (n, dv). Validates every input.
void linear_attention(const float* q, const float* k, const float* v, std::size_t n,
                      std::size_t m, std::size_t dk, std::size_t dv, bool causal,
                      float* output, Workspace& workspace);

// φ(x) = elu(x) + 1, elementwise (exported for the tests and the reference).
float linear_feature(float x);

}  // namespace ax
