// f32-vexp-x8-wasmrelaxedsimd-fma-rr2-p5 — y = exp(x), 8 lanes per step, the
// polynomial's multiply-adds as f32x4.relaxed_madd; scalar tail.
// Compiled only by clang-19 with -mrelaxed-simd (attention-kernels-relaxed.wasm).
#if defined(__wasm_relaxed_simd__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

extern "C" void ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5(std::size_t n, const float* x,
                                                                   float* y) {
  assert(x != nullptr && y != nullptr);
  using ax::exp_rr2_p5::exp_f32x4_fma;
  const ax::exp_rr2_p5::ConstantsF32x4 k;
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    const v128_t v0 = exp_f32x4_fma(wasm_v128_load(x), k);
    const v128_t v1 = exp_f32x4_fma(wasm_v128_load(x + 4), k);
    wasm_v128_store(y, v0);
    wasm_v128_store(y + 4, v1);
  }
  for (; n >= 4; n -= 4, x += 4, y += 4) {
    wasm_v128_store(y, exp_f32x4_fma(wasm_v128_load(x), k));
  }
  for (; n > 0; --n) *y++ = ax::exp_rr2_p5::exp_scalar(*x++);
}
#endif
