// test_gemm_rows.cpp — ax::kernels::gemm_rows, the strip loop the core calls.
//
// C (rows, nc) = A (rows, kc) · packed B, with A and C packed row-major. It
// cuts rows into MR = 4 strips plus a remainder, so rows runs over 1..67 with
// every remainder; B is packed both ways the core does (V as (kc, nc), K as
// (nc, kc) for Q·Kᵀ). Same tolerance as the ukernel test: 1e-5 · Σ|a||b|,
// because cancellation makes |c| itself no measure of the rounding error.
#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/select.h"
#include "support/compare.h"
#include "support/random.h"

namespace {

enum class Packing { kxn, nxk };
enum class Data { uniform, wide };

void check_rows(std::size_t rows, std::size_t nc, std::size_t kc,
                Packing packing = Packing::kxn, Data data = Data::uniform) {
  CAPTURE(rows, nc, kc, packing == Packing::kxn ? "pack_kxn" : "pack_nxk");
  auto draw = [&](std::size_t count) {
    return data == Data::wide ? ax::test::wide(count) : ax::test::uniform(count);
  };
  const std::vector<float> a = draw(rows * kc);  // (rows, kc)
  const std::vector<float> b = draw(kc * nc);    // (kc, nc)
  std::vector<float> w(ax_f32_gemm_packed_size(kc, nc));
  if (packing == Packing::kxn) {
    ax_f32_gemm_pack_kxn_x8(kc, nc, b.data(), w.data());
  } else {
    std::vector<float> bt(nc * kc);  // (nc, kc)
    for (std::size_t k = 0; k < kc; ++k)
      for (std::size_t j = 0; j < nc; ++j) bt[j * kc + k] = b[k * nc + j];
    ax_f32_gemm_pack_nxk_x8(nc, kc, bt.data(), w.data());
  }

  std::vector<float> c = ax::test::with_guard(rows * nc);
  ax::kernels::gemm_rows(rows, nc, kc, a.data(), w.data(), c.data());

  const auto A = ax::ref::matrix(a.data(), rows, kc);  // (rows, kc)
  const auto B = ax::ref::matrix(b.data(), kc, nc);    // (kc, nc)
  ax::test::require_within("C", c.data(), A * B, 1e-5 * ax::ref::abs_product(A, B));
  ax::test::require_guard("C past rows × nc", c, rows * nc, c.size());
}

// rows, nc, kc in 1..67, drawn in a fixed order (braced lists evaluate left to
// right; function arguments do not), so a seed reproduces them on any compiler.
std::array<std::size_t, 3> random_dims() {
  return {ax::test::random_size(1, 67), ax::test::random_size(1, 67),
          ax::test::random_size(1, 67)};
}

}  // namespace

TEST_CASE("gemm_rows: rows, nc, kc over 1..67", "[gemm][gemm_rows]") {
  SECTION("m_1_to_67") {
    for (std::size_t rows = 1; rows <= 67; ++rows)
      for (std::size_t nc : {1, 8, 13})
        for (std::size_t kc : {1, 4, 7}) check_rows(rows, nc, kc);
  }
  SECTION("n_1_to_67") {
    for (std::size_t nc = 1; nc <= 67; ++nc)
      for (std::size_t rows : {1, 4, 5, 11})
        for (std::size_t kc : {3, 16}) check_rows(rows, nc, kc);
  }
  SECTION("k_1_to_67") {
    for (std::size_t kc = 1; kc <= 67; ++kc)
      for (std::size_t rows : {3, 4, 9})
        for (std::size_t nc : {5, 8, 17}) check_rows(rows, nc, kc);
  }
  SECTION("packed_from_transpose") {
    // The Q·Kᵀ path: B arrives as Bᵀ (nc, kc) and is packed with pack_nxk.
    for (int trial = 0; trial < 100; ++trial) {
      const auto [rows, nc, kc] = random_dims();
      check_rows(rows, nc, kc, Packing::nxk);
    }
  }
  SECTION("wide_magnitude") {
    for (int trial = 0; trial < 100; ++trial) {
      const auto [rows, nc, kc] = random_dims();
      check_rows(rows, nc, kc, ax::test::coin() ? Packing::kxn : Packing::nxk, Data::wide);
    }
  }
  SECTION("larger") {
    // Past 67: many strips and panels, the sizes a page actually uses.
    check_rows(130, 129, 64);
    check_rows(257, 64, 131, Packing::nxk);
  }
}
