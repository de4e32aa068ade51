// fuzz_linear_attention.cpp — ax::linear_attention (φ = elu + 1), plain and causal.
//
// Shapes 0..40 (causal with m ≠ n must be refused), q/k/v from every value
// regime. Checks:
//   bad input   -> ax::InputError naming the argument; never a result
//   valid input -> a result within 1e-5 · Σ_j w_ij |v_jd| of the float64
//                  quadratic form (reference_cost.h), or an overflow error the
//                  reference confirms; no write past n × dv
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/linear_attention.h"
#include "core/workspace.h"
#include "fuzz.h"
#include "reference/reference_cost.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  const bool causal = in.coin();
  const std::size_t n = in.dim(), dk = in.dim(), dv = in.dim();
  const std::size_t m = causal && in.coin() ? n : in.dim();
  const std::vector<float> q = in.values(n * dk), k = in.values(m * dk), v = in.values(m * dv);
  ax::fuzz::Case c("ax::linear_attention");
  c.note("n", n).note("m", m).note("dk", dk).note("dv", dv).note("causal", causal);
  c.values("q", q).values("k", k).values("v", v);
  const bool valid = n && m && dk && dv && (!causal || m == n) && ax::fuzz::all_finite(q) &&
                     ax::fuzz::all_finite(k) && ax::fuzz::all_finite(v);

  std::vector<float> out = ax::fuzz::with_guard(n * dv);
  ax::Workspace ws;
  const bool returned = c.call({"n", "m", "dk", "dv", "causal", "q", "k", "v", "output"}, [&] {
    ax::linear_attention(q.data(), k.data(), v.data(), n, m, dk, dv, causal, out.data(), ws);
  });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  MatrixXd bound;
  const MatrixXd want = ax::ref::linear_attention(q.data(), k.data(), v.data(), n, m, dk, dv, causal, &bound);
  // Known limitation (docs/RELIABILITY.md): where a row's denominator
  // Σ_j φ(q_i)·φ(k_j) is below 2^-100 (every feature of q_i or of the keys
  // underflowing float32), the core's float32 sums lose their digits; it may
  // refuse such a row or return it inaccurately. Those rows are not checked.
  std::vector<bool> tiny(n, false);
  bool any_tiny = false;
  {
    const MatrixXd Q = ax::ref::matrix(q.data(), n, dk).unaryExpr(&ax::ref::elu_plus_one);
    const MatrixXd K = ax::ref::matrix(k.data(), m, dk).unaryExpr(&ax::ref::elu_plus_one);
    const MatrixXd A = Q * K.transpose();
    for (std::size_t i = 0; i < n; ++i) {
      double d = 0.0;
      for (std::size_t j = 0; j < (causal ? i + 1 : m); ++j) d += A(Eigen::Index(i), Eigen::Index(j));
      tiny[i] = !(d >= 0x1p-100);
      any_tiny = any_tiny || tiny[i];
    }
  }
  if (!returned && any_tiny) return 0;
  if (!returned) {
    // Σ φ(k) |v|, Σ φ(k), φ(q)ᵀ Σ φ(k) |v|, φ(q)ᵀ φ(k), φ(q)ᵀ Σ φ(k) and Σ w |v|: the sums the
    // factorised form holds, and the output's own size.
    const MatrixXd Q = ax::ref::matrix(q.data(), n, dk).unaryExpr(&ax::ref::elu_plus_one);
    const MatrixXd K = ax::ref::matrix(k.data(), m, dk).unaryExpr(&ax::ref::elu_plus_one);
    const MatrixXd V = ax::ref::matrix(v.data(), m, dv);
    const MatrixXd S = K.transpose() * V.cwiseAbs();  // (dk, dv)
    const double magnitude = std::max({ax::fuzz::max_abs(S), ax::fuzz::max_abs(K.colwise().sum()),
                                       ax::fuzz::max_abs(Q * S), ax::fuzz::max_abs(Q * K.transpose()),
                                       ax::fuzz::max_abs(Q * K.colwise().sum().transpose()),
                                       ax::fuzz::max_abs(bound)});
    c.require_overflow_confirmed(magnitude);
    return 0;
  }
  ax::fuzz::check_guard(c, "output", out, n * dv);
  // Denormal steps lost in S = Σ φ(k) v and φ(q)ᵀ S, as seen after dividing by φ(q)ᵀ z.
  const MatrixXd Qf = ax::ref::matrix(q.data(), n, dk).unaryExpr(&ax::ref::elu_plus_one);
  const MatrixXd Kf = ax::ref::matrix(k.data(), m, dk).unaryExpr(&ax::ref::elu_plus_one);
  const Eigen::VectorXd den = Qf * Kf.colwise().sum().transpose();  // (n)
  MatrixXd limit = 1e-5 * bound;
  for (std::size_t i = 0; i < n; ++i)
    limit.row(Eigen::Index(i)).array() +=
        ax::fuzz::underflow_floor(m + dk) * (1.0 + Qf.row(Eigen::Index(i)).sum() / den(Eigen::Index(i)));
  MatrixXd checked = want;
  for (std::size_t i = 0; i < n; ++i) {
    if (!tiny[i]) continue;
    for (std::size_t col = 0; col < dv; ++col) {  // unchecked: compare the row with itself
      checked(Eigen::Index(i), Eigen::Index(col)) = out[i * dv + col];
      limit(Eigen::Index(i), Eigen::Index(col)) = INFINITY;
    }
  }
  ax::fuzz::check_within(c, "output", out.data(), checked, limit);
  return 0;
}
