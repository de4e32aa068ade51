// fuzz_matmul.cpp — ax::matmul, C (n, m) = A (n, k) · B (k, m).
//
// Shapes 0..40 from every value regime. Checks:
//   bad input   -> ax::InputError naming n, k, m, a or b; never a result
//   valid input -> a result, or an overflow error ("c") that the reference
//                  confirms (Σ|aᵢₗ||bₗⱼ| reaches FLT_MAX)
//   c           -> within 1e-5 · |A||B| (+ the underflow floor) of A·B in float64;
//                  no write past n × m; a and b untouched; a reused workspace
//                  gives the same bits
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/matmul.h"
#include "core/workspace.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  const std::size_t n = in.dim(), k = in.dim(), m = in.dim();
  const std::vector<float> a = in.values(n * k), b = in.values(k * m);

  ax::fuzz::Case c("ax::matmul");
  c.note("n", n).note("k", k).note("m", m).values("a", a).values("b", b);
  const bool valid = n && k && m && ax::fuzz::all_finite(a) && ax::fuzz::all_finite(b);

  std::vector<float> out = ax::fuzz::with_guard(n * m);
  const std::vector<float> a0 = a, b0 = b;
  ax::Workspace ws;
  const bool returned = c.call({"n", "k", "m", "a", "b", "c"}, [&] {
    ax::matmul(a.data(), b.data(), n, k, m, out.data(), ws);
  });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  const auto A = ax::ref::matrix(a.data(), n, k), B = ax::ref::matrix(b.data(), k, m);
  const auto magnitude = ax::ref::abs_product(A, B);  // (n, m)
  if (!returned) {
    c.require_overflow_confirmed(ax::fuzz::max_abs(magnitude));
    return 0;
  }

  static ax::Workspace shared;  // used by every earlier call, of every shape
  std::vector<float> again(n * m);
  ax::matmul(a.data(), b.data(), n, k, m, again.data(), shared);
  if (!ax::fuzz::same_bits(again, out)) c.fail("a reused workspace changed the result");

  ax::fuzz::check_guard(c, "c", out, n * m);
  ax::fuzz::check_unchanged(c, "a", a0, a.data());
  ax::fuzz::check_unchanged(c, "b", b0, b.data());
  ax::fuzz::check_within(c, "c", out.data(), A * B,
                         (1e-5 * magnitude).array() + ax::fuzz::underflow_floor(k));
  return 0;
}
