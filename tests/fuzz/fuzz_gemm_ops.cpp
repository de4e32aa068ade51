// fuzz_gemm_ops.cpp — ax::matmul_nn, matmul_nt, matmul_tn and transpose (gemm_ops.h),
// the unchecked products the backward pass and the trainer run on.
//
// r, k, c 1..40 (across the 4×8 tile edges), finite values from every regime
// (these functions do no validation: their callers check). Checks:
//   nn  C = A·B, nt  C = A·Bᵀ (B given as (c, k)), tn  C = Aᵀ·B (A given as (k, r)):
//       within 1e-5 · Σ|terms| (+ the underflow floor) of the float64 product
//       wherever that sum stays below FLT_MAX; no write past r × c; inputs untouched
//   transpose exact; one scratch reused across calls (other shapes, other
//   operations) gives the same bits as a fresh one
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/gemm_ops.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  static ax::GemmScratch shared;
  const int op = in.provider().ConsumeIntegralInRange<int>(0, 2);
  const std::size_t r = 1 + in.dim() % ax::fuzz::kMaxDim, k = 1 + in.dim() % ax::fuzz::kMaxDim,
                    c = 1 + in.dim() % ax::fuzz::kMaxDim;
  const std::vector<float> a = in.values(r * k, false), b = in.values(k * c, false);
  const char* names[] = {"ax::matmul_nn", "ax::matmul_nt", "ax::matmul_tn"};
  ax::fuzz::Case cs(names[op]);
  cs.note("r", r).note("k", k).note("c", c).values("a", a).values("b", b);

  // The operands as the product sees them: A (r, k), B (k, c).
  MatrixXd A = ax::ref::matrix(a.data(), r, k), B = ax::ref::matrix(b.data(), k, c);
  if (op == 1) B = ax::ref::matrix(b.data(), c, k).transpose();  // b holds Bᵀ (c, k)
  if (op == 2) A = ax::ref::matrix(a.data(), k, r).transpose();  // a holds Aᵀ (k, r)

  std::vector<float> out = ax::fuzz::with_guard(r * c);
  const std::vector<float> a0 = a, b0 = b;
  auto run = [&](std::vector<float>& into, ax::GemmScratch& scratch) {
    switch (op) {
      case 0: ax::matmul_nn(a.data(), b.data(), r, k, c, into.data(), scratch); break;
      case 1: ax::matmul_nt(a.data(), b.data(), r, k, c, into.data(), scratch); break;
      default: ax::matmul_tn(a.data(), b.data(), r, k, c, into.data(), scratch); break;
    }
  };
  run(out, shared);
  ax::fuzz::check_guard(cs, "c", out, r * c);
  ax::fuzz::check_unchanged(cs, "a", a0, a.data());
  ax::fuzz::check_unchanged(cs, "b", b0, b.data());

  const MatrixXd want = A * B, terms = ax::ref::abs_product(A, B);
  const double floor = ax::fuzz::underflow_floor(k);
  for (std::size_t i = 0; i < r; ++i) {
    for (std::size_t j = 0; j < c; ++j) {
      const double t = terms(Eigen::Index(i), Eigen::Index(j));
      if (!(t < double(FLT_MAX) * 0.5)) continue;  // may overflow: unchecked products report nothing
      const double got = out[i * c + j], w = want(Eigen::Index(i), Eigen::Index(j));
      if (!(std::fabs(got - w) <= 1e-5 * t + floor))
        cs.fail("c (" + std::to_string(i) + ", " + std::to_string(j) + "): got " + ax::fuzz::digits(got) +
                ", want " + ax::fuzz::digits(w) + " ± " + ax::fuzz::digits(1e-5 * t + floor));
    }
  }

  ax::GemmScratch fresh;
  std::vector<float> again = ax::fuzz::with_guard(r * c);
  run(again, fresh);
  if (!ax::fuzz::same_bits(again, out)) cs.fail("a reused scratch gave other bits than a fresh one");

  std::vector<float> t = ax::fuzz::with_guard(r * k);
  ax::transpose(a.data(), r, k, t.data());
  ax::fuzz::check_guard(cs, "transpose", t, r * k);
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < k; ++j)
      if (std::memcmp(&t[j * r + i], &a[i * k + j], sizeof(float)) != 0) cs.fail("transpose moved a value wrongly");
  return 0;
}
