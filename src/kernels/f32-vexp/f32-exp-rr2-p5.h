// f32-exp-rr2-p5.h — exp(x) for x ≤ 0, shared by the scalar and SIMD kernels.
//
// Range reduction in two steps (rr2) and a degree-5 polynomial (p5):
//   n = round(x · log2 e)            computed with a magic-bias add
//   t = x − n·ln2_hi − n·ln2_lo      |t| ≤ ln2/2, ln2 split so n·ln2_hi is exact
//   exp(x) = 2ⁿ · (1 + t·p(t))       p a minimax fit on [−ln2/2, ln2/2]
// 2ⁿ is built directly in the exponent bits, valid while 2ⁿ is a normal float;
// below −87.34 (exp(x) < FLT_MIN) the result is flushed to 0, which also turns
// −∞ (a hidden key) into exactly 0. The minimax coefficients are the published
// ones XNNPACK uses for its p5 kernels; tests measure ≤ 2 ulp on [−87.34, 0].
#pragma once

#include <cstdint>
#include <cstring>

namespace ax::exp_rr2_p5 {

constexpr float kLog2e = 0x1.715476p+0f;
// 1.5·2²³ + 127: adding it rounds to an integer and leaves n + 127 in the low
// mantissa bits, so shifting the bits left by 23 gives the float 2ⁿ.
constexpr float kMagicBias = 0x1.8000FEp23f;
// ln2_hi keeps only 16 significant bits so that n·ln2_hi is exact for
// |n| ≤ 126 without a fused multiply-add (WASM SIMD has none).
constexpr float kMinusLn2Hi = -0x1.62E400p-1f;
constexpr float kMinusLn2Lo = -0x1.7F7D1Cp-20f;
constexpr float kC1 = 0x1.FFFFF6p-1f;
constexpr float kC2 = 0x1.FFFDC6p-2f;
constexpr float kC3 = 0x1.555A80p-3f;
constexpr float kC4 = 0x1.573A1Ap-5f;
constexpr float kC5 = 0x1.0F9F9Cp-7f;
// The smallest x whose exp is a normal float.
constexpr float kDenormCutoff = -0x1.5D589Ep6f;

inline float exp_scalar(float x) {
  // Checked first: also catches −∞, for which the steps below would give NaN.
  if (!(x >= kDenormCutoff)) return 0.0f;
  float n = x * kLog2e + kMagicBias;
  std::uint32_t bits;
  std::memcpy(&bits, &n, sizeof bits);
  bits <<= 23;
  float s;
  std::memcpy(&s, &bits, sizeof s);
  n -= kMagicBias;
  float t = n * kMinusLn2Hi + x;
  t = n * kMinusLn2Lo + t;
  float p = kC5 * t + kC4;
  p = p * t + kC3;
  p = p * t + kC2;
  p = p * t + kC1;
  t *= s;
  return t * p + s;
}

}  // namespace ax::exp_rr2_p5

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace ax::exp_rr2_p5 {

// The constants as f32x4 splats. A kernel builds this once, outside its loop:
// left to itself clang rematerialises every constant as a v128.const inside
// the loop, which V8 turns into a constant-pool load per use. The empty asm
// statements (XNNPACK's XNN_FORCE_REALIZATION) make each value opaque, so it
// is computed once and kept in a register.
struct ConstantsF32x4 {
  v128_t log2e, magic_bias, minus_ln2_hi, minus_ln2_lo, c1, c2, c3, c4, c5, denorm_cutoff;

  ConstantsF32x4()
      : log2e(wasm_f32x4_splat(kLog2e)), magic_bias(wasm_f32x4_splat(kMagicBias)),
        minus_ln2_hi(wasm_f32x4_splat(kMinusLn2Hi)), minus_ln2_lo(wasm_f32x4_splat(kMinusLn2Lo)),
        c1(wasm_f32x4_splat(kC1)), c2(wasm_f32x4_splat(kC2)), c3(wasm_f32x4_splat(kC3)),
        c4(wasm_f32x4_splat(kC4)), c5(wasm_f32x4_splat(kC5)),
        denorm_cutoff(wasm_f32x4_splat(kDenormCutoff)) {
#if !defined(__wasm_relaxed_simd__)
    // (Not in the relaxed module, built by clang-19: "m" operands would live on
    // a shadow stack in the core's memory, and a v128 "+r" operand crashes its
    // backend. There clang places the constants itself.)
    __asm__ volatile("" ::"m"(log2e), "m"(magic_bias), "m"(minus_ln2_hi), "m"(minus_ln2_lo));
    __asm__ volatile("" ::"m"(c1), "m"(c2), "m"(c3), "m"(c4), "m"(c5), "m"(denorm_cutoff));
#endif
  }
};

// Four lanes of exp_scalar, step for step.
inline v128_t exp_f32x4(v128_t vx, const ConstantsF32x4& k) {
  v128_t vn = wasm_f32x4_add(wasm_f32x4_mul(vx, k.log2e), k.magic_bias);
  const v128_t vs = wasm_i32x4_shl(vn, 23);
  vn = wasm_f32x4_sub(vn, k.magic_bias);
  v128_t vt = wasm_f32x4_add(wasm_f32x4_mul(vn, k.minus_ln2_hi), vx);
  vt = wasm_f32x4_add(wasm_f32x4_mul(vn, k.minus_ln2_lo), vt);
  v128_t vp = wasm_f32x4_add(wasm_f32x4_mul(k.c5, vt), k.c4);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), k.c3);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), k.c2);
  vp = wasm_f32x4_add(wasm_f32x4_mul(vp, vt), k.c1);
  vt = wasm_f32x4_mul(vt, vs);
  const v128_t vf = wasm_f32x4_add(wasm_f32x4_mul(vt, vp), vs);
  // Lanes below the cutoff (−∞ included, whose vf is NaN) become +0.
  // andnot with an opaque mask: a plain `and` gets rewritten by clang into a
  // v128.bitselect with a zero constant, three x86 instructions instead of one.
  v128_t vunder = wasm_f32x4_lt(vx, k.denorm_cutoff);
  __asm__("" : "+r"(vunder));
  return wasm_v128_andnot(vf, vunder);
}

}  // namespace ax::exp_rr2_p5
#endif

