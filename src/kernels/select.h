// select.h — the kernel of each operation that this build runs.
//
// A build compiled with -msimd128 defines __wasm_simd128__ and runs the WASM
// SIMD kernels; every other build (native, baseline wasm) runs the portable
// twins. The pointers are typed by the operation's signature (kernels.h), so
// a kernel whose signature drifts no longer compiles here.
//
// gemm and softmax_row are variables: the relaxed-SIMD build is the SIMD
// module with these two replaced at load time by the FMA kernels of
// attention-kernels-relaxed.wasm (use_kernels, called from the bindings).
#pragma once

#include "kernels/kernels.h"

namespace ax::kernels {

#if defined(__wasm_simd128__)
inline constexpr bool kSimd = true;
inline constexpr ax_f32_gemm_ukernel* kDefaultGemm = &ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat;
inline constexpr ax_f32_softmax_ukernel* kDefaultSoftmaxRow = &ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5;
inline constexpr ax_f32_dot_ukernel* dot = &ax_f32_dot_ukernel_x16__wasmsimd;
inline constexpr ax_f32_vfinite_ukernel* vfinite = &ax_f32_vfinite_ukernel_x16__wasmsimd;
inline constexpr ax_f32_vexp_ukernel* vexp = &ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5;  // tiled attention
#else
inline constexpr bool kSimd = false;
inline constexpr ax_f32_gemm_ukernel* kDefaultGemm = &ax_f32_gemm_ukernel_4x8__scalar;
inline constexpr ax_f32_softmax_ukernel* kDefaultSoftmaxRow = &ax_f32_softmax_ukernel_x1__scalar_rr2_p5;
inline constexpr ax_f32_dot_ukernel* dot = &ax_f32_dot_ukernel_x4__scalar;
inline constexpr ax_f32_vfinite_ukernel* vfinite = &ax_f32_vfinite_ukernel_x1__scalar;
inline constexpr ax_f32_vexp_ukernel* vexp = &ax_f32_vexp_ukernel_x1__scalar_rr2_p5;  // tiled attention
#endif

inline ax_f32_gemm_ukernel* gemm = kDefaultGemm;
inline ax_f32_softmax_ukernel* softmax_row = kDefaultSoftmaxRow;

// Replaces gemm and softmax_row (nullptr: back to this build's defaults).
// Both must compute what the defaults compute, with the same packed layout.
inline void use_kernels(ax_f32_gemm_ukernel* g, ax_f32_softmax_ukernel* s) {
  gemm = g != nullptr ? g : kDefaultGemm;
  softmax_row = s != nullptr ? s : kDefaultSoftmaxRow;
}

// C (rows, nc) = A (rows, kc) · packed B, in MR-row strips.
void gemm_rows(std::size_t rows, std::size_t nc, std::size_t kc, const float* a,
               const float* w, float* c);

}  // namespace ax::kernels
