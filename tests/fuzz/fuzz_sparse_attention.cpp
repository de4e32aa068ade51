// fuzz_sparse_attention.cpp — ax::sparse_attention: the CSR pattern and its attention.
//
// n, dk, dv 0..40; window and stride drawn small, large or negative; 0..4
// global tokens (sometimes out of range or repeated); causal or not; q/k/v
// from every value regime; scale and temperature as in fuzz_attention. Checks:
//   bad input   -> ax::InputError naming the argument; never a result
//   valid input -> a result, or an overflow error the reference confirms
//   pattern     -> row_start (n + 1) from 0, ascending columns, exactly the
//                  pairs ref::SparsePatternSpec::visible allows
//   weights     -> in [0, 1], rows sum to 1; within 1e-5 relative of the
//                  float64 softmax, widened by how much the scores' own float32
//                  error (1e-5 · |scale| · Σ|q||k|) can move a softmax at this T
//   output      -> within the matching bound of the float64 weights · V
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/sparse_attention.h"
#include "fuzz.h"
#include "reference/reference_cost.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  auto& fdp = in.provider();
  const std::size_t n = in.dim(), dk = in.dim(), dv = in.dim();
  ax::SparseOptions o;
  auto pick_extent = [&] {
    switch (fdp.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: return std::int64_t(0);
      case 1: return std::int64_t(1);
      case 2: return fdp.ConsumeIntegralInRange<std::int64_t>(0, 12);
      case 3: return std::int64_t(1000);
      case 4: return fdp.ConsumeIntegralInRange<std::int64_t>(0, 64);
      default: return -fdp.ConsumeIntegralInRange<std::int64_t>(1, 3);
    }
  };
  o.window = pick_extent();
  o.stride = fdp.ConsumeBool() ? pick_extent() : 0;
  o.causal = fdp.ConsumeBool();
  std::vector<std::int32_t> globals(fdp.ConsumeIntegralInRange<std::size_t>(0, 4));
  for (auto& g : globals) g = fdp.ConsumeIntegralInRange<std::int32_t>(-1, std::int32_t(n) + 1);
  o.globals = globals.data();
  o.globals_count = globals.size();
  o.scale = fdp.ConsumeBool() ? ax::default_scale(dk == 0 ? 1 : dk) : in.parameter(fdp.ConsumeBool());
  o.temperature = in.parameter(true);
  const std::vector<float> q = in.values(n * dk), k = in.values(n * dk), v = in.values(n * dv);

  ax::fuzz::Case c("ax::sparse_attention");
  c.note("n", n).note("dk", dk).note("dv", dv).note("window", double(o.window))
      .note("stride", double(o.stride)).note("causal", o.causal).note("globals", globals.size())
      .note("scale", o.scale).note("temperature", o.temperature);
  c.values("q", q).values("k", k).values("v", v);
  bool globals_ok = true;
  for (std::size_t g = 0; g < globals.size(); ++g) {
    if (globals[g] < 0 || std::size_t(globals[g]) >= n) globals_ok = false;
    for (std::size_t h = 0; h < g; ++h) globals_ok = globals_ok && globals[h] != globals[g];
  }
  const bool valid = n && dk && dv && o.window >= 0 && o.stride >= 0 && globals_ok &&
                     ax::fuzz::all_finite(q) && ax::fuzz::all_finite(k) && ax::fuzz::all_finite(v) &&
                     std::isfinite(o.scale) && std::isfinite(o.temperature) && o.temperature > 0.0f;

  ax::SparseResult r;
  const bool returned = c.call({"n", "dk", "dv", "window", "stride", "globals", "q", "k", "v", "scale",
                                "temperature", "scores", "scaled", "output"},
                               [&] { ax::sparse_attention(q.data(), k.data(), v.data(), n, dk, dv, o, r); });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  ax::ref::SparsePatternSpec spec;
  spec.window = o.window;
  spec.stride = o.stride;
  spec.causal = o.causal;
  for (auto g : globals) spec.globals.push_back(g);
  const std::vector<std::uint8_t> mask = spec.mask(n);
  const ax::ref::Mask rmask{ax::ref::Mask::Kind::explicit_values, mask.data()};
  const auto want = ax::ref::attention(q.data(), k.data(), v.data(), n, n, dk, dv, o.scale,
                                       o.temperature, rmask);
  const MatrixXd Q = ax::ref::matrix(q.data(), n, dk), K = ax::ref::matrix(k.data(), n, dk);
  const MatrixXd V = ax::ref::matrix(v.data(), n, dv);
  const MatrixXd magnitude = ax::ref::abs_product(Q, K.transpose());  // (n, n)
  if (!returned) {
    const double qk = ax::fuzz::max_abs(magnitude);
    c.require_overflow_confirmed(std::max({qk, qk * std::fabs(double(o.scale)),
                                           ax::fuzz::max_abs(ax::ref::abs_product(want.weights, V))}));
    return 0;
  }

  // the pattern
  if (r.row_start.size() != n + 1 || r.row_start[0] != 0 || std::size_t(r.row_start[n]) != r.cols.size() ||
      r.weights.size() != r.cols.size() || r.output.size() != n * dv)
    c.fail("CSR sizes: row_start " + std::to_string(r.row_start.size()) + ", cols " +
           std::to_string(r.cols.size()) + ", weights " + std::to_string(r.weights.size()) +
           ", output " + std::to_string(r.output.size()));
  MatrixXd dense = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(n));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::int32_t> expect;
    for (std::size_t j = 0; j < n; ++j)
      if (mask[i * n + j]) expect.push_back(std::int32_t(j));
    if (r.row_start[i + 1] < r.row_start[i]) c.fail("row_start decreases at row " + std::to_string(i));
    const std::vector<std::int32_t> got(r.cols.begin() + r.row_start[i], r.cols.begin() + r.row_start[i + 1]);
    if (got != expect) c.fail("row " + std::to_string(i) + " holds the wrong keys");
    for (auto e = r.row_start[i]; e < r.row_start[i + 1]; ++e)
      dense(Eigen::Index(i), r.cols[std::size_t(e)]) = r.weights[std::size_t(e)];
  }
  std::vector<float> dense_f(n * n);
  for (std::size_t t = 0; t < n * n; ++t) dense_f[t] = float(dense(Eigen::Index(t / n), Eigen::Index(t % n)));
  ax::fuzz::check_weights(c, "weights", dense_f.data(), n, n,
                          [&](std::size_t i, std::size_t j) { return mask[i * n + j] != 0; });

  // How far the float32 scores' error can move each row's softmax: a shift of
  // at most δ in every scaled score changes each weight by a factor in
  // [e^(−2δ/T), e^(2δ/T)].
  const double T = o.temperature, scale = std::fabs(double(o.scale));
  std::vector<double> delta(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (mask[i * n + j])
        delta[i] = std::max(delta[i], 1e-5 * scale * magnitude(Eigen::Index(i), Eigen::Index(j)) +
                                          scale * ax::fuzz::underflow_floor(dk) + double(FLT_TRUE_MIN));
  // worked from log weights (fuzz.h): a weight that underflows float64 still gets its room
  const MatrixXd bound_w = ax::fuzz::weight_slack(want.scaled, T, rmask, delta);
  MatrixXd bound_o = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(dv));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t col = 0; col < dv; ++col) {
      double b = ax::fuzz::underflow_floor(n);
      for (std::size_t j = 0; j < n; ++j)
        b += (bound_w(Eigen::Index(i), Eigen::Index(j)) + 1e-5 * want.weights(Eigen::Index(i), Eigen::Index(j))) *
             std::fabs(V(Eigen::Index(j), Eigen::Index(col)));
      bound_o(Eigen::Index(i), Eigen::Index(col)) = b;
    }
  }
  ax::fuzz::check_within(c, "weights", dense_f.data(), want.weights, bound_w);
  ax::fuzz::check_within(c, "output", r.output.data(), want.output, bound_o);
  return 0;
}
