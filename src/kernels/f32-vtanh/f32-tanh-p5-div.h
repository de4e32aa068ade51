// f32-tanh-p5-div.h — tanh(x) over the whole float range, shared by the scalar
// and SIMD kernels.
//
// Two pieces, chosen by z = |x|:
//   z < 9/16     tanh(x) = x + x·s·P(s), s = x²        P a degree-5 fit (p5)
//   z ≥ 9/16     tanh(z) = 1 − 2t / (1 + t), t = e^(−2z) (div), sign copied from x
// P is a relative-error fit of (tanh(x)/x − 1)/x² on [0, 9/16] (Chebyshev
// nodes, Lawson reweighting, long double; max relative error 4.3e-11 before
// rounding the coefficients to float). Above 9/16 the fraction 2t/(1+t) ≤ 0.49
// is subtracted from 1, so its few-ulp error shrinks by half in the result.
// e^(−2z) is the softmax's exp (f32-exp-rr2-p5.h); z is clamped at 9.1, where
// tanh already rounds to 1, so ±∞ gives ±1 and t stays a normal float. NaN
// stays NaN. The tests measure the error in ulp against std::tanh.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"

namespace ax::tanh_p5_div {

constexpr float kSmallCutoff = 0x1.2p-1f;  // 9/16
constexpr float kSaturation = 0x1.233334p3f;  // 9.1
constexpr float kP0 = -0x1.555554p-2f;
constexpr float kP1 = 0x1.1110cep-3f;
constexpr float kP2 = -0x1.ba05e4p-5f;
constexpr float kP3 = 0x1.64aff6p-6f;
constexpr float kP4 = -0x1.126c24p-7f;
constexpr float kP5 = 0x1.33f7f0p-9f;

inline float tanh_scalar(float x) {
  if (std::isnan(x)) return x;
  const float z = std::fabs(x);
  if (z < kSmallCutoff) {
    // x + x·s·P(s): the correction is at most a tenth of x, so its rounding barely shows
    const float s = x * x;
    float p = kP5 * s + kP4;
    p = p * s + kP3;
    p = p * s + kP2;
    p = p * s + kP1;
    p = p * s + kP0;
    // copysign keeps tanh(−0) = −0 (−0 + (+0) would round to +0); elsewhere the sign is x's anyway
    return std::copysign(x + x * (s * p), x);
  }
  const float t = exp_rr2_p5::exp_scalar(-2.0f * (z < kSaturation ? z : kSaturation));
  const float y = 1.0f - (t + t) / (1.0f + t);
  return std::copysign(y, x);
}

}  // namespace ax::tanh_p5_div

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace ax::tanh_p5_div {

// The constants as opaque f32x4 splats, built once per kernel call (see
// f32-exp-rr2-p5.h for why).
struct ConstantsF32x4 {
  v128_t small_cutoff, saturation, minus_two, one, sign, p0, p1, p2, p3, p4, p5;
  exp_rr2_p5::ConstantsF32x4 exp;

  ConstantsF32x4()
      : small_cutoff(wasm_f32x4_splat(kSmallCutoff)), saturation(wasm_f32x4_splat(kSaturation)),
        minus_two(wasm_f32x4_splat(-2.0f)), one(wasm_f32x4_splat(1.0f)),
        sign(wasm_i32x4_splat(std::int32_t(0x80000000u))), p0(wasm_f32x4_splat(kP0)),
        p1(wasm_f32x4_splat(kP1)), p2(wasm_f32x4_splat(kP2)), p3(wasm_f32x4_splat(kP3)),
        p4(wasm_f32x4_splat(kP4)), p5(wasm_f32x4_splat(kP5)) {
    __asm__ volatile("" ::"m"(small_cutoff), "m"(saturation), "m"(minus_two), "m"(one), "m"(sign));
    __asm__ volatile("" ::"m"(p0), "m"(p1), "m"(p2), "m"(p3), "m"(p4), "m"(p5));
  }
};

// Four lanes of tanh_scalar: both pieces are computed, and each lane keeps its own.
inline v128_t tanh_f32x4(v128_t vx, const ConstantsF32x4& k) {
  const v128_t vz = wasm_f32x4_abs(vx);
  // z < 9/16: x + x·s·P(s)
  const v128_t vs = wasm_f32x4_mul(vx, vx);
  v128_t vp = wasm_f32x4_add(wasm_f32x4_mul(k.p5, vs), k.p4);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vs), k.p3);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vs), k.p2);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vs), k.p1);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vs), k.p0);
  const v128_t vsmall = wasm_f32x4_add(vx, wasm_f32x4_mul(vx, wasm_f32x4_mul(vs, vp)));
  // z ≥ 9/16: 1 − 2t/(1 + t), t = e^(−2 min(z, 9.1)); wasm min keeps NaN
  const v128_t vt = exp_rr2_p5::exp_f32x4(wasm_f32x4_mul(k.minus_two, wasm_f32x4_min(vz, k.saturation)), k.exp);
  const v128_t vq = wasm_f32x4_div(wasm_f32x4_add(vt, vt), wasm_f32x4_add(k.one, vt));
  const v128_t vlarge = wasm_f32x4_sub(k.one, vq);
  const v128_t vy = wasm_v128_bitselect(vsmall, vlarge, wasm_f32x4_lt(vz, k.small_cutoff));
  // |y| with x's sign bit, as the scalar copysign
  return wasm_v128_or(wasm_f32x4_abs(vy), wasm_v128_and(vx, k.sign));
}

}  // namespace ax::tanh_p5_div
#endif
