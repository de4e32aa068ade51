// softmax_stability.cpp — softmax Jacobian and the naive softmax; see softmax_stability.h.
#include "core/softmax_stability.h"

#include <cmath>
#include <vector>

#include "core/validate.h"
#include "kernels/select.h"

namespace ax {

void softmax_jacobian(const float* x, std::size_t len, float temperature, float* jacobian) {
  require_nonempty("x", len);
  require_positive_finite_scalar("temperature", temperature);
  require_finite("x", x, len);
  // p = softmax(x / T), the stable kernel   (len)
  std::vector<float> p(len);
  kernels::softmax_row(len, x, p.data(), temperature);
  double total = 0.0;
  for (float pj : p) total += pj;
  // J_ij = p_i (δ_ij − p_j) / T. On the diagonal 1 − p_i is taken as Σ_{j≠i} p_j
  // (in double): when p_i rounds to 1 in float32, 1 − p_i would lose every digit.
  for (std::size_t i = 0; i < len; ++i) {
    float* row = jacobian + i * len;
    for (std::size_t j = 0; j < len; ++j) {
      row[j] = float(-double(p[i]) * double(p[j]) / temperature);
    }
    row[i] = float(double(p[i]) * (total - double(p[i])) / temperature);
  }
}

void softmax_naive(const float* x, std::size_t len, float temperature, float* y) {
  require_nonempty("x", len);
  require_positive_finite_scalar("temperature", temperature);
  require_finite("x", x, len);
  // e_i = exp(x_i / T) in float32, no shift: overflows to +Infinity above x/T ≈ 88.72
  float sum = 0.0f;
  for (std::size_t i = 0; i < len; ++i) {
    y[i] = std::exp(x[i] / temperature);
    sum += y[i];
  }
  // p_i = e_i / Σ: Infinity / Infinity is NaN, finite / Infinity is 0
  for (std::size_t i = 0; i < len; ++i) y[i] = y[i] / sum;
}

}  // namespace ax
