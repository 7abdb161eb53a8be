// An e-graph in the manner of egg (Willsey et al., POPL 2021): e-nodes over e-class ids, a
// hash-cons from canonical e-node to e-class, a union-find over e-class ids, and deferred
// rebuilding that restores congruence once per batch of merges.
//
// Every e-class carries analysis data (ClassData): the constant value it folds to, whether it is
// free of variables, and sign facts (positive, non-zero) that rule conditions consult. Constant
// classes get a literal e-node, so extraction finds folded constants.
//
// Two treatments of free constants (Param nodes): by default each slot is a number with the value
// it holds (so c1·c2 folds), marked `free` so that extraction gives folded free constants back as
// free constants; with `abstract_constants` every free constant is one symbol "c" of unknown
// value and any operation on constants only is again "c" — the equivalence of model families that
// the search's canonical key needs (c1·c2·x and c·x are the same model).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "engine/expr.hpp"

namespace kepler::egraph {

using ClassId = std::uint32_t;

struct ENode {
  Op op = Op::Num;
  std::uint32_t index = 0;  // Var column, Param slot
  double value = 0.0;       // Num value; a Param's current value (not part of its identity)
  std::array<ClassId, 2> children{};  // the first arity(op) are used

  [[nodiscard]] std::span<const ClassId> operands() const noexcept {
    return {children.data(), static_cast<std::size_t>(arity(op))};
  }
  friend bool operator==(const ENode& a, const ENode& b) noexcept;
  // A total order (op, index, value, children) for sorting and deduplicating.
  friend bool operator<(const ENode& a, const ENode& b) noexcept;
};

struct ENodeHash {
  std::size_t operator()(const ENode& node) const noexcept;
};

struct ClassData {
  std::optional<double> value;  // the number this class folds to
  bool constant = false;        // no variable below: a (possibly free) constant
  bool free = false;            // depends on a free constant (a Param)
  bool positive = false;        // > 0 wherever it is defined
  bool nonnegative = false;     // ≥ 0 wherever it is defined
  bool nonzero = false;         // ≠ 0 wherever it is defined
};

struct EClass {
  std::vector<ENode> nodes;
  std::vector<std::pair<ENode, ClassId>> parents;  // e-nodes that use this class, with their class
  ClassData data;
};

struct EGraphOptions {
  // Columns known to be positive on the data's domain (log(x·y) = log x + log y needs it).
  std::vector<bool> positive_variables;
  bool abstract_constants = false;
  // Columns with no zero in the data (x / x = 1 needs it); positive ones count as nonzero anyway.
  std::vector<bool> nonzero_variables;
};

class EGraph {
 public:
  explicit EGraph(EGraphOptions options = {});

  // Adds every subterm of `expr`; returns the class of its root.
  ClassId add(const Expr& expr);
  // Adds one e-node (children need not be canonical); returns its class.
  ClassId add(ENode node);
  // Declares two classes equal; true if they were different. Congruence is restored by rebuild().
  bool merge(ClassId a, ClassId b);
  // Restores the invariants (hash-cons canonical, congruence closed, analysis up to date).
  void rebuild();

  [[nodiscard]] ClassId find(ClassId id) const;
  [[nodiscard]] const EClass& eclass(ClassId id) const { return classes_[find(id)]; }
  [[nodiscard]] const ClassData& data(ClassId id) const { return eclass(id).data; }
  // Canonical ids of every e-class.
  [[nodiscard]] std::vector<ClassId> class_ids() const;
  [[nodiscard]] std::size_t class_count() const noexcept { return live_classes_; }
  [[nodiscard]] std::size_t node_count() const noexcept { return memo_.size(); }
  // The class holding this e-node, if any (children canonicalized first).
  [[nodiscard]] std::optional<ClassId> lookup(ENode node) const;
  [[nodiscard]] const EGraphOptions& options() const noexcept { return options_; }
  [[nodiscard]] bool clean() const noexcept { return pending_.empty() && analysis_pending_.empty(); }

 private:
  [[nodiscard]] ENode canonical(ENode node) const;
  [[nodiscard]] ClassData make_data(const ENode& node) const;
  // Merges `incoming` into `into`; true if `into` changed.
  static bool merge_data(ClassData& into, const ClassData& incoming);
  // Adds the literal for a folded constant (or the abstract constant) to the class.
  void modify(ClassId id);
  void repair(ClassId id);

  EGraphOptions options_;
  mutable std::vector<ClassId> parent_;                  // union-find, with path halving
  std::vector<EClass> classes_;  // by id; only canonical ids hold a class
  std::size_t live_classes_ = 0;
  std::unordered_map<ENode, ClassId, ENodeHash> memo_;   // hash-cons
  std::vector<ClassId> pending_;                         // classes whose parents need repair
  std::vector<ClassId> analysis_pending_;                // classes whose data changed
};

}  // namespace kepler::egraph
