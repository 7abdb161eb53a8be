#include "search/enumerate/forms.hpp"

#include <stdexcept>
#include <utility>

#include "search/polynomial.hpp"

namespace kepler {
namespace {

FormLimits checked(FormLimits limits, std::size_t variables) {
  if (variables == 0) throw std::invalid_argument("FormGenerator: no variables");
  if (limits.max_size == 0) throw std::invalid_argument("FormGenerator: max_size must be at least 1");
  return limits;
}

}  // namespace

FormGenerator::FormGenerator(std::span<const Op> operators, std::size_t variables, FormLimits limits)
    : operators_(operators.begin(), operators.end()),
      variables_(variables),
      limits_(checked(limits, variables)),
      forms_(limits_.max_size + 1),
      meta_(limits_.max_size + 1) {
  for (const Op op : operators_) {
    if (arity(op) == 0) throw std::invalid_argument("FormGenerator: a leaf is not an operator");
  }
}

std::span<const Expr> FormGenerator::forms(std::size_t size) const noexcept {
  if (size >= forms_.size()) return {};
  return forms_[size];
}

std::optional<FormGenerator::Leaf> FormGenerator::combined(Op op, Leaf left, Leaf right) noexcept {
  if (left == Leaf::UnderRoot || right == Leaf::UnderRoot) return std::nullopt;
  if (arity(op) == 1) {
    if (left == Leaf::None) return Leaf::None;
    if (invertible_root(op)) return Leaf::UnderRoot;
    return op == Op::Neg ? std::optional<Leaf>(Leaf::Affine) : std::nullopt;
  }
  if (left == Leaf::None && right == Leaf::None) return Leaf::None;
  if (left != Leaf::None && right != Leaf::None) return std::nullopt;  // two leaves
  if (op == Op::Add || op == Op::Sub || op == Op::Mul) return Leaf::Affine;
  if (op == Op::Div && left == Leaf::Affine) return Leaf::Affine;  // the leaf in the numerator
  return std::nullopt;
}

void FormGenerator::admit(Expr f) {
  if (size_ == 0 || admitted_ >= limits_.max_forms) return;
  Meta meta;
  meta.constants = f.parameter_count();
  for (const Node& node : f.nodes()) meta.has_variable = meta.has_variable || node.op == Op::Var;
  // Where f holds the leaf: under a root log, exp or sqrt, or else affinely (the generator built
  // f only where combined() allowed it).
  if (const std::optional<std::size_t> leaf = polynomial_leaf(f)) {
    meta.leaf = Leaf::Affine;
    if (invertible_root(f[f.root()].op) && *leaf != f.root()) meta.leaf = Leaf::UnderRoot;
  }
  forms_[size_].push_back(std::move(f));
  meta_[size_].push_back(meta);
  ++admitted_;
}

bool FormGenerator::start_size(std::size_t size) {
  if (size > limits_.max_size) {
    done_ = true;
    return false;
  }
  size_ = size;
  cursor_ = Cursor{};
  return true;
}

void FormGenerator::emit_leaves(std::size_t n, std::vector<Expr>& out, std::size_t& produced) {
  const std::size_t constant = variables_ + (limits_.constant_leaf ? 1 : 0);
  const std::size_t leaves = constant + (limits_.polynomial_leaf ? 1 : 0);
  while (produced < n && leaf_ < leaves) {
    out.push_back(leaf_ < variables_  ? build::var(static_cast<std::uint32_t>(leaf_))
                  : leaf_ < constant ? build::param(1.0)
                                     : build::var(kPolynomialLeaf));
    ++leaf_;
    ++produced;
  }
}

bool FormGenerator::advance(Expr& out) {
  Cursor& c = cursor_;
  const std::size_t s = size_;
  while (c.op < operators_.size()) {
    const Op op = operators_[c.op];
    if (arity(op) == 1) {
      const auto& below = forms_[s - 1];
      while (c.i < below.size()) {
        const std::size_t i = c.i++;
        if (!meta_[s - 1][i].has_variable) continue;  // op(c) is a constant
        if (!combined(op, meta_[s - 1][i].leaf)) continue;
        out = build::unary(op, below[i]);
        return true;
      }
    } else if (s >= 3) {
      const bool commutative = info(op).commutative;
      while (c.left_size <= s - 2) {
        const std::size_t a = c.left_size;
        const std::size_t b = s - 1 - a;
        if (commutative && a > b) break;
        const auto& left = forms_[a];
        const auto& right = forms_[b];
        while (c.i < left.size()) {
          if (c.j >= right.size()) {
            ++c.i;
            c.j = commutative && a == b ? c.i : 0;
            continue;
          }
          const std::size_t i = c.i;
          const std::size_t j = c.j++;
          const Meta& l = meta_[a][i];
          const Meta& r = meta_[b][j];
          if (!l.has_variable && !r.has_variable) continue;
          if (l.constants + r.constants > limits_.max_constants) continue;
          if (!combined(op, l.leaf, r.leaf)) continue;
          out = build::binary(op, left[i], right[j]);
          out.renumber_parameters();
          return true;
        }
        ++c.left_size;
        c.i = 0;
        c.j = 0;
      }
    }
    ++c.op;
    c.left_size = 1;
    c.i = 0;
    c.j = 0;
  }
  return false;
}

std::size_t FormGenerator::next(std::size_t n, std::vector<Expr>& out) {
  std::size_t produced = 0;
  if (done_ || n == 0) return 0;
  if (size_ == 0 && !start_size(1)) return 0;
  while (produced == 0) {
    if (size_ == 1) {
      emit_leaves(n, out, produced);
    } else {
      Expr f;
      while (produced < n && advance(f)) {
        out.push_back(std::move(f));
        ++produced;
      }
    }
    if (produced > 0) return produced;
    if (!start_size(size_ + 1)) return 0;
  }
  return produced;
}

}  // namespace kepler
