// vector_geometry.cpp — dot, norm, cosine, angle, projection; see the header.
#include "core/vector_geometry.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

void require_vector(const char* name, const float* a, std::size_t len) {
  require_nonempty(name, len);
  require_finite(name, a, len);
}

void require_pair(const char* a_name, const float* a, const char* b_name,
                  const float* b, std::size_t len) {
  require_vector(a_name, a, len);
  require_vector(b_name, b, len);
}

// |a| with the largest magnitude factored out, so squares cannot overflow.
double scaled_norm(const float* a, std::size_t len) {
  double largest = 0.0;
  for (std::size_t i = 0; i < len; ++i) {
    largest = std::max(largest, std::fabs(double(a[i])));
  }
  if (largest == 0.0) return 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < len; ++i) {
    const double x = double(a[i]) / largest;
    sum += x * x;
  }
  return largest * std::sqrt(sum);
}

void require_nonzero(const char* name, double norm_value, const char* what) {
  if (norm_value == 0.0) {
    throw_range(std::string(name) + ": is the zero vector, so " + what +
                " is undefined");
  }
}

struct Norms {
  double a, b;
};

// |a| and |b| of a valid pair, neither zero (`what` names the quantity).
Norms nonzero_norms(const float* a, const float* b, std::size_t len,
                    const char* what) {
  require_pair("a", a, "b", b, len);
  const Norms norms{scaled_norm(a, len), scaled_norm(b, len)};
  require_nonzero("a", norms.a, what);
  require_nonzero("b", norms.b, what);
  return norms;
}

}  // namespace

float dot(const float* a, const float* b, std::size_t len) {
  require_pair("a", a, "b", b, len);
  const float result = kernels::dot(len, a, b);
  if (!std::isfinite(result)) {
    throw_range("a·b: the dot product overflows float32 (|a·b| > 3.4e38)");
  }
  return result;
}

double norm(const float* a, std::size_t len) {
  require_vector("a", a, len);
  return scaled_norm(a, len);
}

double cosine(const float* a, const float* b, std::size_t len) {
  const auto [na, nb] = nonzero_norms(a, b, len, "the cosine");
  // Σ (aᵢ/|a|)(bᵢ/|b|): unit vectors first, so nothing overflows.
  double sum = 0.0;
  for (std::size_t i = 0; i < len; ++i) {
    sum += (double(a[i]) / na) * (double(b[i]) / nb);
  }
  return std::clamp(sum, -1.0, 1.0);
}

double angle(const float* a, const float* b, std::size_t len) {
  const auto [na, nb] = nonzero_norms(a, b, len, "the angle");
  // Kahan: with unit vectors u, w: θ = 2·atan2(|u − w|, |u + w|).
  double diff = 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < len; ++i) {
    const double u = double(a[i]) / na;
    const double w = double(b[i]) / nb;
    diff += (u - w) * (u - w);
    sum += (u + w) * (u + w);
  }
  return 2.0 * std::atan2(std::sqrt(diff), std::sqrt(sum));
}

void project(const float* k, const float* q, std::size_t len, double* out) {
  require_pair("k", k, "q", q, len);
  const double nq = scaled_norm(q, len);
  require_nonzero("q", nq, "the projection onto q");
  // (k·q̂) q̂ with q̂ = q / |q|.
  double along = 0.0;
  for (std::size_t i = 0; i < len; ++i) along += double(k[i]) * (double(q[i]) / nq);
  for (std::size_t i = 0; i < len; ++i) out[i] = along * (double(q[i]) / nq);
}

}  // namespace ax
