#include "egraph/egraph.hpp"

#include <fmt/format.h>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "egraph/exact_fold.hpp"

namespace kepler::egraph {
namespace {

std::uint64_t value_bits(double value) noexcept {
  return std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);  // -0 and +0 are one literal
}

}  // namespace

ConstantConflict::ConstantConflict(double a, double b)
    : std::logic_error(fmt::format("e-graph: merging classes that equal {} and {}", a, b)) {}

bool operator==(const ENode& a, const ENode& b) noexcept {
  if (a.op != b.op || a.index != b.index) return false;
  if (a.op == Op::Num) return value_bits(a.value) == value_bits(b.value);
  const int n = arity(a.op);
  for (int k = 0; k < n; ++k) {
    if (a.children[static_cast<std::size_t>(k)] != b.children[static_cast<std::size_t>(k)]) return false;
  }
  return true;
}

bool operator<(const ENode& a, const ENode& b) noexcept {
  if (a.op != b.op) return a.op < b.op;
  if (a.index != b.index) return a.index < b.index;
  if (a.op == Op::Num) return value_bits(a.value) < value_bits(b.value);
  return a.children < b.children;  // unused operand slots are always 0
}

std::size_t ENodeHash::operator()(const ENode& node) const noexcept {
  std::uint64_t h = static_cast<std::uint64_t>(node.op) * 0x9e3779b97f4a7c15ULL;
  const auto mix = [&h](std::uint64_t word) {
    h ^= word + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  mix(node.index);
  if (node.op == Op::Num) mix(value_bits(node.value));
  for (const ClassId child : node.operands()) mix(child);
  // A final avalanche: open addressing reads the low bits, which the combine above leaves weak.
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return static_cast<std::size_t>(h);
}

EGraph::EGraph(EGraphOptions options) : options_(std::move(options)) {}

void EGraph::clear() {
  for (std::size_t id = 0; id < parent_.size(); ++id) {
    classes_[id].nodes.clear();
    classes_[id].parents.clear();
    classes_[id].data = {};
  }
  parent_.clear();
  live_classes_ = 0;
  memo_.clear();
  pending_.clear();
  analysis_pending_.clear();
}

ClassId EGraph::new_class() {
  const auto id = static_cast<ClassId>(parent_.size());
  parent_.push_back(id);
  if (classes_.size() <= id) classes_.emplace_back();
  ++live_classes_;
  return id;
}

ENode EGraph::canonical(ENode node) const {
  const int n = arity(node.op);
  for (int k = 0; k < n; ++k) {
    auto& child = node.children[static_cast<std::size_t>(k)];
    child = find(child);
  }
  if (node.op == Op::Num && node.value == 0.0) node.value = 0.0;
  return node;
}

std::optional<ClassId> EGraph::lookup(ENode node) const {
  const auto it = memo_.find(canonical(node));
  if (it == memo_.end()) return std::nullopt;
  return find(it->second);
}

ClassId EGraph::add(const Expr& expr) {
  boost::container::small_vector<ClassId, 32> ids(expr.size());
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const Node& node = expr[i];
    ENode e{node.op, 0, 0.0, {}};
    if (node.op == Op::Var || node.op == Op::Param) e.index = node.index;
    if (node.op == Op::Num || node.op == Op::Param) e.value = node.value;
    const auto children = expr.children(i);
    for (int k = 0; k < arity(node.op); ++k) {
      e.children[static_cast<std::size_t>(k)] = ids[children[static_cast<std::size_t>(k)]];
    }
    ids[i] = add(e);
  }
  return ids.back();
}

ClassId EGraph::add(ENode node) {
  node = canonical(node);
  if (const auto it = memo_.find(node); it != memo_.end()) return find(it->second);
  const ClassId id = new_class();
  EClass& cls = classes_[id];
  cls.nodes.push_back(node);
  cls.data = make_data(node);
  for (const ClassId child : node.operands()) classes_[child].parents.emplace_back(node, id);
  memo_.emplace(node, id);
  modify(id);
  return find(id);
}

