// test_gemm_pack.cpp — the packed layout every gemm ukernel reads.
//
// kernels.h: panel p holds rows 0..kc-1 of columns 8p..8p+7, 8 floats per row,
// zero-padded past nc. Both packers must produce exactly that layout, bit for
// bit: the ukernel tests then only need to trust one of them.
#include <catch2/catch.hpp>

#include <cstddef>
#include <vector>

#include "kernels/kernels.h"
#include "support/compare.h"
#include "support/random.h"

namespace {

using ax::test::same_bits;

// Packs b (kc, nc) both ways and compares each cell with the documented layout.
void check_pack(std::size_t kc, std::size_t nc) {
  CAPTURE(kc, nc);
  const std::vector<float> b = ax::test::uniform(kc * nc);  // (kc, nc)
  std::vector<float> bt(nc * kc);                           // (nc, kc)
  for (std::size_t k = 0; k < kc; ++k)
    for (std::size_t j = 0; j < nc; ++j) bt[j * kc + k] = b[k * nc + j];

  const std::size_t size = ax_f32_gemm_packed_size(kc, nc);
  REQUIRE(size == kc * ((nc + 7) / 8) * 8);
  // Pre-filled with guards: padding must be written as 0, not left alone.
  std::vector<float> from_kxn = ax::test::with_guard(size);
  std::vector<float> from_nxk = ax::test::with_guard(size);
  ax_f32_gemm_pack_kxn_x8(kc, nc, b.data(), from_kxn.data());
  ax_f32_gemm_pack_nxk_x8(nc, kc, bt.data(), from_nxk.data());

  for (std::size_t p = 0; p * kGemmNR < nc; ++p) {
    for (std::size_t k = 0; k < kc; ++k) {
      for (std::size_t c = 0; c < kGemmNR; ++c) {
        const std::size_t j = p * kGemmNR + c;
        const std::size_t at = (p * kc + k) * kGemmNR + c;
        const float want = j < nc ? b[k * nc + j] : 0.0f;
        if (same_bits(from_kxn[at], want) && same_bits(from_nxk[at], want)) continue;
        INFO("panel " << p << ", row " << k << ", lane " << c << " (w[" << at
                      << "]): want " << want << ", kxn gave " << from_kxn[at]
                      << ", nxk gave " << from_nxk[at]);
        REQUIRE(same_bits(from_kxn[at], want));
        REQUIRE(same_bits(from_nxk[at], want));
      }
    }
  }
  ax::test::require_guard("pack_kxn_x8", from_kxn, size, from_kxn.size());
  ax::test::require_guard("pack_nxk_x8", from_nxk, size, from_nxk.size());
}

}  // namespace

TEST_CASE("f32-gemm pack x8: layout for nc and kc in 1..67", "[gemm][pack]") {
  SECTION("n_1_to_67") {
    for (std::size_t nc = 1; nc <= 67; ++nc)
      for (std::size_t kc : {1, 3, 4, 5, 8, 9}) check_pack(kc, nc);
  }
  SECTION("k_1_to_67") {
    for (std::size_t kc = 1; kc <= 67; ++kc)
      for (std::size_t nc : {1, 7, 8, 9, 16, 17}) check_pack(kc, nc);
  }
}
