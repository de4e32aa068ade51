// test_attention_backward.cpp — ax::attention_backward against the float64 reference.
//
// Every gradient is held to 1e-5 relative to the size of its terms: the
// reference is evaluated in double from the same float32 inputs, and each
// bound is the float64 sum of magnitudes that float32 rounding scales with
// (|Wᵀ| |dO| for dV, |dS| |K| for dQ, …). The weights themselves carry the
// error of the scores, which grows with c · (|Q| |K|ᵀ), c = scale / T; the
// bounds widen by that factor. Sizes sit below, at, above and between the
// 4×8 tile edges; masks hide keys and whole rows, which must get exact zeros.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/attention_backward.h"
#include "reference/backward.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::AttentionShape;
using ax::MaskKind;
using ax::ref::MatrixXd;
using ax::test::input_error;
using ax::test::names;

struct Case {
  AttentionShape s;
  std::vector<float> q, k, v, d_out;
  std::vector<std::uint8_t> mask;
  ax::AttentionOptions o;
};

struct Grads {
  std::vector<float> dq, dk, dv;
};

Case make_case(AttentionShape s, MaskKind mask, double p_visible = 0.7) {
  Case c;
  c.s = s;
  c.q = ax::test::uniform(s.n * s.dk);
  c.k = ax::test::uniform(s.m * s.dk);
  c.v = ax::test::uniform(s.m * s.dv);
  c.d_out = ax::test::uniform(s.n * s.dv);
  c.o.scale = ax::default_scale(s.dk) * ax::test::random_float(0.5f, 2.0f);
  c.o.temperature = ax::test::random_float(0.5f, 2.0f);
  c.o.mask = mask;
  if (mask == MaskKind::explicit_values) c.mask = ax::test::random_mask(s.n, s.m, p_visible);
  return c;
}

Grads run(Case& c, ax::BackwardWorkspace& ws) {
  Grads g{ax::test::with_guard(c.s.n * c.s.dk), ax::test::with_guard(c.s.m * c.s.dk),
          ax::test::with_guard(c.s.m * c.s.dv)};
  if (!c.mask.empty()) c.o.mask_values = c.mask.data();
  ax::attention_backward(c.q.data(), c.k.data(), c.v.data(), c.d_out.data(), c.s, c.o,
                         {g.dq.data(), g.dk.data(), g.dv.data()}, ws);
  return g;
}

ax::ref::Mask ref_mask(const Case& c) {
  switch (c.o.mask) {
    case MaskKind::none: return {};
    case MaskKind::causal: return {ax::ref::Mask::Kind::causal, nullptr};
    case MaskKind::explicit_values: return {ax::ref::Mask::Kind::explicit_values, c.mask.data()};
  }
  return {};
}

