// vector_geometry.h — the quantities scene 1 draws for one query q and one key k.
//
// q·k = |q| |k| cos θ. The dot product runs on the SIMD kernel; norm, cosine,
// angle and projection accumulate in double, because a teaching page shows
// them for near-parallel vectors where float32 acos would lose most digits.
// All functions take (pointer, length) and throw ax::InputError on an empty
// vector, a length mismatch, a non-finite value, or a zero vector where the
// quantity is undefined (the cosine of a zero vector is an error, not NaN).
#pragma once

#include <cstddef>

namespace ax {

// Σ aᵢ bᵢ in float32 (the kernel the attention scores use).
float dot(const float* a, const float* b, std::size_t len);

// √(Σ aᵢ²), computed without overflow for values up to FLT_MAX.
double norm(const float* a, std::size_t len);

// q·k / (|q| |k|), clamped to [-1, 1].
double cosine(const float* a, const float* b, std::size_t len);

// θ in [0, π], from Kahan's formula 2·atan2(‖ |b|a − |a|b ‖, ‖ |b|a + |a|b ‖):
// accurate near 0 and π, where acos(cos θ) is not, and never NaN.
double angle(const float* a, const float* b, std::size_t len);

// The projection of k onto q: (q·k / |q|²) q, written to out (len values).
void project(const float* k, const float* q, std::size_t len, double* out);

}  // namespace ax
