// An e-graph in the manner of egg (Willsey et al., POPL 2021): e-nodes over e-class ids, a
// hash-cons from canonical e-node to e-class, a union-find over e-class ids, and deferred
// rebuilding that restores congruence once per batch of merges.
//
// Every e-class carries analysis data (ClassData). Its `value` is a number the class is known to
// equal in real arithmetic: it comes from literals through exact folding only (exact_fold.hpp),
// and a class with a value holds the literal, so rules can match it. Merging two classes with
// different values would mean the graph proved a false equality: merge() refuses it by throwing
// ConstantConflict before changing anything. Free constants (Param nodes) are symbols, never
// known numbers, whatever their current value: c·x must not simplify to x because c happens to
// be 1 now. Their current values only feed `current`, the double value of a constant class at the
// present values, which extraction uses to print a constant subterm as one number and a class of
// free constants as one free constant (c1·c2 → c).
//
// Two treatments of free constants: by default a Param has its current value and the sign of it
// (a strict sign holds near the current value, so rewrites under it keep the function near the
// fitted constants); with `abstract_constants` a Param is a constant of unknown value and sign,
// the view the search's canonical key needs (c1·c2·x and c·x are the same model family).
//
// A constant class whose double value is not finite (log(-1), 1/0) is undefined: rules never match
// through it, so 0/0 is not rewritten into a number.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include <absl/container/flat_hash_map.h>

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
  std::optional<double> value;    // the exact number this class equals (see above)
  std::optional<double> current;  // a constant class's double value at the current free constants
  bool constant = false;          // equal to a term with no variable: a (possibly free) constant
  bool free = false;              // every term of the class depends on a free constant (a Param)
  bool positive = false;          // > 0 wherever it is defined
  bool nonnegative = false;       // ≥ 0 wherever it is defined
  bool nonzero = false;           // ≠ 0 wherever it is defined

  // A constant with no finite value (log(-1), 1/0): nothing about it can be proven.
  [[nodiscard]] bool undefined() const noexcept { return constant && !value && current && !std::isfinite(*current); }
};

// Thrown by EGraph::merge when the two classes are known to equal different numbers.
class ConstantConflict : public std::logic_error {
 public:
  ConstantConflict(double a, double b);
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

  // Empties the graph, keeping its options and the memory it has grown: a graph reused for many
  // small terms (canonical keys) allocates only while it grows past its largest one.
  void clear();

  // Adds every subterm of `expr`; returns the class of its root.
  ClassId add(const Expr& expr);
  // Adds one e-node (children need not be canonical); returns its class.
  ClassId add(ENode node);
  // Declares two classes equal; true if they were different. Congruence is restored by rebuild().
  // Throws ConstantConflict, leaving the graph unchanged, when their values differ.
  bool merge(ClassId a, ClassId b);
  // Restores the invariants (hash-cons canonical, congruence closed, analysis up to date).
  void rebuild();

  [[nodiscard]] ClassId find(ClassId id) const {
    while (parent_[id] != id) {
      parent_[id] = parent_[parent_[id]];
      id = parent_[id];
    }
    return id;
  }
  [[nodiscard]] const EClass& eclass(ClassId id) const { return classes_[find(id)]; }
  [[nodiscard]] const ClassData& data(ClassId id) const { return eclass(id).data; }
  // Canonical ids of every e-class.
  [[nodiscard]] std::vector<ClassId> class_ids() const;
  // The same ids, ascending, into `out` (its storage reused).
  void class_ids(std::vector<ClassId>& out) const;
  // Ids handed out so far, canonical or not: every id is below this.
  [[nodiscard]] std::size_t id_count() const noexcept { return parent_.size(); }
  [[nodiscard]] std::size_t class_count() const noexcept { return live_classes_; }
  [[nodiscard]] std::size_t node_count() const noexcept { return memo_.size(); }
  // The class holding this e-node, if any (children canonicalized first).
  [[nodiscard]] std::optional<ClassId> lookup(ENode node) const;
  [[nodiscard]] const EGraphOptions& options() const noexcept { return options_; }
  [[nodiscard]] bool clean() const noexcept { return pending_.empty() && analysis_pending_.empty(); }

 private:
  [[nodiscard]] ENode canonical(ENode node) const;
  // A fresh class id; its EClass (storage kept from an earlier use) is empty.
  ClassId new_class();
  [[nodiscard]] ClassData make_data(const ENode& node) const;
  // Merges `incoming` into `into`; true if `into` changed. Throws ConstantConflict.
  static bool merge_data(ClassData& into, const ClassData& incoming);
  // Adds the literal of a class's known value to the class.
  void modify(ClassId id);
  void repair(ClassId id);

  EGraphOptions options_;
  mutable std::vector<ClassId> parent_;  // union-find, with path halving; its size is the id count
  // By id; only canonical ids hold a class. May be longer than parent_: the tail is storage kept
  // by clear().
  std::vector<EClass> classes_;
  std::size_t live_classes_ = 0;
  absl::flat_hash_map<ENode, ClassId, ENodeHash> memo_;  // hash-cons
  std::vector<ClassId> pending_;                         // classes whose parents need repair
  std::vector<ClassId> analysis_pending_;                // classes whose data changed
  // Scratch of rebuild() and repair(), kept between calls.
  std::vector<ClassId> todo_;
  std::vector<std::pair<ENode, ClassId>> repairing_;
};

}  // namespace kepler::egraph
