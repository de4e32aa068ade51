// test_dot.cpp — each f32 dot ukernel twin.
//
// Tolerance |got − Σ aᵢbᵢ| ≤ 1e-5 · Σ |aᵢbᵢ|: the float32 sum of n products
// has rounding error ≤ n · 2⁻²⁴ · Σ|aᵢbᵢ| in the worst case, far less in
// practice; relative to the result itself it is unbounded, since the terms
// may cancel. n covers 1..67 (every remainder of the 4- and 16-wide loops)
// and long vectors, at every alignment of the two pointers.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include "kernels/kernels.h"
#include "support/random.h"

namespace {

using DotFn = ax_f32_dot_ukernel*;
struct DotTwin {
  const char* name;
  DotFn fn;
};

enum class Data { uniform, wide };

void check_dot(const DotTwin& t, std::size_t n, Data data = Data::uniform,
               std::size_t a_offset = 0, std::size_t b_offset = 0) {
  CAPTURE(t.name, n, a_offset, b_offset);
  auto draw = [&](std::size_t count) {
    return data == Data::wide ? ax::test::wide(count) : ax::test::uniform(count);
  };
  const std::vector<float> a = draw(n + a_offset);
  const std::vector<float> b = draw(n + b_offset);
  const float* pa = a.data() + a_offset;
  const float* pb = b.data() + b_offset;

  double want = 0.0, magnitude = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    want += double(pa[i]) * double(pb[i]);
    magnitude += std::fabs(double(pa[i]) * double(pb[i]));
  }
  const double got = t.fn(n, pa, pb);
  INFO("got " << got << ", want " << want << ", |error| " << std::fabs(got - want)
              << " vs bound " << 1e-5 * magnitude);
  REQUIRE(std::fabs(got - want) <= 1e-5 * magnitude);
}

void dot_suite(const DotTwin& t) {
  SECTION("n_1_to_67") {
    for (std::size_t n = 1; n <= 67; ++n) check_dot(t, n);
  }
  SECTION("n_large") {
    for (std::size_t n : {1000, 4096, 4099, 65537}) check_dot(t, n);
  }
  SECTION("wide_magnitude") {
    for (std::size_t n = 1; n <= 67; ++n) check_dot(t, n, Data::wide);
    check_dot(t, 4099, Data::wide);
  }
  SECTION("unaligned_pointers") {
    // WASM SIMD loads are unaligned, but a kernel that peels for alignment
    // must still pair aᵢ with bᵢ when the two pointers are misaligned differently.
    for (std::size_t a_offset = 0; a_offset < 4; ++a_offset)
      for (std::size_t b_offset = 0; b_offset < 4; ++b_offset)
        for (std::size_t n : {1, 3, 4, 15, 16, 17, 63, 67})
          check_dot(t, n, Data::uniform, a_offset, b_offset);
  }
  SECTION("exact_cases") {
    // Small integers: every partial sum is exact, so the result must be too.
    const std::vector<float> a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    const std::vector<float> b(a.size(), 2.0f);
    for (std::size_t n = 1; n <= a.size(); ++n)
      REQUIRE(t.fn(n, a.data(), b.data()) == float(n * (n + 1)));
  }
}

}  // namespace

TEST_CASE("f32-dot ukernel: scalar x4", "[dot][ukernel][scalar]") {
  dot_suite({"ax_f32_dot_ukernel_x4__scalar", &ax_f32_dot_ukernel_x4__scalar});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-dot ukernel: wasmsimd x16", "[dot][ukernel][wasmsimd]") {
  dot_suite({"ax_f32_dot_ukernel_x16__wasmsimd", &ax_f32_dot_ukernel_x16__wasmsimd});
}
#endif
