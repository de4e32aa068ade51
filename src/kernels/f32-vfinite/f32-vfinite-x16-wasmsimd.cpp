// f32-vfinite-x16-wasmsimd — index of the first NaN or ±Infinity in x, or n.
//
// Every input of the core is scanned once before any arithmetic, so this scan
// is on the hot path of the small teaching calls. Per 16 floats: clear the
// sign bit, compare the bits with FLT_MAX's as integers (greater means the
// exponent is all ones), OR the four masks, and test once; only a block that
// holds a non-finite value is rescanned to find its index.
#if defined(__wasm_simd128__)
#include <cassert>

#include <wasm_simd128.h>

#include "kernels/kernels.h"

namespace {

inline v128_t nonfinite_mask(const float* x) {
  const v128_t vabs = wasm_v128_and(wasm_v128_load(x), wasm_i32x4_const_splat(0x7FFFFFFF));
  return wasm_i32x4_gt(vabs, wasm_i32x4_const_splat(0x7F7FFFFF));
}

}  // namespace

extern "C" std::size_t ax_f32_vfinite_ukernel_x16__wasmsimd(std::size_t n, const float* x) {
  assert(x != nullptr || n == 0);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t vany = wasm_v128_or(
        wasm_v128_or(nonfinite_mask(x + i), nonfinite_mask(x + i + 4)),
        wasm_v128_or(nonfinite_mask(x + i + 8), nonfinite_mask(x + i + 12)));
    if (wasm_v128_any_true(vany)) break;  // rescan this block below
  }
  for (; i + 4 <= n; i += 4) {
    if (wasm_v128_any_true(nonfinite_mask(x + i))) break;
  }
  // The block with the culprit (if any) and the tail, one float at a time.
  return i + ax_f32_vfinite_ukernel_x1__scalar(n - i, x + i);
}
#endif
