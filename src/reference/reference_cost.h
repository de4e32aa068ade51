// reference_cost.h — float64 references for the cheaper attention variants and
// softmax's stability (issue 10): a sparse pattern as a plain predicate, linear
// attention straight from its formula, the softmax Jacobian and the naive softmax.
// Written from the math with no shortcuts, like reference.h; tests only.
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "reference/reference.h"

namespace ax::ref {

// ---- sparse pattern ---------------------------------------------------------

struct SparsePatternSpec {
  long long window = 1;
  std::vector<long long> globals;
  long long stride = 0;
  bool causal = false;

  // The definition, read literally: |i − j| ≤ window, or i or j global, or
  // stride > 0 and (i − j) mod stride = 0; and j ≤ i when causal.
  bool visible(long long i, long long j) const {
    if (causal && j > i) return false;
    if (std::llabs(i - j) <= window) return true;
    for (long long g : globals)
      if (g == i || g == j) return true;
    return stride > 0 && (i - j) % stride == 0;
  }

  // The pattern as an explicit (n, n) 0/1 mask, for ref::attention.
  std::vector<std::uint8_t> mask(std::size_t n) const {
    std::vector<std::uint8_t> out(n * n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) out[i * n + j] = visible((long long)i, (long long)j) ? 1 : 0;
    return out;
  }
};

// ---- linear attention -------------------------------------------------------

inline double elu_plus_one(double x) { return x > 0 ? x + 1.0 : std::exp(x); }

// out_i = Σ_j φ(q_i)·φ(k_j) v_j / Σ_j φ(q_i)·φ(k_j), j over all keys (or j ≤ i):
// the quadratic form, so it shares no code path with the core's factorised one.
// `bound` receives Σ_j φ(q_i)·φ(k_j) |v_j| / Σ_j φ(q_i)·φ(k_j), the error scale.
inline MatrixXd linear_attention(const float* q, const float* k, const float* v, std::size_t n,
                                 std::size_t m, std::size_t dk, std::size_t dv, bool causal,
                                 MatrixXd* bound = nullptr) {
  const MatrixXd Q = matrix(q, n, dk).unaryExpr(&elu_plus_one);  // (n, dk)
  const MatrixXd K = matrix(k, m, dk).unaryExpr(&elu_plus_one);  // (m, dk)
  const MatrixXd V = matrix(v, m, dv);                           // (m, dv)
  MatrixXd A = Q * K.transpose();                                // (n, m) similarities > 0
  if (causal)
    for (Index i = 0; i < A.rows(); ++i)
      for (Index j = i + 1; j < A.cols(); ++j) A(i, j) = 0.0;
  const VectorXd denominators = A.rowwise().sum();
  const MatrixXd W = denominators.asDiagonal().inverse() * A;    // rows sum to 1
  if (bound) *bound = W * V.cwiseAbs();
  return W * V;
}

// ---- softmax Jacobian and naive softmax -------------------------------------

// J_ij = p_i (δ_ij − p_j) / T with p = softmax(x / T). The diagonal p_i (1 − p_i)
// is formed as p_i Σ_{j≠i} p_j: for p_i near 1, p_i − p_i² cancels away every digit.
inline MatrixXd softmax_jacobian(const float* x, std::size_t len, double temperature) {
  const VectorXd p = softmax_rows(matrix(x, 1, len), temperature).row(0).transpose();
  MatrixXd J = -(p * p.transpose());
  for (Index i = 0; i < p.size(); ++i) {
    double others = 0.0;
    for (Index j = 0; j < p.size(); ++j)
      if (j != i) others += p(j);
    J(i, i) = p(i) * others;
  }
  return J / temperature;
}

}  // namespace ax::ref
