// test_shape_overflow.cpp — shapes whose element counts wrap std::size_t are
// refused by name before any value is read, and the workspace stays usable.
//
// In wasm32 std::size_t is 32 bits, so n = m = 65536 makes n × m = 2^32 wrap to
// 0; natively 2^32 × 2^32 wraps 64 bits. Before require_count, such a shape
// passed validation (the finiteness scans saw 0 values) and the kernels then
// ran over null or tiny buffers. The inputs here are null pointers on purpose:
// a check that reads them before refusing the shape crashes the test.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/attention.h"
#include "core/attention_backward.h"
#include "core/attention_kinds.h"
#include "core/linear_attention.h"
#include "core/matmul.h"
#include "core/multi_head.h"
#include "core/scoring.h"
#include "core/sparse_attention.h"
#include "core/softmax.h"
#include "core/validate.h"
#include "support/attention.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::test::input_error;
using ax::test::mentions;
using ax::test::names;

constexpr bool k64 = sizeof(std::size_t) == 8;
// A side whose square wraps std::size_t to exactly 0.
constexpr std::size_t kWraps = k64 ? std::size_t(1) << 32 : std::size_t(1) << 16;
// A side whose square fits std::size_t but whose size in bytes does not.
constexpr std::size_t kTooManyBytes = k64 ? std::size_t(1) << 31 : std::size_t(1) << 15;

// After a refused call, a valid one on the same workspace is still right.
void still_works(ax::Workspace& ws) {
  ax::test::run_and_check(ax::test::random_case({5, 9, 12, 7}, 0.3f, 1.0f), ws);
}

std::string refused_attention(ax::AttentionShape shape, ax::Workspace& ws) {
  ax::AttentionOptions options;
  options.scale = 1.0f;
  const ax::AttentionOutputs out{nullptr, nullptr, nullptr, nullptr};
  return input_error([&] { ax::attention(nullptr, nullptr, nullptr, shape, options, out, ws); });
}

}  // namespace

TEST_CASE("overflow: require_count multiplies with an overflow check", "[validation][overflow]") {
  CHECK(ax::require_count("n × m", 3, 4) == 12);
  CHECK(ax::require_count("n × m", ax::kMaxCount, 1) == ax::kMaxCount);
  REQUIRE_THAT(input_error([] { ax::require_count("n × m", kWraps, kWraps); }), names("n"));
  REQUIRE_THAT(input_error([] { ax::require_count("n × m", ax::kMaxCount + 1, 1); }), mentions("n × m"));
  REQUIRE_THAT(input_error([] { ax::require_count("k × m", kTooManyBytes, kTooManyBytes); }), names("k"));
}

TEST_CASE("overflow: attention refuses n = m = dk = dv whose products wrap", "[validation][overflow][attention]") {
  ax::Workspace ws;
  still_works(ws);
  for (const std::size_t side : {kWraps, kTooManyBytes}) {
    CAPTURE(side);
    REQUIRE_THAT(refused_attention({side, side, side, side}, ws), names("n") && mentions("n × dk"));
    still_works(ws);
  }
  // Each product on its own: the message names the one that is too large.
  const std::size_t s = kWraps;
  REQUIRE_THAT(refused_attention({1, s, s, 1}, ws), mentions("m × dk"));
  REQUIRE_THAT(refused_attention({1, s, 1, s}, ws), mentions("m × dv"));
  REQUIRE_THAT(refused_attention({s, s, 1, 1}, ws), mentions("n × m"));
  REQUIRE_THAT(refused_attention({s, 1, 1, s}, ws), mentions("n × dv"));
  still_works(ws);
}

TEST_CASE("overflow: matmul and softmax refuse shapes whose products wrap", "[validation][overflow]") {
  ax::Workspace ws;
  const std::size_t s = kWraps;
  REQUIRE_THAT(input_error([&] { ax::matmul(nullptr, nullptr, s, s, 1, nullptr, ws); }), mentions("n × k"));
  REQUIRE_THAT(input_error([&] { ax::matmul(nullptr, nullptr, 1, s, s, nullptr, ws); }), mentions("k × m"));
  REQUIRE_THAT(input_error([&] { ax::matmul(nullptr, nullptr, s, 1, s, nullptr, ws); }), mentions("n × m"));
  REQUIRE_THAT(input_error([&] { ax::softmax_rows(nullptr, s, s, 1.0f, nullptr); }), mentions("rows × cols"));
  REQUIRE_THAT(input_error([&] {
    ax::softmax_rows(nullptr, kTooManyBytes, kTooManyBytes, 1.0f, nullptr);
  }), mentions("rows × cols"));

  // the same workspace and the same functions still compute the right numbers
  const std::vector<float> a{1, 2, 3, 4, 5, 6}, b{1, 0, -1, 2, 0.5f, 3};  // (2, 3) · (3, 2)
  std::vector<float> c(4);
  ax::matmul(a.data(), b.data(), 2, 3, 2, c.data(), ws);
  CHECK(c == std::vector<float>{1 * 1 + 2 * -1 + 3 * 0.5f, 0 + 2 * 2 + 3 * 3,
                                4 * 1 + 5 * -1 + 6 * 0.5f, 0 + 5 * 2 + 6 * 3});
  still_works(ws);
}

