#include "egraph/exact_fold.hpp"

#include <cmath>

namespace kepler::egraph {
namespace {

using Result = std::optional<double>;

// Far from both ends of the double range, the error-free transformations below are exact: no
// product or quotient there can underflow or overflow.
constexpr double kTiny = 0x1p-900;
constexpr double kHuge = 0x1p+900;

// Operands and results of products, quotients and roots here are non-zero.
bool comfortable(double v) noexcept { return std::abs(v) >= kTiny && std::abs(v) <= kHuge; }

Result add(double a, double b) noexcept {
  const double s = a + b;
  if (!std::isfinite(s)) return std::nullopt;
  // Knuth's TwoSum: the rounding error of a + b, exactly (addition never underflows).
  const double bb = s - a;
  const double error = (a - (s - bb)) + (b - bb);
  return error == 0.0 ? Result(s) : std::nullopt;
}

Result multiply(double a, double b) noexcept {
  if (a == 0.0 || b == 0.0) return 0.0;
  const double p = a * b;
  if (!comfortable(a) || !comfortable(b) || !comfortable(p)) return std::nullopt;
  return std::fma(a, b, -p) == 0.0 ? Result(p) : std::nullopt;
}

Result divide(double a, double b) noexcept {
  if (b == 0.0) return std::nullopt;
  if (a == 0.0) return 0.0;
  const double q = a / b;
  if (!comfortable(a) || !comfortable(b) || !comfortable(q)) return std::nullopt;
  return std::fma(q, b, -a) == 0.0 ? Result(q) : std::nullopt;
}

Result square_root(double a) noexcept {
  if (a < 0.0) return std::nullopt;
  if (a == 0.0) return 0.0;
  const double r = std::sqrt(a);
  if (!comfortable(a) || !comfortable(r)) return std::nullopt;
  return std::fma(r, r, -a) == 0.0 ? Result(r) : std::nullopt;
}

Result cube(double a) noexcept {
  const Result square = multiply(a, a);
  return square ? multiply(*square, a) : std::nullopt;
}

Result cube_root(double a) noexcept {
  // std::cbrt is not correctly rounded: an exact root may be a neighbour of its result.
  const double r = std::cbrt(a);
  for (const double candidate : {r, std::nextafter(r, -INFINITY), std::nextafter(r, INFINITY)}) {
    const Result back = cube(candidate);
    if (back && *back == a) return candidate;
  }
  return std::nullopt;
}

// a^n for a whole n, by squaring, every step exact.
Result integer_power(double a, double n) noexcept {
  constexpr double kLargestExponent = 1024.0;
  if (std::abs(n) > kLargestExponent) return std::nullopt;
  auto remaining = static_cast<long>(std::abs(n));
  Result result = 1.0;
  Result base = a;
  while (remaining > 0 && result && base) {
    if (remaining & 1) result = multiply(*result, *base);
    remaining >>= 1;
    if (remaining > 0) base = multiply(*base, *base);
  }
  if (!result || !base) return std::nullopt;
  return n < 0.0 ? divide(1.0, *result) : result;
}

Result power(double a, double b) noexcept {
  if (b == 0.0 || a == 1.0) return 1.0;  // as std::pow: 0^0 = 1
  if (a == 0.0) return b > 0.0 ? Result(0.0) : std::nullopt;
  if (std::trunc(b) == b) return integer_power(a, b);
  if (b == 0.5) return square_root(a);
  if (b == -0.5) {
    const Result r = square_root(a);
    return r ? divide(1.0, *r) : std::nullopt;
  }
  return std::nullopt;
}

// Transcendental functions are exact only where their value is 0 or 1.
Result at_zero(double a, double value) noexcept { return a == 0.0 ? Result(value) : std::nullopt; }

}  // namespace

std::optional<double> fold_exactly(Op op, double a, double b) noexcept {
  if (!std::isfinite(a) || !std::isfinite(b)) return std::nullopt;
  switch (op) {
    case Op::Add: return add(a, b);
    case Op::Sub: return add(a, -b);
    case Op::Mul: return multiply(a, b);
    case Op::Div: return divide(a, b);
    case Op::Pow: return power(a, b);
    case Op::Neg: return -a;
    case Op::Abs: return std::abs(a);
    case Op::Inv: return divide(1.0, a);
    case Op::Square: return multiply(a, a);
    case Op::Cube: return cube(a);
    case Op::Sqrt: return square_root(a);
    case Op::Cbrt: return cube_root(a);
    case Op::Exp: return at_zero(a, 1.0);
    case Op::Log: return a == 1.0 ? Result(0.0) : std::nullopt;
    case Op::Sin:
    case Op::Tan:
    case Op::Tanh: return at_zero(a, 0.0);
    case Op::Cos: return at_zero(a, 1.0);
    case Op::Var:
    case Op::Num:
    case Op::Param: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kepler::egraph
