// fuzz_attention_backward.cpp — ax::attention_backward and attention_backward_from_weights.
//
// attention's inputs from attention_input.h (shapes 0..40, every value regime,
// masks none / causal / explicit, scale and temperature ordinary, extreme or
// invalid) plus an upstream gradient dOutput (n, dv). Checks:
//   bad input   -> ax::InputError naming the argument, never a result; the
//                  known small case still gives its bits on the same workspace
//   valid input -> gradients, or an overflow error the reference confirms (the
//                  largest Σ|terms| of the forward pass or of a gradient step)
//   chained     -> dv, dq, dk within 1e-5 of their terms' size (plus underflow
//                  floors) of the float64 chain rule applied to the forward
//                  weights ax::attention reports for the same call
//   independent -> where the scores' float32 error cannot move the softmax
//                  much (|scale/T| · Σ|q||k| ≤ 1), within the Catch2 suite's
//                  bounds of the float64 reference (src/reference/backward.h);
//                  for small ordinary cases also against central finite
//                  differences of the float64 forward pass along a random direction
//   zeros       -> a fully hidden query row gets dq exactly 0; a key no query
//                  sees gets dk and dv exactly 0
//   from_weights with the reported weights gives the same bits; a used
//   workspace gives the same bits as a fresh one; no write past any output
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attention_input.h"
#include "core/attention.h"
#include "core/attention_backward.h"
#include "fuzz.h"
#include "reference/backward.h"

