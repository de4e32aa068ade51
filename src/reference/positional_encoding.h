// positional_encoding.h (reference) — the float64 oracle for ax::positional_encoding.
//
// Written from the paper's formula with std::pow, element by element:
// PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <cstddef>

namespace ax::ref {

inline Eigen::MatrixXd positional_encoding(std::size_t n, std::size_t d) {
  Eigen::MatrixXd pe = Eigen::MatrixXd::Zero(Eigen::Index(n), Eigen::Index(d));  // (n, d)
  for (std::size_t pos = 0; pos < n; ++pos) {
    for (std::size_t i = 0; 2 * i < d; ++i) {
      const double angle = double(pos) / std::pow(10000.0, double(2 * i) / double(d));
      pe(Eigen::Index(pos), Eigen::Index(2 * i)) = std::sin(angle);
      if (2 * i + 1 < d) pe(Eigen::Index(pos), Eigen::Index(2 * i + 1)) = std::cos(angle);
    }
  }
  return pe;
}

}  // namespace ax::ref
