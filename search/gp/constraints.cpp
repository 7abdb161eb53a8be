#include "search/gp/constraints.hpp"

#include <cstdint>
#include <vector>

namespace kepler::gp {
namespace {

enum Family : std::uint8_t { kNone = 0, kTrig = 1, kExp = 2, kLog = 4 };

std::uint8_t family(Op op) {
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
      return kNone;
  }
}

}  // namespace

bool satisfies_constraints(const Expr& f, const Problem& problem) {
  if (f.empty() || f.size() > problem.max_size || f.depth() > problem.max_depth) return false;
  // contains[i]: the families that occur in the subtree rooted at node i, node i excluded.
  std::vector<std::uint8_t> below(f.size(), kNone);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int n = arity(f[i].op);
    if (n == 0) continue;
    const auto kids = f.children(i);
    std::uint8_t inside = 0;
    for (int k = 0; k < n; ++k) inside |= static_cast<std::uint8_t>(below[kids[k]] | family(f[kids[k]].op));
    if ((family(f[i].op) & inside) != 0) return false;
    below[i] = inside;
  }
  return true;
}

}  // namespace kepler::gp
