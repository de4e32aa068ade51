// f32-gemm-4x8-wasmrelaxedsimd-fma-loadsplat — C (mr ≤ 4, nc) = A (mr, kc) · packed B.
//
// f32-gemm-4x8-wasmsimd-loadsplat with each multiply-add as one
// f32x4.relaxed_madd (an FMA where the engine has one). Compiled only by
// clang-19 with -mrelaxed-simd into attention-kernels-relaxed.wasm.
// Portable twin: f32-gemm-4x8-scalar.
#if defined(__wasm_relaxed_simd__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/kernels.h"

extern "C" void ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat(std::size_t mr, std::size_t nc,
                                                                       std::size_t kc, const float* a,
                                                                       std::size_t a_stride,
                                                                       const float* w, float* c,
                                                                       std::size_t c_stride) {
  assert(mr >= 1 && mr <= 4 && nc != 0 && kc != 0);
  assert(a != nullptr && w != nullptr && c != nullptr);

  // Rows past mr alias the row before them (same values, stored twice).
  const float* a0 = a;
  float* c0 = c;
  const float* a1 = mr > 1 ? a0 + a_stride : a0;
  float* c1 = mr > 1 ? c0 + c_stride : c0;
  const float* a2 = mr > 2 ? a1 + a_stride : a1;
  float* c2 = mr > 2 ? c1 + c_stride : c1;
  const float* a3 = mr > 3 ? a2 + a_stride : a2;
  float* c3 = mr > 3 ? c2 + c_stride : c2;

  do {
    // C tile (4, 8): acc{row}x0123 and acc{row}x4567
    v128_t acc0x0123 = wasm_f32x4_const_splat(0.0f), acc0x4567 = acc0x0123;
    v128_t acc1x0123 = acc0x0123, acc1x4567 = acc0x0123;
    v128_t acc2x0123 = acc0x0123, acc2x4567 = acc0x0123;
    v128_t acc3x0123 = acc0x0123, acc3x4567 = acc0x0123;

    for (std::size_t k = 0; k < kc; ++k, w += 8) {
      const v128_t vb0123 = wasm_v128_load(w);
      const v128_t vb4567 = wasm_v128_load(w + 4);
      const v128_t va0 = wasm_v128_load32_splat(a0 + k);
      const v128_t va1 = wasm_v128_load32_splat(a1 + k);
      const v128_t va2 = wasm_v128_load32_splat(a2 + k);
      const v128_t va3 = wasm_v128_load32_splat(a3 + k);
      acc0x0123 = wasm_f32x4_relaxed_madd(va0, vb0123, acc0x0123);
      acc0x4567 = wasm_f32x4_relaxed_madd(va0, vb4567, acc0x4567);
      acc1x0123 = wasm_f32x4_relaxed_madd(va1, vb0123, acc1x0123);
      acc1x4567 = wasm_f32x4_relaxed_madd(va1, vb4567, acc1x4567);
      acc2x0123 = wasm_f32x4_relaxed_madd(va2, vb0123, acc2x0123);
      acc2x4567 = wasm_f32x4_relaxed_madd(va2, vb4567, acc2x4567);
      acc3x0123 = wasm_f32x4_relaxed_madd(va3, vb0123, acc3x0123);
      acc3x4567 = wasm_f32x4_relaxed_madd(va3, vb4567, acc3x4567);
    }

    if (nc >= 8) {
      // Highest row first, so an aliased row is overwritten by its own values.
      wasm_v128_store(c3, acc3x0123); wasm_v128_store(c3 + 4, acc3x4567); c3 += 8;
      wasm_v128_store(c2, acc2x0123); wasm_v128_store(c2 + 4, acc2x4567); c2 += 8;
      wasm_v128_store(c1, acc1x0123); wasm_v128_store(c1 + 4, acc1x4567); c1 += 8;
      wasm_v128_store(c0, acc0x0123); wasm_v128_store(c0 + 4, acc0x4567); c0 += 8;
      nc -= 8;
    } else {
      // Tail of 1..7 columns: store 4, then 2, then 1, shifting lanes down.
      if (nc & 4) {
        wasm_v128_store(c3, acc3x0123); acc3x0123 = acc3x4567; c3 += 4;
        wasm_v128_store(c2, acc2x0123); acc2x0123 = acc2x4567; c2 += 4;
        wasm_v128_store(c1, acc1x0123); acc1x0123 = acc1x4567; c1 += 4;
        wasm_v128_store(c0, acc0x0123); acc0x0123 = acc0x4567; c0 += 4;
      }
      if (nc & 2) {
        wasm_v128_store64_lane(c3, acc3x0123, 0); acc3x0123 = wasm_i64x2_shuffle(acc3x0123, acc3x0123, 1, 1); c3 += 2;
        wasm_v128_store64_lane(c2, acc2x0123, 0); acc2x0123 = wasm_i64x2_shuffle(acc2x0123, acc2x0123, 1, 1); c2 += 2;
        wasm_v128_store64_lane(c1, acc1x0123, 0); acc1x0123 = wasm_i64x2_shuffle(acc1x0123, acc1x0123, 1, 1); c1 += 2;
        wasm_v128_store64_lane(c0, acc0x0123, 0); acc0x0123 = wasm_i64x2_shuffle(acc0x0123, acc0x0123, 1, 1); c0 += 2;
      }
      if (nc & 1) {
        wasm_v128_store32_lane(c3, acc3x0123, 0);
        wasm_v128_store32_lane(c2, acc2x0123, 0);
        wasm_v128_store32_lane(c1, acc1x0123, 0);
        wasm_v128_store32_lane(c0, acc0x0123, 0);
      }
      nc = 0;
    }
  } while (nc != 0);
}
#endif
