// fuzz.h — what every libFuzzer target in tests/fuzz/ shares.
//
// A target is one file, fuzz_<name>.cpp, with LLVMFuzzerTestOneInput:
//
//   extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
//     ax::fuzz::Input in(data, size);              // shapes and values from the bytes
//     const std::size_t n = in.dim("n");
//     std::vector<float> x = in.values(n);         // finite mostly, extreme sometimes
//     ax::fuzz::Case c("my_function");             // printed with every failure
//     c.note("n", n).values("x", x);
//     if (!c.call({"n", "x"}, [&] { ax::my_function(x.data(), n, y.data()); })) return 0;
//     ax::fuzz::check_within(c, "y", y.data(), want, bound);   // against the reference
//     return 0;
//   }
//
// scripts/fuzz builds every fuzz_*.cpp it finds, with ASan + UBSan, and runs it.
//
// The invariants (a violation prints the case and aborts, so libFuzzer saves
// the input as a crash-* reproducer):
//   - only ax::InputError escapes, and its message starts with one of the
//     argument names the target allows;
//   - a call whose inputs are all valid may throw only for an overflow the
//     float64 reference confirms (|exact| or Σ|terms| reaches FLT_MAX);
//   - results are finite, within the Catch2 suites' tolerances of the Eigen
//     float64 reference (src/reference/reference.h), and no write lands past
//     the declared output (guard cells);
//   - after a bad call, a known small call on the same workspace still gives
//     its first (reference-checked) bits (Probe).
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.h"
#include "reference/reference.h"

namespace ax::fuzz {

using ref::MatrixXd;

// Largest dimension a target draws: small enough that the Eigen reference stays
// cheap, large enough to cross every kernel tile edge (4, 8, 16) several times.
constexpr std::size_t kMaxDim = 40;

// Float32 cells after an output; they must still hold this afterwards.
constexpr float kGuard = -7777.25f;
constexpr std::size_t kGuardCells = 16;

// ---- reading a case from the fuzzer's bytes ------------------------------------

// How the values of one array are drawn. Chosen once per array, so an array is
// either ordinary, spread over many decades, or hostile.
enum class Regime : std::uint8_t {
  unit,      // uniform in [-1, 1]
  wide,      // ±2^e, e in [-40, 40]: big and small terms in one sum
  huge,      // ±2^e, e in [100, 127]: products overflow float32
  tiny,      // ±2^e, e in [-149, -100]: denormals, products underflow
  special,   // each value one of 0, -0, ±FLT_MAX, ±FLT_MIN, ±denormal min, ±1
  bits,      // raw float32 bit patterns (NaN and ±∞ included)
  poisoned,  // unit values with one NaN or ±∞ at a drawn position
};

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : fdp_(data, size) {}

  FuzzedDataProvider& provider() { return fdp_; }
  bool empty() { return fdp_.remaining_bytes() == 0; }

  // A dimension: 1..max, and 0 about one time in 32 (an error the core must name).
  std::size_t dim(std::size_t max = kMaxDim) {
    const std::uint8_t b = fdp_.ConsumeIntegral<std::uint8_t>();
    if (b == 0xff || (b & 31) == 31) return 0;
    return 1 + std::size_t(b) % max;
  }

  bool coin() { return fdp_.ConsumeBool(); }

  template <class T>
  T pick(std::initializer_list<T> choices) {
    const std::size_t i = fdp_.ConsumeIntegralInRange<std::size_t>(0, choices.size() - 1);
    return *(choices.begin() + i);
  }

  Regime regime(bool allow_bad = true) {
    const std::uint8_t r = fdp_.ConsumeIntegral<std::uint8_t>() % (allow_bad ? 16 : 13);
    if (r < 6) return Regime::unit;
    if (r < 9) return Regime::wide;
    if (r < 10) return Regime::huge;
    if (r < 11) return Regime::tiny;
    if (r < 13) return Regime::special;
    if (r < 14) return Regime::bits;
    return Regime::poisoned;
  }

