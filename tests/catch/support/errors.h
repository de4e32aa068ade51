// errors.h — catching ax::InputError and checking what its message says.
//
//   REQUIRE_THAT(input_error([&] { ax::norm(x, 0); }), names("a"));
//
// Every message of the core starts with the argument's name (validate.h), so
// names("q") matches "q: NaN at row 2, …" and also "Q …", but not "query" or
// "sequence".
#pragma once

#include <catch2/catch.hpp>

#include <exception>
#include <string>

#include "core/errors.h"

namespace ax::test {

// Runs f, which must throw ax::InputError; returns its what(). Anything else
// (no throw, another exception type) fails the test with a message saying so.
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const ax::InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("threw a std::exception that is not ax::InputError: " << e.what());
  }
  FAIL("did not throw ax::InputError");
  return {};
}

// The message starts with the argument name as a whole word.
inline Catch::Matchers::StdString::RegexMatcher names(const std::string& argument) {
  return Catch::Matchers::Matches(argument + "\\b.*", Catch::CaseSensitive::No);
}

inline Catch::Matchers::StdString::ContainsMatcher mentions(const std::string& text) {
  return Catch::Matchers::Contains(text, Catch::CaseSensitive::No);
}

}  // namespace ax::test
