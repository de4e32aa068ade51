// gemm_ops.cpp — A·B, A·Bᵀ and Aᵀ·B on the packed gemm kernels; see gemm_ops.h.
#include "core/gemm_ops.h"

#include "kernels/select.h"

namespace ax {

namespace {
float* grow(std::vector<float>& buffer, std::size_t count) {
  if (buffer.size() < count) buffer.resize(count);
  return buffer.data();
}
}  // namespace

float* GemmScratch::packed_buffer(std::size_t count) { return grow(packed, count); }
float* GemmScratch::transposed_buffer(std::size_t count) { return grow(transposed, count); }

void transpose(const float* in, std::size_t rows, std::size_t cols, float* out) {
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) out[j * rows + i] = in[i * cols + j];
}

void matmul_nn(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& s) {
  float* w = s.packed_buffer(ax_f32_gemm_packed_size(k, c));
  ax_f32_gemm_pack_kxn_x8(k, c, b, w);  // B (k, c)
  kernels::gemm_rows(r, c, k, a, w, out);
}

void matmul_nt(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& s) {
  float* w = s.packed_buffer(ax_f32_gemm_packed_size(k, c));
  ax_f32_gemm_pack_nxk_x8(c, k, b, w);  // Bᵀ from B (c, k), as K in Q·Kᵀ
  kernels::gemm_rows(r, c, k, a, w, out);
}

void matmul_tn(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& s) {
  float* at = s.transposed_buffer(r * k);
  transpose(a, k, r, at);  // Aᵀ (r, k) from A (k, r)
  matmul_nn(at, b, r, k, c, out, s);
}

}  // namespace ax
