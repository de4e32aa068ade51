// test_gemm_ukernel.cpp — each 4x8 gemm ukernel twin, called directly.
//
// C (mr, nc) = A (mr, kc) · B (kc, nc), B packed by ax_f32_gemm_pack_kxn_x8.
// Sections are named by tile edge as in XNNPACK (MR = 4, NR = 8): every
// dimension is taken at, below, above and between the edges, up to 67, because
// the bugs of a register-blocked kernel live in its remainders.
//
// Tolerance: |c − c_ref| ≤ 1e-5 · Σₖ |aᵢₖ| |bₖⱼ|. A float32 dot product of
// length kc has rounding error ≤ kc · 2⁻²⁴ · Σ|a||b| (≤ 4e-6 at kc = 67); it
// is bounded by the sum of magnitudes, not by |c|, because terms may cancel to
// a result near 0 whose relative error is then unbounded for any correct kernel.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "kernels/kernels.h"
#include "support/compare.h"
#include "support/random.h"
#include "support/relaxed.h"

namespace {

using GemmFn = ax_f32_gemm_ukernel*;
struct GemmTwin {
  const char* name;
  GemmFn fn;
  std::size_t mr = kGemmMR;  // the kernel's tile height: it takes 1 ≤ mr ≤ this
};

enum class Data { uniform, wide };

// One call on fresh random inputs, checked against the float64 reference.
// Strides of 0 mean "packed" (kc for A, nc for C).
void check_gemm(const GemmTwin& twin, std::size_t mr, std::size_t nc, std::size_t kc,
                std::size_t a_stride = 0, std::size_t c_stride = 0,
                Data data = Data::uniform) {
  if (a_stride == 0) a_stride = kc;
  if (c_stride == 0) c_stride = nc;
  CAPTURE(twin.name, mr, nc, kc, a_stride, c_stride);

  // A's stride padding holds NaN: a kernel that reads it poisons C.
  std::vector<float> a(mr * a_stride, std::numeric_limits<float>::quiet_NaN());
  const std::vector<float> a_values =
      data == Data::wide ? ax::test::wide(mr * kc) : ax::test::uniform(mr * kc);
  for (std::size_t i = 0; i < mr; ++i)
    for (std::size_t k = 0; k < kc; ++k) a[i * a_stride + k] = a_values[i * kc + k];
  const std::vector<float> b =
      data == Data::wide ? ax::test::wide(kc * nc) : ax::test::uniform(kc * nc);
  std::vector<float> w(ax_f32_gemm_packed_size(kc, nc));
  ax_f32_gemm_pack_kxn_x8(kc, nc, b.data(), w.data());

  // C spans MR + 1 full rows of c_stride, all guards; only (mr, nc) may change.
  const std::size_t c_rows = twin.mr + 1;
  std::vector<float> c = ax::test::with_guard(c_rows * c_stride);
  twin.fn(mr, nc, kc, a.data(), a_stride, w.data(), c.data(), c_stride);

  const auto A = ax::ref::matrix(a.data(), mr, kc, a_stride);  // (mr, kc)
  const auto B = ax::ref::matrix(b.data(), kc, nc);            // (kc, nc)
  ax::test::require_within("C", c.data(), A * B, 1e-5 * ax::ref::abs_product(A, B),
                           c_stride);

  for (std::size_t i = 0; i < mr; ++i)
    ax::test::require_guard("C past column nc", c, i * c_stride + nc, (i + 1) * c_stride);
  ax::test::require_guard("C below row mr", c, mr * c_stride, c.size());
}

void gemm_ukernel_suite(const GemmTwin& t) {
  SECTION("k_eq_4") { check_gemm(t, 4, 8, 4); }
  SECTION("k_lt_4") {
    for (std::size_t kc = 1; kc < 4; ++kc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr) check_gemm(t, mr, 8, kc);
  }
  SECTION("k_gt_4") {
    for (std::size_t kc = 5; kc < 8; ++kc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr) check_gemm(t, mr, 8, kc);
  }
  SECTION("k_div_8") {
    for (std::size_t kc = 8; kc <= 64; kc += 8)
      for (std::size_t mr = 1; mr <= t.mr; ++mr) check_gemm(t, mr, 8, kc);
  }
  SECTION("k_1_to_67") {
    for (std::size_t kc = 1; kc <= 67; ++kc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        for (std::size_t nc : {1, 8, 13}) check_gemm(t, mr, nc, kc);
  }
  SECTION("n_eq_8") {
    for (std::size_t mr = 1; mr <= t.mr; ++mr)
      for (std::size_t kc : {1, 4, 5, 17}) check_gemm(t, mr, 8, kc);
  }
  SECTION("n_lt_8") {
    for (std::size_t nc = 1; nc < 8; ++nc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        for (std::size_t kc : {1, 4, 5}) check_gemm(t, mr, nc, kc);
  }
  SECTION("n_gt_8") {
    for (std::size_t nc = 9; nc < 16; ++nc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        for (std::size_t kc : {1, 4, 5}) check_gemm(t, mr, nc, kc);
  }
  SECTION("n_div_8") {
    for (std::size_t nc = 16; nc <= 64; nc += 8)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        for (std::size_t kc : {1, 4, 5}) check_gemm(t, mr, nc, kc);
  }
  SECTION("n_1_to_67") {
    for (std::size_t nc = 1; nc <= 67; ++nc)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        for (std::size_t kc : {1, 3, 4, 16, 67}) check_gemm(t, mr, nc, kc);
  }
  SECTION("m_lt_4") {
    for (std::size_t mr = 1; mr < t.mr; ++mr)
      for (std::size_t nc : {1, 7, 8, 9, 16, 67})
        for (std::size_t kc : {1, 2, 4, 9}) check_gemm(t, mr, nc, kc);
  }
  SECTION("a_stride") {
    // A row of A is a row of a larger matrix: step past the unused columns.
    for (std::size_t mr = 1; mr <= t.mr; ++mr)
      for (std::size_t kc : {1, 4, 7, 13})
        for (std::size_t pad : {1, 3, 8}) check_gemm(t, mr, 11, kc, kc + pad, 0);
  }
  SECTION("c_stride") {
    // C is a column block of a larger matrix: cells past nc stay untouched.
    for (std::size_t mr = 1; mr <= t.mr; ++mr)
      for (std::size_t nc : {1, 5, 8, 12, 17})
        for (std::size_t pad : {1, 3, 8, 11}) check_gemm(t, mr, nc, 5, 0, nc + pad);
  }
  SECTION("wide_magnitude") {
    for (std::size_t nc = 1; nc <= 67; nc += 3)
      for (std::size_t mr = 1; mr <= t.mr; ++mr)
        check_gemm(t, mr, nc, ax::test::random_size(1, 67), 0, 0, Data::wide);
  }
  SECTION("every_mr_nc_kc_up_to_67") {
    // The whole grid: no combination of remainders is left to chance.
    for (std::size_t mr = 1; mr <= t.mr; ++mr)
      for (std::size_t nc = 1; nc <= 67; ++nc)
        for (std::size_t kc = 1; kc <= 67; ++kc) check_gemm(t, mr, nc, kc);
  }
  SECTION("random_shapes_and_strides") {
    for (int trial = 0; trial < 200; ++trial) {
      const std::size_t mr = ax::test::random_size(1, t.mr);
      const std::size_t nc = ax::test::random_size(1, 67);
      const std::size_t kc = ax::test::random_size(1, 67);
      const std::size_t a_stride = kc + ax::test::random_size(0, 5);
      const std::size_t c_stride = nc + ax::test::random_size(0, 9);
      check_gemm(t, mr, nc, kc, a_stride, c_stride,
                 ax::test::coin() ? Data::uniform : Data::wide);
    }
  }
}

}  // namespace

TEST_CASE("f32-gemm 4x8 ukernel: scalar", "[gemm][ukernel][scalar]") {
  gemm_ukernel_suite({"ax_f32_gemm_ukernel_4x8__scalar", &ax_f32_gemm_ukernel_4x8__scalar});
}

#if defined(__wasm_simd128__)
TEST_CASE("f32-gemm 4x8 ukernel: wasmsimd loadsplat", "[gemm][ukernel][wasmsimd]") {
  gemm_ukernel_suite({"ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat",
                      &ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat});
}

TEST_CASE("f32-gemm 6x8 ukernel: wasmsimd loadsplat", "[gemm][ukernel][wasmsimd]") {
  gemm_ukernel_suite({"ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat",
                      &ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat, 6});
}

TEST_CASE("f32-gemm 4x8 ukernel: wasmsimd splat", "[gemm][ukernel][wasmsimd]") {
  gemm_ukernel_suite({"ax_f32_gemm_ukernel_4x8__wasmsimd_splat",
                      &ax_f32_gemm_ukernel_4x8__wasmsimd_splat});
}

TEST_CASE("f32-gemm 4x8 ukernel: wasmrelaxedsimd fma loadsplat", "[gemm][ukernel][relaxed]") {
  gemm_ukernel_suite({"ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat",
                      ax::test::relaxed_kernels().gemm});
}
#endif