ClassData EGraph::make_data(const ENode& node) const {
  ClassData d;
  std::array<const ClassData*, 2> c{};
  const int n = arity(node.op);
  for (int k = 0; k < n; ++k) {
    const auto slot = static_cast<std::size_t>(k);
    c[slot] = &classes_[find(node.children[slot])].data;
  }
  switch (node.op) {
    case Op::Num:
      d.value = node.value;
      d.current = node.value;
      d.constant = true;
      break;
    case Op::Param:
      d.constant = true;
      d.free = true;
      if (!options_.abstract_constants) {
        // Strict signs only: they hold near the current value, an equality (c = 1) does not.
        d.current = node.value;
        d.positive = node.value > 0.0;
        d.nonzero = node.value != 0.0;
      }
      break;
    case Op::Var:
      d.positive = node.index < options_.positive_variables.size() && options_.positive_variables[node.index];
      d.nonzero = d.positive ||
                  (node.index < options_.nonzero_variables.size() && options_.nonzero_variables[node.index]);
      break;
    default: {
      d.constant = c[0]->constant && (n < 2 || c[1]->constant);
      d.free = c[0]->free || (n == 2 && c[1]->free);
      const double b_value = n == 2 && c[1]->value ? *c[1]->value : 0.0;
      if (c[0]->value && (n < 2 || c[1]->value)) d.value = fold_exactly(node.op, *c[0]->value, b_value);
      if (c[0]->current && (n < 2 || c[1]->current)) {
        d.current = info(node.op).scalar(*c[0]->current, n == 2 ? *c[1]->current : 0.0);
      }
      const ClassData& a = *c[0];
      const ClassData* b = c[1];
      switch (node.op) {
        case Op::Add:
          d.positive = (a.positive && b->nonnegative) || (a.nonnegative && b->positive);
          d.nonnegative = a.nonnegative && b->nonnegative;
          d.nonzero = d.positive;
          break;
        case Op::Mul:
          d.positive = a.positive && b->positive;
          d.nonnegative = a.nonnegative && b->nonnegative;
          d.nonzero = a.nonzero && b->nonzero;
          break;
        case Op::Div:
          d.positive = a.positive && b->positive;
          d.nonnegative = a.nonnegative && b->nonnegative;
          d.nonzero = a.nonzero;
          break;
        case Op::Neg: d.nonzero = a.nonzero; break;
        case Op::Inv: d.positive = a.positive; d.nonnegative = a.nonnegative; d.nonzero = true; break;
        case Op::Square: case Op::Abs:
          d.positive = d.nonzero = a.nonzero;
          d.nonnegative = true;
          break;
        case Op::Sqrt:
          d.positive = a.positive;
          d.nonzero = a.nonzero;
          d.nonnegative = true;
          break;
        case Op::Pow: case Op::Cube: case Op::Cbrt: case Op::Tanh:
          d.positive = a.positive;
          d.nonnegative = a.nonnegative;
          d.nonzero = a.nonzero;
          break;
        case Op::Exp: d.positive = d.nonnegative = d.nonzero = true; break;
        default: break;
      }
    }
  }
  if (d.value) {
    d.positive = *d.value > 0.0;
    d.nonnegative = *d.value >= 0.0;
    d.nonzero = *d.value != 0.0;
  }
  d.nonnegative = d.nonnegative || d.positive;
  return d;
}

bool EGraph::merge_data(ClassData& into, const ClassData& incoming) {
  if (into.value && incoming.value && *into.value != *incoming.value) {
    throw ConstantConflict(*into.value, *incoming.value);
  }
  const ClassData before = into;
  if (!into.value && incoming.value) into.value = incoming.value;
  if (!into.current && incoming.current) into.current = incoming.current;
  into.constant = into.constant || incoming.constant;
  into.free = into.free && incoming.free;
  into.positive = into.positive || incoming.positive;
  into.nonnegative = into.nonnegative || incoming.nonnegative;
  into.nonzero = into.nonzero || incoming.nonzero;
  return before.value != into.value || before.current.has_value() != into.current.has_value() ||
         before.constant != into.constant || before.free != into.free ||
         before.positive != into.positive || before.nonnegative != into.nonnegative ||
         before.nonzero != into.nonzero;
}

void EGraph::modify(ClassId id) {
  id = find(id);
  const std::optional<double> value = classes_[id].data.value;
  if (value) merge(id, add(ENode{Op::Num, 0, *value, {}}));
}

