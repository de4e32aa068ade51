// gemm-rows — a whole product from the selected micro-kernel, MR rows at a time.
#include <algorithm>

#include "kernels/select.h"

namespace ax::kernels {

void gemm_rows(std::size_t rows, std::size_t nc, std::size_t kc, const float* a,
               const float* w, float* c) {
  // C (rows, nc) = A (rows, kc) · B, B packed by ax_f32_gemm_pack_*_x8
  for (std::size_t i = 0; i < rows; i += kGemmMR) {
    gemm(std::min(kGemmMR, rows - i), nc, kc, a + i * kc, kc, w, c + i * nc, nc);
  }
}

}  // namespace ax::kernels
