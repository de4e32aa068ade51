// f32-softmax-x1-scalar-rr2-p5 — one row of softmax, portable twin of
// f32-softmax-x8-wasmsimd-rr2-p5: the same three passes, the same exp and the
// same 64-element blocks summed into double, so both twins agree to a few ulp.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

extern "C" void ax_f32_softmax_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                                         float* y, float temperature) {
  assert(n != 0 && x != nullptr && y != nullptr && temperature > 0.0f);

  // pass 1: the row maximum (hidden keys are −∞ and never win).
  float max = x[0];
  for (std::size_t i = 1; i < n; ++i) max = std::max(max, x[i]);

  // pass 2: e = exp((x − max) / T), stored and summed. x − max can overflow
  // (3e38 − (−3e38) = −∞); for T > 1 the true exponent may still be small
  // ((−6e38) / 3e38 = −2), so such an entry uses x / T − max / T instead, which
  // cannot overflow and, for an entry that far below the max, is accurate to a
  // few ulp. (Dividing first everywhere would cost accuracy near the max, where
  // x / T and max / T cancel.) For T ≤ 1 an overflowed x − max means a true
  // exponent below −3e38, whose exp is 0 either way. Sums of 64-element blocks
  // in float, blocks added in double: error stays ~1 ulp for any n.
  const bool wide = temperature > 1.0f;
  const float max_t = max / temperature;
  double sum = 0.0;
  for (std::size_t block = 0; block < n; block += 64) {
    const std::size_t end = std::min(n, block + 64);
    float partial = 0.0f;
    for (std::size_t i = block; i < end; ++i) {
      const float d = x[i] - max;
      const float z = wide && d == -INFINITY ? x[i] / temperature - max_t : d / temperature;
      const float e = ax::exp_rr2_p5::exp_scalar(z);
      y[i] = e;
      partial += e;
    }
    sum += partial;
  }

  // pass 3: scale by 1/Σ (Σ ≥ 1: the maximum contributes exp(0) = 1).
  const float inv_sum = float(1.0 / sum);
  for (std::size_t i = 0; i < n; ++i) y[i] *= inv_sum;
}
