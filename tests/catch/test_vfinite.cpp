// test_vfinite.cpp — each f32 vfinite ukernel twin: the index of the first NaN
// or ±Infinity, or n when every value is finite.
//
// n covers 1..67 (every remainder of the 16- and 4-wide loops); the bad value
// is planted at every position, and a second one after it must not hide the
// first. Finite extremes (±FLT_MAX, ±0, subnormals) must pass as finite.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "kernels/kernels.h"
#include "support/random.h"

namespace {

using VfiniteFn = ax_f32_vfinite_ukernel*;
struct VfiniteTwin {
  const char* name;
  VfiniteFn fn;
};

const float kBad[] = {std::numeric_limits<float>::quiet_NaN(),
                      -std::numeric_limits<float>::quiet_NaN(),
                      std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()};

void vfinite_suite(const VfiniteTwin& t) {
  CAPTURE(t.name);
  SECTION("all_finite_n_1_to_67") {
    for (std::size_t n = 1; n <= 67; ++n) {
      const std::vector<float> x = ax::test::wide(n);
      CAPTURE(n);
      REQUIRE(t.fn(n, x.data()) == n);
    }
  }
  SECTION("finite_extremes") {
    const std::vector<float> x = {FLT_MAX, -FLT_MAX, 0.0f, -0.0f, FLT_MIN, -FLT_MIN,
                                  FLT_TRUE_MIN, -FLT_TRUE_MIN, 1.0f, -1e30f, 3e38f,
                                  FLT_MAX, FLT_MAX, FLT_MAX, FLT_MAX, FLT_MAX, -FLT_MAX};
    REQUIRE(t.fn(x.size(), x.data()) == x.size());
  }
  SECTION("first_bad_value_at_every_position") {
    for (std::size_t n = 1; n <= 67; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        for (float bad : kBad) {
          std::vector<float> x = ax::test::uniform(n);
          x[at] = bad;
          // A second bad value later must not move the answer.
          if (at + 1 < n && ax::test::coin()) x[ax::test::random_size(at + 1, n - 1)] = kBad[2];
          CAPTURE(n, at, bad);
          REQUIRE(t.fn(n, x.data()) == at);
        }
      }
    }
  }
  SECTION("long_vectors") {
    for (std::size_t n : {1000, 4096, 4099, 65537}) {
      std::vector<float> x = ax::test::uniform(n);
      REQUIRE(t.fn(n, x.data()) == n);
      const std::size_t at = ax::test::random_size(0, n - 1);
      x[at] = kBad[ax::test::random_size(0, 3)];
      CAPTURE(n, at);
      REQUIRE(t.fn(n, x.data()) == at);
    }
  }
  SECTION("n_0_is_all_finite") {
    REQUIRE(t.fn(0, nullptr) == 0);
  }
}

}  // namespace

TEST_CASE("f32-vfinite ukernel: scalar x1", "[vfinite][ukernel][scalar]") {
  vfinite_suite({"ax_f32_vfinite_ukernel_x1__scalar", &ax_f32_vfinite_ukernel_x1__scalar});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-vfinite ukernel: wasmsimd x16", "[vfinite][ukernel][wasmsimd]") {
  vfinite_suite({"ax_f32_vfinite_ukernel_x16__wasmsimd", &ax_f32_vfinite_ukernel_x16__wasmsimd});
}
#endif
