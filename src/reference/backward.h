// backward.h — float64 gradients of attention, for tests of ax::attention_backward.
//
// Straight from the chain rule on reference.h's attention: every input is
// widened to double first, so the only error left is double rounding.
#pragma once

#include "reference/reference.h"

namespace ax::ref {

struct AttentionBackward {
  MatrixXd weights;  // (n, m) the forward weights
  MatrixXd dq;       // (n, dk)
  MatrixXd dk;       // (m, dk)
  MatrixXd dv;       // (m, dv)
  MatrixXd d_scores; // (n, m) dL/d(Q·Kᵀ)
};

inline AttentionBackward attention_backward(const float* q, const float* k, const float* v,
                                            const float* d_output, std::size_t n,
                                            std::size_t m, std::size_t dk, std::size_t dv,
                                            double scale, double temperature,
                                            const Mask& mask = {}) {
  const MatrixXd Q = matrix(q, n, dk), K = matrix(k, m, dk), V = matrix(v, m, dv);
  const MatrixXd dO = matrix(d_output, n, dv);                        // (n, dv)
  AttentionBackward r;
  r.weights = attention(q, k, v, n, m, dk, dv, scale, temperature, mask).weights;
  const MatrixXd& W = r.weights;
  r.dv = W.transpose() * dO;                                          // (m, dv)
  const MatrixXd dW = dO * V.transpose();                             // (n, m)
  r.d_scores = MatrixXd::Zero(Index(n), Index(m));
  for (Index i = 0; i < Index(n); ++i) {
    const double s = W.row(i).dot(dW.row(i));
    for (Index j = 0; j < Index(m); ++j)
      r.d_scores(i, j) = scale / temperature * W(i, j) * (dW(i, j) - s);
  }
  r.dq = r.d_scores * K;                                              // (n, dk)
  r.dk = r.d_scores.transpose() * Q;                                  // (m, dk)
  return r;
}

}  // namespace ax::ref
