// softmax_stability.h — the softmax Jacobian, and softmax without the max.
//
// Jacobian: with p = softmax(x / T), ∂p_i/∂x_j = p_i (δ_ij − p_j) / T. When one
// p_i is near 1 (large, unscaled scores) every entry goes to 0: the gradient
// through softmax vanishes, which is why attention divides scores by √dk.
//
// Naive softmax: exp(x_i / T) / Σ_j exp(x_j / T) in float32 exactly as written,
// WITHOUT subtracting the maximum. e^x overflows float32 for x > 88.72, and the
// result then holds Infinity or NaN (∞/∞). This is the one function of the core
// whose result may be non-finite — on purpose, to show why softmax_rows
// subtracts the row maximum first.
#pragma once

#include <cstddef>

namespace ax {

// x (len), finite; T finite > 0. jacobian: (len, len), row-major, J[i·len + j].
void softmax_jacobian(const float* x, std::size_t len, float temperature, float* jacobian);

// x (len), finite; T finite > 0. y (len) may hold ±Infinity or NaN.
void softmax_naive(const float* x, std::size_t len, float temperature, float* y);

}  // namespace ax
