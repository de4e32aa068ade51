// f32-gemm-pack — lays a gemm's right operand out in panels of 8 columns.
//
// Panel p holds columns 8p..8p+7 for every k, 8 consecutive floats per k, so
// the micro-kernel reads B as one contiguous stream; columns past nc are 0.
// Packing costs O(kc·nc), against O(mr·kc·nc) for the product it feeds.
#include <cassert>

#include "kernels/kernels.h"

extern "C" void ax_f32_gemm_pack_kxn_x8(std::size_t kc, std::size_t nc, const float* b,
                                        float* w) {
  assert(kc != 0 && nc != 0 && b != nullptr && w != nullptr);
  for (std::size_t col0 = 0; col0 < nc; col0 += kGemmNR) {
    for (std::size_t k = 0; k < kc; ++k) {
      const float* row = b + k * nc;  // B (kc, nc) row-major
      for (std::size_t j = 0; j < kGemmNR; ++j) {
        *w++ = col0 + j < nc ? row[col0 + j] : 0.0f;
      }
    }
  }
}

extern "C" void ax_f32_gemm_pack_nxk_x8(std::size_t nc, std::size_t kc, const float* bt,
                                        float* w) {
  assert(kc != 0 && nc != 0 && bt != nullptr && w != nullptr);
  for (std::size_t col0 = 0; col0 < nc; col0 += kGemmNR) {
    for (std::size_t k = 0; k < kc; ++k) {
      for (std::size_t j = 0; j < kGemmNR; ++j) {
        const std::size_t col = col0 + j;  // Bᵀ (nc, kc) row-major
        *w++ = col < nc ? bt[col * kc + k] : 0.0f;
      }
    }
  }
}
