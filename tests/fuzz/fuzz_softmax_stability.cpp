// fuzz_softmax_stability.cpp — ax::softmax_jacobian and ax::softmax_naive.
//
// x of length 0..40 from every value regime, temperature ordinary, extreme or
// invalid. Checks:
//   bad input -> ax::InputError naming x or temperature; never a result
//   jacobian  -> a result within 2e-5 relative (+ 1e-30 (p_i + p_j + δ_ij) / T, what
//                softmax's 1e-30 floor becomes) of p_i (δ_ij − p_j) / T in
//                float64, or an overflow error when an entry is beyond
//                float32; never ±∞ or NaN
//   naive     -> may be non-finite by design, but where every x/T lies in
//                [−80, 88] it is the softmax within 1e-5 relative (+ 1e-9)
//   no write past len (× len), x untouched
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/softmax_stability.h"
#include "fuzz.h"
#include "reference/reference_cost.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  const bool jacobian = in.coin();
  const std::size_t len = in.dim();
  const float temperature = in.parameter(true);
  const std::vector<float> x = in.values(len);
  ax::fuzz::Case c(jacobian ? "ax::softmax_jacobian" : "ax::softmax_naive");
  c.note("len", len).note("temperature", temperature).values("x", x);
  const bool valid = len && ax::fuzz::all_finite(x) && std::isfinite(temperature) && temperature > 0.0f;

  std::vector<float> y = ax::fuzz::with_guard(jacobian ? len * len : len);
  const bool returned = c.call({"x", "temperature", "jacobian"}, [&] {
    if (jacobian) ax::softmax_jacobian(x.data(), len, temperature, y.data());
    else ax::softmax_naive(x.data(), len, temperature, y.data());
  });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  const MatrixXd p = ax::ref::softmax_rows(x.data(), 1, len, double(temperature));  // (1, len)
  if (jacobian) {
    const MatrixXd want = ax::ref::softmax_jacobian(x.data(), len, double(temperature));
    if (!returned) {
      c.require_overflow_confirmed(ax::fuzz::max_abs(want));
      return 0;
    }
    ax::fuzz::check_guard(c, "jacobian", y, len * len);
    // From softmax's own tolerance (1e-5 relative + 1e-30 per p): J_ij = −p_i p_j / T
    // may be off by 2e-5 |J_ij| + 1e-30 (p_i + p_j) / T. The 1e-30 floor matters
    // only at tiny T, where p's that float32 flushes to 0 are divided by T.
    MatrixXd bound = MatrixXd::Zero(Eigen::Index(len), Eigen::Index(len));
    for (Eigen::Index i = 0; i < bound.rows(); ++i)
      for (Eigen::Index j = 0; j < bound.cols(); ++j)
        bound(i, j) = 2e-5 * std::fabs(want(i, j)) +
                      1e-30 * (p(0, i) + p(0, j) + (i == j ? 1.0 : 0.0) + 1e-30) / temperature + 1e-30;
    ax::fuzz::check_within(c, "jacobian", y.data(), want, bound);
    return 0;
  }
  if (!returned) c.fail("valid input was rejected: \"" + c.error() + "\"");
  ax::fuzz::check_guard(c, "y", y, len);
  double lo = INFINITY, hi = -INFINITY;
  for (float v : x) {
    lo = std::min(lo, double(v) / temperature);
    hi = std::max(hi, double(v) / temperature);
  }
  if (hi <= 88.0 && hi >= -80.0)
    ax::fuzz::check_within(c, "naive", y.data(), p, (p.cwiseAbs() * 1e-5).array() + 1e-9);
  return 0;
}
