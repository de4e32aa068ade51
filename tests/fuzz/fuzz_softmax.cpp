// fuzz_softmax.cpp — ax::softmax_rows, in place (y == x) and into a separate y.
//
// rows 0..40 × cols 0..40 from every value regime, temperature ordinary,
// extreme or invalid. Checks:
//   bad input   -> ax::InputError naming rows, x or temperature; never a result
//   valid input -> never an error (softmax cannot overflow)
//   y           -> in [0, 1], rows sum to 1 ± 1e-6, within 1e-5 relative (+ 1e-30)
//                  of the float64 softmax(x / T); no write past rows × cols;
//                  x untouched unless it is y
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/softmax.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  const std::size_t rows = in.dim(), cols = in.dim();
  const float temperature = in.parameter(true);
  const bool aliased = in.coin();
  const std::vector<float> x = in.values(rows * cols);

  ax::fuzz::Case c("ax::softmax_rows");
  c.note("rows", rows).note("cols", cols).note("temperature", temperature)
      .note("aliased", aliased).values("x", x);
  const bool valid = rows && cols && ax::fuzz::all_finite(x) && std::isfinite(temperature) &&
                     temperature > 0.0f;

  std::vector<float> y = ax::fuzz::with_guard(rows * cols);
  std::vector<float> input = x;
  if (aliased) std::copy(x.begin(), x.end(), y.begin());
  const float* px = aliased ? y.data() : input.data();
  const bool returned = c.call({"rows", "x", "temperature"}, [&] {
    ax::softmax_rows(px, rows, cols, temperature, y.data());
  });
  if (!valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  if (!returned) c.fail("valid input was rejected: \"" + c.error() + "\"");

  ax::fuzz::check_guard(c, "y", y, rows * cols);
  if (!aliased) ax::fuzz::check_unchanged(c, "x", x, input.data());
  const auto want = ax::ref::softmax_rows(x.data(), rows, cols, double(temperature));
  ax::fuzz::check_weights(c, "y", y.data(), rows, cols, [](std::size_t, std::size_t) { return true; });
  ax::fuzz::check_within(c, "y", y.data(), want, (want.cwiseAbs() * 1e-5).array() + 1e-30);
  return 0;
}
