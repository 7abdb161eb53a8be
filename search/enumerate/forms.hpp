// Bottom-up generation of expression forms in order of size, for exhaustive enumeration (after
// Exhaustive Symbolic Regression, Bartlett, Desmond & Ferreira 2023).
//
// Forms of size s are the leaves (s = 1: each variable and one free constant) or an operator over
// forms of smaller sizes whose node counts add up to s − 1. Only forms the caller admits — one
// per equivalence class, by canonical key — are building blocks of larger ones; since equal
// functions stay equal under every operator, every class of size s is still reached from the
// admitted forms of smaller sizes. Without a proof of equality, two forms both count.
//
// Pruned syntactically: a composite with no variable (exp(c), c + c: the constant already is one
// form), more free constants than the limit, and the mirror image of a commutative operator's
// operands (b + a once a + b is generated).
//
// With FormLimits::polynomial_leaf, the sparse-polynomial leaf (search/polynomial.hpp) is one
// more leaf, and a form holds at most one, only where the candidate pipeline can fit it: every
// operator above it +, −, · or ÷ with the leaf's side the numerator, or such a form under a log,
// exp or sqrt that is then the form's root (no larger form is built on it). So P/y³ is a form of
// 7 nodes and log(P) one of 2, and a polynomial law within the leaf's degrees is a form of 1.
//
//   FormGenerator forms(operators, 1, {.max_size = 7});
//   std::vector<Expr> batch;
//   while (forms.next(1024, batch) > 0) {
//     for (Expr& f : batch) if (is_new(f)) forms.admit(std::move(f));
//     batch.clear();
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/expr.hpp"
#include "engine/operator.hpp"

namespace kepler {

struct FormLimits {
  std::size_t max_size = 9;       // nodes, ≥ 1
  std::size_t max_constants = 2;  // free constants in one form
  bool constant_leaf = true;      // whether a free constant is a leaf
  bool polynomial_leaf = false;   // whether the sparse-polynomial leaf is a leaf (at most one per form)
  // Admitted forms kept in all (a guard on memory: past it, larger forms are built from those
  // kept so far).
  std::size_t max_forms = std::size_t{1} << 20;
};

class FormGenerator {
 public:
  // Throws std::invalid_argument for a leaf operator, no variables or a max_size of 0.
  FormGenerator(std::span<const Op> operators, std::size_t variables, FormLimits limits = {});

  // Appends up to n forms to `out`, all of one size, and returns how many; 0 once every size up
  // to max_size is done. A size is done when all of its forms were handed out: the caller admits
  // those it keeps before the next call, which may go on to the next size.
  std::size_t next(std::size_t n, std::vector<Expr>& out);
  // Keeps f, one of the forms of the current size handed out, as a building block.
  void admit(Expr f);

  // The size of the forms handed out last.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool done() const noexcept { return done_; }
  // The admitted forms of one size, in the order admitted.
  [[nodiscard]] std::span<const Expr> forms(std::size_t size) const noexcept;
  // Admitted forms of every size.
  [[nodiscard]] std::size_t admitted() const noexcept { return admitted_; }

 private:
  // Where a form holds the polynomial leaf: nowhere, affinely (an operand may hold it), or
  // under a root log, exp or sqrt (a form of its own, no operand).
  enum class Leaf : std::uint8_t { None, Affine, UnderRoot };
  struct Meta {
    std::size_t constants = 0;
    bool has_variable = false;
    Leaf leaf = Leaf::None;
  };
  // The leaf state of op over operands with these states; nothing when the pipeline could not fit
  // the leaf there (or there would be two).
  [[nodiscard]] static std::optional<Leaf> combined(Op op, Leaf left, Leaf right = Leaf::None) noexcept;
  // Where generation of the current size stands: operator, left operand's size, operand indices.
  struct Cursor {
    std::size_t op = 0;
    std::size_t left_size = 1;
    std::size_t i = 0;
    std::size_t j = 0;
  };
  [[nodiscard]] bool start_size(std::size_t size);
  // The next form of the current size, or false when the size is done.
  [[nodiscard]] bool advance(Expr& out);
  void emit_leaves(std::size_t n, std::vector<Expr>& out, std::size_t& produced);

  std::vector<Op> operators_;
  std::size_t variables_;
  FormLimits limits_;
  // Admitted forms and what pruning needs of them, by size (index 0 unused).
  std::vector<std::vector<Expr>> forms_;
  std::vector<std::vector<Meta>> meta_;
  std::size_t size_ = 0;
  std::size_t leaf_ = 0;  // leaves handed out at size 1
  Cursor cursor_;
  std::size_t admitted_ = 0;
  bool done_ = false;
};

}  // namespace kepler
