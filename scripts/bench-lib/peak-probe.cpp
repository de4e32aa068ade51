// peak-probe.cpp — the f32x4 peak of this engine: CHAINS independent chains of
// acc = acc·m + b, one f32x4.mul and one f32x4.add (8 flops) per chain step.
// WASM SIMD has no FMA, so this is the most a 128-bit kernel can reach. Built by
// scripts/bench into build/bench/peak-probe.wasm (standalone, no JS glue).
// Built again by clang-19 with -mrelaxed-simd (build/bench/peak-probe-fma.wasm),
// each chain step is one f32x4.relaxed_madd: the peak of the relaxed-SIMD kernels.
#include <wasm_simd128.h>

template <int kChains>
static float peak(int iterations) {
  const v128_t m = wasm_f32x4_const_splat(0.999f), b = wasm_f32x4_const_splat(0.001f);
  v128_t acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = wasm_f32x4_splat(float(i));
  for (int it = 0; it < iterations; ++it) {
#pragma clang loop unroll(full)
#if defined(__wasm_relaxed_simd__)
    for (int i = 0; i < kChains; ++i) acc[i] = wasm_f32x4_relaxed_madd(acc[i], m, b);
#else
    for (int i = 0; i < kChains; ++i) acc[i] = wasm_f32x4_add(wasm_f32x4_mul(acc[i], m), b);
#endif
  }
  v128_t s = acc[0];
  for (int i = 1; i < kChains; ++i) s = wasm_f32x4_add(s, acc[i]);
  return wasm_f32x4_extract_lane(s, 0);  // keeps the chains alive
}

#define AX_EXPORT extern "C" __attribute__((used, visibility("default")))
AX_EXPORT float peak8(int n) { return peak<8>(n); }
AX_EXPORT float peak10(int n) { return peak<10>(n); }
AX_EXPORT float peak12(int n) { return peak<12>(n); }
AX_EXPORT float peak14(int n) { return peak<14>(n); }
