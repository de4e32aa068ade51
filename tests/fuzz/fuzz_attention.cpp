// fuzz_attention.cpp — ax::attention with every mask kind, against its contract.
//
// Inputs from attention_input.h (shapes 0..40, every value regime, masks
// none / causal / explicit, scale and temperature ordinary, extreme or invalid).
// Checks:
//   bad input        -> ax::InputError naming the argument, never a result
//   valid input      -> a result, or an overflow error the reference confirms
//   scores, scaled   -> within 1e-5 · |Q||K|ᵀ (× |scale|) of Q·Kᵀ in float64
//   weights          -> in [0, 1], hidden keys exactly 0, rows sum to 1 or 0,
//                       within 1e-5 relative of softmax(reported scaled / T)
//   output           -> within 1e-5 · |W||V| of reported W · V, inside the hull
//                       of the visible values, exactly 0 for a fully hidden row
//   no write past any output, no input modified, and a workspace reused by
//   earlier calls (other shapes) gives the same bits as a fresh one
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attention_input.h"
#include "core/attention.h"
#include "core/workspace.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  const ax::fuzz::AttentionInput a = ax::fuzz::attention_input(in);
  const std::size_t n = a.shape.n, m = a.shape.m, dk = a.shape.dk, dv = a.shape.dv;
  ax::fuzz::Case c("ax::attention");
  ax::fuzz::describe(c, a);

  std::vector<float> scores = ax::fuzz::with_guard(n * m), scaled = ax::fuzz::with_guard(n * m),
                     weights = ax::fuzz::with_guard(n * m), output = ax::fuzz::with_guard(n * dv);
  const std::vector<float> q0 = a.q, k0 = a.k, v0 = a.v;
  ax::Workspace ws;
  const bool returned = c.call(ax::fuzz::AttentionInput::kNames, [&] {
    ax::attention(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options,
                  {scores.data(), scaled.data(), weights.data(), output.data()}, ws);
  });
  if (!a.valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }

  // The same call on a workspace that earlier calls (other shapes) have used
  // must give the same bits: no state leaks from one call into the next.
  {
    static ax::Workspace shared;
    std::vector<float> s2(n * m), c2(n * m), w2(n * m), o2(n * dv);
    const std::string first_error = c.error();
    const bool again = c.call(ax::fuzz::AttentionInput::kNames, [&] {
      ax::attention(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options,
                    {s2.data(), c2.data(), w2.data(), o2.data()}, shared);
    });
    if (again != returned || (!again && c.error() != first_error))
      c.fail("a reused workspace changed the outcome: \"" + first_error + "\" vs \"" + c.error() + "\"");
    if (again && (!ax::fuzz::same_bits(s2, scores) || !ax::fuzz::same_bits(c2, scaled) ||
                  !ax::fuzz::same_bits(w2, weights) || !ax::fuzz::same_bits(o2, output)))
      c.fail("a reused workspace changed the results");
  }
  if (!returned) {
    // Valid input may only fail by overflowing float32, as the reference confirms.
    c.require_overflow_confirmed(ax::fuzz::attention_magnitude(a));
    return 0;
  }

  ax::fuzz::check_guard(c, "scores", scores, n * m);
  ax::fuzz::check_guard(c, "scaled", scaled, n * m);
  ax::fuzz::check_guard(c, "weights", weights, n * m);
  ax::fuzz::check_guard(c, "output", output, n * dv);
  ax::fuzz::check_unchanged(c, "q", q0, a.q.data());
  ax::fuzz::check_unchanged(c, "k", k0, a.k.data());
  ax::fuzz::check_unchanged(c, "v", v0, a.v.data());

  // step 1-2: scores and scaled against Q·Kᵀ in float64.
  const ax::ref::Mask rmask = a.reference_mask();
  const MatrixXd Q = ax::ref::matrix(a.q.data(), n, dk);  // (n, dk)
  const MatrixXd K = ax::ref::matrix(a.k.data(), m, dk);  // (m, dk)
  const MatrixXd V = ax::ref::matrix(a.v.data(), m, dv);  // (m, dv)
  const MatrixXd magnitude = ax::ref::abs_product(Q, K.transpose());  // (n, m)
  const double scale = a.options.scale;
  const MatrixXd exact_scores = Q * K.transpose();
  const double floor = ax::fuzz::underflow_floor(dk);
  ax::fuzz::check_within(c, "scores", scores.data(), exact_scores,
                         (1e-5 * magnitude).array() + floor);
  ax::fuzz::check_within(c, "scaled", scaled.data(), exact_scores * scale,
                         (1e-5 * std::fabs(scale) * magnitude).array() +
                             std::fabs(scale) * floor + double(FLT_TRUE_MIN));

  // step 3: weights against softmax of the scaled scores the core reported.
  const MatrixXd want_w =
      ax::ref::softmax_rows(scaled.data(), n, m, double(a.options.temperature), rmask);
  ax::fuzz::check_weights(c, "weights", weights.data(), n, m,
                          [&](std::size_t i, std::size_t j) { return rmask.visible(i, j, m); });
  ax::fuzz::check_within(c, "weights", weights.data(), want_w,
                         (want_w.cwiseAbs() * 1e-5).array() + 1e-30);

  // step 4: output against the reported weights times V, and inside the hull.
  const MatrixXd W = ax::ref::matrix(weights.data(), n, m);  // (n, m)
  const MatrixXd terms = ax::ref::abs_product(W, V);          // (n, dv)
  const double out_floor = ax::fuzz::underflow_floor(m);
  ax::fuzz::check_within(c, "output", output.data(), W * V, (1e-5 * terms).array() + out_floor);
  ax::fuzz::check_hull(c, a, output.data(), [&](std::size_t i, std::size_t col) {
    return 1e-5 * terms(Eigen::Index(i), Eigen::Index(col)) + out_floor;
  });
  return 0;
}