  float value(Regime regime) {
    switch (regime) {
      case Regime::unit:
        return fdp_.ConsumeFloatingPointInRange<float>(-1.0f, 1.0f);
      case Regime::wide:
        return signed_power(-40, 40);
      case Regime::huge:
        return signed_power(100, 127);
      case Regime::tiny:
        return signed_power(-149, -100);
      case Regime::special: {
        const float specials[] = {0.0f, -0.0f, FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN,
                                  FLT_TRUE_MIN, -FLT_TRUE_MIN, 1.0f, -1.0f};
        return specials[fdp_.ConsumeIntegralInRange<int>(0, 9)];
      }
      case Regime::bits: {
        const std::uint32_t bits = fdp_.ConsumeIntegral<std::uint32_t>();
        float x;
        std::memcpy(&x, &bits, sizeof x);
        return x;
      }
      case Regime::poisoned:
        return value(Regime::unit);
    }
    return 0.0f;
  }

  // count values of one regime (drawn here unless given).
  std::vector<float> values(std::size_t count, bool allow_bad = true) {
    return values(count, regime(allow_bad));
  }

  std::vector<float> values(std::size_t count, Regime r) {
    std::vector<float> out(count);
    for (float& x : out) x = value(r);
    if (r == Regime::poisoned && count > 0) {
      const float bad[] = {NAN, INFINITY, -INFINITY};
      out[fdp_.ConsumeIntegralInRange<std::size_t>(0, count - 1)] =
          bad[fdp_.ConsumeIntegralInRange<int>(0, 2)];
    }
    return out;
  }

  // A scalar parameter such as a temperature or a scale: mostly ordinary,
  // sometimes extreme, sometimes invalid (0, negative, NaN, ±∞) when allowed.
  float parameter(bool allow_bad = true) {
    switch (fdp_.ConsumeIntegral<std::uint8_t>() % (allow_bad ? 12 : 8)) {
      case 0: return 1.0f;
      case 1: return fdp_.ConsumeFloatingPointInRange<float>(0.05f, 20.0f);
      case 2: return signed_power(-40, 40, false);
      case 3: return signed_power(-149, -100, false);
      case 4: return signed_power(100, 127, false);
      case 5: return FLT_MAX;
      case 6: return FLT_TRUE_MIN;
      case 7: return fdp_.ConsumeFloatingPointInRange<float>(0.5f, 2.0f);
      case 8: return -fdp_.ConsumeFloatingPointInRange<float>(0.0f, 4.0f);
      case 9: return 0.0f;
      case 10: return NAN;
      default: return coin() ? INFINITY : -INFINITY;
    }
  }

 private:
  float signed_power(int lo, int hi, bool sign = true) {
    const int e = fdp_.ConsumeIntegralInRange<int>(lo, hi);
    const float mantissa = fdp_.ConsumeFloatingPointInRange<float>(1.0f, 2.0f);
    float x = std::ldexp(mantissa, e);
    if (!std::isfinite(x)) x = FLT_MAX;
    return sign && coin() ? -x : x;
  }

  FuzzedDataProvider fdp_;
};

// ---- the case under test, and failing loudly ---------------------------------------

inline std::string digits(double x) {
  std::ostringstream text;
  text.precision(9);
  text << x;
  return text.str();
}

inline bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

// Describes one call (function, shapes, inputs) for the failure report. It
// keeps only names, numbers and pointers: text is made only when a check fails,
// so describing a case costs nothing per execution. The arrays passed to
// values() must outlive the Case.
class Case {
 public:
  explicit Case(const char* function) : function_(function) {}

  Case& note(const char* name, double value) {
    notes_.push_back({name, value});
    return *this;
  }

  Case& values(const char* name, const std::vector<float>& v) {
    arrays_.push_back({name, &v});
    return *this;
  }

  // Prints the case and what went wrong, then aborts: libFuzzer saves the input.
  [[noreturn]] void fail(const std::string& what) const {
    std::string text;
    for (const auto& [name, value] : notes_)
      text += std::string(text.empty() ? "" : ", ") + name + " = " + digits(value);
    for (const auto& [name, v] : arrays_) {
      text += std::string("\n  ") + name + " (" + std::to_string(v->size()) + ") = [";
      for (std::size_t i = 0; i < v->size() && i < 24; ++i)
        text += (i ? ", " : "") + digits((*v)[i]);
      text += v->size() > 24 ? ", ...]" : "]";
    }
    std::fprintf(stderr, "\n== ax fuzz: invariant violated in %s\n  %s\n  case: %s\n", function_,
                 what.c_str(), text.c_str());
    std::fflush(stderr);
    std::abort();
  }

