// select.h — the kernel of each pair that this build runs.
//
// A build compiled with -msimd128 defines __wasm_simd128__ and runs the WASM
// SIMD kernels; every other build (native, baseline wasm) runs the portable twins.
#pragma once

#include "kernels/kernels.h"

namespace ax::kernels {

#if defined(__wasm_simd128__)
inline constexpr bool kSimd = true;
inline constexpr auto gemm = &ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat;
inline constexpr auto softmax_row = &ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5;
inline constexpr auto dot = &ax_f32_dot_ukernel_x16__wasmsimd;
inline constexpr auto vfinite = &ax_f32_vfinite_ukernel_x16__wasmsimd;
inline constexpr auto vexp = &ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5;  // tiled attention
#else
inline constexpr bool kSimd = false;
inline constexpr auto gemm = &ax_f32_gemm_ukernel_4x8__scalar;
inline constexpr auto softmax_row = &ax_f32_softmax_ukernel_x1__scalar_rr2_p5;
inline constexpr auto dot = &ax_f32_dot_ukernel_x4__scalar;
inline constexpr auto vfinite = &ax_f32_vfinite_ukernel_x1__scalar;
inline constexpr auto vexp = &ax_f32_vexp_ukernel_x1__scalar_rr2_p5;  // tiled attention
#endif

// C (rows, nc) = A (rows, kc) · packed B, in MR-row strips.
void gemm_rows(std::size_t rows, std::size_t nc, std::size_t kc, const float* a,
               const float* w, float* c);

}  // namespace ax::kernels
