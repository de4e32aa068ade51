// f32-softmax-x8-wasmrelaxedsimd-fma-rr2-p5 — one row of softmax, 8 lanes per
// step, with the exp polynomial's multiply-adds as f32x4.relaxed_madd.
//
// Otherwise f32-softmax-x8-wasmsimd-rr2-p5 step for step. Compiled only by
// clang-19 with -mrelaxed-simd into attention-kernels-relaxed.wasm.
// Portable twin: f32-softmax-x1-scalar-rr2-p5.
#if defined(__wasm_relaxed_simd__)
#include <algorithm>
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

namespace {

using ax::exp_rr2_p5::ConstantsF32x4;
using ax::exp_rr2_p5::exp_f32x4_fma;
using ax::exp_rr2_p5::exp_scalar;

float horizontal_sum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) +
         wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}

// pass 2 for one block of at most 64 elements; returns its float sum.
template <bool kDivide>
float exp_store_sum(std::size_t n, const float* x, float* y, float max,
                    float temperature, const ConstantsF32x4& k) {
  const v128_t vmax = wasm_f32x4_splat(max);
  const v128_t vtemp = wasm_f32x4_splat(temperature);
  v128_t vacc0 = wasm_f32x4_const_splat(0.0f);
  v128_t vacc1 = wasm_f32x4_const_splat(0.0f);
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    v128_t vx0 = wasm_f32x4_sub(wasm_v128_load(x), vmax);
    v128_t vx1 = wasm_f32x4_sub(wasm_v128_load(x + 4), vmax);
    if (kDivide) {
      vx0 = wasm_f32x4_div(vx0, vtemp);
      vx1 = wasm_f32x4_div(vx1, vtemp);
    }
    const v128_t ve0 = exp_f32x4_fma(vx0, k);
    const v128_t ve1 = exp_f32x4_fma(vx1, k);
    wasm_v128_store(y, ve0);
    wasm_v128_store(y + 4, ve1);
    vacc0 = wasm_f32x4_add(vacc0, ve0);
    vacc1 = wasm_f32x4_add(vacc1, ve1);
  }
  float sum = horizontal_sum(wasm_f32x4_add(vacc0, vacc1));
  for (; n > 0; --n, ++x, ++y) {
    const float e = exp_scalar(kDivide ? (*x - max) / temperature : *x - max);
    *y = e;
    sum += e;
  }
  return sum;
}

}  // namespace

extern "C" void ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5(std::size_t n, const float* x,
                                                                      float* y, float temperature) {
  assert(n != 0 && x != nullptr && y != nullptr && temperature > 0.0f);

  // pass 1: the row maximum; pmax maps to one x86 maxps (inputs hold no NaN).
  v128_t vmax0 = wasm_f32x4_splat(x[0]);
  v128_t vmax1 = vmax0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    vmax0 = wasm_f32x4_pmax(vmax0, wasm_v128_load(x + i));
    vmax1 = wasm_f32x4_pmax(vmax1, wasm_v128_load(x + i + 4));
  }
  vmax0 = wasm_f32x4_pmax(vmax0, vmax1);
  float max = std::max(
      std::max(wasm_f32x4_extract_lane(vmax0, 0), wasm_f32x4_extract_lane(vmax0, 1)),
      std::max(wasm_f32x4_extract_lane(vmax0, 2), wasm_f32x4_extract_lane(vmax0, 3)));
  for (; i < n; ++i) max = std::max(max, x[i]);

  // pass 2: blocks of 64 summed in float, added up in double.
  const bool divide = temperature != 1.0f;
  const ConstantsF32x4 k;
  double sum = 0.0;
  for (std::size_t block = 0; block < n; block += 64) {
    const std::size_t len = std::min<std::size_t>(64, n - block);
    sum += divide ? exp_store_sum<true>(len, x + block, y + block, max, temperature, k)
                  : exp_store_sum<false>(len, x + block, y + block, max, temperature, k);
  }

  // pass 3: scale by 1/Σ.
  const float inv_sum = float(1.0 / sum);
  const v128_t vinv = wasm_f32x4_splat(inv_sum);
  i = 0;
  for (; i + 4 <= n; i += 4) {
    wasm_v128_store(y + i, wasm_f32x4_mul(wasm_v128_load(y + i), vinv));
  }
  for (; i < n; ++i) y[i] *= inv_sum;
}
#endif