  // Runs f. Returns true if it returned, false if it threw ax::InputError whose
  // message starts with one of `names` followed by ':' or ' '. Anything else
  // escaping (another exception, a message naming nothing we passed) fails.
  template <class F>
  bool call(std::initializer_list<const char*> names, F&& f) {
    error_.clear();
    try {
      f();
      return true;
    } catch (const ax::InputError& e) {
      error_ = e.what();
    } catch (const std::exception& e) {
      fail(std::string("a std::exception that is not ax::InputError escaped: ") + e.what());
    } catch (...) {
      fail("a non-std exception escaped");
    }
    for (const char* name : names) {
      const std::size_t len = std::strlen(name);
      if (error_.compare(0, len, name) == 0 && error_.size() > len + 1 &&
          (error_[len] == ':' || error_[len] == ' '))
        return false;
    }
    fail("the error names no argument of this call: \"" + error_ + "\"");
  }

  // The message of the last ax::InputError call() caught.
  const std::string& error() const { return error_; }

  // A call with valid inputs threw: legitimate only if it reports an overflow
  // that the reference confirms (`magnitude` = the largest |exact| or Σ|terms|
  // of the step that overflowed, in double).
  void require_overflow_confirmed(double magnitude) const {
    if (error_.find("overflow") == std::string::npos)
      fail("valid inputs were rejected: \"" + error_ + "\"");
    if (!(magnitude >= double(FLT_MAX) * (1.0 - 1e-5)))
      fail("an overflow was reported, but the reference's largest magnitude is " +
           digits(magnitude) + " < FLT_MAX: \"" + error_ + "\"");
  }

 private:
  const char* function_;
  std::vector<std::pair<const char*, double>> notes_;
  std::vector<std::pair<const char*, const std::vector<float>*>> arrays_;
  std::string error_;
};

// ---- checks -------------------------------------------------------------------------

// The absolute error a float32 sum of `terms` products may have from underflow
// alone: each product can lose up to one denormal step (2^-149).
inline double underflow_floor(std::size_t terms) {
  return double(terms + 1) * double(FLT_TRUE_MIN);
}

// |got(i, j) − want(i, j)| ≤ bound(i, j) everywhere and got finite; got is
// row-major float or double.
template <class T>
void check_within(const Case& c, const char* what, const T* got, const MatrixXd& want,
                  const MatrixXd& bound) {
  for (Eigen::Index i = 0; i < want.rows(); ++i) {
    for (Eigen::Index j = 0; j < want.cols(); ++j) {
      const double g = double(got[std::size_t(i * want.cols() + j)]);
      const double error = std::fabs(g - want(i, j));
      if (std::isfinite(g) && error <= bound(i, j)) continue;
      c.fail(std::string(what) + " (" + std::to_string(i) + ", " + std::to_string(j) +
             "): got " + digits(g) + ", want " + digits(want(i, j)) + ", |error| " +
             digits(error) + " > bound " + digits(bound(i, j)));
    }
  }
}

// A vector of count floats followed by guard cells.
inline std::vector<float> with_guard(std::size_t count) {
  return std::vector<float>(count + kGuardCells, kGuard);
}

// The guard cells after `count` still hold kGuard, bit for bit.
inline void check_guard(const Case& c, const char* what, const std::vector<float>& buffer,
                        std::size_t count) {
  for (std::size_t i = count; i < buffer.size(); ++i) {
    if (std::memcmp(&buffer[i], &kGuard, sizeof kGuard) == 0) continue;
    c.fail(std::string(what) + ": written past its " + std::to_string(count) +
           " cells (cell " + std::to_string(i) + " = " + digits(buffer[i]) + ")");
  }
}

// The first a.size() cells of b hold the same bits as a.
inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return b.size() >= a.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Input arrays the function must not modify.
inline void check_unchanged(const Case& c, const char* what, const std::vector<float>& before,
                            const float* after) {
  if (!before.empty() && std::memcmp(before.data(), after, before.size() * sizeof(float)) != 0)
    c.fail(std::string(what) + ": an input was modified");
}

