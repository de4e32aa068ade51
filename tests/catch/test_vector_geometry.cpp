// test_vector_geometry.cpp — dot, norm, cosine, angle, project (scene 1).
//
// Values against the float64 reference; the cases a teaching page hits at its
// edges: parallel and opposite vectors (angle exactly 0 and π, never NaN),
// near-parallel ones (where acos(cos θ) keeps only half the digits), huge
// components (|v|² overflows float32), and every input the functions refuse.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "core/vector_geometry.h"
#include "support/errors.h"
#include "support/random.h"
#include "reference/reference.h"

namespace {

using ax::test::input_error;
using ax::test::mentions;
using ax::test::names;

constexpr double kPi = 3.14159265358979323846;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<float> times(std::vector<float> a, float factor) {
  for (float& x : a) x *= factor;
  return a;
}

}  // namespace

TEST_CASE("vector geometry: against the reference", "[geometry]") {
  for (std::size_t n = 1; n <= 67; ++n) {
    CAPTURE(n);
    const std::vector<float> a = ax::test::coin() ? ax::test::uniform(n) : ax::test::wide(n, 10);
    const std::vector<float> b = ax::test::uniform(n);
    double magnitude = 0.0;  // Σ|aᵢbᵢ|: the float32 dot's error scale
    for (std::size_t i = 0; i < n; ++i) magnitude += std::fabs(double(a[i]) * b[i]);

    REQUIRE(std::fabs(ax::dot(a.data(), b.data(), n) - ax::ref::dot(a.data(), b.data(), n)) <=
            1e-5 * magnitude);
    REQUIRE(ax::norm(a.data(), n) ==
            Approx(ax::ref::norm(a.data(), n)).epsilon(1e-12).margin(0));
    REQUIRE(ax::cosine(a.data(), b.data(), n) ==
            Approx(ax::ref::cosine(a.data(), b.data(), n)).margin(1e-6).epsilon(0));
    REQUIRE(ax::angle(a.data(), b.data(), n) ==
            Approx(ax::ref::angle(a.data(), b.data(), n)).margin(1e-6).epsilon(0));

    std::vector<double> p(n);
    ax::project(a.data(), b.data(), n, p.data());  // a onto b
    const auto want = ax::ref::project(a.data(), b.data(), n);
    const double length = ax::ref::norm(a.data(), n);  // |proj| ≤ |a|
    for (std::size_t i = 0; i < n; ++i) REQUIRE(std::fabs(p[i] - want(Eigen::Index(i))) <= 1e-9 * length);
  }
}

TEST_CASE("vector geometry: parallel, opposite and near-parallel", "[geometry]") {
  SECTION("parallel: angle 0, cosine 1; opposite: angle π, cosine −1") {
    for (std::size_t n : {1, 2, 3, 8, 67}) {
      CAPTURE(n);
      const std::vector<float> a = ax::test::uniform(n);
      const std::vector<float> a2 = times(a, 2.0f), minus_a = times(a, -1.0f);
      for (const auto* b : {&a, &a2}) {
        REQUIRE(ax::angle(a.data(), b->data(), n) == Approx(0.0).margin(1e-12));
        REQUIRE(ax::cosine(a.data(), b->data(), n) <= 1.0);
        REQUIRE(ax::cosine(a.data(), b->data(), n) == Approx(1.0).epsilon(1e-12));
      }
      const double theta = ax::angle(a.data(), minus_a.data(), n);
      REQUIRE(!std::isnan(theta));
      REQUIRE(theta == Approx(kPi).epsilon(1e-12));
      REQUIRE(ax::cosine(a.data(), minus_a.data(), n) >= -1.0);
      REQUIRE(ax::cosine(a.data(), minus_a.data(), n) == Approx(-1.0).epsilon(1e-12));
    }
  }
  SECTION("cosine stays in [-1, 1] for many random parallel pairs") {
    for (int trial = 0; trial < 2000; ++trial) {
      const std::size_t n = ax::test::random_size(1, 67);
      const std::vector<float> a = ax::test::uniform(n);
      const std::vector<float> b = times(a, ax::test::random_float(0.1f, 10.0f));
      const double c = ax::cosine(a.data(), b.data(), n);
      const double d = ax::cosine(a.data(), times(b, -1.0f).data(), n);
      CAPTURE(n, c, d);
      REQUIRE((c <= 1.0 && c >= -1.0 && d <= 1.0 && d >= -1.0));
    }
  }
  SECTION("small angles keep their relative accuracy") {
    // a = (1, 0), b = (1, t): θ = atan(t) exactly; and π − atan(t) for (−1, t).
    for (float t : {1e-2f, 1e-4f, 1e-6f, 1e-7f}) {
      const float a[] = {1.0f, 0.0f}, b[] = {1.0f, t}, c[] = {-1.0f, t};
      CAPTURE(t);
      REQUIRE(ax::angle(a, b, 2) == Approx(std::atan(double(t))).epsilon(1e-6));
      REQUIRE(kPi - ax::angle(a, c, 2) == Approx(std::atan(double(t))).epsilon(1e-6));
    }
  }
}

