// kernels.h — every micro-kernel, named op-shape-isa as in XNNPACK.
//
// Each operation has one function type (ax_f32_*_ukernel, cf. XNNPACK's
// microfnptr.h) and every kernel of that operation is declared through it, so
// a twin cannot drift from its siblings: the kernels are extern "C", and a
// definition whose signature differs from this declaration stops compiling.
// select.h and the tests hold pointers of these types, never `auto`.
//
// Each WASM SIMD kernel has a portable twin with the same signature and the
// same packed layouts; the tests run both against the Eigen float64 reference.
// select.h picks one of each pair for the core to call.
#pragma once

#include <cstddef>

constexpr std::size_t kGemmMR = 4;
constexpr std::size_t kGemmNR = 8;

extern "C" {

// ---- the signature types, one per operation ---------------------------------

// f32-gemm: C (mr, nc) = A (mr, kc) · B (kc, nc). B arrives packed in panels of
// 8 columns: panel p holds rows 0..kc-1 of columns 8p..8p+7, 8 floats per row,
// zero-padded past nc. 1 ≤ mr ≤ MR (the kernel's tile height, 4 unless its name
// says otherwise); nc, kc ≥ 1. Strides are in floats.
using ax_f32_gemm_ukernel = void(std::size_t mr, std::size_t nc, std::size_t kc,
                                 const float* a, std::size_t a_stride,
                                 const float* w, float* c, std::size_t c_stride);
// f32-gemm packing: a (rows, cols) row-major matrix into 8-column panels.
using ax_f32_gemm_pack_ukernel = void(std::size_t rows, std::size_t cols,
                                      const float* b, float* w);
// f32-softmax, one row: y = exp((x − max x) / T) / Σ. n ≥ 1. Entries equal to
// −∞ (hidden keys) come out exactly 0; at least one entry must be finite. x and
// y may alias.
using ax_f32_softmax_ukernel = void(std::size_t n, const float* x, float* y,
                                    float temperature);
// f32-vexp: y = exp(x) for x ≤ 0 (inputs below −87.34 give 0).
using ax_f32_vexp_ukernel = void(std::size_t n, const float* x, float* y);
// f32-dot: Σ aᵢ bᵢ, n ≥ 1.
using ax_f32_dot_ukernel = float(std::size_t n, const float* a, const float* b);
// f32-vfinite: index of the first NaN or ±Infinity, or n.
using ax_f32_vfinite_ukernel = std::size_t(std::size_t n, const float* x);

// ---- portable twins (every build) -------------------------------------------
ax_f32_gemm_ukernel ax_f32_gemm_ukernel_4x8__scalar;
ax_f32_softmax_ukernel ax_f32_softmax_ukernel_x1__scalar_rr2_p5;
ax_f32_vexp_ukernel ax_f32_vexp_ukernel_x1__scalar_rr2_p5;
ax_f32_dot_ukernel ax_f32_dot_ukernel_x4__scalar;
ax_f32_vfinite_ukernel ax_f32_vfinite_ukernel_x1__scalar;

// Packs B given as (kc, nc) row-major, e.g. V in weights · V: (rows, cols) = (kc, nc).
ax_f32_gemm_pack_ukernel ax_f32_gemm_pack_kxn_x8;
// Packs Bᵀ given as (nc, kc) row-major, e.g. K in Q · Kᵀ: (rows, cols) = (nc, kc).
ax_f32_gemm_pack_ukernel ax_f32_gemm_pack_nxk_x8;

// ---- WASM SIMD (-msimd128) ----
#if defined(__wasm_simd128__)
ax_f32_gemm_ukernel ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat;
// Variants kept for re-measuring: 4 A values loaded at once and shuffled
// ("splat"); a 6-row tile (mr ≤ 6).
ax_f32_gemm_ukernel ax_f32_gemm_ukernel_4x8__wasmsimd_splat;
ax_f32_gemm_ukernel ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat;
ax_f32_softmax_ukernel ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5;
// Variant kept for re-measuring: pass 2 unrolled to 4 vectors (16 lanes).
ax_f32_softmax_ukernel ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5;
ax_f32_vexp_ukernel ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5;
ax_f32_dot_ukernel ax_f32_dot_ukernel_x16__wasmsimd;
ax_f32_vfinite_ukernel ax_f32_vfinite_ukernel_x16__wasmsimd;
#endif

// ---- WASM relaxed SIMD (-mrelaxed-simd; built by clang-19 into a kernel-only
// module, web/build/attention-kernels-relaxed.wasm, see CMakeLists.txt) ----
#if defined(__wasm_relaxed_simd__)
ax_f32_gemm_ukernel ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat;
ax_f32_softmax_ukernel ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5;
ax_f32_vexp_ukernel ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5;
#endif

}  // extern "C"

// Floats a packed operand occupies.
constexpr std::size_t ax_f32_gemm_packed_size(std::size_t kc, std::size_t nc) {
  return kc * ((nc + kGemmNR - 1) / kGemmNR) * kGemmNR;
}
