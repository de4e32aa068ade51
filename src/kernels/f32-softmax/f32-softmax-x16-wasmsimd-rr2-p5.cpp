// f32-softmax-x16-wasmsimd-rr2-p5 — one row of softmax, pass 2 unrolled to
// 4 vectors (16 lanes) per step.
//
// Variant of f32-softmax-x8-wasmsimd-rr2-p5 kept so its claim can be
// re-measured (scripts/bench, "kernels"): when the x8 kernel was written the
// 4-vector unroll measured slower in V8. More live v128 values (10 exp
// constants, 4 inputs in flight, 2 sums) than x86-64 has xmm registers is the
// likely cause. Same passes, same exp, same 64-element blocks as the x8 kernel.
//
// pass 1: max over the row; pass 2: exp((x − max) / T) stored and summed
// (XNNPACK's raddstoreexpminusmax); pass 3: multiply by 1/Σ. The division by
// T is skipped when T == 1 (x / 1 == x exactly, so results are unchanged).
#if defined(__wasm_simd128__)
#include <algorithm>
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

namespace {

using ax::exp_rr2_p5::ConstantsF32x4;
using ax::exp_rr2_p5::exp_f32x4;
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
  for (; n >= 16; n -= 16, x += 16, y += 16) {
    v128_t vx0 = wasm_f32x4_sub(wasm_v128_load(x), vmax);
    v128_t vx1 = wasm_f32x4_sub(wasm_v128_load(x + 4), vmax);
    v128_t vx2 = wasm_f32x4_sub(wasm_v128_load(x + 8), vmax);
    v128_t vx3 = wasm_f32x4_sub(wasm_v128_load(x + 12), vmax);
    if (kDivide) {
      vx0 = wasm_f32x4_div(vx0, vtemp);
      vx1 = wasm_f32x4_div(vx1, vtemp);
      vx2 = wasm_f32x4_div(vx2, vtemp);
      vx3 = wasm_f32x4_div(vx3, vtemp);
    }
    const v128_t ve0 = exp_f32x4(vx0, k);
    const v128_t ve1 = exp_f32x4(vx1, k);
    const v128_t ve2 = exp_f32x4(vx2, k);
    const v128_t ve3 = exp_f32x4(vx3, k);
    wasm_v128_store(y, ve0);
    wasm_v128_store(y + 4, ve1);
    wasm_v128_store(y + 8, ve2);
    wasm_v128_store(y + 12, ve3);
    vacc0 = wasm_f32x4_add(vacc0, wasm_f32x4_add(ve0, ve2));
    vacc1 = wasm_f32x4_add(vacc1, wasm_f32x4_add(ve1, ve3));
  }
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    v128_t vx0 = wasm_f32x4_sub(wasm_v128_load(x), vmax);
    v128_t vx1 = wasm_f32x4_sub(wasm_v128_load(x + 4), vmax);
    if (kDivide) {
      vx0 = wasm_f32x4_div(vx0, vtemp);
      vx1 = wasm_f32x4_div(vx1, vtemp);
    }
    const v128_t ve0 = exp_f32x4(vx0, k);
    const v128_t ve1 = exp_f32x4(vx1, k);
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

extern "C" void ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5(std::size_t n, const float* x,
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
