// f32-softmax-x8-wasmsimd-rr2-p5 — one row of softmax, 8 lanes per step.
//
// pass 1: max over the row; pass 2: exp((x − max) / T) stored and summed
// (XNNPACK's raddstoreexpminusmax); pass 3: multiply by 1/Σ. The division by
// T is skipped when T == 1 (x / 1 == x exactly, so results are unchanged).
// For T > 1, an entry whose x − max overflows to −∞ uses x / T − max / T
// instead (true exponent (−6e38) / 3e38 = −2, not −∞); see the scalar twin.
#if defined(__wasm_simd128__)
#include <algorithm>
#include <cassert>
#include <cmath>

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
// (x − max) / T for four lanes; with kWide, a lane whose x − max overflowed
// to −∞ takes x / T − max / T instead.
template <bool kWide>
v128_t exponent(v128_t vx, v128_t vmax, v128_t vtemp, v128_t vmax_t) {
  const v128_t vd = wasm_f32x4_sub(vx, vmax);
  const v128_t vz = wasm_f32x4_div(vd, vtemp);
  if (!kWide) return vz;
  const v128_t vfar = wasm_f32x4_sub(wasm_f32x4_div(vx, vtemp), vmax_t);
  const v128_t voverflow = wasm_f32x4_eq(vd, wasm_f32x4_const_splat(-INFINITY));
  return wasm_v128_bitselect(vfar, vz, voverflow);
}

// kDivide: 0 no division (T = 1), 1 (x − max) / T (T < 1), 2 the same with the
// overflow fallback (T > 1).
template <int kDivide>
float exp_store_sum(std::size_t n, const float* x, float* y, float max,
                    float temperature, const ConstantsF32x4& k) {
  const float max_t = max / temperature;
  const v128_t vmax = wasm_f32x4_splat(max);
  const v128_t vmax_t = wasm_f32x4_splat(max_t);
  const v128_t vtemp = wasm_f32x4_splat(temperature);
  v128_t vacc0 = wasm_f32x4_const_splat(0.0f);
  v128_t vacc1 = wasm_f32x4_const_splat(0.0f);
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    v128_t vx0 = wasm_v128_load(x);
    v128_t vx1 = wasm_v128_load(x + 4);
    if (kDivide == 0) {
      vx0 = wasm_f32x4_sub(vx0, vmax);
      vx1 = wasm_f32x4_sub(vx1, vmax);
    } else {
      vx0 = exponent<kDivide == 2>(vx0, vmax, vtemp, vmax_t);
      vx1 = exponent<kDivide == 2>(vx1, vmax, vtemp, vmax_t);
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
    const float d = *x - max;
    const float z = kDivide == 0                      ? d
                    : kDivide == 2 && d == -INFINITY ? *x / temperature - max_t
                                                      : d / temperature;
    const float e = exp_scalar(z);
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
  const ConstantsF32x4 k;
  double sum = 0.0;
  for (std::size_t block = 0; block < n; block += 64) {
    const std::size_t len = std::min<std::size_t>(64, n - block);
    const float* xb = x + block;
    float* yb = y + block;
    sum += temperature == 1.0f  ? exp_store_sum<0>(len, xb, yb, max, temperature, k)
           : temperature < 1.0f ? exp_store_sum<1>(len, xb, yb, max, temperature, k)
                                : exp_store_sum<2>(len, xb, yb, max, temperature, k);
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
