// positional_encoding.cpp — see positional_encoding.h.
#include "core/positional_encoding.h"

#include <cmath>
#include <string>

#include "core/errors.h"
#include "core/validate.h"

namespace ax {

void require_positional_shape(std::size_t n, std::size_t d) {
  require_positive("n", n);
  require_positive("d", d);
  if (n > kMaxPositionalValues / d) {
    throw_range("n × d: the table would hold more than " +
                std::to_string(kMaxPositionalValues) + " values (n = " +
                std::to_string(n) + ", d = " + std::to_string(d) + ")");
  }
}

void positional_encoding(std::size_t n, std::size_t d, float* out) {
  require_positional_shape(n, d);
  const double log_base = std::log(10000.0);
  for (std::size_t j = 0; j < d; ++j) {
    // column pair (2i, 2i+1) shares the angular frequency 10000^(−2i/d)
    const double frequency = std::exp(-log_base * double(j - j % 2) / double(d));
    const bool even = j % 2 == 0;
    for (std::size_t pos = 0; pos < n; ++pos) {
      const double angle = double(pos) * frequency;
      out[pos * d + j] = float(even ? std::sin(angle) : std::cos(angle));
    }
  }
}

}  // namespace ax
