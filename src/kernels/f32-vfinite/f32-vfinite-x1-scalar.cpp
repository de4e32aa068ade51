// f32-vfinite-x1-scalar — index of the first NaN or ±Infinity in x, or n.
// Portable twin of f32-vfinite-x16-wasmsimd: the same bit test, one float at a time.
#include <cassert>
#include <cstdint>
#include <cstring>

#include "kernels/kernels.h"

extern "C" std::size_t ax_f32_vfinite_ukernel_x1__scalar(std::size_t n, const float* x) {
  assert(x != nullptr || n == 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &x[i], sizeof bits);
    // Exponent all ones: Infinity (zero mantissa) or NaN.
    if ((bits & 0x7FFFFFFFu) > 0x7F7FFFFFu) return i;
  }
  return n;
}
