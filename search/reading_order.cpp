#include "search/reading_order.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace kepler {
namespace {

struct Signed {
  Expr term;
  bool negative = false;  // subtracted (in a sum) or dividing (in a product)
};

Expr rebuild(const Expr& f, std::size_t i);

// The operands of the maximal chain of `plus`/`minus` (Add/Sub or Mul/Div) rooted at i, each
// rebuilt in reading order, with its sign.
void collect(const Expr& f, std::size_t i, bool negative, Op plus, Op minus, std::vector<Signed>& out) {
  const Op op = f[i].op;
  if (op == plus || op == minus) {
    const auto [a, b] = f.children(i);
    collect(f, a, negative, plus, minus, out);
    collect(f, b, op == minus ? !negative : negative, plus, minus, out);
    return;
  }
  out.push_back({rebuild(f, i), negative});
}

// Polynomial degree of a term (0 where it is not a monomial).
double degree(const Expr& f, std::size_t i) {
  const Node& n = f[i];
  if (n.op == Op::Var) return 1.0;
  if (n.op == Op::Mul) {
    const auto [a, b] = f.children(i);
    return degree(f, a) + degree(f, b);
  }
  if (n.op == Op::Div) {
    const auto [a, b] = f.children(i);
    return degree(f, a) - degree(f, b);
  }
  if (n.op == Op::Neg) return degree(f, i - 1);
  if (n.op == Op::Square) return 2.0 * degree(f, i - 1);
  if (n.op == Op::Cube) return 3.0 * degree(f, i - 1);
  if (n.op == Op::Pow) {
    const auto [a, b] = f.children(i);
    if (f[b].op == Op::Num) return degree(f, a) * f[b].value;
  }
  return 0.0;
}

bool is_number(const Expr& f) { return f.size() == 1 && (f[0].op == Op::Num || f[0].op == Op::Param); }

Expr sum(std::vector<Signed> terms) {
  std::stable_sort(terms.begin(), terms.end(), [](const Signed& x, const Signed& y) {
    const bool nx = is_number(x.term), ny = is_number(y.term);
    if (nx != ny) return ny;  // numbers last
    return degree(x.term, x.term.root()) > degree(y.term, y.term.root());
  });
  // Lead with a term that is added, where there is one.
  const auto first = std::find_if(terms.begin(), terms.end(), [](const Signed& t) { return !t.negative; });
  if (first != terms.end()) std::rotate(terms.begin(), first, first + 1);
  Expr out = terms[0].negative ? build::unary(Op::Neg, terms[0].term) : terms[0].term;
  for (std::size_t k = 1; k < terms.size(); ++k) {
    out = build::binary(terms[k].negative ? Op::Sub : Op::Add, out, terms[k].term);
  }
  return out;
}

// Multiplies the literal numbers among `factors` into the first of them, and drops it where that
// is 1 (free constants are left alone: each is a slot of its own).
void merge_literals(std::vector<Expr>& factors) {
  const auto literal = [](const Expr& e) { return e.size() == 1 && e[0].op == Op::Num; };
  const auto first = std::find_if(factors.begin(), factors.end(), literal);
  if (first == factors.end()) return;
  double value = (*first)[0].value;
  const auto rest = std::remove_if(first + 1, factors.end(), [&](const Expr& e) {
    if (!literal(e)) return false;
    value *= e[0].value;
    return true;
  });
  factors.erase(rest, factors.end());
  if (value == 1.0) {
    factors.erase(first);  // x / (1 · y) is x / y; a product of nothing else is 1 (product())
  } else {
    *first = build::num(value);
  }
}

Expr product(std::vector<Signed> factors) {
  std::vector<Expr> top, bottom;
  for (Signed& s : factors) (s.negative ? bottom : top).push_back(std::move(s.term));
  // The coefficient first, and one number on each side of the bar: T / 1000 · T / 1000 is
  // T · T / 1000000, not T · T / (1000 · 1000).
  merge_literals(top);
  merge_literals(bottom);
  std::stable_partition(top.begin(), top.end(), [](const Expr& e) { return is_number(e); });
  const auto chain = [](std::vector<Expr>& parts) {
    Expr out = std::move(parts[0]);
    for (std::size_t k = 1; k < parts.size(); ++k) out = build::binary(Op::Mul, out, parts[k]);
    return out;
  };
  Expr numerator = top.empty() ? build::num(1.0) : chain(top);
  if (bottom.empty()) return numerator;
  return build::binary(Op::Div, numerator, chain(bottom));
}

Expr rebuild(const Expr& f, std::size_t i) {
  const Node& n = f[i];
  if (n.op == Op::Add || n.op == Op::Sub) {
    std::vector<Signed> terms;
    collect(f, i, false, Op::Add, Op::Sub, terms);
    return sum(std::move(terms));
  }
  if (n.op == Op::Mul || n.op == Op::Div) {
    std::vector<Signed> factors;
    collect(f, i, false, Op::Mul, Op::Div, factors);
    return product(std::move(factors));
  }
  if (arity(n.op) == 0) return f.subtree(i);
  if (arity(n.op) == 1) return build::unary(n.op, rebuild(f, i - 1));
  const auto [a, b] = f.children(i);
  return build::binary(n.op, rebuild(f, a), rebuild(f, b));
}

}  // namespace

Expr reading_order(const Expr& expr) {
  if (expr.empty()) return expr;
  Expr out = rebuild(expr, expr.root());
  out.renumber_parameters();
  return out;
}

}  // namespace kepler