void check(const Case& c, const Grads& g) {
  const std::size_t n = c.s.n, m = c.s.m, dk = c.s.dk, dv = c.s.dv;
  const double factor = std::fabs(double(c.o.scale) / double(c.o.temperature));
  CAPTURE(n, m, dk, dv, c.o.scale, c.o.temperature, int(c.o.mask));
  ax::test::require_guard("dq past n × dk", g.dq, n * dk, g.dq.size());
  ax::test::require_guard("dk past m × dk", g.dk, m * dk, g.dk.size());
  ax::test::require_guard("dv past m × dv", g.dv, m * dv, g.dv.size());

  const auto r = ax::ref::attention_backward(c.q.data(), c.k.data(), c.v.data(),
                                             c.d_out.data(), n, m, dk, dv, c.o.scale,
                                             c.o.temperature, ref_mask(c));
  const MatrixXd Q = ax::ref::matrix(c.q.data(), n, dk), K = ax::ref::matrix(c.k.data(), m, dk);
  const MatrixXd V = ax::ref::matrix(c.v.data(), m, dv);
  const MatrixXd dO = ax::ref::matrix(c.d_out.data(), n, dv);
  // Size of the terms. W carries the scores' rounding, relative c·|Q||Kᵀ|.
  const MatrixXd qk = ax::ref::abs_product(Q, K.transpose());
  MatrixXd w_size = r.weights;
  for (Eigen::Index i = 0; i < w_size.rows(); ++i)
    w_size.row(i) *= 1.0 + factor * qk.row(i).maxCoeff();
  const MatrixXd dw_size = ax::ref::abs_product(dO, V.transpose()) * 2.0;  // |dW| ≤ it, plus its error
  MatrixXd ds_size = MatrixXd::Zero(Eigen::Index(n), Eigen::Index(m));
  for (Eigen::Index i = 0; i < ds_size.rows(); ++i) {
    const double row = w_size.row(i).dot(dw_size.row(i));
    for (Eigen::Index j = 0; j < ds_size.cols(); ++j)
      ds_size(i, j) = factor * w_size(i, j) * (dw_size(i, j) + row);
  }
  ax::test::require_within("dv", g.dv.data(), r.dv,
                           1e-5 * ax::ref::abs_product(w_size.transpose(), dO));
  ax::test::require_within("dq", g.dq.data(), r.dq, 1e-5 * ds_size * K.cwiseAbs());
  ax::test::require_within("dk", g.dk.data(), r.dk, 1e-5 * ds_size.transpose() * Q.cwiseAbs());

  // A fully hidden row adds nothing (dq row exactly 0); a key no query sees
  // gets exactly 0 in dk and dv.
  const ax::ref::Mask mask = ref_mask(c);
  for (std::size_t i = 0; i < n; ++i) {
    bool any = false;
    for (std::size_t j = 0; j < m; ++j) any = any || mask.visible(i, j, m);
    if (any) continue;
    for (std::size_t x = 0; x < dk; ++x) REQUIRE(g.dq[i * dk + x] == 0.0f);
  }
  for (std::size_t j = 0; j < m; ++j) {
    bool seen = false;
    for (std::size_t i = 0; i < n; ++i) seen = seen || mask.visible(i, j, m);
    if (seen) continue;
    for (std::size_t x = 0; x < dk; ++x) REQUIRE(g.dk[j * dk + x] == 0.0f);
    for (std::size_t x = 0; x < dv; ++x) REQUIRE(g.dv[j * dv + x] == 0.0f);
  }
}

}  // namespace

TEST_CASE("attention_backward: tile edges, every mask", "[backward]") {
  ax::BackwardWorkspace ws;
  for (std::size_t n : {1, 3, 4, 5, 8, 9, 17})
    for (std::size_t m : {1, 4, 7, 8, 9, 17})
      for (std::size_t dk : {1, 4, 8, 9})
        for (std::size_t dv : {3, 8, 17})
          for (MaskKind mask : {MaskKind::none, MaskKind::causal, MaskKind::explicit_values}) {
            Case c = make_case({n, m, dk, dv}, mask);
            check(c, run(c, ws));
          }
}

TEST_CASE("attention_backward: random shapes", "[backward]") {
  ax::BackwardWorkspace ws;
  for (int trial = 0; trial < 40; ++trial) {
    const AttentionShape s{ax::test::random_size(1, 40), ax::test::random_size(1, 40),
                           ax::test::random_size(1, 70), ax::test::random_size(1, 70)};
    Case c = make_case(s, ax::test::coin() ? MaskKind::none : MaskKind::explicit_values, 0.5);
    check(c, run(c, ws));
  }
}

TEST_CASE("attention_backward: hidden keys and fully hidden rows", "[backward][mask]") {
  ax::BackwardWorkspace ws;
  Case c = make_case({6, 9, 5, 4}, MaskKind::explicit_values, 0.8);
  for (std::size_t j = 0; j < 9; ++j) c.mask[2 * 9 + j] = 0;  // row 2 sees nothing
  for (std::size_t i = 0; i < 6; ++i) c.mask[i * 9 + 7] = 0;  // nobody sees key 7
  const Grads g = run(c, ws);
  check(c, g);
  for (std::size_t x = 0; x < 5; ++x) REQUIRE(g.dq[2 * 5 + x] == 0.0f);
  for (std::size_t x = 0; x < 5; ++x) REQUIRE(g.dk[7 * 5 + x] == 0.0f);
  for (std::size_t x = 0; x < 4; ++x) REQUIRE(g.dv[7 * 4 + x] == 0.0f);

  Case all = make_case({3, 4, 2, 2}, MaskKind::explicit_values, 0.0);  // everything hidden
  const Grads z = run(all, ws);
  for (float x : {z.dq[0], z.dk[0], z.dv[0]}) REQUIRE(x == 0.0f);
  check(all, z);
}