TEST_CASE("vector geometry: huge and tiny components", "[geometry]") {
  const float big[] = {1e20f, 1e20f};  // |v|² = 2e40 overflows float32
  REQUIRE(ax::norm(big, 2) == Approx(std::sqrt(2.0) * double(big[0])).epsilon(1e-12));
  const float max[] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
  REQUIRE(std::isfinite(ax::norm(max, 2)));
  REQUIRE(ax::norm(max, 2) == Approx(std::sqrt(2.0) * std::numeric_limits<float>::max()));
  const float tiny[] = {1e-30f, -1e-30f, 1e-30f};  // |v|² = 3e-60 underflows float32
  REQUIRE(ax::norm(tiny, 3) == Approx(std::sqrt(3.0) * double(tiny[0])).epsilon(1e-12));
  REQUIRE(ax::cosine(big, max, 2) == Approx(1.0).epsilon(1e-12));
  REQUIRE(ax::angle(big, max, 2) == Approx(0.0).margin(1e-12));
  std::vector<double> p(3);
  ax::project(tiny, tiny, 3, p.data());  // onto itself: itself
  for (std::size_t i = 0; i < 3; ++i) REQUIRE(p[i] == Approx(double(tiny[i])).epsilon(1e-12));
}

TEST_CASE("vector geometry: refused inputs name the argument", "[geometry][validation]") {
  const std::vector<float> a = ax::test::uniform(5), b = ax::test::uniform(5);
  const std::vector<float> zero(5, 0.0f);
  std::vector<double> out(5);

  SECTION("a zero vector has no direction") {
    REQUIRE_THAT(input_error([&] { ax::cosine(zero.data(), b.data(), 5); }), names("a") && mentions("zero"));
    REQUIRE_THAT(input_error([&] { ax::cosine(a.data(), zero.data(), 5); }), names("b") && mentions("zero"));
    REQUIRE_THAT(input_error([&] { ax::angle(zero.data(), b.data(), 5); }), names("a") && mentions("zero"));
    REQUIRE_THAT(input_error([&] { ax::angle(a.data(), zero.data(), 5); }), names("b") && mentions("zero"));
    REQUIRE_THAT(input_error([&] { ax::project(a.data(), zero.data(), 5, out.data()); }),
                 names("q") && mentions("zero"));
    ax::project(zero.data(), b.data(), 5, out.data());  // projecting 0 is fine: it is 0
    for (double x : out) REQUIRE(x == 0.0);
    REQUIRE(ax::norm(zero.data(), 5) == 0.0);
  }
  SECTION("empty vectors") {
    REQUIRE_THAT(input_error([&] { ax::dot(a.data(), b.data(), 0); }), names("a"));
    REQUIRE_THAT(input_error([&] { ax::norm(a.data(), 0); }), names("a"));
    REQUIRE_THAT(input_error([&] { ax::cosine(a.data(), b.data(), 0); }), names("a"));
    REQUIRE_THAT(input_error([&] { ax::angle(a.data(), b.data(), 0); }), names("a"));
    REQUIRE_THAT(input_error([&] { ax::project(a.data(), b.data(), 0, out.data()); }), names("k"));
  }
  SECTION("NaN and infinities") {
    for (float bad : {kNaN, kInf, -kInf}) {
      const std::string described = std::isnan(bad) ? "NaN" : bad > 0 ? "Infinity" : "-Infinity";
      CAPTURE(described);
      std::vector<float> x = a;
      x[3] = bad;
      // Matchers combined with && hold references: check the message twice instead.
      const auto refused = [&](auto call, const char* name) {
        const std::string message = input_error(call);
        REQUIRE_THAT(message, names(name));
        REQUIRE_THAT(message, mentions(described));
      };
      refused([&] { ax::dot(x.data(), b.data(), 5); }, "a");
      refused([&] { ax::dot(a.data(), x.data(), 5); }, "b");
      refused([&] { ax::norm(x.data(), 5); }, "a");
      refused([&] { ax::cosine(a.data(), x.data(), 5); }, "b");
      refused([&] { ax::angle(x.data(), b.data(), 5); }, "a");
      refused([&] { ax::project(x.data(), b.data(), 5, out.data()); }, "k");
      refused([&] { ax::project(a.data(), x.data(), 5, out.data()); }, "q");
    }
  }
  SECTION("a dot product beyond float32") {
    const float huge[] = {1e20f, 1e20f};
    input_error([&] { ax::dot(huge, huge, 2); });  // 2e40 is not a float32
  }
}
