// workspace.h — scratch memory reused across calls.
//
// Buffers only grow, so repeated calls with the same shapes never allocate and
// the WebAssembly memory stays the same size after the first call.
#pragma once

#include <cstddef>
#include <vector>

namespace ax {

struct Workspace {
  std::vector<float> packed_b;  // a gemm's right operand in 8-column panels
  std::vector<float> row;       // one masked row of scaled scores
  std::vector<float> scoring;   // a scoring function's intermediates (scoring.cpp)
  std::vector<float> heads;     // multi-head attention's per-head slices (multi_head.cpp)
  std::vector<float> hull;      // per value column: minimum, then maximum

  float* packed(std::size_t count) { return grow(packed_b, count); }
  float* row_buffer(std::size_t count) { return grow(row, count); }
  float* scoring_buffer(std::size_t count) { return grow(scoring, count); }
  float* heads_buffer(std::size_t count) { return grow(heads, count); }
  float* hull_buffer(std::size_t count) { return grow(hull, count); }

  // ---- tiled exact, sparse and linear attention (issue 10) ----
  // Each holds O((n + m)(dk + dv)) floats at most: never an n × m matrix.
  std::vector<float> keys_packed;     // every key block of K, packed for Q·Kᵀ
  std::vector<float> values_packed;   // every key block of V, packed for P·V
  std::vector<float> tile;            // one block of scores, P·V and row statistics
  std::vector<double> wide;           // float64 running sums (causal linear attention)

  float* keys(std::size_t count) { return grow(keys_packed, count); }
  float* values(std::size_t count) { return grow(values_packed, count); }
  float* tile_buffer(std::size_t count) { return grow(tile, count); }
  double* wide_buffer(std::size_t count) { return grow(wide, count); }

 private:
  template <typename T>
  static T* grow(std::vector<T>& buffer, std::size_t count) {
    if (buffer.size() < count) buffer.resize(count);
    return buffer.data();
  }
};

}  // namespace ax
