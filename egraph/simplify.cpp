#include "egraph/simplify.hpp"

#include <algorithm>
#include <cmath>

#include "egraph/extract.hpp"
#include "engine/evaluator.hpp"

namespace kepler::egraph {
namespace {

// The lowest column a subtree uses (columns past any real one when it uses none).
std::uint32_t first_variable(const Expr& expr, std::size_t i) {
  std::uint32_t lowest = ~std::uint32_t{0};
  for (std::size_t k = expr.subtree_begin(i); k <= i; ++k) {
    if (expr[k].op == Op::Var) lowest = std::min(lowest, expr[k].index);
  }
  return lowest;
}

// Operands of + and × in the order people write them: numbers first in products (2·x), last in
// sums (x + 2), variables in column order. Extraction breaks ties by hash, which reads badly.
void append_tidy(const Expr& expr, std::size_t i, std::vector<Node>& out) {
  const Node& node = expr[i];
  const auto children = expr.children(i);
  if (arity(node.op) == 0) {
    out.push_back(node);
    return;
  }
  std::size_t first = children[0];
  std::size_t second = children[1];
  if (node.op == Op::Add || node.op == Op::Mul) {
    const Node& a = expr[first];
    const Node& b = expr[second];
    const bool numbers_first = node.op == Op::Mul;
    const bool swap = (is_constant_leaf(a.op) != is_constant_leaf(b.op))
                          ? is_constant_leaf(b.op) == numbers_first
                          : first_variable(expr, second) < first_variable(expr, first);
    if (swap) std::swap(first, second);
  }
  append_tidy(expr, first, out);
  if (arity(node.op) == 2) append_tidy(expr, second, out);
  out.push_back(node);
}

Expr tidy(const Expr& expr) {
  std::vector<Node> nodes;
  nodes.reserve(expr.size());
  append_tidy(expr, expr.root(), nodes);
  Expr result(std::move(nodes));
  result.renumber_parameters();
  return result;
}

// An expression for the size of the terms `expr` adds up at node i, row by row: sums and
// differences add their operands' sizes, products and quotients multiply and divide them, and a
// function counts at its own value. Double rounding in evaluating `expr` is a small multiple of
// machine epsilon times this, however small the value where the terms cancel.
Expr term_magnitude(const Expr& expr, std::size_t i) {
  const Node& node = expr[i];
  const auto [left, right] = expr.children(i);
  switch (node.op) {
    case Op::Var: return build::unary(Op::Abs, expr.subtree(i));
    case Op::Num:
    case Op::Param: return build::num(std::abs(node.value));
    case Op::Add:
    case Op::Sub: return build::binary(Op::Add, term_magnitude(expr, left), term_magnitude(expr, right));
    case Op::Mul: return build::binary(Op::Mul, term_magnitude(expr, left), term_magnitude(expr, right));
    case Op::Div: return build::binary(Op::Div, term_magnitude(expr, left), build::unary(Op::Abs, expr.subtree(right)));
    case Op::Neg: return term_magnitude(expr, left);
    default: return build::unary(Op::Abs, expr.subtree(i));
  }
}

}  // namespace

Simplifier::Simplifier(SimplifyOptions options) : options_(std::move(options)), rules_(all_rules()) {}

Simplified Simplifier::simplify(const Expr& expr) const {
  EGraph graph(EGraphOptions{options_.positive_variables, false, options_.nonzero_variables});
  const ClassId root = graph.add(expr);
  Simplified result;
  result.report = saturate(graph, rules_, options_.limits);
  result.expr = tidy(Extractor(graph).extract(root));
  if (result.expr.size() > expr.size()) result.expr = expr;  // folding alone never grows a term
  return result;
}

Expr Simplifier::simplify_on(const Expr& expr, const Dataset& data) const {
  Expr simplified = simplify(expr).expr;
  std::vector<double> before(data.rows());
  std::vector<double> after(data.rows());
  Evaluator evaluator(data);
  const bool before_finite = evaluator.evaluate(expr, before) == EvalStatus::Ok;
  if (!before_finite) return simplified;  // nothing to keep: the input fails on the data itself
  if (evaluator.evaluate(simplified, after) != EvalStatus::Ok) return expr;
  double scale = 0.0;
  for (const double v : before) scale = std::max(scale, std::abs(v));
  // The input's own rounding where its terms cancel (linear scaling's offset against a scale
  // near 1e12): a rewrite that is wrong on a row is off by the size of its value, far beyond.
  constexpr double kRoundingSlack = 1e-12;
  std::vector<double> magnitude(data.rows(), 0.0);
  if (evaluator.evaluate(term_magnitude(expr, expr.root()), magnitude) != EvalStatus::Ok) {
    std::fill(magnitude.begin(), magnitude.end(), 0.0);
  }
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (!(std::abs(after[i] - before[i]) <= 1e-6 * scale + kRoundingSlack * magnitude[i])) return expr;
  }
  return simplified;
}

bool Simplifier::equivalent(const Expr& a, const Expr& b, RunReport* report) const {
  EGraph graph(EGraphOptions{options_.positive_variables, false, options_.nonzero_variables});
  const ClassId x = graph.add(a);
  const ClassId y = graph.add(b);
  const RunReport run = saturate(graph, rules_, options_.limits,
                                 [&](const EGraph& g) { return g.find(x) == g.find(y); });
  if (report != nullptr) *report = run;
  return graph.find(x) == graph.find(y);
}

Expr simplify(const Expr& expr, const SimplifyOptions& options) { return Simplifier(options).simplify(expr).expr; }

bool equivalent(const Expr& a, const Expr& b, const SimplifyOptions& options) {
  return Simplifier(options).equivalent(a, b);
}

Canonicalizer::Canonicalizer(KeyOptions options)
    : options_(std::move(options)),
      rules_(make_rules({RuleGroup::Algebra, RuleGroup::Powers, RuleGroup::LogExp, RuleGroup::Trigonometry})) {}

std::uint64_t Canonicalizer::key(const Expr& expr) const {
  Workspace workspace;
  return key(expr, workspace);
}

std::uint64_t Canonicalizer::key(const Expr& expr, Workspace& workspace) const {
  if (workspace.graph) {
    workspace.graph->clear();
  } else {
    workspace.graph.emplace(EGraphOptions{options_.positive_variables, true, {}});
  }
  EGraph& graph = *workspace.graph;
  const ClassId root = graph.add(expr);
  (void)saturate(graph, rules_, options_.limits, workspace.saturation);
  workspace.extractor.build(graph);
  return workspace.extractor.term_hash(root);
}

}  // namespace kepler::egraph
