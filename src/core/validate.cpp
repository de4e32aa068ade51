// validate.cpp — input checks; see validate.h.
#include "core/validate.h"

#include <cmath>
#include <cstdio>

#include "core/errors.h"
#include "kernels/select.h"

namespace ax {

namespace {

std::string str(std::size_t value) { return std::to_string(value); }

// "row 1, column 2" for matrices, "index 5" for vectors.
std::string position(std::size_t i, std::size_t cols) {
  if (cols > 1) return "row " + str(i / cols) + ", column " + str(i % cols);
  return "index " + str(i);
}

}  // namespace

std::string describe_value(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", double(value));
  return text;
}

void require_positive(const char* name, std::size_t value) {
  if (value == 0) {
    throw_range(std::string(name) + ": must be a positive integer, got 0");
  }
}

std::size_t require_count(const char* what, std::size_t rows, std::size_t cols) {
  std::size_t count = 0;
  if (__builtin_mul_overflow(rows, cols, &count) || count > kMaxCount) {
    throw_range(std::string(what) + ": " + str(rows) + " × " + str(cols) +
                " values are more than this core can address (at most " +
                str(kMaxCount) + ")");
  }
  return count;
}

void require_finite(const char* name, const float* values, std::size_t count,
                    std::size_t cols) {
  // The SIMD scan finds the first bad value; the message is built only then.
  const std::size_t i = kernels::vfinite(count, values);
  if (i < count) {
    throw_range(std::string(name) + ": " + describe_value(values[i]) + " at " +
                position(i, cols) + "; every value must be a finite float32 number");
  }
}

void require_finite_result(const char* name, const char* cause,
                           const float* values, std::size_t count,
                           std::size_t cols) {
  const std::size_t i = kernels::vfinite(count, values);
  if (i < count) {
    throw_range(std::string(name) + ": " + cause + " at " + position(i, cols) +
                " (" + describe_value(values[i]) + "); use smaller values");
  }
}

void require_finite_scalar(const char* name, float value) {
  if (!std::isfinite(value)) {
    throw_range(std::string(name) + ": must be a finite number, got " +
                describe_value(value));
  }
}

void require_positive_finite_scalar(const char* name, float value) {
  if (!std::isfinite(value) || !(value > 0.0f)) {
    throw_range(std::string(name) + ": must be a finite number > 0, got " +
                describe_value(value));
  }
}

void require_mask_values(const char* name, const std::uint8_t* values,
                         std::size_t rows, std::size_t cols) {
  if (values == nullptr) {
    throw_type(std::string(name) + ": explicit mask has no values");
  }
  for (std::size_t i = 0; i < rows * cols; ++i) {
    if (values[i] <= 1) continue;
    throw_range(std::string(name) + ": value " + str(values[i]) + " at " +
                position(i, cols) + "; expected 0 (hidden) or 1 (visible)");
  }
}

void require_same_length(const char* a_name, std::size_t a_len,
                         const char* b_name, std::size_t b_len) {
  if (a_len != b_len) {
    throw_range(std::string(b_name) + ": expected " + str(a_len) +
                " values (the length of " + a_name + "), got " + str(b_len));
  }
}

void require_nonempty(const char* name, std::size_t len) {
  if (len == 0) {
    throw_range(std::string(name) + ": must have at least 1 value, got 0");
  }
}

}  // namespace ax
