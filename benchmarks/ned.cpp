#include "benchmarks/ned.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "egraph/simplify.hpp"
#include "engine/operator.hpp"

namespace kepler::bench {
namespace {

// A node of the sympy-shaped tree. Numbers keep their value while the tree is built, so that
// products and sums can fold them as sympy does; every number is labelled "Const" in the end.
struct TreeNode {
  std::string label;
  std::vector<TreeNode> kids;
  double value = 0.0;  // Const only

  [[nodiscard]] bool is_number() const { return label == "Const"; }
};

TreeNode number(double v) { return {"Const", {}, v}; }

// Canonical text of a subtree (numbers by label only), to order operands and match like terms.
std::string text(const TreeNode& n) {
  std::string out = n.label;
  if (!n.kids.empty()) {
    out += '(';
    for (const TreeNode& k : n.kids) out += text(k) + ',';
    out += ')';
  }
  return out;
}

bool is_integer(double v) { return std::isfinite(v) && v == std::round(v); }

TreeNode sorted(std::string label, std::vector<TreeNode> operands) {
  std::vector<std::pair<std::string, TreeNode>> keyed;
  for (TreeNode& operand : operands) keyed.emplace_back(text(operand), std::move(operand));
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  TreeNode n{std::move(label), {}};
  for (auto& [key, operand] : keyed) n.kids.push_back(std::move(operand));
  return n;
}

TreeNode mul(std::vector<TreeNode> factors);

// Subtrees with a number attached (a base and its exponent, a term and its coefficient), equal
// subtrees merged by adding their numbers; in first-seen order.
class Collected {
 public:
  void add(TreeNode node, double amount) {
    std::string key = text(node);
    const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
    if (it == entries_.end()) {
      entries_.push_back({std::move(key), std::move(node), amount});
    } else {
      it->amount += amount;
    }
  }
  struct Entry {
    std::string key;
    TreeNode node;
    double amount;
  };
  std::vector<Entry>& entries() { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// sympy's automatic Pow rules: numbers fold, x**1 is x, x**0 is 1, (x**a)**n and (x*y)**n with an
// integer n distribute.
TreeNode power(TreeNode base, TreeNode exponent) {
  if (exponent.is_number()) {
    const double e = exponent.value;
    if (base.is_number()) return number(std::pow(base.value, e));
    if (e == 1.0) return base;
    if (e == 0.0) return number(1.0);
    if (is_integer(e) && base.label == "Pow" && base.kids[1].is_number()) {
      return power(std::move(base.kids[0]), number(base.kids[1].value * e));
    }
    if (is_integer(e) && base.label == "Mul") {
      std::vector<TreeNode> factors;
      for (TreeNode& f : base.kids) factors.push_back(power(std::move(f), number(e)));
      return mul(std::move(factors));
    }
  }
  return {"Pow", {std::move(base), std::move(exponent)}};
}

// sympy's Mul.flatten: nested products flattened, numbers multiplied into one coefficient (dropped
// when 1), powers of the same base merged by adding numeric exponents, operands ordered.
TreeNode mul(std::vector<TreeNode> factors) {
  double coefficient = 1.0;
  Collected powers;  // base → exponent
  std::vector<TreeNode> others;                                              // symbolic exponents
  const std::function<void(TreeNode)> take = [&](TreeNode f) {
    if (f.label == "Mul") {
      for (TreeNode& k : f.kids) take(std::move(k));
      return;
    }
    if (f.is_number()) {
      coefficient *= f.value;
      return;
    }
    TreeNode base = std::move(f);
    double exponent = 1.0;
    if (base.label == "Pow") {
      if (!base.kids[1].is_number()) {
        others.push_back(std::move(base));
        return;
      }
      exponent = base.kids[1].value;
      base = TreeNode(std::move(base.kids[0]));
    }
    powers.add(std::move(base), exponent);
  };
  for (TreeNode& f : factors) take(std::move(f));
  std::vector<TreeNode> operands;
  for (auto& [key, base, exponent] : powers.entries()) {
    if (exponent == 0.0) continue;
    TreeNode p = power(std::move(base), number(exponent));
    if (p.is_number()) {
      coefficient *= p.value;
    } else {
      operands.push_back(std::move(p));
    }
  }
  for (TreeNode& o : others) operands.push_back(std::move(o));
  if (coefficient == 0.0 || operands.empty()) return number(coefficient);
  if (coefficient != 1.0) operands.push_back(number(coefficient));
  if (operands.size() == 1) return std::move(operands.front());
  return sorted("Mul", std::move(operands));
}

// sympy's Add.flatten: nested sums flattened, numbers added into one term (dropped when 0), like
// terms (equal but for their numeric coefficient) merged, operands ordered.
TreeNode add(std::vector<TreeNode> terms) {
  double constant = 0.0;
  Collected like;  // term without its number → coefficient
  const std::function<void(TreeNode)> take = [&](TreeNode t) {
    if (t.label == "Add") {
      for (TreeNode& k : t.kids) take(std::move(k));
      return;
    }
    if (t.is_number()) {
      constant += t.value;
      return;
    }
    double coefficient = 1.0;
    TreeNode rest = std::move(t);
    if (rest.label == "Mul") {
      const auto c = std::find_if(rest.kids.begin(), rest.kids.end(), [](const TreeNode& k) { return k.is_number(); });
      if (c != rest.kids.end()) {
        coefficient = c->value;
        rest.kids.erase(c);
        if (rest.kids.size() == 1) rest = TreeNode(std::move(rest.kids.front()));
      }
    }
    like.add(std::move(rest), coefficient);
  };
  for (TreeNode& t : terms) take(std::move(t));
  std::vector<TreeNode> operands;
  for (auto& [key, rest, coefficient] : like.entries()) {
    if (coefficient == 0.0) continue;
    std::vector<TreeNode> factors;
    factors.push_back(number(coefficient));
    factors.push_back(std::move(rest));
    operands.push_back(mul(std::move(factors)));
  }
  if (constant != 0.0 || operands.empty()) operands.push_back(number(constant));
  if (operands.size() == 1) return std::move(operands.front());
  return sorted("Add", std::move(operands));
}

TreeNode binary(TreeNode (*combine)(std::vector<TreeNode>), TreeNode a, TreeNode b) {
  std::vector<TreeNode> operands;
  operands.push_back(std::move(a));
  operands.push_back(std::move(b));
  return combine(std::move(operands));
}

TreeNode negate(TreeNode n) { return binary(mul, number(-1.0), std::move(n)); }

TreeNode build(const Expr& e, std::size_t i, std::span<const std::string> variables) {
  const kepler::Node& node = e[i];
  switch (node.op) {
    case Op::Var: return {node.index < variables.size() ? variables[node.index] : "x" + std::to_string(node.index), {}};
    case Op::Num:
    case Op::Param: return number(node.value);
    default: break;
  }
  const auto kids = e.children(i);
  const auto child = [&](int k) { return build(e, kids[static_cast<std::size_t>(k)], variables); };
  switch (node.op) {
    case Op::Add: return binary(add, child(0), child(1));
    case Op::Sub: return binary(add, child(0), negate(child(1)));
    case Op::Mul: return binary(mul, child(0), child(1));
    case Op::Div: return binary(mul, child(0), power(child(1), number(-1.0)));
    case Op::Neg: return negate(child(0));
    case Op::Inv: return power(child(0), number(-1.0));
    case Op::Pow: return power(child(0), child(1));
    case Op::Square: return power(child(0), number(2.0));
    case Op::Cube: return power(child(0), number(3.0));
    case Op::Sqrt: return power(child(0), number(0.5));
    case Op::Cbrt: return power(child(0), number(1.0 / 3.0));
    default: break;
  }
  TreeNode n{std::string(info(node.op).name), {}};
  for (int k = 0; k < arity(node.op); ++k) n.kids.push_back(child(k));
  // A function of numbers only is a number to sympy (evaluated, with floats).
  const bool numeric = std::all_of(n.kids.begin(), n.kids.end(), [](const TreeNode& k) { return k.is_number(); });
  if (!numeric || n.kids.empty()) return n;
  const double a = n.kids[0].value;
  const double b = n.kids.size() > 1 ? n.kids[1].value : 0.0;
  return number(info(node.op).scalar(a, b));
}

std::size_t emit(const TreeNode& n, LabelledTree& out) {
  std::vector<std::size_t> kids;
  for (const TreeNode& k : n.kids) kids.push_back(emit(k, out));
  return out.add(n.label, std::move(kids));
}

}  // namespace

LabelledTree sympy_tree(const Expr& expr, std::span<const std::string> variables) {
  LabelledTree out;
  if (!expr.empty()) emit(build(expr, expr.size() - 1, variables), out);
  return out;
}

double normalized_edit_distance(const Expr* model, const Expr& truth, std::span<const std::string> variables,
                                const NedOptions& options) {
  if (model == nullptr || model->empty()) return 1.0;
  egraph::SimplifyOptions simplify_options;
  simplify_options.positive_variables = options.positive_variables;
  simplify_options.nonzero_variables = options.nonzero_variables;
  const egraph::Simplifier simplifier(simplify_options);
  const auto prepare = [&](const Expr& e) { return options.simplify ? simplifier.simplify(e).expr : e; };
  const LabelledTree t = sympy_tree(prepare(truth), variables);
  const LabelledTree m = sympy_tree(prepare(*model), variables);
  const double d = static_cast<double>(tree_edit_distance(m, t));
  const double size = static_cast<double>(t.size());
  return std::min(d, size) / size;
}

}  // namespace kepler::bench
