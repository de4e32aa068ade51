// reference.h — the float64 oracle that tests and benchmarks compare with.
//
// Header-only, written straight from the math with Eigen and no shortcuts:
// every input is a float32 array (row-major, as the core takes it), widened to
// double before any arithmetic, so the only error left is float64 rounding —
// about 1e-16, far below every tolerance the tests use. Matrices come back as
// Eigen::MatrixXd indexed (row, column) like the math: Q is (n, dk), K is
// (m, dk), V is (m, dv). Nothing in src/ outside tests and benchmarks uses it.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace ax::ref {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using Eigen::Index;

// ---- float32 arrays → double -------------------------------------------------

// A row-major float array of (rows, cols) as a double matrix.
inline MatrixXd matrix(const float* values, std::size_t rows, std::size_t cols,
                       std::size_t stride = 0) {
  if (stride == 0) stride = cols;
  MatrixXd out = MatrixXd::Zero(Index(rows), Index(cols));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out(Index(i), Index(j)) = double(values[i * stride + j]);
  return out;
}

inline VectorXd vector(const float* values, std::size_t len) {
  return matrix(values, len, 1);
}

// ---- one query q and one key k ----------------------------------------------

inline double dot(const float* a, const float* b, std::size_t len) {
  return vector(a, len).dot(vector(b, len));
}

// Squares of float32 values stay below 1.2e77: no overflow in double.
inline double norm(const float* a, std::size_t len) {
  return vector(a, len).norm();
}

inline double cosine(const float* a, const float* b, std::size_t len) {
  return dot(a, b, len) / (norm(a, len) * norm(b, len));
}

// acos is ill-conditioned near 0 and π (error ~√ε ≈ 1e-8 there); that is still
// 100× below the 1e-6 the tests ask of ax::angle.
inline double angle(const float* a, const float* b, std::size_t len) {
  return std::acos(std::clamp(cosine(a, b, len), -1.0, 1.0));
}

// The projection of k onto q: (q·k / q·q) q.
inline VectorXd project(const float* k, const float* q, std::size_t len) {
  const VectorXd qd = vector(q, len);
  return (qd.dot(vector(k, len)) / qd.squaredNorm()) * qd;
}

// ---- masks ------------------------------------------------------------------

struct Mask {
  enum class Kind { none, causal, explicit_values };
  Kind kind = Kind::none;
  const std::uint8_t* values = nullptr;  // (rows, cols), 1 visible, 0 hidden

  // Query i sees key j: always / iff j ≤ i / iff values(i, j) == 1.
  bool visible(std::size_t i, std::size_t j, std::size_t cols) const {
    switch (kind) {
      case Kind::none: return true;
      case Kind::causal: return j <= i;
      case Kind::explicit_values: return values[i * cols + j] == 1;
    }
    return true;
  }
};

// ---- softmax ------------------------------------------------------------------

// y(i, j) = exp(x(i, j) / T) / Σ_visible exp(x(i, l) / T) for visible (i, j),
// exactly 0 for hidden ones; a row with nothing visible is all zeros.
// −∞ entries are allowed and give 0 (exp(−∞) = 0). The row max is subtracted
// first only so that exp cannot overflow; it cancels in the ratio.
inline MatrixXd softmax_rows(const MatrixXd& x, double temperature,
                             const Mask& mask = {}) {
  const std::size_t cols = std::size_t(x.cols());
  MatrixXd y = MatrixXd::Zero(x.rows(), x.cols());  // (rows, cols)
  for (Index i = 0; i < x.rows(); ++i) {
    double max = -std::numeric_limits<double>::infinity();
    for (Index j = 0; j < x.cols(); ++j)
      if (mask.visible(std::size_t(i), std::size_t(j), cols)) max = std::max(max, x(i, j));
    if (max == -std::numeric_limits<double>::infinity()) continue;  // nothing visible
    double sum = 0.0;
    for (Index j = 0; j < x.cols(); ++j) {
      if (!mask.visible(std::size_t(i), std::size_t(j), cols)) continue;
      y(i, j) = std::exp((x(i, j) - max) / temperature);
      sum += y(i, j);
    }
    y.row(i) /= sum;
  }
  return y;
}

inline MatrixXd softmax_rows(const float* x, std::size_t rows, std::size_t cols,
                             double temperature, const Mask& mask = {}) {
  return softmax_rows(matrix(x, rows, cols), temperature, mask);
}

// ---- attention ----------------------------------------------------------------

struct Attention {
  MatrixXd scores;   // (n, m)  Q · Kᵀ
  MatrixXd scaled;   // (n, m)  scores × scale
  MatrixXd weights;  // (n, m)  softmax(scaled / T) over visible keys
  MatrixXd output;   // (n, dv) weights · V
};

inline Attention attention(const float* q, const float* k, const float* v,
                           std::size_t n, std::size_t m, std::size_t dk,
                           std::size_t dv, double scale, double temperature,
                           const Mask& mask = {}) {
  const MatrixXd Q = matrix(q, n, dk);  // (n, dk)
  const MatrixXd K = matrix(k, m, dk);  // (m, dk)
  const MatrixXd V = matrix(v, m, dv);  // (m, dv)
  Attention r;
  r.scores = Q * K.transpose();                           // (n, m)
  r.scaled = r.scores * scale;                            // (n, m)
  r.weights = softmax_rows(r.scaled, temperature, mask);  // (n, m)
  r.output = r.weights * V;                               // (n, dv)
  return r;
}

// ---- error scale of a product ---------------------------------------------------

// |A| · |B| element-wise: Σₖ |aᵢₖ| |bₖⱼ|. A float32 sum of products can lose
// everything to cancellation, so its rounding error is bounded relative to this
// sum of magnitudes, not to the (possibly tiny) result itself.
inline MatrixXd abs_product(const MatrixXd& a, const MatrixXd& b) {
  return a.cwiseAbs() * b.cwiseAbs();
}

}  // namespace ax::ref
