// attention_tiled.h — exact attention output without the n × m matrix.
//
// The same result as ax::attention's `output`, computed FlashAttention-style:
// keys and values are cut into blocks of kTiledKeys, queries into strips of
// kTiledQueries, and each query row keeps a running maximum and a running sum
// (an "online softmax") while the blocks stream past:
//
//   for each key block B:       s = q·Kᵦᵀ × scale                  (strip, block)
//     m' = max(m, max s)          running maximum of the row
//     α  = exp((m − m') / T)      rescales what was summed under the old maximum
//     p  = exp((s − m') / T)      this block's unnormalised weights
//     ℓ  = α ℓ + Σ p              running softmax denominator
//     o  = α o + p · Vᵦ           running weighted sum of values   (strip, dv)
//   output = o / ℓ
//
// Memory: the packed keys and values (m × (dk + dv)) and one strip × block tile,
// O((n + m)(dk + dv)) in all. Masks behave as in ax::attention: hidden keys get
// no weight, a row with every key hidden gives a zero output row; scores or
// scaled scores that overflow float32 are refused the same way.
#pragma once

#include <cstddef>

#include "core/attention.h"
#include "core/workspace.h"

namespace ax {

constexpr std::size_t kTiledQueries = 32;  // query rows per strip (a multiple of the gemm's 4)
constexpr std::size_t kTiledKeys = 64;     // keys per block (a multiple of the gemm's 8)

// output: (n, dv). Validates like ax::attention.
void attention_output_tiled(const float* q, const float* k, const float* v,
                            const AttentionShape& shape, const AttentionOptions& options,
                            float* output, Workspace& workspace);

// Floats of workspace the tiled path holds for a shape (for docs and tests).
std::size_t attention_tiled_workspace_floats(const AttentionShape& shape);

}  // namespace ax
