// f32-vtanh-x8-wasmsimd-p5-div — y = tanh(x), 8 lanes per step, scalar tail.
// x and y may alias (the additive score tanh's its hidden layer in place).
#if defined(__wasm_simd128__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/f32-vtanh/f32-tanh-p5-div.h"
#include "kernels/kernels.h"

void ax_f32_vtanh_ukernel_x8__wasmsimd_p5_div(std::size_t n, const float* x, float* y) {
  assert(x != nullptr && y != nullptr);
  using ax::tanh_p5_div::tanh_f32x4;
  const ax::tanh_p5_div::ConstantsF32x4 k;
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    const v128_t v0 = tanh_f32x4(wasm_v128_load(x), k);
    const v128_t v1 = tanh_f32x4(wasm_v128_load(x + 4), k);
    wasm_v128_store(y, v0);
    wasm_v128_store(y + 4, v1);
  }
  for (; n >= 4; n -= 4, x += 4, y += 4) {
    wasm_v128_store(y, tanh_f32x4(wasm_v128_load(x), k));
  }
  for (; n > 0; --n) *y++ = ax::tanh_p5_div::tanh_scalar(*x++);
}
#endif
