// f32-softmax-x8-wasmsimd-rr2-p5 — one row of softmax, 8 lanes per step.
//
// pass 1: max over the row; pass 2: exp((x − max) / T) stored and summed
// (XNNPACK's raddstoreexpminusmax); pass 3: multiply by 1/Σ. The division by
// T is skipped when T == 1 (x / 1 == x exactly, so results are unchanged).
// At T ≥ 2 the difference is taken as (x·½ − max·½) / (T·½), which cannot
// overflow (f32-exp-rr2-p5.h, halving_for).
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

// The four lanes added in double.
double horizontal_sum(v128_t v) {
  return (double(wasm_f32x4_extract_lane(v, 0)) + double(wasm_f32x4_extract_lane(v, 1))) +
         (double(wasm_f32x4_extract_lane(v, 2)) + double(wasm_f32x4_extract_lane(v, 3)));
}

// pass 2 for one block of at most 64 elements; returns its sum. Each lane adds
// at most 8 values in float; lanes and the remainder are added in double (a
// longer float sum drifts when many equal small e meet one near 1). With
// kDivide, max and temperature come already multiplied by `half`, and so is x here.
template <bool kDivide>
double exp_store_sum(std::size_t n, const float* x, float* y, float max,
                    float temperature, float half, const ConstantsF32x4& k) {
  const v128_t vhalf = wasm_f32x4_splat(half);
  const v128_t vmax = wasm_f32x4_splat(max);
  const v128_t vtemp = wasm_f32x4_splat(temperature);
  v128_t vacc0 = wasm_f32x4_const_splat(0.0f);
  v128_t vacc1 = wasm_f32x4_const_splat(0.0f);
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    v128_t vx0 = wasm_v128_load(x);
    v128_t vx1 = wasm_v128_load(x + 4);
    if (kDivide) {
      vx0 = wasm_f32x4_div(wasm_f32x4_sub(wasm_f32x4_mul(vx0, vhalf), vmax), vtemp);
      vx1 = wasm_f32x4_div(wasm_f32x4_sub(wasm_f32x4_mul(vx1, vhalf), vmax), vtemp);
    } else {
      vx0 = wasm_f32x4_sub(vx0, vmax);
      vx1 = wasm_f32x4_sub(vx1, vmax);
    }
    const v128_t ve0 = exp_f32x4(vx0, k);
    const v128_t ve1 = exp_f32x4(vx1, k);
    wasm_v128_store(y, ve0);
    wasm_v128_store(y + 4, ve1);
    vacc0 = wasm_f32x4_add(vacc0, ve0);
    vacc1 = wasm_f32x4_add(vacc1, ve1);
  }
  double sum = horizontal_sum(vacc0) + horizontal_sum(vacc1);
  for (; n > 0; --n, ++x, ++y) {
    const float e = exp_scalar(kDivide ? (*x * half - max) / temperature : *x - max);
    *y = e;
    sum += e;
  }
  return sum;
}

}  // namespace

extern "C" void ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5(std::size_t n, const float* x,
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
  const float half = ax::exp_rr2_p5::halving_for(temperature);
  const ConstantsF32x4 k;
  double sum = 0.0;
  for (std::size_t block = 0; block < n; block += 64) {
    const std::size_t len = std::min<std::size_t>(64, n - block);
    sum += divide ? exp_store_sum<true>(len, x + block, y + block, max * half,
                                        temperature * half, half, k)
                  : exp_store_sum<false>(len, x + block, y + block, max, temperature, 1.0f, k);
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
