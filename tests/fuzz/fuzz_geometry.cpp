// fuzz_geometry.cpp — ax::dot, norm, cosine, angle and project on one pair.
//
// Lengths 0..40 from every value regime (zero vectors included: the special
// regime draws ±0 often). Checks, per function:
//   bad input     -> ax::InputError naming a/b (k/q for project); never a result
//   a zero vector -> cosine, angle, project throw naming it; nothing else does
//   dot           -> within 1e-5 · Σ|aᵢbᵢ| of the float64 dot, or an overflow
//                    error the reference confirms
//   norm          -> within 1e-12 relative of the float64 norm
//   cosine, angle -> within 1e-6 of the reference, in [-1, 1] and [0, π]
//   project       -> within 1e-9 · |k| of (q·k / q·q) q
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/vector_geometry.h"
#include "fuzz.h"

namespace {

bool is_zero(const std::vector<float>& v) {
  for (float x : v)
    if (x != 0.0f) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ax::fuzz::Input in(data, size);
  const int op = in.provider().ConsumeIntegralInRange<int>(0, 4);
  const std::size_t len = in.dim();
  const std::vector<float> a = in.values(len), b = in.values(len);
  const char* names[] = {"ax::dot", "ax::norm", "ax::cosine", "ax::angle", "ax::project"};
  ax::fuzz::Case c(names[op]);
  c.note("len", len).values("a", a).values("b", b);
  const bool valid_a = len && ax::fuzz::all_finite(a), valid_b = len && ax::fuzz::all_finite(b);
  const double scale = len ? ax::ref::norm(a.data(), len) : 0.0;
  constexpr double kPi = 3.14159265358979323846;

  double got = 0.0;
  std::vector<double> projection(len + 1, -7777.25);
  switch (op) {
    case 0: {  // dot
      const bool returned = c.call({"a", "b", "a·b"}, [&] { got = ax::dot(a.data(), b.data(), len); });
      if (!(valid_a && valid_b)) {
        if (returned) c.fail("invalid input was accepted");
        return 0;
      }
      double terms = 0.0;
      for (std::size_t i = 0; i < len; ++i) terms += std::fabs(double(a[i]) * double(b[i]));
      if (!returned) {
        c.require_overflow_confirmed(terms);
        return 0;
      }
      const double want = ax::ref::dot(a.data(), b.data(), len);
      if (!(std::fabs(got - want) <= 1e-5 * terms + ax::fuzz::underflow_floor(len)))
        c.fail("a·b = " + ax::fuzz::digits(got) + ", want " + ax::fuzz::digits(want));
      return 0;
    }
    case 1: {  // norm
      const bool returned = c.call({"a"}, [&] { got = ax::norm(a.data(), len); });
      if (!valid_a) {
        if (returned) c.fail("invalid input was accepted");
        return 0;
      }
      if (!returned) c.fail("valid input was rejected: \"" + c.error() + "\"");
      if (!(std::fabs(got - scale) <= 1e-12 * scale))
        c.fail("|a| = " + ax::fuzz::digits(got) + ", want " + ax::fuzz::digits(scale));
      return 0;
    }
    case 2:
    case 3: {  // cosine, angle
      const bool cosine = op == 2;
      const bool returned = c.call({"a", "b"}, [&] {
        got = cosine ? ax::cosine(a.data(), b.data(), len) : ax::angle(a.data(), b.data(), len);
      });
      const bool valid = valid_a && valid_b && !is_zero(a) && !is_zero(b);
      if (!valid) {
        if (returned) c.fail("invalid input (or a zero vector) was accepted");
        return 0;
      }
      if (!returned) c.fail("valid input was rejected: \"" + c.error() + "\"");
      const double want = cosine ? ax::ref::cosine(a.data(), b.data(), len)
                                 : ax::ref::angle(a.data(), b.data(), len);
      const bool in_range = cosine ? (got >= -1.0 && got <= 1.0) : (got >= 0.0 && got <= kPi);
      if (!in_range || !(std::fabs(got - want) <= 1e-6))
        c.fail(std::string(cosine ? "cos θ" : "θ") + " = " + ax::fuzz::digits(got) + ", want " +
               ax::fuzz::digits(want) + " ± 1e-6");
      return 0;
    }
    default: {  // project a onto b
      const bool returned = c.call({"k", "q"}, [&] { ax::project(a.data(), b.data(), len, projection.data()); });
      const bool valid = valid_a && valid_b && !is_zero(b);
      if (!valid) {
        if (returned) c.fail("invalid input (or q = 0) was accepted");
        return 0;
      }
      if (!returned) c.fail("valid input was rejected: \"" + c.error() + "\"");
      if (projection[len] != -7777.25) c.fail("project wrote past len");
      const auto want = ax::ref::project(a.data(), b.data(), len);
      ax::fuzz::check_within(c, "projection", projection.data(), ax::fuzz::MatrixXd(want.transpose()),
                             ax::fuzz::MatrixXd::Constant(1, Eigen::Index(len), 1e-9 * scale));
      return 0;
    }
  }
}
