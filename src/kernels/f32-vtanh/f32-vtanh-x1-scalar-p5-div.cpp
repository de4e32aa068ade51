// f32-vtanh-x1-scalar-p5-div — y = tanh(x), one element at a time.
// Portable twin of f32-vtanh-x8-wasmsimd-p5-div; additive scoring's hidden layer.
#include <cassert>

#include "kernels/f32-vtanh/f32-tanh-p5-div.h"
#include "kernels/kernels.h"

void ax_f32_vtanh_ukernel_x1__scalar_p5_div(std::size_t n, const float* x, float* y) {
  assert(x != nullptr && y != nullptr);
  for (std::size_t i = 0; i < n; ++i) y[i] = ax::tanh_p5_div::tanh_scalar(x[i]);
}
