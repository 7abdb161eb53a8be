// Extraction: the cheapest term each e-class represents, under a cost function.
//
// An e-graph has cycles (x = x·1), so costs are found as egg finds them: a fixed point over all
// classes, each taking its cheapest e-node given its operands' current costs, until none falls.
// Ties are broken by a hash of the chosen term, so equal e-classes give the same term whatever
// order their e-nodes were added in.
//
// A constant class without a known exact value may also be written as one leaf: a free constant
// if every term of it depends on free constants (c1·c2, c + 1; its value the class's current
// one), else the number it evaluates to in double precision (1/3, sqrt(2)). Such a leaf is a
// presentation of the class, never an e-node, so no rule can take 0.3333333333333333 for 1/3.
#pragma once

#include <functional>
#include <span>
#include <optional>
#include <vector>

#include "egraph/egraph.hpp"

namespace kepler::egraph {

// Cost of an e-node given the costs of its operands' best terms; must be positive.
using CostFunction = std::function<double(const ENode& node, std::span<const double> operand_costs)>;

// One per node: the node count of the term, operations a hair dearer than leaves so that ties go
// to the term with fewer operations, and general powers a hair dearer than other operations.
[[nodiscard]] double node_count_cost(const ENode& node, std::span<const double> operand_costs);

class Extractor {
 public:
  // An extractor of no graph yet: build() gives it one.
  Extractor() = default;
  explicit Extractor(const EGraph& graph, const CostFunction& cost = node_count_cost);

  // Finds the best terms of `graph` (rebuilt), replacing what was found before; the working
  // memory is kept, so one extractor reused over many small graphs allocates only while it grows.
  void build(const EGraph& graph, const CostFunction& cost = node_count_cost);

  [[nodiscard]] double cost(ClassId id) const;
  // The best term of a class, free constants numbered afresh in postfix order.
  [[nodiscard]] Expr extract(ClassId id) const;
  // Hash of the best term (blind to constant values of Params).
  [[nodiscard]] std::uint64_t term_hash(ClassId id) const;

 private:
  struct Best {
    double cost;
    std::uint64_t hash;
    ENode node;
  };
  [[nodiscard]] const Best& best(ClassId id) const;  // throws std::out_of_range if none
  void append(ClassId id, std::vector<Node>& out) const;

  const EGraph* graph_ = nullptr;
  std::vector<std::optional<Best>> best_;  // by canonical class id
  // Scratch of build(), by dense index (a canonical class's position among the canonical ids).
  std::vector<ClassId> ids_;
  std::vector<std::size_t> vertex_;  // dense index by class id
  std::vector<std::optional<ENode>> folded_;
  std::vector<double> costs_;
  std::vector<double> operand_costs_;
  std::vector<std::size_t> by_cost_;
};

}  // namespace kepler::egraph
