#include "benchmarks/ned.hpp"

#include <algorithm>
#include <functional>

#include "egraph/simplify.hpp"
#include "engine/operator.hpp"

namespace kepler::bench {
namespace {

struct TreeNode {
  std::string label;
  std::vector<TreeNode> kids;
};

TreeNode constant() { return {"Const", {}}; }

// Canonical text of a subtree, to order the operands of Add and Mul.
std::string text(const TreeNode& n) {
  std::string out = n.label;
  if (!n.kids.empty()) {
    out += '(';
    for (const TreeNode& k : n.kids) out += text(k) + ',';
    out += ')';
  }
  return out;
}

void flatten_into(const std::string& label, TreeNode child, std::vector<TreeNode>& out) {
  if (child.label == label) {
    for (TreeNode& k : child.kids) out.push_back(std::move(k));
  } else {
    out.push_back(std::move(child));
  }
}

TreeNode nary(const std::string& label, TreeNode a, TreeNode b) {
  std::vector<TreeNode> operands;
  flatten_into(label, std::move(a), operands);
  flatten_into(label, std::move(b), operands);
  std::vector<std::pair<std::string, TreeNode>> keyed;
  for (TreeNode& operand : operands) keyed.emplace_back(text(operand), std::move(operand));
  std::sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  TreeNode n{label, {}};
  for (auto& [key, operand] : keyed) n.kids.push_back(std::move(operand));
  return n;
}

TreeNode negate(TreeNode n) {
  if (n.label == "Const") return n;
  return nary("Mul", constant(), std::move(n));
}

TreeNode power(TreeNode base, TreeNode exponent) { return {"Pow", {std::move(base), std::move(exponent)}}; }

TreeNode inverse(TreeNode n) {
  if (n.label == "Pow" && n.kids[1].label == "Const") return n;
  return power(std::move(n), constant());
}

TreeNode build(const Expr& e, std::size_t i, std::span<const std::string> variables) {
  const kepler::Node& node = e[i];
  switch (node.op) {
    case Op::Var: return {node.index < variables.size() ? variables[node.index] : "x" + std::to_string(node.index), {}};
    case Op::Num:
    case Op::Param: return constant();
    default: break;
  }
  const auto kids = e.children(i);
  const auto child = [&](int k) { return build(e, kids[static_cast<std::size_t>(k)], variables); };
  switch (node.op) {
    case Op::Add: return nary("Add", child(0), child(1));
    case Op::Sub: return nary("Add", child(0), negate(child(1)));
    case Op::Mul: return nary("Mul", child(0), child(1));
    case Op::Div: return nary("Mul", child(0), inverse(child(1)));
    case Op::Neg: return negate(child(0));
    case Op::Inv: return inverse(child(0));
    case Op::Pow: return power(child(0), child(1));
    case Op::Square:
    case Op::Cube:
    case Op::Sqrt:
    case Op::Cbrt: return power(child(0), constant());
    default: break;
  }
  TreeNode n{std::string(info(node.op).name), {}};
  for (int k = 0; k < arity(node.op); ++k) n.kids.push_back(child(k));
  return n;
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
  const egraph::Simplifier simplifier(simplify_options);
  const auto prepare = [&](const Expr& e) { return options.simplify ? simplifier.simplify(e).expr : e; };
  const LabelledTree t = sympy_tree(prepare(truth), variables);
  const LabelledTree m = sympy_tree(prepare(*model), variables);
  const double d = static_cast<double>(tree_edit_distance(m, t));
  const double size = static_cast<double>(t.size());
  return std::min(d, size) / size;
}

}  // namespace kepler::bench