bool EGraph::merge(ClassId a, ClassId b) {
  a = find(a);
  b = find(b);
  if (a == b) return false;
  const auto& va = classes_[a].data.value;
  const auto& vb = classes_[b].data.value;
  if (va && vb && *va != *vb) throw ConstantConflict(*va, *vb);
  // The older class's current value is kept: it is the double value of the input's own subterm,
  // which a rewritten twin may not reproduce to the last bit.
  const ClassData& older = classes_[std::min(a, b)].data;
  const std::optional<double> current = older.current ? older.current : classes_[std::max(a, b)].data.current;
  if (classes_[a].parents.size() < classes_[b].parents.size()) std::swap(a, b);
  parent_[b] = a;
  --live_classes_;
  EClass& absorbed = classes_[b];
  EClass& kept = classes_[a];
  const bool kept_changed = merge_data(kept.data, absorbed.data);
  kept.data.current = current;
  ClassData absorbed_view = absorbed.data;
  const bool absorbed_changed = merge_data(absorbed_view, kept.data);
  kept.nodes.insert(kept.nodes.end(), absorbed.nodes.begin(), absorbed.nodes.end());
  kept.parents.insert(kept.parents.end(), absorbed.parents.begin(), absorbed.parents.end());
  // Emptied, not freed: its storage serves a later class once the graph is cleared.
  absorbed.nodes.clear();
  absorbed.parents.clear();
  absorbed.data = {};
  pending_.push_back(a);
  if (kept_changed || absorbed_changed) analysis_pending_.push_back(a);
  modify(a);
  return true;
}

void EGraph::repair(ClassId id) {
  // egg's repair: re-canonicalize the parents in the hash-cons, then merge parents that became
  // equal (congruence), found adjacent once sorted.
  id = find(id);
  repairing_.clear();
  std::swap(repairing_, classes_[id].parents);
  for (auto& [node, cls] : repairing_) {
    memo_.erase(node);
    node = canonical(node);
    memo_[node] = find(cls);
  }
  std::sort(repairing_.begin(), repairing_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t kept_count = 0;
  for (std::size_t k = 0; k < repairing_.size(); ++k) {
    auto& [node, cls] = repairing_[k];
    if (kept_count > 0 && repairing_[kept_count - 1].first == node) {
      merge(repairing_[kept_count - 1].second, cls);
      repairing_[kept_count - 1].second = find(cls);
      continue;
    }
    repairing_[kept_count++] = {node, find(cls)};
  }
  repairing_.resize(kept_count);
  auto& kept = classes_[find(id)].parents;
  kept.insert(kept.end(), repairing_.begin(), repairing_.end());
}

void EGraph::rebuild() {
  while (!pending_.empty() || !analysis_pending_.empty()) {
    while (!pending_.empty()) {
      // A class merged many times is repaired once.
      todo_.clear();
      std::swap(todo_, pending_);
      for (ClassId& id : todo_) id = find(id);
      std::sort(todo_.begin(), todo_.end());
      todo_.erase(std::unique(todo_.begin(), todo_.end()), todo_.end());
      for (std::size_t k = 0; k < todo_.size(); ++k) repair(todo_[k]);
    }
    while (!analysis_pending_.empty()) {
      const ClassId id = find(analysis_pending_.back());
      analysis_pending_.pop_back();
      const std::size_t count = classes_[id].parents.size();
      for (std::size_t k = 0; k < count; ++k) {
        if (find(id) != id) break;  // absorbed by a merge below: its parents moved and are queued
        const auto [node, cls] = classes_[id].parents[k];  // copied: modify() may add classes
        const ClassId target = find(cls);
        const ClassData incoming = make_data(canonical(node));
        if (merge_data(classes_[target].data, incoming)) {
          analysis_pending_.push_back(target);
          modify(target);
        }
      }
    }
  }
  for (ClassId id = 0; id < parent_.size(); ++id) {
    if (parent_[id] != id) continue;
    EClass& cls = classes_[id];
    for (auto& node : cls.nodes) node = canonical(node);
    std::sort(cls.nodes.begin(), cls.nodes.end());
    cls.nodes.erase(std::unique(cls.nodes.begin(), cls.nodes.end()), cls.nodes.end());
  }
}

std::vector<ClassId> EGraph::class_ids() const {
  std::vector<ClassId> ids;
  ids.reserve(live_classes_);
  class_ids(ids);
  return ids;
}

void EGraph::class_ids(std::vector<ClassId>& out) const {
  out.clear();
  for (ClassId id = 0; id < parent_.size(); ++id) {
    if (parent_[id] == id) out.push_back(id);
  }
}

}  // namespace kepler::egraph
