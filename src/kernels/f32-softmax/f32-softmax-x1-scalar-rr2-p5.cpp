// f32-softmax-x1-scalar-rr2-p5 — one row of softmax, portable twin of
// f32-softmax-x8-wasmsimd-rr2-p5: the same three passes, the same exp and the
// same 64-element blocks summed into double, so both twins agree to a few ulp.
#include <algorithm>
#include <cassert>

#include "kernels/f32-softmax/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

void ax_f32_softmax_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                              float* y, float temperature) {
  assert(n != 0 && x != nullptr && y != nullptr && temperature > 0.0f);

  // pass 1: the row maximum (hidden keys are −∞ and never win).
  float max = x[0];
  for (std::size_t i = 1; i < n; ++i) max = std::max(max, x[i]);

  // pass 2: e = exp(x / T − max / T), stored and summed. For T > 1, x − max
  // could overflow (3e38 − (−3e38)) where x / T − max / T cannot; for T ≤ 1,
  // x / T could overflow, so (x − max) / T is used (an overflow there means a
  // true exponent below −3e38, whose exp is 0 either way). Sums of 64-element
  // blocks in float, blocks added in double: error stays ~1 ulp for any n.
  const bool divide_first = temperature > 1.0f;
  const float max_t = max / temperature;
  double sum = 0.0;
  for (std::size_t block = 0; block < n; block += 64) {
    const std::size_t end = std::min(n, block + 64);
    float partial = 0.0f;
    for (std::size_t i = block; i < end; ++i) {
      const float z = divide_first ? x[i] / temperature - max_t : (x[i] - max) / temperature;
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
