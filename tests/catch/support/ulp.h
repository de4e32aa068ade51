// ulp.h — the accuracy of an elementwise float kernel, in ulp, over millions of points.
//
// The error of one result is its distance in representable floats from the
// reference (the function in double, rounded to float), counted across zero:
// −0 and +0 are 0 apart, a wrong sign is far, NaN is infinitely far.
//
// UlpSweep feeds points to a kernel in batches of kBatch (a prime, so every call
// ends in a SIMD remainder) and keeps the worst point it has seen:
//
//   ax::test::UlpSweep sweep(kernel, [](float x) { return float(std::exp(double(x))); });
//   for (...) sweep.add(x);
//   const ax::test::UlpWorst& worst = sweep.finish();   // worst.ulp, .x, .got, .want, .points
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

namespace ax::test {

inline std::uint32_t float_bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

inline float float_from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// Position of a float on the line of all floats: −0 and +0 both map to 0.
inline std::int64_t float_ordinal(float x) {
  const std::int64_t magnitude = float_bits(x) & 0x7fffffffu;
  return std::signbit(x) ? -magnitude : magnitude;
}

inline std::int64_t ulp_distance(float got, float want) {
  if (std::isnan(got)) return std::numeric_limits<std::int64_t>::max();
  return std::llabs(float_ordinal(got) - float_ordinal(want));
}

struct UlpWorst {
  std::int64_t ulp = 0;
  float x = 0.0f, got = 0.0f, want = 0.0f;
  std::size_t points = 0;  // how many points were measured in all
};

// Kernel: void(std::size_t n, const float* x, float* y); Reference: float(float).
template <typename Kernel, typename Reference>
class UlpSweep {
 public:
  static constexpr std::size_t kBatch = 4093;

  UlpSweep(Kernel kernel, Reference reference) : kernel_(kernel), reference_(reference), y_(kBatch) {
    x_.reserve(kBatch);
  }

  void add(float x) {
    x_.push_back(x);
    if (x_.size() == kBatch) flush();
  }

  // Measures what is still queued; the worst point over everything added.
  const UlpWorst& finish() {
    flush();
    return worst_;
  }

 private:
  void flush() {
    if (x_.empty()) return;
    kernel_(x_.size(), x_.data(), y_.data());
    for (std::size_t i = 0; i < x_.size(); ++i) {
      const float want = reference_(x_[i]);
      const std::int64_t ulp = ulp_distance(y_[i], want);
      if (ulp > worst_.ulp) worst_ = {ulp, x_[i], y_[i], want, worst_.points};
    }
    worst_.points += x_.size();
    x_.clear();
  }

  Kernel kernel_;
  Reference reference_;
  std::vector<float> x_, y_;
  UlpWorst worst_;
};

// Runs kernel on the values of x repeated to every length n = 1 … 3·|x| (through the vector
// body and each tail), and hands each result to check(input, result, index in x, n).
template <typename Kernel, typename Check>
void for_each_cycled(Kernel kernel, const std::vector<float>& x, Check check) {
  for (std::size_t n = 1; n <= 3 * x.size(); ++n) {
    std::vector<float> in(n), out(n, 123.0f);
    for (std::size_t i = 0; i < n; ++i) in[i] = x[i % x.size()];
    kernel(n, in.data(), out.data());
    for (std::size_t i = 0; i < n; ++i) check(in[i], out[i], i % x.size(), n);
  }
}

}  // namespace ax::test
