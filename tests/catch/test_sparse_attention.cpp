// test_sparse_attention.cpp — the CSR pattern and sparse attention.
//
// The pattern must hold exactly the pairs the definition allows (checked by a
// literal predicate, ref::SparsePatternSpec::visible), in ascending columns;
// weights and output must equal attention() with that pattern as an explicit
// mask (float64 reference, and the core's own materialised path), and the
// pattern's size must follow the band formula, not n².
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/attention.h"
#include "core/sparse_attention.h"
#include "reference/reference_cost.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::test::random_size;

struct SparseCase {
  std::size_t n, dk, dv;
  std::vector<float> q, k, v;
  std::vector<std::int32_t> globals;
  ax::SparseOptions options;
  ax::ref::SparsePatternSpec spec;
};

SparseCase random_sparse_case(std::size_t n, std::size_t dk, std::size_t dv) {
  SparseCase c{n, dk, dv, ax::test::uniform(n * dk), ax::test::uniform(n * dk),
               ax::test::uniform(n * dv), {}, {}, {}};
  const std::int64_t windows[] = {0, 1, 2, 5, 1000};
  c.options.window = windows[random_size(0, 4)];
  c.options.stride = ax::test::coin(0.4) ? std::int64_t(random_size(1, 9)) : 0;
  c.options.causal = ax::test::coin();
  std::vector<std::int32_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), ax::test::rng());
  c.globals.assign(all.begin(), all.begin() + std::ptrdiff_t(random_size(0, std::min<std::size_t>(n, 3))));
  c.options.globals = c.globals.data();
  c.options.globals_count = c.globals.size();
  c.options.scale = ax::default_scale(dk);
  c.options.temperature = ax::test::coin() ? 1.0f : 0.6f;
  c.spec.window = c.options.window;
  c.spec.stride = c.options.stride;
  c.spec.causal = c.options.causal;
  for (auto g : c.globals) c.spec.globals.push_back(g);
  return c;
}

// CSR shape, ascending columns, and exactly the visible pairs.
void check_pattern(const SparseCase& c, const ax::SparseResult& r) {
  const std::size_t n = c.n;
  REQUIRE(r.row_start.size() == n + 1);
  REQUIRE(r.row_start[0] == 0);
  REQUIRE(std::size_t(r.row_start[n]) == r.cols.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::int32_t> want;
    for (std::size_t j = 0; j < n; ++j)
      if (c.spec.visible((long long)i, (long long)j)) want.push_back(std::int32_t(j));
    const std::vector<std::int32_t> got(r.cols.begin() + r.row_start[i], r.cols.begin() + r.row_start[i + 1]);
    INFO("row " << i);
    REQUIRE(got == want);  // ascending, no repeats, nothing missing
  }
}

void check_sparse(SparseCase c) {
  CAPTURE(c.n, c.dk, c.dv, c.options.window, c.options.stride, c.options.causal, c.globals.size());
  ax::SparseResult r;
  ax::sparse_attention(c.q.data(), c.k.data(), c.v.data(), c.n, c.dk, c.dv, c.options, r);
  check_pattern(c, r);
  const std::size_t n = c.n;
  const std::vector<std::uint8_t> mask = c.spec.mask(n);
  const ax::ref::Mask ref_mask{ax::ref::Mask::Kind::explicit_values, mask.data()};
  const auto want = ax::ref::attention(c.q.data(), c.k.data(), c.v.data(), n, n, c.dk, c.dv,
                                       c.options.scale, c.options.temperature, ref_mask);
  // weights: the CSR entries of the reference's (n, n) weights
  ax::ref::MatrixXd dense = ax::ref::MatrixXd::Zero(ax::ref::Index(n), ax::ref::Index(n));
  for (std::size_t i = 0; i < n; ++i)
    for (auto e = r.row_start[i]; e < r.row_start[i + 1]; ++e)
      dense(ax::ref::Index(i), r.cols[std::size_t(e)]) = r.weights[std::size_t(e)];
  std::vector<float> dense_f(n * n);
  for (std::size_t t = 0; t < n * n; ++t) dense_f[t] = float(dense(ax::ref::Index(t / n), ax::ref::Index(t % n)));
  ax::test::require_relative("weights", dense_f.data(), want.weights, 1e-5, 1e-30);
  const ax::ref::MatrixXd V = ax::ref::matrix(c.v.data(), n, c.dv);
  ax::test::require_within("output", r.output.data(), want.output,
                           1e-5 * ax::ref::abs_product(want.weights, V));

  // the core's own materialised attention with the same mask agrees too
  ax::Workspace ws;
  std::vector<float> scores(n * n), scaled(n * n), weights(n * n), output(n * c.dv);
  ax::AttentionOptions o;
  o.scale = c.options.scale;
  o.temperature = c.options.temperature;
  o.mask = ax::MaskKind::explicit_values;
  o.mask_values = mask.data();
  ax::attention(c.q.data(), c.k.data(), c.v.data(), {n, n, c.dk, c.dv}, o,
                {scores.data(), scaled.data(), weights.data(), output.data()}, ws);
  const ax::ref::MatrixXd W = ax::ref::matrix(weights.data(), n, n);
  ax::test::require_within("output vs attention()", r.output.data(),
                           ax::ref::matrix(output.data(), n, c.dv), 2e-5 * ax::ref::abs_product(W, V));
}

}  // namespace

