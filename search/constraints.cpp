#include "search/constraints.hpp"

#include <vector>

namespace kepler {
namespace {

constexpr std::uint8_t kTrig = 1;
constexpr std::uint8_t kExp = 2;
constexpr std::uint8_t kLog = 4;

}  // namespace

std::uint8_t nesting_family(Op op) noexcept {
  switch (op) {
    case Op::Sin:
    case Op::Cos:
    case Op::Tan:
      return kTrig;
    case Op::Exp:
      return kExp;
    case Op::Log:
      return kLog;
    default:
      return 0;
  }
}

bool is_inverse_pair(Op outer, Op inner) noexcept {
  switch (outer) {
    case Op::Exp: return inner == Op::Log;
    case Op::Log: return inner == Op::Exp;
    case Op::Square: return inner == Op::Sqrt;
    case Op::Sqrt: return inner == Op::Square;
    case Op::Cube: return inner == Op::Cbrt;
    case Op::Cbrt: return inner == Op::Cube;
    case Op::Neg: return inner == Op::Neg;
    case Op::Inv: return inner == Op::Inv;
    default: return false;
  }
}

Constraints Constraints::of(const Problem& problem) {
  Constraints c;
  c.max_size = problem.max_size;
  c.max_depth = problem.max_depth;
  return c;
}

bool satisfies(const Expr& f, const Constraints& constraints) {
  if (f.empty() || f.size() > constraints.max_size || f.depth() > constraints.max_depth) return false;
  std::size_t constants = 0;
  bool has_variable = false;
  // below[i]: the families that occur in the subtree rooted at node i, node i excluded.
  std::vector<std::uint8_t> below(f.size(), 0);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const Op op = f[i].op;
    constants += op == Op::Param ? 1 : 0;
    has_variable = has_variable || op == Op::Var;
    const int n = arity(op);
    if (n == 0) continue;
    const auto kids = f.children(i);
    if (constraints.inverse_pairs && n == 1 && is_inverse_pair(op, f[kids[0]].op)) return false;
    std::uint8_t inside = 0;
    for (int k = 0; k < n; ++k) inside |= static_cast<std::uint8_t>(below[kids[k]] | nesting_family(f[kids[k]].op));
    if (constraints.nesting && (nesting_family(op) & inside) != 0) return false;
    below[i] = inside;
  }
  return constants <= constraints.max_constants && (has_variable || !constraints.require_variable);
}

}  // namespace kepler
