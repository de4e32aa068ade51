// gemm_ops.h — whole products with transposed operands, for the backward pass.
//
// The forward pass needs A·B and A·Bᵀ; the backward pass adds Aᵀ·B. All three
// run the selected 4×8 gemm micro-kernel: Bᵀ is packed straight from B by the
// nxk packing, and Aᵀ is written out row-major first (the kernel reads A rows).
// No validation here: callers check their inputs.
#pragma once

#include <cstddef>
#include <vector>

namespace ax {

struct GemmScratch {
  std::vector<float> packed;      // the right operand in 8-column panels
  std::vector<float> transposed;  // Aᵀ for matmul_tn

  float* packed_buffer(std::size_t count);
  float* transposed_buffer(std::size_t count);
};

// C (r, c) = A (r, k) · B (k, c)
void matmul_nn(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& scratch);
// C (r, c) = A (r, k) · Bᵀ, B given as (c, k)
void matmul_nt(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& scratch);
// C (r, c) = Aᵀ · B, A given as (k, r), B (k, c)
void matmul_tn(const float* a, const float* b, std::size_t r, std::size_t k,
               std::size_t c, float* out, GemmScratch& scratch);

// out (cols, rows) = in (rows, cols)ᵀ
void transpose(const float* in, std::size_t rows, std::size_t cols, float* out);

}  // namespace ax
