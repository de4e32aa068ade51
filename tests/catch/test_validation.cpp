// test_validation.cpp — every bad input to ax::attention is refused by name.
//
// Each class of bad input must throw ax::InputError whose what() starts with
// the argument's name (a page shows it to a student as is); values name the
// offending number and its (row, column). After every error, the next valid
// call on the same Workspace must still give right answers.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/attention.h"
#include "support/attention.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::test::input_error;
using ax::test::mentions;
using ax::test::names;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

ax::test::AttentionCase valid_case() {
  return ax::test::random_case({3, 4, 6, 7}, 0.4f, 1.0f);
}

// Runs c (which must be refused), returns the message, then checks that a
// valid call on the same workspace still works.
std::string refused(ax::test::AttentionCase c, ax::Workspace& ws) {
  const std::string message = input_error([&] { ax::test::run(c, ws); });
  auto good = valid_case();
  const auto r = ax::test::run(good, ws);
  ax::test::check(good, r);
  return message;
}

// "row 2, column 5" or "(2, 5)": the position of a bad value, 0-based.
Catch::Matchers::StdString::RegexMatcher at(std::size_t row, std::size_t col) {
  const std::string r = std::to_string(row), c = std::to_string(col);
  return Catch::Matchers::Matches(
      ".*(row " + r + "\\b.*column " + c + "\\b|\\(" + r + ", " + c + "\\)).*",
      Catch::CaseSensitive::No);
}

}  // namespace

TEST_CASE("validation: a dimension of 0", "[validation][attention]") {
  ax::Workspace ws;
  for (const char* name : {"n", "m", "dk", "dv"}) {
    auto c = valid_case();
    std::string field = name;
    (field == "n" ? c.shape.n : field == "m" ? c.shape.m : field == "dk" ? c.shape.dk
                                                                         : c.shape.dv) = 0;
    CAPTURE(field);
    REQUIRE_THAT(refused(c, ws), names(field));
  }
}

TEST_CASE("validation: NaN and infinities in q, k, v", "[validation][attention]") {
  // Shapes (3, 6), (4, 6), (4, 7): the bad value goes at (2, 5) in each.
  ax::Workspace ws;
  const struct { const char* name; std::vector<float> ax::test::AttentionCase::*values; std::size_t cols; }
      arrays[] = {{"q", &ax::test::AttentionCase::q, 6},
                  {"k", &ax::test::AttentionCase::k, 6},
                  {"v", &ax::test::AttentionCase::v, 7}};
  for (const auto& array : arrays) {
    for (float bad : {kNaN, kInf, -kInf}) {
      auto c = valid_case();
      (c.*array.values)[2 * array.cols + 5] = bad;
      const std::string described = std::isnan(bad) ? "NaN" : bad > 0 ? "Infinity" : "-Infinity";
      CAPTURE(array.name, described);
      const std::string message = refused(c, ws);
      REQUIRE_THAT(message, names(array.name));
      REQUIRE_THAT(message, mentions(described));
      REQUIRE_THAT(message, at(2, 5));
    }
  }
}

TEST_CASE("validation: temperature and scale", "[validation][attention]") {
  ax::Workspace ws;
  SECTION("temperature must be finite and > 0") {
    for (float t : {0.0f, -0.0f, -1.0f, kNaN, kInf, -kInf}) {
      auto c = valid_case();
      c.options.temperature = t;
      CAPTURE(t);
      REQUIRE_THAT(refused(c, ws), names("temperature"));
    }
  }
  SECTION("scale must be finite (any sign, 0 allowed)") {
    for (float s : {kNaN, kInf, -kInf}) {
      auto c = valid_case();
      c.options.scale = s;
      CAPTURE(s);
      REQUIRE_THAT(refused(c, ws), names("scale"));
    }
  }
}

TEST_CASE("validation: explicit mask", "[validation][attention][mask]") {
  ax::Workspace ws;
  SECTION("values other than 0 and 1") {
    for (std::uint8_t bad : {2, 7, 255}) {
      auto c = ax::test::random_case({3, 4, 6, 7}, 0.4f, 1.0f, ax::MaskKind::explicit_values);
      c.mask[1 * 4 + 3] = bad;
      CAPTURE(int(bad));
      const std::string message = refused(c, ws);
      REQUIRE_THAT(message, names("mask") || Catch::Matchers::Matches("mask_values\\b.*"));
      REQUIRE_THAT(message, mentions(std::to_string(bad)));
    }
  }
  SECTION("no values with the explicit kind") {
    auto c = valid_case();
    c.options.mask = ax::MaskKind::explicit_values;  // c.mask is empty: run() passes nullptr
    const std::string message = refused(c, ws);
    REQUIRE_THAT(message, names("mask") || Catch::Matchers::Matches("mask_values\\b.*"));
  }
}