namespace {

using ax::fuzz::MatrixXd;

struct Grads {
  std::vector<float> dq, dk, dv;
  Grads(std::size_t n, std::size_t m, std::size_t dk_, std::size_t dv_)
      : dq(ax::fuzz::with_guard(n * dk_)), dk(ax::fuzz::with_guard(m * dk_)), dv(ax::fuzz::with_guard(m * dv_)) {}
  ax::AttentionGradients pointers() { return {dq.data(), dk.data(), dv.data()}; }
};

// The known small case: n = 2, m = 3, dk = dv = 2, no mask.
const std::vector<float> kQ = {1, -0.5f, 0.25f, 2}, kK = {0.5f, 1, -1, 0.75f, 0, -2},
                         kV = {1, 2, -1, 0, 0.5f, -0.5f}, kDo = {1, -1, 0.5f, 2};

std::vector<float> probe_run(ax::BackwardWorkspace& ws) {
  Grads g(2, 3, 2, 2);
  ax::AttentionOptions o;
  o.scale = ax::default_scale(2);
  ax::attention_backward(kQ.data(), kK.data(), kV.data(), kDo.data(), {2, 3, 2, 2}, o, g.pointers(), ws);
  std::vector<float> all(g.dq.begin(), g.dq.begin() + 4);
  all.insert(all.end(), g.dk.begin(), g.dk.begin() + 6);
  all.insert(all.end(), g.dv.begin(), g.dv.begin() + 6);
  return all;
}

void probe_correct(const ax::fuzz::Case& c, const std::vector<float>& got) {
  const auto r = ax::ref::attention_backward(kQ.data(), kK.data(), kV.data(), kDo.data(), 2, 3, 2, 2,
                                             double(ax::default_scale(2)), 1.0);
  std::size_t at = 0;
  for (const MatrixXd* mtx : {&r.dq, &r.dk, &r.dv})
    for (Eigen::Index i = 0; i < mtx->rows(); ++i)
      for (Eigen::Index j = 0; j < mtx->cols(); ++j, ++at)
        if (std::fabs(got[at] - (*mtx)(i, j)) > 1e-5) c.fail("the known small case (backward) disagrees with the reference");
}

// Σ output ⊙ dOutput of the float64 forward pass.
double forward_loss(const std::vector<double>& q, const std::vector<double>& k, const std::vector<double>& v,
                    const std::vector<float>& d_out, const ax::fuzz::AttentionInput& a) {
  const std::size_t n = a.shape.n, m = a.shape.m, dk = a.shape.dk, dv = a.shape.dv;
  const ax::ref::Mask mask = a.reference_mask();
  MatrixXd z = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(m));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      double s = 0.0;
      for (std::size_t l = 0; l < dk; ++l) s += q[i * dk + l] * k[j * dk + l];
      z(Eigen::Index(i), Eigen::Index(j)) = s * double(a.options.scale);
    }
  const MatrixXd w = ax::ref::softmax_rows(z, double(a.options.temperature), mask);
  double loss = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t col = 0; col < dv; ++col) {
      double o = 0.0;
      for (std::size_t j = 0; j < m; ++j) o += w(Eigen::Index(i), Eigen::Index(j)) * v[j * dv + col];
      loss += o * double(d_out[i * dv + col]);
    }
  return loss;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  static ax::BackwardWorkspace shared;
  static ax::fuzz::Probe probe;
  const ax::fuzz::AttentionInput a = ax::fuzz::attention_input(in);
  const std::size_t n = a.shape.n, m = a.shape.m, dk = a.shape.dk, dv = a.shape.dv;
  const std::vector<float> d_out = in.values(n * dv);
  const bool valid = a.valid && ax::fuzz::all_finite(d_out);
  ax::fuzz::Case c("ax::attention_backward");
  ax::fuzz::describe(c, a);
  c.values("dOutput", d_out);
  const auto probe_check = [&] {
    probe.check(c, [] { return probe_run(shared); }, [&](const std::vector<float>& got) { probe_correct(c, got); });
  };

  // The forward weights the core uses for this call (ax::attention: the same forward pass),
  // computed first so that the backward call's error stays the last one.
  std::vector<float> fs(n * m), fc(n * m), fw(n * m), fo(n * dv);
  ax::Workspace fws;
  const bool forward = a.valid && c.call(ax::fuzz::AttentionInput::kNames, [&] {
    ax::attention(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options, {fs.data(), fc.data(), fw.data(), fo.data()},
                  fws);
  });

  Grads g(n, m, dk, dv);
  const std::vector<float> q0 = a.q, k0 = a.k, v0 = a.v, o0 = d_out;
  const bool returned = c.call({"n", "m", "dk", "dv", "q", "k", "v", "dOutput", "scale", "temperature", "mask",
                                "scores", "scaled", "output", "dq"},
                               [&] {
                                 ax::attention_backward(a.q.data(), a.k.data(), a.v.data(), d_out.data(), a.shape,
                                                        a.options, g.pointers(), shared);
                               });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    probe_check();
    return 0;
  }

  const ax::ref::Mask mask = a.reference_mask();
  const MatrixXd Q = ax::ref::matrix(a.q.data(), n, dk), K = ax::ref::matrix(a.k.data(), m, dk),
                 V = ax::ref::matrix(a.v.data(), m, dv), dO = ax::ref::matrix(d_out.data(), n, dv);
  const double factor = std::fabs(double(a.options.scale) / double(a.options.temperature));
  const MatrixXd qk = ax::ref::abs_product(Q, K.transpose());   // (n, m)
  const MatrixXd dw_size = ax::ref::abs_product(dO, V.transpose());  // (n, m) |dW| ≤ it

  if (!returned) {
    if (!forward) {
      c.require_overflow_confirmed(ax::fuzz::attention_magnitude(a));
    } else {
      // A gradient overflowed: the largest Σ|terms| of dW = dO·Vᵀ, dV = Wᵀ·dO, dS, dQ = dS·K, dK = dSᵀ·Q.
      const MatrixXd W = ax::ref::matrix(fw.data(), n, m);
      MatrixXd ds = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(m));
      for (Eigen::Index i = 0; i < ds.rows(); ++i) {
        const double row = W.row(i).dot(dw_size.row(i));
        for (Eigen::Index j = 0; j < ds.cols(); ++j) ds(i, j) = factor * W(i, j) * (dw_size(i, j) + row);
      }
      c.require_overflow_confirmed(std::max({ax::fuzz::max_abs(dw_size), ax::fuzz::max_abs(ds),
                                             ax::fuzz::max_abs(ax::ref::abs_product(W.transpose(), dO)),
                                             ax::fuzz::max_abs(ds * K.cwiseAbs()),
                                             ax::fuzz::max_abs(ds.transpose() * Q.cwiseAbs())}));
    }
    probe_check();
    return 0;
  }
  if (!forward) c.fail("attention_backward returned where attention refused the same forward pass");

  ax::fuzz::check_guard(c, "dq", g.dq, n * dk);
  ax::fuzz::check_guard(c, "dk", g.dk, m * dk);
  ax::fuzz::check_guard(c, "dv", g.dv, m * dv);
  ax::fuzz::check_unchanged(c, "q", q0, a.q.data());
  ax::fuzz::check_unchanged(c, "k", k0, a.k.data());
  ax::fuzz::check_unchanged(c, "v", v0, a.v.data());
  ax::fuzz::check_unchanged(c, "dOutput", o0, d_out.data());

  // ---- chained: the float64 chain rule on the core's own forward weights --------------------
  const MatrixXd W = ax::ref::matrix(fw.data(), n, m);
  const double signed_factor = double(a.options.scale) / double(a.options.temperature);
  const MatrixXd dW = dO * V.transpose();
  // dS = factor · W ⊙ (dW − Σⱼ W dW): dW is off by 1e-5 of its size plus the floor
  // of dv products, the row sum by the W-weighted sum of that; the three float32
  // products of dS may each lose a denormal step.
  MatrixXd dS = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(m)), ds_err = dS;
  for (Eigen::Index i = 0; i < dS.rows(); ++i) {
    const double row = W.row(i).dot(dW.row(i)), row_size = W.row(i).dot(dw_size.row(i));
    for (Eigen::Index j = 0; j < dS.cols(); ++j) {
      dS(i, j) = signed_factor * W(i, j) * (dW(i, j) - row);
      ds_err(i, j) = factor * W(i, j) * (1e-5 * (dw_size(i, j) + row_size) + 2.0 * ax::fuzz::underflow_floor(dv)) +
                     4.0 * double(FLT_TRUE_MIN);
    }
  }
  ax::fuzz::check_within(c, "dv", g.dv.data(), W.transpose() * dO,
                         (1e-5 * ax::ref::abs_product(W.transpose(), dO)).array() + ax::fuzz::underflow_floor(n));
  ax::fuzz::check_within(c, "dq", g.dq.data(), dS * K,
                         (ds_err * K.cwiseAbs() + 1e-5 * ax::ref::abs_product(dS, K)).array() +
                             ax::fuzz::underflow_floor(m));
  ax::fuzz::check_within(c, "dk", g.dk.data(), dS.transpose() * Q,
                         (ds_err.transpose() * Q.cwiseAbs() + 1e-5 * ax::ref::abs_product(dS.transpose(), Q)).array() +
                             ax::fuzz::underflow_floor(n));

  // ---- exact zeros -------------------------------------------------------------------------
  for (std::size_t i = 0; i < n; ++i) {
    bool any = false;
    for (std::size_t j = 0; j < m; ++j) any = any || mask.visible(i, j, m);
    for (std::size_t l = 0; l < dk && !any; ++l)
      if (g.dq[i * dk + l] != 0.0f) c.fail("dq row " + std::to_string(i) + " (every key hidden) is not exactly 0");
  }
  for (std::size_t j = 0; j < m; ++j) {
    bool seen = false;
    for (std::size_t i = 0; i < n; ++i) seen = seen || mask.visible(i, j, m);
    if (seen) continue;
    for (std::size_t l = 0; l < dk; ++l)
      if (g.dk[j * dk + l] != 0.0f) c.fail("dk row " + std::to_string(j) + " (a key no query sees) is not exactly 0");
    for (std::size_t l = 0; l < dv; ++l)
      if (g.dv[j * dv + l] != 0.0f) c.fail("dv row " + std::to_string(j) + " (a key no query sees) is not exactly 0");
  }

  // ---- independent: the float64 reference, where the softmax is well conditioned -----------
  if (factor * ax::fuzz::max_abs(qk) <= 1.0) {
    const auto r = ax::ref::attention_backward(a.q.data(), a.k.data(), a.v.data(), d_out.data(), n, m, dk, dv,
                                               double(a.options.scale), double(a.options.temperature), mask);
    // The Catch2 suite's bounds: W carries the scores' rounding, relative factor·|Q||K|ᵀ
    // (plus the denormal steps the scores' products may lose).
    const double score_floor = ax::fuzz::underflow_floor(dk);
    MatrixXd w_size = r.weights;
    for (Eigen::Index i = 0; i < w_size.rows(); ++i) w_size.row(i) *= 1.0 + factor * (qk.row(i).maxCoeff() + score_floor);
    MatrixXd ref_ds = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(m));
    for (Eigen::Index i = 0; i < ref_ds.rows(); ++i) {
      const double row = w_size.row(i).dot(2.0 * dw_size.row(i));
      for (Eigen::Index j = 0; j < ref_ds.cols(); ++j)
        ref_ds(i, j) = 1e-5 * factor * w_size(i, j) * (2.0 * dw_size(i, j) + row) +
                       factor * w_size(i, j) * 2.0 * ax::fuzz::underflow_floor(dv) + 4.0 * double(FLT_TRUE_MIN);
    }
    // dv = Wᵀ · dO carries W's own error (w_size − W, the scores' rounding times factor) at full
    // size: at T = 9e-44, products of denormal q and k that underflow to 0 move each weight by
    // ~2 % (found by scripts/fuzz 600: a uniform row where float64 has 0.1003 / 0.0997).
    const MatrixXd w_err = w_size - r.weights;
    ax::fuzz::check_within(c, "dv (reference)", g.dv.data(), r.dv,
                           (1e-5 * ax::ref::abs_product(w_size.transpose(), dO) +
                            ax::ref::abs_product(w_err.transpose(), dO)).array() +
                               ax::fuzz::underflow_floor(n) + 1e-30 * ax::fuzz::max_abs(dO));
    ax::fuzz::check_within(c, "dq (reference)", g.dq.data(), r.dq,
                           (ref_ds * K.cwiseAbs()).array() + ax::fuzz::underflow_floor(m));
    ax::fuzz::check_within(c, "dk (reference)", g.dk.data(), r.dk,
                           (ref_ds.transpose() * Q.cwiseAbs()).array() + ax::fuzz::underflow_floor(n));

    // Finite differences of the float64 forward pass along one direction, for small ordinary cases.
    const bool ordinary = ax::fuzz::max_abs(Q) <= 1 && ax::fuzz::max_abs(K) <= 1 && ax::fuzz::max_abs(V) <= 1 &&
                          ax::fuzz::max_abs(dO) <= 1 && factor >= 1e-3 && factor <= 2 && n <= 8 && m <= 8 &&
                          dk <= 8 && dv <= 8;
    if (ordinary) {
      std::vector<double> q(a.q.begin(), a.q.end()), k(a.k.begin(), a.k.end()), v(a.v.begin(), a.v.end());
      std::vector<double> uq(q.size()), uk(k.size()), uv(v.size());
      double slope = 0.0, slope_size = 0.0, u_size = 0.0;  // Σ g·u, Σ |g||u|, Σ |u|
      std::uint32_t state = 0x9e3779b9u ^ std::uint32_t(n * 131 + m * 17 + dk * 7 + dv);
      auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return double(state >> 8) / double(1u << 24) * 2.0 - 1.0;
      };
      auto direction = [&](std::vector<double>& u, const std::vector<float>& grad) {
        for (std::size_t i = 0; i < u.size(); ++i) {
          u[i] = next();
          slope += u[i] * double(grad[i]);
          slope_size += std::fabs(u[i] * double(grad[i]));
          u_size += std::fabs(u[i]);
        }
      };
      direction(uq, g.dq);
      direction(uk, g.dk);
      direction(uv, g.dv);
      // |scores| move by at most h · curvature per unit step; h keeps that near 1e-4
      const double curvature = 1.0 + factor * 2.0 * double(std::max(dk, dv));
      const double h = 1e-4 / curvature;
      auto moved = [&](double t) {
        std::vector<double> q2 = q, k2 = k, v2 = v;
        for (std::size_t i = 0; i < q.size(); ++i) q2[i] += t * uq[i];
        for (std::size_t i = 0; i < k.size(); ++i) k2[i] += t * uk[i];
        for (std::size_t i = 0; i < v.size(); ++i) v2[i] += t * uv[i];
        return forward_loss(q2, k2, v2, d_out, a);
      };
      const double fd = (moved(h) - moved(-h)) / (2.0 * h);
      // the truncation error (h · curvature)² and the core's float32 error (1e-5 of the terms)
      const double terms = dO.cwiseAbs().sum() * (1.0 + ax::fuzz::max_abs(V)) * curvature;
      // plus the denormal steps each gradient entry may lose (as in the chained bounds)
      const double floors = u_size * double(n + m + dk + dv + 4) * double(FLT_TRUE_MIN);
      if (!(std::fabs(fd - slope) <= 1e-4 * slope_size + 1e-6 * terms + floors))
        c.fail("the gradients disagree with finite differences: Σ g·u = " + ax::fuzz::digits(slope) +
               ", (L(x + hu) − L(x − hu)) / 2h = " + ax::fuzz::digits(fd));
    }
  }

  // ---- the trainer's path, and a fresh workspace ----------------------------------------------
  {
    ax::BackwardWorkspace fresh;
    Grads from(n, m, dk, dv);
    ax::attention_backward_from_weights(a.q.data(), a.k.data(), a.v.data(), fw.data(), d_out.data(), a.shape,
                                        a.options, from.pointers(), fresh);
    if (!ax::fuzz::same_bits(from.dq, g.dq) || !ax::fuzz::same_bits(from.dk, g.dk) ||
        !ax::fuzz::same_bits(from.dv, g.dv))
      c.fail("attention_backward_from_weights with the forward weights gave other bits");
    ax::BackwardWorkspace fresh2;
    Grads again(n, m, dk, dv);
    ax::attention_backward(a.q.data(), a.k.data(), a.v.data(), d_out.data(), a.shape, a.options, again.pointers(),
                           fresh2);
    if (!ax::fuzz::same_bits(again.dq, g.dq) || !ax::fuzz::same_bits(again.dk, g.dk) ||
        !ax::fuzz::same_bits(again.dv, g.dv))
      c.fail("a fresh workspace gave other bits than a used one");
  }
  return 0;
}
