// errors.h — the one exception type the core throws for bad input.
//
// Every message names the argument and what was wrong ("k: expected 12 values
// (m × dk = 3 × 4), got 10"). `kind` tells the JS bindings which Error subclass
// to raise: a TypeError for input that is not numeric at all, a RangeError for
// a number or shape out of range.
#pragma once

#include <stdexcept>
#include <string>

namespace ax {

class InputError : public std::invalid_argument {
 public:
  enum class Kind { type, range };

  InputError(Kind kind, const std::string& message)
      : std::invalid_argument(message), kind_(kind) {}

  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

[[noreturn]] inline void throw_range(const std::string& message) {
  throw InputError(InputError::Kind::range, message);
}

[[noreturn]] inline void throw_type(const std::string& message) {
  throw InputError(InputError::Kind::type, message);
}

}  // namespace ax
