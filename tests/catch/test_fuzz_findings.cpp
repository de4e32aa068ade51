// test_fuzz_findings.cpp — regression cases for what the libFuzzer targets found
// (tests/fuzz/, docs/RELIABILITY.md "What the fuzzers found"). Each case is the
// fuzzer's reproducer or the smallest call showing the same fault, and failed
// before its fix.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/attention_backward.h"
#include "core/trainer.h"
#include "reference/backward.h"
#include "support/errors.h"

namespace {

struct Grads {
  std::vector<float> dq, dk, dv;
};

Grads backward(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v,
               const std::vector<float>& d_out, ax::AttentionShape s, float scale, float temperature) {
  Grads g{std::vector<float>(s.n * s.dk), std::vector<float>(s.m * s.dk), std::vector<float>(s.m * s.dv)};
  ax::AttentionOptions o;
  o.scale = scale;
  o.temperature = temperature;
  ax::BackwardWorkspace ws;
  ax::attention_backward(q.data(), k.data(), v.data(), d_out.data(), s, o, {g.dq.data(), g.dk.data(), g.dv.data()},
                         ws);
  return g;
}

}  // namespace

// fuzz_attention_backward: scale / T was formed in float32. At T = 2.87e-42 it is
// +Infinity, and Infinity · W · (dW − Σ W dW) with a zero bracket is NaN, so a call
// whose gradients are all finite (here exactly 0 for q and k) was refused as "dq:
// dS · K overflows float32 … (NaN)".
TEST_CASE("fuzz finding: attention_backward with scale / T beyond float32", "[backward][fuzz]") {
  SECTION("one key: the softmax gradient is exactly 0") {
    const std::vector<float> q = {-1.0f}, k = {1.27414468e-11f}, v = {9.09494702e-13f}, d_out = {-1.0f};
    Grads g;
    REQUIRE_NOTHROW(g = backward(q, k, v, d_out, {1, 1, 1, 1}, 1.0f, 2.86985925e-42f));
    REQUIRE(g.dq[0] == 0.0f);
    REQUIRE(g.dk[0] == 0.0f);
    REQUIRE(g.dv[0] == -1.0f);  // W = 1: dV = dOutput
  }
  SECTION("two keys: finite gradients of size 1e9 although scale / T = 1e40") {
    // scores (0, 1e-40), T = 1e-40: the softmax sees (−1, 0), weights (0.269, 0.731)
    const float tiny = 1e-40f;
    const std::vector<float> q = {1.0f}, k = {0.0f, tiny}, v = {1.0f, -1.0f}, d_out = {1e-30f};
    Grads g;
    REQUIRE_NOTHROW(g = backward(q, k, v, d_out, {1, 2, 1, 1}, 1.0f, tiny));
    const auto r = ax::ref::attention_backward(q.data(), k.data(), v.data(), d_out.data(), 1, 2, 1, 1, 1.0,
                                               double(tiny));
    REQUIRE(std::fabs(g.dq[0] - r.dq(0, 0)) <= 1e-5 * std::fabs(r.dq(0, 0)));
    for (Eigen::Index j = 0; j < 2; ++j) {
      REQUIRE(std::fabs(g.dk[std::size_t(j)] - r.dk(j, 0)) <= 1e-5 * std::fabs(r.dk(j, 0)));
      REQUIRE(std::fabs(g.dv[std::size_t(j)] - r.dv(j, 0)) <= 1e-5 * std::fabs(r.dv(j, 0)));
    }
  }
}

// The WebAssembly differential fuzz (trainer): with an lr that makes training diverge
// (here FLT_MAX), Adam wrote ±Infinity into the parameters and the next forward pass
// refused them as "q: NaN at row 0, column 0; every value must be a finite float32
// number", naming an argument no caller passes. The trainer was then unusable: every
// later step and evaluate threw the same.
TEST_CASE("fuzz finding: a diverging trainer names lr and keeps its last finite parameters", "[trainer][fuzz]") {
  ax::TrainerOptions o;
  o.task = ax::Task::copy;
  o.d_model = 10;
  o.seed = 4294967295u;
  o.batch = 1;
  o.lr = FLT_MAX;
  ax::Trainer t(o);
  std::string error;
  for (int s = 0; s < 3 && error.empty(); ++s) {
    try {
      t.step(1);
    } catch (const ax::InputError& e) {
      error = e.what();
    }
  }
  REQUIRE_THAT(error, ax::test::names("lr"));
  const ax::ModelParameters& p = t.parameters();
  for (const std::vector<float>* tensor : {&p.wq, &p.wk, &p.wv, &p.wo, &p.embed, &p.pos, &p.unembed})
    for (float x : *tensor) REQUIRE(std::isfinite(x));
  // and it still answers, from those parameters
  const std::int32_t tokens[6] = {0, 1, 2, 3, 4, 5};
  std::vector<float> weights(36);
  std::int32_t predicted[6];
  REQUIRE_NOTHROW(t.evaluate(tokens, 6, weights.data(), predicted));
  for (float w : weights) REQUIRE((w >= 0.0f && w <= 1.0f));
}
