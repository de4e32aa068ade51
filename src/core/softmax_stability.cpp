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
  // J_ij = p_i (δ_ij − p_j) / T. On the diagonal 1 − p_i is taken as Σ_{j≠i} p_j,
  // a sum of positive terms (prefix + suffix, in double): when p_i is within an
  // ulp of 1, both 1 − p_i and (Σ_j p_j) − p_i would lose every digit.
  std::vector<double> suffix(len + 1, 0.0);  // suffix[i] = Σ_{j≥i} p_j
  for (std::size_t j = len; j-- > 0;) suffix[j] = suffix[j + 1] + double(p[j]);
  double prefix = 0.0;                        // Σ_{j<i} p_j
  for (std::size_t i = 0; i < len; ++i) {
    float* row = jacobian + i * len;
    for (std::size_t j = 0; j < len; ++j) {
      row[j] = float(-double(p[i]) * double(p[j]) / temperature);
    }
    row[i] = float(double(p[i]) * (prefix + suffix[i + 1]) / temperature);
    prefix += double(p[i]);
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
