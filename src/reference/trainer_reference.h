// trainer_reference.h — the trainer's model in float64, for gradient checks.
//
// Header-only, Eigen, written from the math of core/trainer.h without sharing
// its code: the loss of a batch and its analytic gradient, both in double. The
// tests check this gradient against central finite differences of this loss
// (tight: double rounding only), and the core's float32 gradient against the
// same finite differences.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ax::ref {

struct Model {
  Eigen::MatrixXd wq, wk, wv, wo;  // (d, d)
  Eigen::MatrixXd embed;           // (vocab, d)
  Eigen::MatrixXd pos;             // (L, d), or 0×0 for no positions
  Eigen::MatrixXd unembed;         // (d, vocab)
};

enum class RefTask { copy, previous, reverse, max };

inline std::vector<int> targets(RefTask task, const std::int32_t* x, int n) {
  std::vector<int> y(std::size_t(n), 0);
  for (int i = 0; i < n; ++i) {
    switch (task) {
      case RefTask::copy: y[i] = x[i]; break;
      case RefTask::previous: y[i] = x[i == 0 ? 0 : i - 1]; break;
      case RefTask::reverse: y[i] = x[n - 1 - i]; break;
      case RefTask::max: y[i] = *std::max_element(x, x + n); break;
    }
  }
  return y;
}

// Mean cross-entropy over batch × L positions; if grad is given, it receives
// dLoss/dθ with the shapes of the model (grad->pos only when pos is non-empty).
inline double model_loss(const Model& p, RefTask task, const std::int32_t* tokens,
                         int batch, int L, Model* grad = nullptr) {
  using Eigen::MatrixXd;
  const int d = int(p.wq.rows()), nv = int(p.embed.rows());
  const double scale = 1.0 / std::sqrt(double(d)), rows = double(batch) * L;
  if (grad) {
    grad->wq = MatrixXd::Zero(d, d); grad->wk = MatrixXd::Zero(d, d);
    grad->wv = MatrixXd::Zero(d, d); grad->wo = MatrixXd::Zero(d, d);
    grad->embed = MatrixXd::Zero(nv, d);
    grad->pos = MatrixXd::Zero(p.pos.rows(), p.pos.cols());
    grad->unembed = MatrixXd::Zero(d, nv);
  }
  double loss = 0.0;
  for (int b = 0; b < batch; ++b) {
    const std::int32_t* x = tokens + b * L;
    const std::vector<int> y = targets(task, x, L);
    MatrixXd h(L, d);                                            // (L, d)
    for (int i = 0; i < L; ++i) {
      h.row(i) = p.embed.row(x[i]);
      if (p.pos.size()) h.row(i) += p.pos.row(i);
    }
    const MatrixXd Q = h * p.wq, K = h * p.wk, V = h * p.wv;    // (L, d)
    MatrixXd W = (Q * K.transpose()) * scale;                    // (L, L)
    for (int i = 0; i < L; ++i) {
      const double top = W.row(i).maxCoeff();
      W.row(i) = (W.row(i).array() - top).exp().matrix();
      W.row(i) /= W.row(i).sum();
    }
    const MatrixXd O = W * V;                                    // (L, d)
    const MatrixXd Y = O * p.wo;                                 // (L, d)
    const MatrixXd Z = Y * p.unembed;                            // (L, vocab)
    MatrixXd dZ(L, nv);
    for (int i = 0; i < L; ++i) {
      const double top = Z.row(i).maxCoeff();
      const Eigen::RowVectorXd e = (Z.row(i).array() - top).exp().matrix();
      const double sum = e.sum();
      loss += std::log(sum) - (Z(i, y[i]) - top);
      dZ.row(i) = e / sum;
      dZ(i, y[i]) -= 1.0;
    }
    if (!grad) continue;
    dZ /= rows;
    grad->unembed += Y.transpose() * dZ;
    const MatrixXd dY = dZ * p.unembed.transpose();
    grad->wo += O.transpose() * dY;
    const MatrixXd dO = dY * p.wo.transpose();
    const MatrixXd dV = W.transpose() * dO;
    const MatrixXd dW = dO * V.transpose();
    MatrixXd dS(L, L);
    for (int i = 0; i < L; ++i) {
      const double s = W.row(i).dot(dW.row(i));
      dS.row(i) = (W.row(i).array() * (dW.row(i).array() - s)).matrix() * scale;
    }
    const MatrixXd dQ = dS * K, dK = dS.transpose() * Q;
    grad->wq += h.transpose() * dQ;
    grad->wk += h.transpose() * dK;
    grad->wv += h.transpose() * dV;
    const MatrixXd dh = dQ * p.wq.transpose() + dK * p.wk.transpose() + dV * p.wv.transpose();
    for (int i = 0; i < L; ++i) {
      grad->embed.row(x[i]) += dh.row(i);
      if (grad->pos.size()) grad->pos.row(i) += dh.row(i);
    }
  }
  return loss / rows;
}

}  // namespace ax::ref
