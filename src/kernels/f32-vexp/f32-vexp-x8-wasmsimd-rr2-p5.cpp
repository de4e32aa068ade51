// f32-vexp-x8-wasmsimd-rr2-p5 — y = exp(x), 8 lanes per step, scalar tail.
#if defined(__wasm_simd128__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

extern "C" void ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5(std::size_t n, const float* x,
                                                        float* y) {
  assert(x != nullptr && y != nullptr);
  using ax::exp_rr2_p5::exp_f32x4;
  const ax::exp_rr2_p5::ConstantsF32x4 k;
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    const v128_t v0 = exp_f32x4(wasm_v128_load(x), k);
    const v128_t v1 = exp_f32x4(wasm_v128_load(x + 4), k);
    wasm_v128_store(y, v0);
    wasm_v128_store(y + 4, v1);
  }
  for (; n >= 4; n -= 4, x += 4, y += 4) {
    wasm_v128_store(y, exp_f32x4(wasm_v128_load(x), k));
  }
  for (; n > 0; --n) *y++ = ax::exp_rr2_p5::exp_scalar(*x++);
}
#endif