// Weights of (rows, cols): each in [0, 1], hidden ones exactly 0, every row
// summing to 1 (± 1e-6) or, with nothing visible, exactly 0 throughout.
// visible(i, j) says whether key j is visible to row i.
template <class Visible>
void check_weights(const Case& c, const char* what, const float* w, std::size_t rows,
                   std::size_t cols, Visible&& visible) {
  for (std::size_t i = 0; i < rows; ++i) {
    double sum = 0.0;
    bool any = false;
    for (std::size_t j = 0; j < cols; ++j) {
      const float x = w[i * cols + j];
      const std::string at = std::string(what) + " (" + std::to_string(i) + ", " +
                             std::to_string(j) + ") = " + digits(x);
      if (!(x >= 0.0f && x <= 1.0f)) c.fail(at + " is outside [0, 1]");
      if (!visible(i, j)) {
        if (x != 0.0f) c.fail(at + " belongs to a hidden key and is not exactly 0");
        continue;
      }
      any = true;
      sum += x;
    }
    const double want = any ? 1.0 : 0.0;
    if (!(std::fabs(sum - want) <= 1e-6))
      c.fail(std::string(what) + " row " + std::to_string(i) + " sums to " + digits(sum) +
             ", want " + digits(want) + " ± 1e-6");
  }
}

// "The core keeps working after an error": a known small call, run after every
// bad call on the same workspace (or trainer table) the bad call used. Its first
// result is checked by the target against the reference (`correct`); every later
// result must hold the same bits.
class Probe {
 public:
  // run() -> std::vector<float>; correct(result) fails the case if the first result is wrong.
  template <class Run, class Correct>
  void check(const Case& c, Run&& run, Correct&& correct) {
    std::vector<float> got;
    try {
      got = run();
    } catch (const std::exception& e) {
      c.fail(std::string("after a bad call, the known small case threw: ") + e.what());
    }
    if (first_.empty()) {
      correct(got);
      first_ = got;
      return;
    }
    if (got.size() != first_.size() || !same_bits(first_, got))
      c.fail("after a bad call, the known small case returned other bits than before");
  }

 private:
  std::vector<float> first_;
};

// How far each weight of softmax(z / T) may move when every visible score of row i is off by
// at most delta[i]: within a factor e^(±2δ/T) of the float64 weight (and at most 1), plus
// softmax's own 1e-5 relative and 1e-30. Worked from log weights, so a weight that underflows
// float64 (a score gap past 708·T) still gets the room its row's error allows.
inline MatrixXd weight_slack(const MatrixXd& z, double temperature, const ref::Mask& mask,
                             const std::vector<double>& delta) {
  const std::size_t cols = std::size_t(z.cols());
  MatrixXd slack = MatrixXd::Zero(z.rows(), z.cols());
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    double top = -INFINITY;
    for (Eigen::Index j = 0; j < z.cols(); ++j)
      if (mask.visible(std::size_t(i), std::size_t(j), cols)) top = std::max(top, z(i, j));
    if (top == -INFINITY) continue;
    double sum = 0.0;
    for (Eigen::Index j = 0; j < z.cols(); ++j)
      if (mask.visible(std::size_t(i), std::size_t(j), cols)) sum += std::exp((z(i, j) - top) / temperature);
    const double spread = 2.0 * delta[std::size_t(i)] / temperature;  // may be +inf: then any weight
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      if (!mask.visible(std::size_t(i), std::size_t(j), cols)) continue;
      const double lw = (z(i, j) - top) / temperature - std::log(sum);
      const double up = std::exp(lw + spread);  // NaN for −∞ + ∞: no bound then
      const double w = std::exp(lw), hi = std::isnan(up) ? 1.0 : std::min(1.0, up), lo = std::exp(lw - spread);
      slack(i, j) = std::max(hi - w, w - lo) + 1e-5 * w + 1e-30;
    }
  }
  return slack;
}

// The largest |x| of a matrix (0 for an empty one).
inline double max_abs(const MatrixXd& x) {
  return x.size() ? x.cwiseAbs().maxCoeff() : 0.0;
}

}  // namespace ax::fuzz
