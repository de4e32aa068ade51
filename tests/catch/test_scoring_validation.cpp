// test_scoring_validation.cpp — bad input to scores, attention by kind and
// multi_head is refused by name, and the core keeps working afterwards.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/attention_kinds.h"
#include "core/multi_head.h"
#include "core/scoring.h"
#include "support/errors.h"
#include "support/random.h"
#include "support/scoring.h"

namespace {

using ax::ScoreKind;
using ax::test::input_error;
using ax::test::mentions;
using ax::test::names;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Runs the scores of c (which must be refused), returns the message, then
// checks that a valid call on the same workspace still gives right answers.
std::string refused(const ax::test::ScoreCase& c, ax::Workspace& ws) {
  std::vector<float> out(c.shape.n * c.shape.m + 64);
  const std::string message = input_error(
      [&] { ax::scores(c.q.data(), c.k.data(), c.kind, c.shape, c.params(), out.data(), ws); });
  ax::test::check_scores_run(ax::test::random_score_case(ScoreKind::additive, 5, 7, 3, 4, 6), ws);
  return message;
}

}  // namespace

TEST_CASE("scoring validation: unknown kind", "[validation][scoring]") {
  REQUIRE(ax::score_kind("bilinear") == ScoreKind::bilinear);
  for (const char* bad : {"", "Dot", "scaled", "general", "concat"}) {
    const std::string message = input_error([&] { ax::score_kind(bad); });
    REQUIRE_THAT(message, names("kind"));
    REQUIRE_THAT(message, mentions("additive"));
  }
}

TEST_CASE("scoring validation: dimensions", "[validation][scoring]") {
  ax::Workspace ws;
  auto c = ax::test::random_score_case(ScoreKind::bilinear, 3, 4, 2, 5, 0);
  for (const char* name : {"n", "m", "dq", "dk"}) {
    auto bad = c;
    const std::string f = name;
    (f == "n" ? bad.shape.n : f == "m" ? bad.shape.m : f == "dq" ? bad.shape.dq : bad.shape.dk) = 0;
    REQUIRE_THAT(refused(bad, ws), names(name));
  }
  SECTION("dq_differs_from_dk_for_dot_and_cosine") {
    for (ScoreKind kind : {ScoreKind::dot, ScoreKind::cosine}) {
      auto bad = ax::test::random_score_case(kind, 3, 4, 5, 5, 0);
      bad.shape.dq = 2;
      REQUIRE_THAT(refused(bad, ws), names("dq"));
    }
  }
  SECTION("dh_with_another_kind_or_missing_for_additive") {
    auto bad = ax::test::random_score_case(ScoreKind::dot, 3, 4, 5, 5, 0);
    bad.shape.dh = 3;
    REQUIRE_THAT(refused(bad, ws), names("dh"));
    auto additive = ax::test::random_score_case(ScoreKind::additive, 3, 4, 5, 5, 2);
    additive.shape.dh = 0;
    REQUIRE_THAT(refused(additive, ws), names("dh"));
  }
}

TEST_CASE("scoring validation: a kind's missing or surplus matrix", "[validation][scoring]") {
  ax::Workspace ws;
  SECTION("w_with_dot_or_cosine_or_additive") {
    for (ScoreKind kind : {ScoreKind::dot, ScoreKind::cosine, ScoreKind::additive}) {
      auto bad = ax::test::random_score_case(kind, 2, 3, 4, 4, 3);
      bad.w = ax::test::uniform(16);
      const std::string message = refused(bad, ws);
      REQUIRE_THAT(message, names("w"));
      REQUIRE_THAT(message, mentions(ax::score_kind_name(kind)));
    }
  }
  SECTION("additive_matrices_with_other_kinds") {
    for (const char* name : {"wq", "wk", "u"}) {
      auto bad = ax::test::random_score_case(ScoreKind::bilinear, 2, 3, 4, 4, 0);
      const std::string f = name;
      (f == "wq" ? bad.wq : f == "wk" ? bad.wk : bad.u) = ax::test::uniform(16);
      REQUIRE_THAT(refused(bad, ws), names(name));
    }
  }
  SECTION("missing") {
    auto bilinear = ax::test::random_score_case(ScoreKind::bilinear, 2, 3, 4, 5, 0);
    bilinear.w.clear();
    REQUIRE_THAT(refused(bilinear, ws), names("w"));
    for (const char* name : {"wq", "wk", "u"}) {
      auto bad = ax::test::random_score_case(ScoreKind::additive, 2, 3, 4, 5, 6);
      const std::string f = name;
      (f == "wq" ? bad.wq : f == "wk" ? bad.wk : bad.u).clear();
      REQUIRE_THAT(refused(bad, ws), names(name));
    }
  }
}

TEST_CASE("scoring validation: non-finite values, named with their position", "[validation][scoring]") {
  ax::Workspace ws;
  for (const char* name : {"q", "k", "wq", "wk", "u"}) {
    for (float value : {kNaN, kInf, -kInf}) {
      auto bad = ax::test::random_score_case(ScoreKind::additive, 3, 4, 5, 6, 2);
      const std::string f = name;
      auto& target = f == "q" ? bad.q : f == "k" ? bad.k : f == "wq" ? bad.wq : f == "wk" ? bad.wk : bad.u;
      target[target.size() - 1] = value;
      REQUIRE_THAT(refused(bad, ws), names(name));
    }
  }
  auto bad = ax::test::random_score_case(ScoreKind::bilinear, 3, 4, 5, 6, 0);
  bad.w[7] = kNaN;  // row 1, column 1 of (5, 6)
  const std::string message = refused(bad, ws);
  REQUIRE_THAT(message, names("w"));
  REQUIRE_THAT(message, mentions("row 1, column 1"));
}

