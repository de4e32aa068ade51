// validate.h — input checks shared by every entry point of the core.
//
// Each check throws ax::InputError with a message that starts with the
// argument's name, so a caller (or a student reading the page) can tell at once
// which input was wrong and how.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ax {

// n, m, dk, dv: a dimension must be at least 1.
void require_positive(const char* name, std::size_t value);

// rows × cols as an element count, refusing a shape whose count (or its size
// in bytes) would wrap std::size_t: n = m = 65536 wraps to 0 in wasm32, and
// 2^32 × 2^32 does natively. `what` names the product ("n × m").
std::size_t require_count(const char* what, std::size_t rows, std::size_t cols);

// The largest element count require_count accepts: SIZE_MAX / 16, so a count
// times 8 bytes, plus the gemm's panel padding, still fits in std::size_t.
constexpr std::size_t kMaxCount = static_cast<std::size_t>(-1) / 16;

// Every value finite. `cols` > 1 reports the position as (row, column).
void require_finite(const char* name, const float* values, std::size_t count,
                    std::size_t cols = 1);

// A computed result that must still be finite, e.g. scores that overflowed:
// "scores: Q·Kᵀ overflows float32 at row 0, column 1 (Infinity)".
void require_finite_result(const char* name, const char* cause,
                           const float* values, std::size_t count,
                           std::size_t cols);

// One scalar parameter: finite, and strictly positive when asked.
void require_finite_scalar(const char* name, float value);
void require_positive_finite_scalar(const char* name, float value);

// An explicit mask holds only 0 (hidden) and 1 (visible).
void require_mask_values(const char* name, const std::uint8_t* values,
                         std::size_t rows, std::size_t cols);

// Two vectors of one length, at least 1 long.
void require_same_length(const char* a_name, std::size_t a_len,
                         const char* b_name, std::size_t b_len);
void require_nonempty(const char* name, std::size_t len);

// Formats a float the way the messages quote values ("NaN", "Infinity", "1e+39").
std::string describe_value(float value);

}  // namespace ax