TEST_CASE("overflow: the functions added since refuse shapes whose products wrap", "[validation][overflow]") {
  // Null inputs again: a function that sizes a buffer or reads a value before
  // checking the shape crashes here instead of naming the product.
  const std::size_t s = kWraps;
  ax::Workspace ws;
  std::vector<float> out(4);
  SECTION("linear attention") {
    REQUIRE_THAT(input_error([&] { ax::linear_attention(nullptr, nullptr, nullptr, s, 1, s, 1, false, out.data(), ws); }),
                 mentions("n × dk"));
    REQUIRE_THAT(input_error([&] { ax::linear_attention(nullptr, nullptr, nullptr, 1, s, 1, s, false, out.data(), ws); }),
                 mentions("m × dv"));
    REQUIRE_THAT(input_error([&] { ax::linear_attention(nullptr, nullptr, nullptr, 1, 1, s, s, false, out.data(), ws); }),
                 mentions("× dk") || mentions("dk × dv"));
  }
  SECTION("multi-head") {
    const ax::MultiHeadWeights w{nullptr, nullptr, nullptr, nullptr};
    const ax::MultiHeadOutputs o{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    REQUIRE_THAT(input_error([&] { ax::multi_head(nullptr, nullptr, {s, s, 1, 1}, w, ax::MaskKind::none, nullptr, o, ws); }),
                 mentions("n × m"));
    REQUIRE_THAT(input_error([&] { ax::multi_head(nullptr, nullptr, {1, 1, s, 1}, w, ax::MaskKind::none, nullptr, o, ws); }),
                 mentions("dModel × dModel"));
  }
  SECTION("scores and attention with a kind") {
    REQUIRE_THAT(input_error([&] { ax::validate_scores(nullptr, nullptr, ax::ScoreKind::dot, {s, s, 1, 1, 0}, {}); }),
                 mentions("n × m"));
    REQUIRE_THAT(input_error([&] { ax::validate_scores(nullptr, nullptr, ax::ScoreKind::dot, {1, s, s, s, 0}, {}); }),
                 mentions("m × dk"));
    const float one = 1.0f;
    ax::ScoreParams additive;
    additive.wq = &one;
    additive.wk = &one;
    additive.u = &one;
    REQUIRE_THAT(input_error([&] { ax::validate_scores(nullptr, nullptr, ax::ScoreKind::additive, {1, 1, s, 1, s}, additive); }),
                 mentions("dh × dq") || mentions("n × dq"));
    ax::AttentionOptions options;
    options.scale = 1.0f;
    const ax::AttentionOutputs outs{nullptr, nullptr, nullptr, nullptr};
    REQUIRE_THAT(input_error([&] {
      ax::attention(nullptr, nullptr, nullptr, ax::ScoreKind::dot, {2, 2, 1, 1, 0}, s * s, {}, options, outs, ws);
    }), names("dv") || mentions("n × dv") || mentions("m × dv"));
  }
  SECTION("sparse attention") {
    ax::SparseOptions options;
    options.scale = 1.0f;
    ax::SparseResult result;
    REQUIRE_THAT(input_error([&] { ax::sparse_attention(nullptr, nullptr, nullptr, s, s, 1, options, result); }),
                 mentions("n × dk"));
  }
  SECTION("attention backward sizes nothing before the shape is checked") {
    ax::BackwardWorkspace bws;
    ax::AttentionOptions options;
    options.scale = 1.0f;
    const ax::AttentionGradients grads{nullptr, nullptr, nullptr};
    REQUIRE_THAT(input_error([&] { ax::attention_backward(nullptr, nullptr, nullptr, nullptr, {s, s, 1, 1}, options, grads, bws); }),
                 mentions("n × m"));
  }
  still_works(ws);
}