#if defined(__wasm_relaxed_simd__)
namespace ax::exp_rr2_p5 {

// exp_f32x4 with every multiply-add as f32x4.relaxed_madd (one fused FMA where
// the engine has FMA, mul + add elsewhere). Both roundings are within the
// accuracy the tests require; n·ln2_hi stays exact either way.
inline v128_t exp_f32x4_fma(v128_t vx, const ConstantsF32x4& k) {
  v128_t vn = wasm_f32x4_relaxed_madd(vx, k.log2e, k.magic_bias);
  const v128_t vs = wasm_i32x4_shl(vn, 23);
  vn = wasm_f32x4_sub(vn, k.magic_bias);
  v128_t vt = wasm_f32x4_relaxed_madd(vn, k.minus_ln2_hi, vx);
  vt = wasm_f32x4_relaxed_madd(vn, k.minus_ln2_lo, vt);
  v128_t vp = wasm_f32x4_relaxed_madd(k.c5, vt, k.c4);
  vp = wasm_f32x4_relaxed_madd(vp, vt, k.c3);
  vp = wasm_f32x4_relaxed_madd(vp, vt, k.c2);
  vp = wasm_f32x4_relaxed_madd(vp, vt, k.c1);
  vt = wasm_f32x4_mul(vt, vs);
  const v128_t vf = wasm_f32x4_relaxed_madd(vt, vp, vs);
  v128_t vunder = wasm_f32x4_lt(vx, k.denorm_cutoff);
  return wasm_v128_andnot(vf, vunder);
}

}  // namespace ax::exp_rr2_p5
#endif