TEST_CASE("attention_backward: the reference against finite differences", "[backward][reference]") {
  // Inputs on a 1/64 grid and a step of 1/1024 keep q ± h exact in float32,
  // so the central difference of the double loss Σ output ⊙ dO is exact up to
  // O(h²) and double rounding.
  const std::size_t n = 3, m = 4, dk = 3, dv = 2;
  auto grid = [](std::size_t count) {
    std::vector<float> x = ax::test::uniform(count);
    for (float& e : x) e = std::round(e * 64.0f) / 64.0f;
    return x;
  };
  std::vector<float> q = grid(n * dk), k = grid(m * dk), v = grid(m * dv), d_out = grid(n * dv);
  const double scale = 0.6, temperature = 0.8;
  auto loss = [&] {
    const auto a = ax::ref::attention(q.data(), k.data(), v.data(), n, m, dk, dv, scale,
                                      temperature);
    return (a.output.array() * ax::ref::matrix(d_out.data(), n, dv).array()).sum();
  };
  const auto r = ax::ref::attention_backward(q.data(), k.data(), v.data(), d_out.data(), n, m,
                                             dk, dv, scale, temperature);
  const float h = 1.0f / 1024.0f;
  auto fd_check = [&](std::vector<float>& x, const MatrixXd& grad, const char* what) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float keep = x[i];
      x[i] = keep + h;
      const double up = loss();
      x[i] = keep - h;
      const double down = loss();
      x[i] = keep;
      const double fd = (up - down) / (2.0 * double(h));
      const double analytic = grad(Eigen::Index(i / grad.cols()), Eigen::Index(i % grad.cols()));
      INFO(what << "[" << i << "]: analytic " << analytic << ", finite difference " << fd);
      REQUIRE(std::fabs(analytic - fd) <= 1e-5 + 1e-4 * std::fabs(fd));
    }
  };
  fd_check(q, r.dq, "dq");
  fd_check(k, r.dk, "dk");
  fd_check(v, r.dv, "dv");
}

TEST_CASE("attention_backward: bad input is named", "[backward][validation]") {
  ax::BackwardWorkspace ws;
  Case c = make_case({3, 4, 2, 2}, MaskKind::none);
  c.d_out[3] = NAN;
  REQUIRE_THAT(input_error([&] { run(c, ws); }), names("dOutput"));
  c = make_case({3, 4, 2, 2}, MaskKind::none);
  c.q[1] = INFINITY;
  REQUIRE_THAT(input_error([&] { run(c, ws); }), names("q"));
  c = make_case({3, 4, 2, 2}, MaskKind::none);
  c.o.temperature = 0.0f;
  REQUIRE_THAT(input_error([&] { run(c, ws); }), names("temperature"));
  c = make_case({3, 4, 2, 2}, MaskKind::explicit_values);
  c.mask[0] = 2;
  REQUIRE_THAT(input_error([&] { run(c, ws); }), names("mask"));
  std::vector<float> empty(16, 0.0f);
  REQUIRE_THAT(input_error([&] {
                 ax::attention_backward(empty.data(), empty.data(), empty.data(), empty.data(),
                                        {0, 2, 2, 2}, c.o, {empty.data(), empty.data(), empty.data()},
                                        ws);
               }),
               names("n"));
  // The core keeps working after an error.
  c = make_case({3, 4, 2, 2}, MaskKind::none);
  check(c, run(c, ws));
}
