// The operator table: the one place an operator is defined.
//
// Every operator Kepler knows is one row of a table: its names, its arity, how each printer
// writes it, its scalar function, and the batched kernels for its value and its partial
// derivatives. Adding an operator means adding an `Op` enumerator and one row in operator.cpp;
// the parser, the printers, the evaluator and the Jacobian pick it up from the table.
//
// Maths is unprotected: log of a negative number is NaN, 1/0 is Inf. A candidate whose value
// is not finite is invalid; it is never silently altered.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace kepler {

enum class Op : std::uint8_t {
  // Leaves.
  Var,    // a dataset column
  Num,    // a fixed number (a literal such as 2 or pi)
  Param,  // a free constant, fitted to the data
  // Binary.
  Add,
  Sub,
  Mul,
  Div,
  Pow,  // real exponent: a negative base with a non-integer exponent is NaN
  // Unary.
  Neg,
  Inv,
  Square,
  Cube,
  Sqrt,
  Cbrt,
  Exp,
  Log,
  Sin,
  Cos,
  Tan,
  Tanh,
  Abs,
};

inline constexpr std::size_t kOpCount = static_cast<std::size_t>(Op::Abs) + 1;

// Printing precedence: a child is parenthesized when its precedence is below what its slot needs.
namespace precedence {
inline constexpr std::uint8_t kNone = 0;
inline constexpr std::uint8_t kAdditive = 1;
inline constexpr std::uint8_t kMultiplicative = 2;
inline constexpr std::uint8_t kUnary = 3;
inline constexpr std::uint8_t kPower = 4;
inline constexpr std::uint8_t kAtom = 5;
}  // namespace precedence

// How one printer writes an operator: a fmt pattern over the already printed children
// ({0}, {1}), the operator's own precedence, and the precedence each child slot requires.
struct Notation {
  std::string_view pattern;
  std::uint8_t precedence = precedence::kAtom;
  std::array<std::uint8_t, 2> child_precedence{};
};

// Batched kernels work on exactly kBatchRows contiguous, 64-byte aligned values (see
// engine/batch.hpp), in double precision or, for the single-precision evaluator, in float.
// `b` and `adj_b` are null for unary operators.
template <typename T>
using ForwardKernelOf = void (*)(const T* a, const T* b, T* out);
// Given the operator's inputs, its value and the adjoint of its value, writes the adjoints of its
// inputs: adj_a = adj * d(value)/da and adj_b = adj * d(value)/db.
template <typename T>
using BackwardKernelOf = void (*)(const T* a, const T* b, const T* value, const T* adj, T* adj_a,
                                  T* adj_b);
using ForwardKernel = ForwardKernelOf<double>;
using BackwardKernel = BackwardKernelOf<double>;
using ScalarFunction = double (*)(double a, double b);

struct OpInfo {
  Op op;
  std::string_view name;  // the name users write: "+", "sin"; also the name in --ops lists
  int arity;
  bool commutative = false;
  Notation infix;
  Notation sympy;
  Notation latex;
  ScalarFunction scalar = nullptr;  // null for leaves
  ForwardKernel forward = nullptr;
  BackwardKernel backward = nullptr;
  // The same kernels in single precision (one source: operator.cpp writes each kernel once).
  ForwardKernelOf<float> forward_single = nullptr;
  BackwardKernelOf<float> backward_single = nullptr;

  template <typename T>
  [[nodiscard]] ForwardKernelOf<T> forward_kernel() const noexcept {
    if constexpr (std::is_same_v<T, float>) return forward_single; else return forward;
  }
  template <typename T>
  [[nodiscard]] BackwardKernelOf<T> backward_kernel() const noexcept {
    if constexpr (std::is_same_v<T, float>) return backward_single; else return backward;
  }
};

// The table row of an operator.
[[nodiscard]] const OpInfo& info(Op op) noexcept;
// All rows, in `Op` order.
[[nodiscard]] std::span<const OpInfo> all_operators() noexcept;
// Looks an operator up by the name users write: "+", "-", "*", "/", "^" (also "**" and "pow"),
// "neg", "inv", "square", "cube", "sqrt", "cbrt", "exp", "log" (also "ln"), "sin", "cos", "tan",
// "tanh", "abs". Leaves have no name.
[[nodiscard]] std::optional<Op> op_from_name(std::string_view name) noexcept;
// Looks up a function that can be called as `name(args)` in an expression ("sin", "pow", ...).
[[nodiscard]] std::optional<Op> function_from_name(std::string_view name) noexcept;

// Inline, not a table lookup: the hot loops of keys and variation ask it per node. The enumeration
// groups operators by arity (leaves, binary, unary), which operator.cpp checks against the table.
[[nodiscard]] constexpr int arity(Op op) noexcept {
  return op <= Op::Param ? 0 : (op <= Op::Pow ? 2 : 1);
}
[[nodiscard]] inline bool is_leaf(Op op) noexcept { return op <= Op::Param; }
[[nodiscard]] inline bool is_constant_leaf(Op op) noexcept {
  return op == Op::Num || op == Op::Param;
}

}  // namespace kepler
