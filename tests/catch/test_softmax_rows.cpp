// test_softmax_rows.cpp — ax::softmax_rows, the validated row-wise entry point.
//
// Same tolerances as the ukernel test (1e-5 relative + 1e-30 floor per weight,
// row sums 1 ± 1e-6), on whole matrices: each row must be normalised on its
// own, whatever the rows around it hold.
#include <catch2/catch.hpp>

#include <cstddef>
#include <limits>
#include <vector>

#include "core/softmax.h"
#include "support/compare.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

void check_rows(const std::vector<float>& x, std::size_t rows, std::size_t cols,
                float temperature, bool in_place = false) {
  CAPTURE(rows, cols, temperature, in_place);
  std::vector<float> y = ax::test::with_guard(rows * cols);
  if (in_place) {
    std::copy(x.begin(), x.end(), y.begin());
    ax::softmax_rows(y.data(), rows, cols, temperature, y.data());
  } else {
    ax::softmax_rows(x.data(), rows, cols, temperature, y.data());
  }
  ax::test::require_guard("y past rows × cols", y, rows * cols, y.size());
  const auto want = ax::ref::softmax_rows(x.data(), rows, cols, temperature);
  ax::test::require_relative("y", y.data(), want, 1e-5, 1e-30);
  ax::test::require_row_sums(y.data(), rows, cols, std::vector<double>(rows, 1.0), 1e-6);
}

}  // namespace

TEST_CASE("softmax_rows: against the reference", "[softmax][softmax_rows]") {
  SECTION("cols_1_to_67") {
    for (std::size_t cols = 1; cols <= 67; ++cols) {
      const std::size_t rows = ax::test::random_size(1, 9);
      for (float temperature : {1.0f, 0.3f, 4.0f})
        check_rows(ax::test::uniform(rows * cols, -8.0f, 8.0f), rows, cols, temperature);
    }
  }
  SECTION("cols_large") {
    for (std::size_t cols : {1000, 1031})
      check_rows(ax::test::uniform(3 * cols, -8.0f, 8.0f), 3, cols, 0.6f);
  }
  SECTION("rows_differ_in_scale") {
    // One row near 0, one near 1e4, one spanning ±30: each normalised alone.
    const std::size_t cols = 37;
    std::vector<float> x = ax::test::uniform(cols, -1e-3f, 1e-3f);
    for (float v : ax::test::uniform(cols, 1e4f, 1e4f + 5.0f)) x.push_back(v);
    for (float v : ax::test::uniform(cols, -30.0f, 30.0f)) x.push_back(v);
    check_rows(x, 3, cols, 1.0f);
    check_rows(x, 3, cols, 0.2f);
  }
  SECTION("huge_inputs") {
    for (std::size_t cols : {1, 9, 67})
      for (float temperature : {1.0f, 0.1f, 10.0f})
        check_rows(ax::test::uniform(4 * cols, -1e30f, 1e30f), 4, cols, temperature);
  }
  SECTION("in_place") {
    for (std::size_t cols : {1, 5, 8, 17, 64, 67, 1000})
      check_rows(ax::test::uniform(5 * cols, -8.0f, 8.0f), 5, cols, 0.9f, true);
  }
}

TEST_CASE("softmax_rows: bad input throws ax::InputError", "[softmax][softmax_rows][validation]") {
  using ax::test::input_error;
  using ax::test::names;
  std::vector<float> x = ax::test::uniform(6);
  std::vector<float> y(6);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (float temperature : {0.0f, -1.0f, nan, inf})
    REQUIRE_THAT(input_error([&] { ax::softmax_rows(x.data(), 2, 3, temperature, y.data()); }),
                 names("temperature"));
  x[4] = nan;
  REQUIRE_THAT(input_error([&] { ax::softmax_rows(x.data(), 2, 3, 1.0f, y.data()); }),
               names("x") && ax::test::mentions("NaN"));
  x[4] = 0.5f;
  check_rows(x, 2, 3, 1.0f);  // a valid call right after still works
}
