// compare.h — tolerance checks against the float64 reference.
//
// Each check scans a whole result, and on failure reports the worst element
// (position, value, reference, error, bound) instead of one line per element,
// so a failing run says exactly which numbers were off and by how much.
// Callers CAPTURE the case (sizes, twin) so the message names it too.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "reference/reference.h"

namespace ax::test {

using ref::MatrixXd;

// A value no kernel computes by accident: cells outside a result are filled
// with it, and must still hold it (bit for bit) afterwards.
constexpr float kGuard = -7777.25f;

// 9 significant digits, exponent when needed (Catch prints floats fixed-point,
// which shows 1e-38 as 0.0).
inline std::string digits(double x) {
  std::ostringstream text;
  text.precision(9);
  text << x;
  return text.str();
}

inline bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// |got(i, j) − want(i, j)| ≤ bound(i, j) everywhere; got is row-major with the
// given stride (0 = want.cols()). NaN or ±∞ in got always fails.
inline void require_within(const char* what, const float* got, const MatrixXd& want,
                           const MatrixXd& bound, std::size_t stride = 0) {
  if (stride == 0) stride = std::size_t(want.cols());
  bool ok = true;
  double worst_ratio = -1.0;
  std::ostringstream detail;
  detail.precision(9);
  for (Eigen::Index i = 0; i < want.rows(); ++i) {
    for (Eigen::Index j = 0; j < want.cols(); ++j) {
      const double g = got[std::size_t(i) * stride + std::size_t(j)];
      const double error = std::fabs(g - want(i, j));
      const bool good = std::isfinite(g) && error <= bound(i, j);
      const double ratio = bound(i, j) > 0 ? error / bound(i, j) : (error > 0 ? INFINITY : 0.0);
      // The first failing element, or else the closest call, is reported.
      if ((!good && ok) || (ok && ratio > worst_ratio)) {
        detail.str("");
        detail << what << " (" << i << ", " << j << "): got " << g << ", want "
               << want(i, j) << ", |error| " << error << " vs bound " << bound(i, j);
        worst_ratio = ratio;
      }
      if (!good) ok = false;
    }
  }
  INFO(detail.str());
  REQUIRE(ok);
}

// Relative tolerance with an absolute floor: |got − want| ≤ rel·|want| + floor.
// The floor covers weights so small (e^-70 and below) that float32 keeps only
// a few of their digits, or flushes them to 0.
inline void require_relative(const char* what, const float* got, const MatrixXd& want,
                             double rel, double floor, std::size_t stride = 0) {
  const MatrixXd bound = (want.cwiseAbs() * rel).array() + floor;
  require_within(what, got, want, bound, stride);
}

// Row sums of a (rows, cols) result, in double.
inline std::vector<double> row_sums(const float* y, std::size_t rows, std::size_t cols) {
  std::vector<double> sums(rows, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) sums[i] += y[i * cols + j];
  return sums;
}

// Every row sums to want[i] (1, or 0 for a fully hidden row) within tol.
inline void require_row_sums(const float* y, std::size_t rows, std::size_t cols,
                             const std::vector<double>& want, double tol) {
  const std::vector<double> sums = row_sums(y, rows, cols);
  std::size_t bad = rows;
  for (std::size_t i = 0; i < rows && bad == rows; ++i)
    if (!(std::fabs(sums[i] - want[i]) <= tol)) bad = i;
  if (bad == rows) return;
  INFO("row " << bad << " of " << rows << " sums to " << digits(sums[bad]) << ", want "
              << want[bad] << " ± " << tol << " (error " << sums[bad] - want[bad] << ")");
  REQUIRE(bad == rows);
}

// A vector of count floats followed by `guard` sentinel floats.
inline std::vector<float> with_guard(std::size_t count, std::size_t guard = 16) {
  return std::vector<float>(count + guard, kGuard);
}

// Cells [begin, end) of buf still hold kGuard.
inline void require_guard(const char* what, const std::vector<float>& buf,
                          std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    if (same_bits(buf[i], kGuard)) continue;
    INFO(what << ": guard cell " << i << " was overwritten with " << digits(buf[i]));
    REQUIRE(same_bits(buf[i], kGuard));
  }
}

}  // namespace ax::test
