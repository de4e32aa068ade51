// f32-dot-x4-scalar — Σ aᵢ bᵢ with four running sums (portable twin of
// f32-dot-x16-wasmsimd; four sums also shorten the add chain the error grows along).
#include <cassert>

#include "kernels/kernels.h"

extern "C" float ax_f32_dot_ukernel_x4__scalar(std::size_t n, const float* a,
                                               const float* b) {
  assert(n != 0 && a != nullptr && b != nullptr);
  float acc0 = 0.0f, acc1 = 0.0f, acc2 = 0.0f, acc3 = 0.0f;
  for (; n >= 4; n -= 4, a += 4, b += 4) {
    acc0 += a[0] * b[0];
    acc1 += a[1] * b[1];
    acc2 += a[2] * b[2];
    acc3 += a[3] * b[3];
  }
  for (; n > 0; --n) acc0 += *a++ * *b++;
  return (acc0 + acc1) + (acc2 + acc3);
}