TEST_CASE("sparse_attention: random patterns against the reference", "[sparse]") {
  for (int trial = 0; trial < 120; ++trial) {
    check_sparse(random_sparse_case(random_size(1, 70), random_size(1, 40), random_size(1, 40)));
  }
}

TEST_CASE("sparse_attention: each part of the pattern alone", "[sparse]") {
  auto c = random_sparse_case(40, 8, 5);
  c.globals.clear();
  c.options.globals_count = 0;
  c.spec.globals.clear();
  c.options.stride = c.spec.stride = 0;
  c.options.causal = c.spec.causal = false;
  SECTION("window_0_is_the_diagonal") {
    c.options.window = c.spec.window = 0;
    ax::SparseResult r;
    ax::sparse_attention(c.q.data(), c.k.data(), c.v.data(), 40, 8, 5, c.options, r);
    REQUIRE(r.cols.size() == 40);
    for (float w : r.weights) REQUIRE(w == 1.0f);  // one key per row: weight 1, output = v_i
    for (std::size_t t = 0; t < 40 * 5; ++t) REQUIRE(r.output[t] == c.v[t]);
  }
  SECTION("band_size_follows_the_formula") {
    // n + 2 Σ_{d=1..w} (n − d) pairs: linear in n for a fixed window
    for (std::int64_t w : {1, 3, 7}) {
      c.options.window = c.spec.window = w;
      ax::SparseResult r;
      ax::sparse_pattern(40, c.options, r);
      std::size_t want = 40;
      for (std::int64_t d = 1; d <= w; ++d) want += 2 * (40 - std::size_t(d));
      REQUIRE(r.cols.size() == want);
      check_pattern(c, r);
    }
  }
  SECTION("one_global_row_and_column") {
    c.options.window = c.spec.window = 0;
    c.globals = {7};
    c.spec.globals = {7};
    c.options.globals = c.globals.data();
    c.options.globals_count = 1;
    ax::SparseResult r;
    ax::sparse_pattern(40, c.options, r);
    REQUIRE(r.cols.size() == 40 + 40 + 40 - 1 - 1);  // diagonal + row 7 + column 7, overlaps once each
    check_pattern(c, r);
  }
  SECTION("stride_and_causal") {
    c.options.window = c.spec.window = 0;
    c.options.stride = c.spec.stride = 4;
    c.options.causal = c.spec.causal = true;
    check_sparse(c);
  }
  SECTION("full_window_equals_dense") {
    c.options.window = c.spec.window = 1000;
    ax::SparseResult r;
    ax::sparse_pattern(40, c.options, r);
    REQUIRE(r.cols.size() == 40 * 40);
    check_sparse(c);
  }
}

TEST_CASE("sparse_attention: bad input is named", "[sparse][errors]") {
  auto c = random_sparse_case(10, 4, 3);
  ax::SparseResult r;
  auto call = [&] { ax::sparse_attention(c.q.data(), c.k.data(), c.v.data(), 10, 4, 3, c.options, r); };
  SECTION("window") {
    c.options.window = -1;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("window"));
  }
  SECTION("stride") {
    c.options.stride = -2;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("stride"));
  }
  SECTION("globals_out_of_range") {
    c.globals = {3, 10};
    c.options.globals = c.globals.data();
    c.options.globals_count = 2;
    const std::string message = ax::test::input_error(call);
    REQUIRE_THAT(message, ax::test::names("globals"));
    REQUIRE_THAT(message, ax::test::mentions("10"));
  }
  SECTION("globals_repeated") {
    c.globals = {3, 5, 3};
    c.options.globals = c.globals.data();
    c.options.globals_count = 3;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::mentions("repeated"));
  }
  SECTION("nan_in_v") {
    c.v[4] = NAN;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("v"));
  }
  SECTION("n_zero") {
    REQUIRE_THAT(ax::test::input_error([&] {
                   ax::sparse_attention(c.q.data(), c.k.data(), c.v.data(), 0, 4, 3, c.options, r);
                 }),
                 ax::test::names("n"));
  }
  SECTION("scores_overflow") {
    for (float& x : c.q) x = 3e19f;
    for (float& x : c.k) x = 3e19f;
    REQUIRE_THAT(ax::test::input_error(call), ax::test::names("scores"));
  }
}