TEST_CASE("scoring validation: cosine of a zero row names q or k and the row", "[validation][scoring]") {
  ax::Workspace ws;
  auto bad_q = ax::test::random_score_case(ScoreKind::cosine, 4, 3, 5, 5, 0);
  for (std::size_t j = 0; j < 5; ++j) bad_q.q[2 * 5 + j] = 0.0f;
  std::string message = refused(bad_q, ws);
  REQUIRE_THAT(message, names("q"));
  REQUIRE_THAT(message, mentions("row 2"));
  auto bad_k = ax::test::random_score_case(ScoreKind::cosine, 4, 3, 5, 5, 0);
  for (std::size_t j = 0; j < 5; ++j) bad_k.k[0 * 5 + j] = -0.0f;
  message = refused(bad_k, ws);
  REQUIRE_THAT(message, names("k"));
  REQUIRE_THAT(message, mentions("row 0"));
  // a row of denormals is not zero: its cosine is defined and computed
  auto tiny = ax::test::random_score_case(ScoreKind::cosine, 1, 1, 2, 2, 0);
  tiny.q = {1e-45f, 0.0f};
  tiny.k = {3e-45f, 0.0f};
  ax::test::check_scores_run(tiny, ws);
}

TEST_CASE("scoring validation: attention by kind checks v, scale, temperature, mask", "[validation][scoring]") {
  ax::Workspace ws;
  const auto c = ax::test::random_score_case(ScoreKind::cosine, 3, 4, 5, 5, 0);
  std::vector<float> v = ax::test::uniform(4 * 2), out(3 * 12 + 6);
  const ax::AttentionOutputs o{out.data(), out.data() + 12, out.data() + 24, out.data() + 36};
  auto call = [&](const std::vector<float>& values, ax::AttentionOptions options, std::size_t dv = 2) {
    return input_error([&] {
      ax::attention(c.q.data(), c.k.data(), values.data(), c.kind, c.shape, dv, c.params(),
                    options, o, ws);
    });
  };
  ax::AttentionOptions good;
  good.scale = 1.0f;
  auto nan_v = v;
  nan_v[3] = kNaN;
  REQUIRE_THAT(call(nan_v, good), names("v"));
  REQUIRE_THAT(call(v, good, 0), names("dv"));
  auto bad = good;
  bad.scale = kInf;
  REQUIRE_THAT(call(v, bad), names("scale"));
  bad = good;
  bad.temperature = 0.0f;
  REQUIRE_THAT(call(v, bad), names("temperature"));
  bad = good;
  bad.mask = ax::MaskKind::explicit_values;
  std::vector<std::uint8_t> mask(12, 2);
  bad.mask_values = mask.data();
  REQUIRE_THAT(call(v, bad), names("mask"));
  ax::test::check_attention_run(c, 2, good, {}, ws);
}

TEST_CASE("scoring validation: multi_head", "[validation][multi_head]") {
  ax::Workspace ws;
  const std::size_t n = 3, m = 5, d = 8;
  std::vector<float> x = ax::test::uniform(n * d), s = ax::test::uniform(m * d),
                     w = ax::test::uniform(d * d), out(6 * 64 + 4 * n * m);
  const ax::MultiHeadOutputs o{out.data(), out.data() + 64, out.data() + 128, out.data() + 192,
                               out.data() + 192 + 4 * n * m, out.data() + 256 + 4 * n * m};
  auto call = [&](const float* source, ax::MultiHeadShape shape, const std::vector<float>& xx,
                  const std::vector<float>& wq) {
    return input_error([&] {
      ax::multi_head(xx.data(), source, shape, {wq.data(), w.data(), w.data(), w.data()},
                     ax::MaskKind::none, nullptr, o, ws);
    });
  };
  std::string message = call(s.data(), {n, m, d, 3}, x, w);
  REQUIRE_THAT(message, names("heads"));
  REQUIRE_THAT(message, mentions("dModel = 8"));
  REQUIRE_THAT(call(s.data(), {n, m, d, 0}, x, w), names("heads"));
  REQUIRE_THAT(call(s.data(), {n, m, 0, 1}, x, w), names("dModel"));
  REQUIRE_THAT(call(s.data(), {0, m, d, 2}, x, w), names("n"));
  REQUIRE_THAT(call(nullptr, {n, m, d, 2}, x, w), names("m"));
  auto bad_x = x;
  bad_x[5] = kNaN;
  REQUIRE_THAT(call(s.data(), {n, m, d, 2}, bad_x, w), names("x"));
  auto bad_w = w;
  bad_w[0] = -kInf;
  REQUIRE_THAT(call(s.data(), {n, m, d, 2}, x, bad_w), names("wq"));
  auto bad_s = s;
  bad_s[m * d - 1] = kInf;
  REQUIRE_THAT(call(bad_s.data(), {n, m, d, 2}, x, w), names("source"));
  // overflow of a projection is named too, not passed on as Infinity
  auto huge = w;
  for (float& value : huge) value = 3e38f;
  const std::vector<float> ones(n * d, 1.0f);
  message = call(s.data(), {n, m, d, 2}, ones, huge);
  REQUIRE_THAT(message, names("q"));
  REQUIRE_THAT(message, mentions("overflows"));
  // still working
  ax::multi_head(x.data(), s.data(), {n, m, d, 4}, {w.data(), w.data(), w.data(), w.data()},
                 ax::MaskKind::none, nullptr, o, ws);
  for (std::size_t i = 0; i < n * d; ++i) REQUIRE(std::isfinite(o.output[i]));
}
