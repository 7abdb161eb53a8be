// The action set of token-by-token searches (tree search, sequence models) and the builder that
// keeps every partial equation inside the constraints.
//
// A Grammar's tokens are the problem's operators, its variables, one free-constant token and a
// library of sub-expressions usable as single tokens (a user's known building blocks; tree search
// adds the sub-trees it discovers). A PartialExpr is built in prefix order — an operator, then
// its operands left to right — and exposes, for the next position, the mask of tokens allowed
// under every rule of search/constraints.hpp: a token is allowed exactly when some completion of
// the partial equation that starts with it satisfies the constraints. So every completed
// expression is valid, and every valid expression (over the grammar's tokens) can be built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/expr.hpp"
#include "engine/operator.hpp"
#include "search/constraints.hpp"

namespace kepler {

struct Token {
  // Polynomial: the sparse-polynomial leaf (search/polynomial.hpp), fitted by least squares.
  enum class Kind : std::uint8_t { Operator, Variable, Constant, Library, Polynomial };
  Kind kind = Kind::Variable;
  Op op = Op::Var;          // Operator: which one
  std::uint32_t index = 0;  // Variable: the column; Library: the entry
};

struct GrammarOptions {
  // Token-built equations need a variable (a constant core is the same for every search) and a
  // cap on free constants; sizes and depths come from the problem (Grammar::of).
  Constraints constraints = [] {
    Constraints c;
    c.require_variable = true;
    c.max_constants = 6;
    return c;
  }();
  bool constant_token = true;  // offer a free constant (fitted later; starts at 1)
  // Offer the sparse-polynomial leaf (search/polynomial.hpp): at most one in an equation, and only
  // where the equation stays affine in it (every operator above it +, −, · or ÷ with it in the
  // numerator, or a log, exp or sqrt at the root above those: fitted to the target's inverse), so
  // that its coefficients are a least-squares solve.
  bool polynomial_token = false;
  std::vector<Expr> library;   // entries, over the problem's variables
};

class Grammar {
 public:
  // Throws std::invalid_argument for an operator that is a leaf, no variables, or a library entry
  // that breaks the constraints on its own or names a column past `variables`.
  Grammar(std::span<const Op> operators, std::size_t variables, GrammarOptions options = {});
  // The problem's operators and variables, with its size and depth limits.
  [[nodiscard]] static Grammar of(const Problem& problem, GrammarOptions options = {});

  [[nodiscard]] std::size_t size() const noexcept { return tokens_.size(); }
  [[nodiscard]] std::span<const Token> tokens() const noexcept { return tokens_; }
  [[nodiscard]] const Token& token(std::size_t t) const noexcept { return tokens_[t]; }
  [[nodiscard]] const Constraints& constraints() const noexcept { return constraints_; }
  [[nodiscard]] std::size_t variables() const noexcept { return variables_; }
  [[nodiscard]] const Expr& library_entry(std::size_t i) const noexcept { return library_[i]; }

  // Adds a sub-expression as a token (validated as in the constructor); returns its token.
  std::size_t add_library_entry(Expr entry);
  // The same tokens, numbered alike, with at most `cap` free constants in an equation (never more
  // than this grammar's cap): library entries holding more are never allowed.
  [[nodiscard]] Grammar with_max_constants(std::size_t cap) const;
  // The token as text: "+", "sin", "x1" (with `names`), "c", "poly", or the library entry in infix.
  [[nodiscard]] std::string describe(std::size_t t, std::span<const std::string> names = {}) const;

 private:
  friend class PartialExpr;
  // What the builder needs to know of a token, computed once.
  struct Shape {
    int arity = 0;
    std::size_t nodes = 1;
    std::size_t depth = 1;     // of the token's own nodes (a leaf or library entry); 1 for operators
    std::size_t constants = 0;
    bool has_variable = false;
    Op root = Op::Var;
    std::uint8_t families = 0;  // nesting families anywhere in the token's own nodes
    bool polynomial = false;
  };
  void add(Token token, Shape shape);

  std::vector<Token> tokens_;
  std::vector<Shape> shapes_;
  std::vector<Expr> library_;
  std::size_t variables_ = 0;
  Constraints constraints_;
};

class PartialExpr {
 public:
  explicit PartialExpr(const Grammar& grammar);

  [[nodiscard]] bool complete() const noexcept { return !tokens_.empty() && slots_.empty(); }
  [[nodiscard]] std::size_t open_slots() const noexcept { return slots_.size(); }
  [[nodiscard]] std::size_t nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::size_t constants() const noexcept { return constants_; }
  [[nodiscard]] bool has_polynomial() const noexcept { return has_polynomial_; }
  [[nodiscard]] std::span<const std::size_t> tokens() const noexcept { return tokens_; }
  // Whether a leaf token next would complete an operator's sub-tree: the next slot is its
  // operator's last operand. False when complete and at the root.
  [[nodiscard]] bool next_closes_operator() const noexcept { return !slots_.empty() && slots_.back().last_operand; }

  // Whether token t may come next.
  [[nodiscard]] bool allows(std::size_t t) const noexcept;
  // mask[t] = allows(t) for every token; mask.size() must be the grammar's size. Returns how many
  // are allowed (0 once complete; never 0 before).
  std::size_t allowed(std::span<std::uint8_t> mask) const noexcept;
  // Throws std::invalid_argument if the token is not allowed.
  void push(std::size_t t);
  // The finished expression (postfix), free constants numbered in order from slot 0 and valued 1,
  // the polynomial leaf a variable node numbered kPolynomialLeaf.
  // Throws std::logic_error while incomplete.
  [[nodiscard]] Expr to_expr() const;
  // The same with every open slot a placeholder variable, numbered from the grammar's variable
  // count in the order the slots are filled: x_n + (x_n+1 · x0) for "+ ? · ? x0" over n
  // variables. Keys of these tell which partial equations complete to the same functions.
  // Throws std::logic_error before the first token.
  [[nodiscard]] Expr to_expr_with_holes() const;

 private:
  [[nodiscard]] Expr build(std::size_t first_hole) const;
  // An operand position still to fill.
  struct Slot {
    std::uint32_t depth = 1;    // of the node that fills it
    std::uint8_t above = 0;     // nesting families of its ancestors
    Op parent = Op::Var;        // its parent's operator (Var: the root)
    bool last_operand = false;  // its parent's last operand (false at the root)
    bool affine = true;         // the equation is affine in what fills it (GrammarOptions::polynomial_token)
  };
  const Grammar* grammar_;
  std::vector<std::size_t> tokens_;
  std::vector<Slot> slots_;  // the next one to fill is at the back
  std::size_t nodes_ = 0;
  std::size_t constants_ = 0;
  bool has_variable_ = false;
  bool has_polynomial_ = false;
};

}  // namespace kepler
