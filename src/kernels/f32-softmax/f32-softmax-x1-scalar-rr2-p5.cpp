// f32-softmax-x1-scalar-rr2-p5 — one row of softmax, portable twin of
// f32-softmax-x8-wasmsimd-rr2-p5: the same three passes and the same exp, the
// sum kept in double, so both twins agree to a few ulp.
#include <algorithm>
#include <cassert>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

extern "C" void ax_f32_softmax_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                                         float* y, float temperature) {
  assert(n != 0 && x != nullptr && y != nullptr && temperature > 0.0f);

  // pass 1: the row maximum (hidden keys are −∞ and never win).
  float max = x[0];
  for (std::size_t i = 1; i < n; ++i) max = std::max(max, x[i]);

  // pass 2: e = exp((x − max) / T), stored and summed in double. (A float
  // running sum drifts: one e near 1 plus 40 equal small ones rounded the same
  // way each time and summed to 1 − 1.3e-6; tests/fuzz found it.)
  // At T ≥ 2 the difference is taken as (x·½ − max·½) / (T·½): it cannot
  // overflow, and rounds as (x − max) / T wherever that is finite (halving_for).
  const float half = ax::exp_rr2_p5::halving_for(temperature);
  const float hmax = max * half;
  const float htemp = temperature * half;
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float e = ax::exp_rr2_p5::exp_scalar((x[i] * half - hmax) / htemp);
    y[i] = e;
    sum += e;
  }

  // pass 3: scale by 1/Σ (Σ ≥ 1: the maximum contributes exp(0) = 1).
  const float inv_sum = float(1.0 / sum);
  for (std::size_t i = 0; i < n; ++i) y[i] *= inv_sum;
}
