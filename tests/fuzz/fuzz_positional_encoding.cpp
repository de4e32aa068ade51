// fuzz_positional_encoding.cpp — ax::positional_encoding and ax::require_positional_shape.
//
// n and d from 0..40, up to 65 536 positions, and sizes around and far past the
// table limit (2^26 values, n × d wrapping size_t). Checks:
//   bad shape   -> ax::InputError naming n, d or "n × d" (exactly when the
//                  table would pass kMaxPositionalValues, without allocating);
//                  require_positional_shape agrees with positional_encoding
//   table       -> every value within 1e-7 relative (+ 1e-9) of the float64
//                  formula (one rounding of sin/cos to float32), in [-1, 1];
//                  row 0 exactly (0, 1, 0, 1, …); no write past n × d
//   the known small case gives the same bits after a bad call
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/positional_encoding.h"
#include "fuzz.h"
#include "reference/positional_encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  auto& fdp = in.provider();
  static ax::fuzz::Probe probe;
  constexpr std::size_t kMax = ax::kMaxPositionalValues;
  constexpr std::size_t kHuge = std::numeric_limits<std::size_t>::max();
  auto extent = [&](bool big) -> std::size_t {
    if (!big) return in.dim(64);
    switch (fdp.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return fdp.ConsumeIntegralInRange<std::size_t>(41, 65536);
      case 1: return kMax;
      case 2: return kMax + 1;
      case 3: return kHuge;
      case 4: return kHuge / 2 + 1;          // × 2 wraps to 0
      case 5: return std::size_t(1) << 32;   // × 2^32 wraps to 0 on 64-bit
      case 6: return fdp.ConsumeIntegral<std::size_t>();
      default: return std::size_t(1) << fdp.ConsumeIntegralInRange<int>(0, 40);
    }
  };
  const bool big = fdp.ConsumeIntegral<std::uint8_t>() < 64;
  const std::size_t n = extent(big && in.coin()), d = extent(big && in.coin());
  ax::fuzz::Case c("ax::positional_encoding");
  c.note("n", double(n)).note("d", double(d));

  // The exact rule, in wide arithmetic: n, d ≥ 1 and n·d ≤ 2^26.
  const bool fits = n && d && (unsigned __int128)(n) * d <= kMax;
  const bool checked = c.call({"n", "d"}, [&] { ax::require_positional_shape(n, d); });
  if (checked != fits) c.fail(checked ? "an oversized or empty table was accepted" : "a valid shape was refused");
  if (!fits) {
    const std::string want = !n ? "n:" : !d ? "d:" : "n × d:";
    if (c.error().compare(0, want.size(), want) != 0)
      c.fail("the error should start with \"" + want + "\": \"" + c.error() + "\"");
    // positional_encoding refuses it the same way, before writing anything
    std::vector<float> none = ax::fuzz::with_guard(0);
    const std::string first = c.error();
    if (c.call({"n", "d"}, [&] { ax::positional_encoding(n, d, none.data()); }))
      c.fail("positional_encoding accepted a shape require_positional_shape refused");
    if (c.error() != first) c.fail("the two checks gave different messages");
    ax::fuzz::check_guard(c, "out", none, 0);
    probe.check(
        c,
        [] {
          std::vector<float> t(12);
          ax::positional_encoding(3, 4, t.data());
          return t;
        },
        [&](const std::vector<float>& got) {
          const Eigen::MatrixXd want_pe = ax::ref::positional_encoding(3, 4);
          for (std::size_t i = 0; i < 12; ++i)
            if (std::fabs(got[i] - want_pe(Eigen::Index(i / 4), Eigen::Index(i % 4))) > 1e-7)
              c.fail("the known small case (3 × 4) disagrees with the reference");
        });
    return 0;
  }
  if (n * d > 65536) return 0;  // valid, but too large to compute per execution

  std::vector<float> out = ax::fuzz::with_guard(n * d);
  c.call({"n", "d"}, [&] { ax::positional_encoding(n, d, out.data()); });
  if (!c.error().empty()) c.fail("a valid shape was refused: \"" + c.error() + "\"");
  ax::fuzz::check_guard(c, "out", out, n * d);
  const Eigen::MatrixXd want = ax::ref::positional_encoding(n, d);
  ax::fuzz::check_within(c, "out", out.data(), want, (want.cwiseAbs() * 1e-7).array() + 1e-9);
  for (std::size_t i = 0; i < n * d; ++i)
    if (!(out[i] >= -1.0f && out[i] <= 1.0f)) c.fail("value " + std::to_string(i) + " is outside [-1, 1]");
  for (std::size_t j = 0; j < d; ++j)
    if (out[j] != (j % 2 ? 1.0f : 0.0f)) c.fail("row 0 is not (0, 1, 0, 1, ...) at column " + std::to_string(j));
  return 0;
}
