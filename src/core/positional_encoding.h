// positional_encoding.h — the sinusoidal position encodings of Vaswani et al. (2017).
//
//   PE(pos, 2i)     = sin(pos / 10000^(2i / d))
//   PE(pos, 2i + 1) = cos(pos / 10000^(2i / d))
//
// One row per position 0 … n−1, d columns; column pairs (2i, 2i+1) share one
// frequency, so an odd d ends with a lone sin column. Scene 4 adds these rows
// to X so that word order changes the scores (attention alone is
// permutation-equivariant).
#pragma once

#include <cstddef>

namespace ax {

// The largest n × d the core writes in one call (a 256 MB float32 table).
constexpr std::size_t kMaxPositionalValues = std::size_t(1) << 26;

// Writes the (n, d) table row-major to out. Computed in double, rounded once to
// float32. Throws ax::InputError naming n or d when either is 0, and "n × d"
// when the table would exceed kMaxPositionalValues.
void positional_encoding(std::size_t n, std::size_t d, float* out);

// Checks n and d as positional_encoding does (the bindings call it before
// reserving memory for the table).
void require_positional_shape(std::size_t n, std::size_t d);

}  // namespace ax
