// f32-dot-x16-wasmsimd — Σ aᵢ bᵢ, 16 products per step in four f32x4 sums.
#if defined(__wasm_simd128__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/kernels.h"

extern "C" float ax_f32_dot_ukernel_x16__wasmsimd(std::size_t n, const float* a,
                                                  const float* b) {
  assert(n != 0 && a != nullptr && b != nullptr);
  v128_t vacc0 = wasm_f32x4_const_splat(0.0f);
  v128_t vacc1 = vacc0, vacc2 = vacc0, vacc3 = vacc0;
  for (; n >= 16; n -= 16, a += 16, b += 16) {
    vacc0 = wasm_f32x4_add(vacc0, wasm_f32x4_mul(wasm_v128_load(a), wasm_v128_load(b)));
    vacc1 = wasm_f32x4_add(vacc1, wasm_f32x4_mul(wasm_v128_load(a + 4), wasm_v128_load(b + 4)));
    vacc2 = wasm_f32x4_add(vacc2, wasm_f32x4_mul(wasm_v128_load(a + 8), wasm_v128_load(b + 8)));
    vacc3 = wasm_f32x4_add(vacc3, wasm_f32x4_mul(wasm_v128_load(a + 12), wasm_v128_load(b + 12)));
  }
  for (; n >= 4; n -= 4, a += 4, b += 4) {
    vacc0 = wasm_f32x4_add(vacc0, wasm_f32x4_mul(wasm_v128_load(a), wasm_v128_load(b)));
  }
  const v128_t vacc = wasm_f32x4_add(wasm_f32x4_add(vacc0, vacc1), wasm_f32x4_add(vacc2, vacc3));
  float sum = (wasm_f32x4_extract_lane(vacc, 0) + wasm_f32x4_extract_lane(vacc, 1)) +
              (wasm_f32x4_extract_lane(vacc, 2) + wasm_f32x4_extract_lane(vacc, 3));
  for (; n > 0; --n) sum += *a++ * *b++;
  return sum;
}
#endif
