// kernels.h — every micro-kernel, named op-shape-isa as in XNNPACK.
//
// Each WASM SIMD kernel has a portable twin with the same signature and the
// same packed layouts; the tests run both against the Eigen float64 reference.
// select.h picks one of each pair at compile time for the core to call.
#pragma once

#include <cstddef>

// ---- f32-gemm: C (mr, nc) = A (mr, kc) · B (kc, nc) ------------------------
//
// B arrives packed in panels of 8 columns: panel p holds rows 0..kc-1 of
// columns 8p..8p+7, 8 floats per row, zero-padded past nc. mr ≤ 4; nc, kc ≥ 1.
// Strides are in floats.
constexpr std::size_t kGemmMR = 4;
constexpr std::size_t kGemmNR = 8;

void ax_f32_gemm_ukernel_4x8__scalar(std::size_t mr, std::size_t nc,
                                     std::size_t kc, const float* a,
                                     std::size_t a_stride, const float* w,
                                     float* c, std::size_t c_stride);

// Packs B given as (kc, nc) row-major, e.g. V in weights · V.
void ax_f32_gemm_pack_kxn_x8(std::size_t kc, std::size_t nc, const float* b,
                             float* w);
// Packs Bᵀ given as (nc, kc) row-major, e.g. K in Q · Kᵀ.
void ax_f32_gemm_pack_nxk_x8(std::size_t nc, std::size_t kc, const float* bt,
                             float* w);
// Floats a packed operand occupies.
constexpr std::size_t ax_f32_gemm_packed_size(std::size_t kc, std::size_t nc) {
  return kc * ((nc + kGemmNR - 1) / kGemmNR) * kGemmNR;
}

// ---- f32-softmax: one row, y = exp((x − max x) / T) / Σ --------------------
//
// n ≥ 1. Entries equal to −∞ (hidden keys) come out exactly 0; at least one
// entry must be finite. x and y may alias.
void ax_f32_softmax_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                              float* y, float temperature);

// ---- f32-vexp: y = exp(x) for x ≤ 0 (inputs below −87.34 give 0) ----------
void ax_f32_vexp_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                           float* y);

// ---- f32-dot: Σ aᵢ bᵢ -------------------------------------------------------
float ax_f32_dot_ukernel_x4__scalar(std::size_t n, const float* a,
                                    const float* b);

// ---- f32-vfinite: index of the first NaN or ±Infinity, or n ---------------
std::size_t ax_f32_vfinite_ukernel_x1__scalar(std::size_t n, const float* x);

// ---- f32-vtanh: y = tanh(x) over the whole float range; x and y may alias --
void ax_f32_vtanh_ukernel_x1__scalar_p5_div(std::size_t n, const float* x, float* y);

#if defined(__wasm_simd128__)
void ax_f32_vtanh_ukernel_x8__wasmsimd_p5_div(std::size_t n, const float* x, float* y);
std::size_t ax_f32_vfinite_ukernel_x16__wasmsimd(std::size_t n, const float* x);
void ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat(std::size_t mr, std::size_t nc,
                                                 std::size_t kc, const float* a,
                                                 std::size_t a_stride,
                                                 const float* w, float* c,
                                                 std::size_t c_stride);
void ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5(std::size_t n, const float* x,
                                                float* y, float temperature);
void ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5(std::size_t n, const float* x,
                                             float* y);
float ax_f32_dot_ukernel_x16__wasmsimd(std::size_t n, const float* a,
                                       const float* b);
#endif
