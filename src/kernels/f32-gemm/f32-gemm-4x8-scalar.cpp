// f32-gemm-4x8-scalar — portable twin of f32-gemm-4x8-wasmsimd-loadsplat.
//
// Same tile (4 rows × 8 columns of C per step) and the same packed B, so the
// two kernels sum the same products in the same order.
#include <algorithm>
#include <cassert>

#include "kernels/kernels.h"

extern "C" void ax_f32_gemm_ukernel_4x8__scalar(std::size_t mr, std::size_t nc,
                                                std::size_t kc, const float* a,
                                                std::size_t a_stride, const float* w,
                                                float* c, std::size_t c_stride) {
  assert(mr >= 1 && mr <= 4 && nc != 0 && kc != 0);
  assert(a != nullptr && w != nullptr && c != nullptr);

  // Rows past mr alias the last real row: they compute and store the same
  // values, which keeps the inner loop free of row checks.
  const float* a_row[4];
  float* c_row[4];
  for (std::size_t r = 0; r < 4; ++r) {
    const std::size_t real = std::min(r, mr - 1);
    a_row[r] = a + real * a_stride;
    c_row[r] = c + real * c_stride;
  }

  do {
    // C tile (4, 8) += A strip (4, kc) · B panel (kc, 8)
    float acc[4][8] = {};
    for (std::size_t k = 0; k < kc; ++k, w += 8) {
      for (std::size_t r = 0; r < 4; ++r) {
        const float ar = a_row[r][k];
        for (std::size_t j = 0; j < 8; ++j) acc[r][j] += ar * w[j];
      }
    }
    const std::size_t cols = std::min<std::size_t>(nc, 8);
    for (std::size_t r = 4; r-- > 0;) {
      for (std::size_t j = 0; j < cols; ++j) c_row[r][j] = acc[r][j];
      c_row[r] += cols;
    }
    nc -= cols;
  } while (nc != 0);
}
