#include "egraph/extract.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace kepler::egraph {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
  h ^= word + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xbf58476d1ce4e5b9ULL;
}

bool same_cost(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

// The one leaf a constant class without a known value can be written as: a free constant when
// every term of it depends on one (c1·c2 is one constant to fit), else the number its double
// value is (1/3 prints as 0.3333333333333333). Not an e-node: no rule may treat it as exact.
std::optional<ENode> folded_leaf(const ClassData& data, bool abstract_constants) {
  if (!data.constant || data.value) return std::nullopt;  // a known value has its literal
  // A current value that overflowed or underflowed (0 or subnormal without being known exactly)
  // is not the class's value: the class keeps its term.
  const bool finite = data.current && std::isfinite(*data.current) &&
                      std::abs(*data.current) >= std::numeric_limits<double>::min();
  if (data.free && (finite || abstract_constants)) return ENode{Op::Param, 0, finite ? *data.current : 0.0, {}};
  if (!data.free && finite) return ENode{Op::Num, 0, *data.current, {}};
  return std::nullopt;
}

std::uint64_t leaf_hash(const ENode& node) {
  std::uint64_t h = mix(0, static_cast<std::uint64_t>(node.op));
  if (node.op == Op::Var || node.op == Op::Param) h = mix(h, node.index);
  if (node.op == Op::Num) h = mix(h, std::bit_cast<std::uint64_t>(node.value == 0.0 ? 0.0 : node.value));
  return h;
}

}  // namespace

double node_count_cost(const ENode& node, std::span<const double> operand_costs) {
  // Among terms of equal size, fewer operations: x^4 rather than square(square(x)); a general
  // power last, b·log(x) rather than log(x^b), whose power overflows first; and a number before a
  // repeated operand, 2·μ rather than μ + μ.
  double total = operand_costs.empty() ? (node.op == Op::Num ? 0.9999 : 1.0) : (node.op == Op::Pow ? 1.0015 : 1.001);
  for (const double c : operand_costs) total += c;
  return total;
}

Extractor::Extractor(const EGraph& graph, const CostFunction& cost) { build(graph, cost); }

void Extractor::build(const EGraph& graph, const CostFunction& cost_of) {
  graph_ = &graph;
  // Canonical ids ascend; a class's dense index is its position among them.
  auto& ids = ids_;
  graph.class_ids(ids);
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  auto& vertex = vertex_;
  vertex.assign(ids.empty() ? 0 : ids.back() + 1, kNone);
  for (std::size_t v = 0; v < ids.size(); ++v) vertex[ids[v]] = v;
  const auto index_of = [&](ClassId child) { return vertex[graph.find(child)]; };

  const bool abstract_constants = graph.options().abstract_constants;
  auto& folded = folded_;
  folded.assign(ids.size(), std::nullopt);
  auto& cost = costs_;
  cost.assign(ids.size(), kInfinity);
  for (std::size_t v = 0; v < ids.size(); ++v) {
    folded[v] = folded_leaf(graph.data(ids[v]), abstract_constants);
    if (folded[v]) cost[v] = cost_of(*folded[v], {});
  }
  auto& operand_costs = operand_costs_;
  const auto node_cost = [&](const ENode& node) {
    operand_costs.clear();
    for (const ClassId child : node.operands()) {
      const double c = cost[index_of(child)];
      if (c == kInfinity) return kInfinity;
      operand_costs.push_back(c);
    }
    return cost_of(node, operand_costs);
  };
  // Costs: egg's fixed point — each class's cheapest e-node given its operands' costs, over all
  // classes until none falls (costs only fall, so it ends). Operands mostly have lower ids than
  // their users, so an ascending sweep settles nearly everything in the first pass.
  for (bool improved = true; improved;) {
    improved = false;
    for (std::size_t v = 0; v < ids.size(); ++v) {
      for (const ENode& node : graph.eclass(ids[v]).nodes) {
        const double candidate = node_cost(node);
        if (candidate < cost[v] && !same_cost(candidate, cost[v])) {
          cost[v] = candidate;
          improved = true;
        }
      }
    }
  }
  // Choices: by increasing cost, so a best node's operands (strictly cheaper) are decided first;
  // among the cheapest nodes the one whose term hashes lowest.
  auto& by_cost = by_cost_;
  by_cost.resize(ids.size());
  for (std::size_t v = 0; v < ids.size(); ++v) by_cost[v] = v;
  std::sort(by_cost.begin(), by_cost.end(), [&](std::size_t a, std::size_t b) { return cost[a] < cost[b]; });
  best_.assign(vertex.size(), std::nullopt);
  for (const std::size_t v : by_cost) {
    if (cost[v] == kInfinity) continue;
    if (folded[v] && same_cost(cost_of(*folded[v], {}), cost[v])) {
      best_[ids[v]] = Best{cost[v], leaf_hash(*folded[v]), *folded[v]};
      continue;
    }
    std::optional<Best> chosen;
    for (const ENode& node : graph.eclass(ids[v]).nodes) {
      if (!same_cost(node_cost(node), cost[v])) continue;
      std::uint64_t h = leaf_hash(node);
      bool ready = true;
      for (const ClassId child : node.operands()) {
        const std::optional<Best>& operand = best_[graph.find(child)];
        if (!operand) {
          ready = false;
          break;
        }
        h = mix(h, operand->hash);
      }
      if (!ready) continue;
      if (!chosen || h < chosen->hash) chosen = Best{cost[v], h, node};
    }
    if (chosen) best_[ids[v]] = *chosen;
  }
}

const Extractor::Best& Extractor::best(ClassId id) const {
  const ClassId canonical = graph_->find(id);
  if (canonical >= best_.size() || !best_[canonical]) throw std::out_of_range("Extractor: class has no finite term");
  return *best_[canonical];
}

double Extractor::cost(ClassId id) const {
  const ClassId canonical = graph_->find(id);
  return canonical < best_.size() && best_[canonical] ? best_[canonical]->cost : kInfinity;
}

std::uint64_t Extractor::term_hash(ClassId id) const { return best(id).hash; }

void Extractor::append(ClassId id, std::vector<Node>& out) const {
  const ENode& node = best(id).node;
  for (const ClassId child : node.operands()) append(child, out);
  switch (node.op) {
    case Op::Var: out.push_back(Node::var(node.index)); break;
    case Op::Num: out.push_back(Node::num(node.value)); break;
    case Op::Param: out.push_back(Node::param(node.index, node.value)); break;
    default: out.push_back(Node::make(node.op));
  }
}

Expr Extractor::extract(ClassId id) const {
  std::vector<Node> nodes;
  append(id, nodes);
  Expr term(std::move(nodes));
  term.renumber_parameters();
  return term;
}

}  // namespace kepler::egraph
