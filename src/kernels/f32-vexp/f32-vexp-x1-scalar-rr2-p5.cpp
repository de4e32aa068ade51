// f32-vexp-x1-scalar-rr2-p5 — y = exp(x), one element at a time.
// Portable twin of f32-vexp-x8-wasmsimd-rr2-p5; used to test exp accuracy.
#include <cassert>

#include "kernels/f32-vexp/f32-exp-rr2-p5.h"
#include "kernels/kernels.h"

extern "C" void ax_f32_vexp_ukernel_x1__scalar_rr2_p5(std::size_t n, const float* x,
                                                      float* y) {
  assert(x != nullptr && y != nullptr);
  for (std::size_t i = 0; i < n; ++i) y[i] = ax::exp_rr2_p5::exp_scalar(x[i]);
}
