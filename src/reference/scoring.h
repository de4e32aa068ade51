// scoring.h — float64 reference of the four scoring functions and of
// multi-head attention (src/core/scoring.h, src/core/multi_head.h).
//
// Written straight from the formulas, pair by pair and head by head, with
// std::tanh in double; no kernel, no packing, no shortcut shared with the core.
// Each score comes with its error scale: the sum of the magnitudes of the terms
// that float32 rounding is proportional to (abs_product in reference.h).
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "reference/reference.h"

namespace ax::ref {

struct Scores {
  MatrixXd value;      // (n, m)
  MatrixXd magnitude;  // (n, m) error scale of each score
};

// kind: "dot", "cosine", "bilinear", "additive". Unused matrices may be null.
inline Scores scores(const std::string& kind, const float* q, const float* k,
                     std::size_t n, std::size_t m, std::size_t dq, std::size_t dk,
                     std::size_t dh, const float* w, const float* wq, const float* wk,
                     const float* u) {
  const MatrixXd Q = matrix(q, n, dq);  // (n, dq)
  const MatrixXd K = matrix(k, m, dk);  // (m, dk)
  Scores r{MatrixXd::Zero(Index(n), Index(m)), MatrixXd::Zero(Index(n), Index(m))};
  if (kind == "dot") {
    r.value = Q * K.transpose();
    r.magnitude = abs_product(Q, K.transpose());
  } else if (kind == "cosine") {
    for (Index i = 0; i < Index(n); ++i)
      for (Index j = 0; j < Index(m); ++j) {
        const double lengths = Q.row(i).norm() * K.row(j).norm();
        r.value(i, j) = Q.row(i).dot(K.row(j)) / lengths;
        r.magnitude(i, j) = Q.row(i).cwiseAbs().dot(K.row(j).cwiseAbs()) / lengths;
      }
  } else if (kind == "bilinear") {
    const MatrixXd W = matrix(w, dq, dk);  // (dq, dk)
    for (Index i = 0; i < Index(n); ++i)
      for (Index j = 0; j < Index(m); ++j) {
        r.value(i, j) = Q.row(i) * W * K.row(j).transpose();
        r.magnitude(i, j) = Q.row(i).cwiseAbs() * W.cwiseAbs() * K.row(j).cwiseAbs().transpose();
      }
  } else if (kind == "additive") {
    const MatrixXd Wq = matrix(wq, dh, dq);  // (dh, dq)
    const MatrixXd Wk = matrix(wk, dh, dk);  // (dh, dk)
    const VectorXd U = vector(u, dh);        // (dh)
    for (Index i = 0; i < Index(n); ++i)
      for (Index j = 0; j < Index(m); ++j) {
        const VectorXd pre = Wq * Q.row(i).transpose() + Wk * K.row(j).transpose();  // (dh)
        const VectorXd pre_size = Wq.cwiseAbs() * Q.row(i).cwiseAbs().transpose() +
                                  Wk.cwiseAbs() * K.row(j).cwiseAbs().transpose();
        const VectorXd hidden = pre.array().tanh();
        r.value(i, j) = U.dot(hidden);
        // an error in tanh's input passes through with slope ≤ 1
        r.magnitude(i, j) = U.cwiseAbs().dot(hidden.cwiseAbs() + pre_size);
      }
  }
  return r;
}

struct MultiHead {
  MatrixXd q, k, v;              // (n, d), (m, d), (m, d)
  std::vector<MatrixXd> weights;  // heads × (n, m)
  MatrixXd concat, output;       // (n, d), (n, d)
};

// source == nullptr: self-attention on x (m = n).
inline MultiHead multi_head(const float* x, const float* source, std::size_t n,
                            std::size_t m, std::size_t d, std::size_t heads,
                            const float* wq, const float* wk, const float* wv,
                            const float* wo, const Mask& mask = {}) {
  const MatrixXd X = matrix(x, n, d);
  const MatrixXd S = source ? matrix(source, m, d) : X;
  const std::size_t dh = d / heads;
  MultiHead r;
  r.q = X * matrix(wq, d, d);
  r.k = S * matrix(wk, d, d);
  r.v = S * matrix(wv, d, d);
  r.concat = MatrixXd::Zero(Index(n), Index(d));
  for (std::size_t h = 0; h < heads; ++h) {
    const Index c = Index(h * dh), w = Index(dh);
    const MatrixXd scaled = r.q.middleCols(c, w) * r.k.middleCols(c, w).transpose() /
                            std::sqrt(double(dh));
    r.weights.push_back(softmax_rows(scaled, 1.0, mask));
    r.concat.middleCols(c, w) = r.weights.back() * r.v.middleCols(c, w);
  }
  r.output = r.concat * matrix(wo, d, d);
  return r;
}

}  // namespace ax::ref
