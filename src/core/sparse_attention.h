// sparse_attention.h — self-attention over a sparse pattern, stored as CSR rows.
//
// Key j is visible to query i (both in 0..n−1) when
//   |i − j| ≤ window                       a local band around the diagonal
//   or i or j is one of `globals`          global tokens see and are seen by all
//   or stride > 0 and (i − j) mod stride = 0   a strided long-range pattern
// and, with causal, only when also j ≤ i. The pattern is stored as compressed
// sparse rows: row i's keys are cols[row_start[i] .. row_start[i+1]), ascending.
// Weights are softmax(q_i·k_j × scale / T) over row i's keys and output_i =
// Σ_j w_ij v_j, exactly attention() with this pattern as a mask, but time and
// memory grow with the number of visible pairs (nnz), not with n².
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ax {

struct SparseOptions {
  std::int64_t window = 1;                 // ≥ 0; 0 keeps only the diagonal
  const std::int32_t* globals = nullptr;   // distinct indices in [0, n)
  std::size_t globals_count = 0;
  std::int64_t stride = 0;                 // ≥ 0; 0 turns the strided pattern off
  bool causal = false;
  float scale = 0.0f;                      // the caller passes 1/√dk for the textbook case
  float temperature = 1.0f;                // > 0
};

struct SparseResult {
  std::vector<std::int32_t> row_start;  // (n + 1)
  std::vector<std::int32_t> cols;       // (nnz), ascending within each row
  std::vector<float> weights;           // (nnz)
  std::vector<float> output;            // (n, dv)
};

// The pattern alone: fills row_start and cols. Validates n, window, globals, stride.
void sparse_pattern(std::size_t n, const SparseOptions& options, SparseResult& out);

// q, k: (n, dk); v: (n, dv). Fills every field of out. Validates every input.
void sparse_attention(const float* q, const float* k, const float* v, std::size_t n,
                      std::size_t dk, std::size_t dv, const SparseOptions& options,
                      SparseResult& out);

}  // namespace ax
