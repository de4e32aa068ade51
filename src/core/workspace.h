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
  std::vector<float> hull;      // per value column: minimum, then maximum

  float* packed(std::size_t count) { return grow(packed_b, count); }
  float* row_buffer(std::size_t count) { return grow(row, count); }
  float* hull_buffer(std::size_t count) { return grow(hull, count); }

 private:
  static float* grow(std::vector<float>& buffer, std::size_t count) {
    if (buffer.size() < count) buffer.resize(count);
    return buffer.data();
  }
};

}  // namespace ax
