#include "engine/operator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/detail/kernels.hpp"
#include "engine/detail/vector_math.hpp"

namespace kepler {
namespace {

using detail::BatchIn;
using detail::BatchOut;
namespace prec = precedence;

// Shorthands for the table below.
constexpr Notation leaf() { return {"", prec::kAtom, {}}; }
constexpr Notation infix(std::string_view pattern, std::uint8_t own, std::uint8_t left,
                         std::uint8_t right) {
  return {pattern, own, {left, right}};
}
constexpr Notation unary(std::string_view pattern, std::uint8_t own, std::uint8_t child) {
  return {pattern, own, {child, 0}};
}
constexpr Notation call(std::string_view pattern) { return {pattern, prec::kAtom, {0, 0}}; }

// Eigen views of one batch: read-only for inputs, writable for outputs.
template <typename T>
inline BatchIn<T> view(const T* p) { return BatchIn<T>(p); }
template <typename T>
inline BatchOut<T> view(T* p) { return BatchOut<T>(p); }

// Scratch for a derivative that needs a second transcendental value.
template <typename T>
struct alignas(kBatchAlignment) Temp {
  T v[kBatchRows];
};

// A table row with kernels. Each kernel is written once, generic in its scalar type, and
// instantiated in double and single precision.
template <typename Forward, typename Backward>
constexpr OpInfo row(Op op, std::string_view name, int arity, bool commutative, Notation infix,
                     Notation sympy, Notation latex, ScalarFunction scalar, Forward forward,
                     Backward backward) {
  return OpInfo{op,     name,    arity,   commutative, infix,   sympy,
                latex,  scalar,  forward, backward,    forward, backward};
}

constexpr std::array<OpInfo, kOpCount> kTable = {{
    {Op::Var, "", 0, false, leaf(), leaf(), leaf()},
    {Op::Num, "", 0, false, leaf(), leaf(), leaf()},
    {Op::Param, "", 0, false, leaf(), leaf(), leaf()},
    row(Op::Add, "+", 2, true,
     infix("{0} + {1}", prec::kAdditive, prec::kAdditive, prec::kAdditive),
     infix("{0} + {1}", prec::kAdditive, prec::kAdditive, prec::kAdditive),
     infix("{0} + {1}", prec::kAdditive, prec::kAdditive, prec::kAdditive),
     [](double a, double b) { return a + b; },
     []<class T>(const T* a, const T* b, T* out) {
       view(out) = view(a) + view(b);
     },
     []<class T>(const T*, const T*, const T*, const T* adj, T* adj_a,
        T* adj_b) {
       view(adj_a) = view(adj);
       view(adj_b) = view(adj);
     }),
    row(Op::Sub, "-", 2, false,
     infix("{0} - {1}", prec::kAdditive, prec::kAdditive, prec::kMultiplicative),
     infix("{0} - {1}", prec::kAdditive, prec::kAdditive, prec::kMultiplicative),
     infix("{0} - {1}", prec::kAdditive, prec::kAdditive, prec::kMultiplicative),
     [](double a, double b) { return a - b; },
     []<class T>(const T* a, const T* b, T* out) {
       view(out) = view(a) - view(b);
     },
     []<class T>(const T*, const T*, const T*, const T* adj, T* adj_a,
        T* adj_b) {
       view(adj_a) = view(adj);
       view(adj_b) = -view(adj);
     }),
    row(Op::Mul, "*", 2, true,
     infix("{0} * {1}", prec::kMultiplicative, prec::kMultiplicative, prec::kMultiplicative),
     infix("{0}*{1}", prec::kMultiplicative, prec::kMultiplicative, prec::kMultiplicative),
     infix("{0} \\cdot {1}", prec::kMultiplicative, prec::kMultiplicative,
           prec::kMultiplicative),
     [](double a, double b) { return a * b; },
     []<class T>(const T* a, const T* b, T* out) {
       view(out) = view(a) * view(b);
     },
     []<class T>(const T* a, const T* b, const T*, const T* adj, T* adj_a,
        T* adj_b) {
       view(adj_a) = view(adj) * view(b);
       view(adj_b) = view(adj) * view(a);
     }),
    row(Op::Div, "/", 2, false,
     infix("{0} / {1}", prec::kMultiplicative, prec::kMultiplicative, prec::kUnary),
     infix("{0}/{1}", prec::kMultiplicative, prec::kMultiplicative, prec::kUnary),
     infix("\\frac{{{0}}}{{{1}}}", prec::kMultiplicative, prec::kNone, prec::kNone),
     [](double a, double b) { return a / b; },
     []<class T>(const T* a, const T* b, T* out) {
       view(out) = view(a) / view(b);
     },
     []<class T>(const T*, const T* b, const T* value, const T* adj, T* adj_a,
        T* adj_b) {
       view(adj_a) = view(adj) / view(b);
       view(adj_b) = -view(adj) * view(value) / view(b);
     }),
    row(Op::Pow, "^", 2, false, infix("{0}^{1}", prec::kPower, prec::kAtom, prec::kUnary),
     infix("{0}**{1}", prec::kPower, prec::kAtom, prec::kUnary),
     infix("{0}^{{{1}}}", prec::kPower, prec::kAtom, prec::kNone),
     [](double a, double b) { return std::pow(a, b); },
     []<class T>(const T* a, const T* b, T* out) { detail::batch_pow(a, b, out); },
     []<class T>(const T* a, const T* b, const T* value, const T* adj, T* adj_a,
        T* adj_b) {
       Temp<T> b_minus_1;
       view(b_minus_1.v) = view(b) - T(1);
       detail::batch_pow(a, b_minus_1.v, adj_a);  // a^(b-1), not value/a, which fails at a = 0
       view(adj_a) *= view(adj) * view(b);
       detail::batch_log(a, adj_b);
       view(adj_b) *= view(adj) * view(value);
     }),
    row(Op::Neg, "neg", 1, false, unary("-{0}", prec::kUnary, prec::kUnary),
     unary("-{0}", prec::kUnary, prec::kUnary), unary("-{0}", prec::kUnary, prec::kUnary),
     [](double a, double) { return -a; },
     []<class T>(const T* a, const T*, T* out) { view(out) = -view(a); },
     []<class T>(const T*, const T*, const T*, const T* adj, T* adj_a, T*) {
       view(adj_a) = -view(adj);
     }),
    row(Op::Inv, "inv", 1, false, unary("1 / {0}", prec::kMultiplicative, prec::kUnary),
     unary("1/{0}", prec::kMultiplicative, prec::kUnary),
     unary("\\frac{{1}}{{{0}}}", prec::kMultiplicative, prec::kNone),
     [](double a, double) { return 1.0 / a; },
     []<class T>(const T* a, const T*, T* out) { view(out) = view(a).inverse(); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) { view(adj_a) = -view(adj) * view(value).square(); }),
    row(Op::Square, "square", 1, false, unary("{0}^2", prec::kPower, prec::kAtom),
     unary("{0}**2", prec::kPower, prec::kAtom), unary("{0}^{{2}}", prec::kPower, prec::kAtom),
     [](double a, double) { return a * a; },
     []<class T>(const T* a, const T*, T* out) { view(out) = view(a).square(); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) { view(adj_a) = T(2) * view(adj) * view(a); }),
    row(Op::Cube, "cube", 1, false, unary("{0}^3", prec::kPower, prec::kAtom),
     unary("{0}**3", prec::kPower, prec::kAtom), unary("{0}^{{3}}", prec::kPower, prec::kAtom),
     [](double a, double) { return a * a * a; },
     []<class T>(const T* a, const T*, T* out) { view(out) = view(a).cube(); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) { view(adj_a) = T(3) * view(adj) * view(a).square(); }),
    row(Op::Sqrt, "sqrt", 1, false, call("sqrt({0})"), call("sqrt({0})"), call("\\sqrt{{{0}}}"),
     [](double a, double) { return std::sqrt(a); },
     []<class T>(const T* a, const T*, T* out) { view(out) = view(a).sqrt(); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) { view(adj_a) = T(0.5) * view(adj) / view(value); }),
    // sympy's cbrt is the principal (complex) root for negative arguments; real_root is ours.
    row(Op::Cbrt, "cbrt", 1, false, call("cbrt({0})"), call("real_root({0}, 3)"),
     call("\\sqrt[3]{{{0}}}"), [](double a, double) { return std::cbrt(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_cbrt(a, out); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) {
       view(adj_a) = view(adj) / (T(3) * view(value).square());
     }),
    row(Op::Exp, "exp", 1, false, call("exp({0})"), call("exp({0})"),
     unary("e^{{{0}}}", prec::kPower, prec::kNone), [](double a, double) { return std::exp(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_exp(a, out); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) { view(adj_a) = view(adj) * view(value); }),
    row(Op::Log, "log", 1, false, call("log({0})"), call("log({0})"),
     call("\\log{{\\left({0} \\right)}}"), [](double a, double) { return std::log(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_log(a, out); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) { view(adj_a) = view(adj) / view(a); }),
    row(Op::Sin, "sin", 1, false, call("sin({0})"), call("sin({0})"),
     call("\\sin{{\\left({0} \\right)}}"), [](double a, double) { return std::sin(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_sin(a, out); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) {
       detail::batch_cos(a, adj_a);
       view(adj_a) *= view(adj);
     }),
    row(Op::Cos, "cos", 1, false, call("cos({0})"), call("cos({0})"),
     call("\\cos{{\\left({0} \\right)}}"), [](double a, double) { return std::cos(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_cos(a, out); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) {
       detail::batch_sin(a, adj_a);
       view(adj_a) *= -view(adj);
     }),
    row(Op::Tan, "tan", 1, false, call("tan({0})"), call("tan({0})"),
     call("\\tan{{\\left({0} \\right)}}"), [](double a, double) { return std::tan(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_tan(a, out); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) { view(adj_a) = view(adj) * (T(1) + view(value).square()); }),
    row(Op::Tanh, "tanh", 1, false, call("tanh({0})"), call("tanh({0})"),
     call("\\tanh{{\\left({0} \\right)}}"), [](double a, double) { return std::tanh(a); },
     []<class T>(const T* a, const T*, T* out) { detail::batch_tanh(a, out); },
     []<class T>(const T*, const T*, const T* value, const T* adj, T* adj_a,
        T*) { view(adj_a) = view(adj) * (T(1) - view(value).square()); }),
    row(Op::Abs, "abs", 1, false, call("abs({0})"), call("Abs({0})"),
     call("\\left|{0}\\right|"), [](double a, double) { return std::abs(a); },
     []<class T>(const T* a, const T*, T* out) { view(out) = view(a).abs(); },
     []<class T>(const T* a, const T*, const T*, const T* adj, T* adj_a,
        T*) {
       // d|a|/da = sign(a); 0 at a = 0 (a subgradient).
       view(adj_a) = view(adj) * view(a).sign();
     }),
}};


constexpr bool table_is_in_op_order() {
  for (std::size_t i = 0; i < kOpCount; ++i) {
    if (static_cast<std::size_t>(kTable[i].op) != i) return false;
  }
  return true;
}
static_assert(table_is_in_op_order(), "kTable rows must follow the Op enumeration");

constexpr bool arity_matches_table() {
  for (const OpInfo& row : kTable) {
    if (arity(row.op) != row.arity) return false;
  }
  return true;
}
static_assert(arity_matches_table(), "arity() must agree with kTable: leaves, then binary, then unary operators");

struct Alias {
  std::string_view name;
  Op op;
};
constexpr std::array<Alias, 4> kAliases = {{
    {"**", Op::Pow}, {"pow", Op::Pow}, {"ln", Op::Log}, {"Abs", Op::Abs}}};

}  // namespace

const OpInfo& info(Op op) noexcept { return kTable[static_cast<std::size_t>(op)]; }

std::span<const OpInfo> all_operators() noexcept { return kTable; }

std::optional<Op> op_from_name(std::string_view name) noexcept {
  if (name.empty()) return std::nullopt;
  for (const auto& row : kTable) {
    if (row.name == name) return row.op;
  }
  for (const auto& alias : kAliases) {
    if (alias.name == name) return alias.op;
  }
  return std::nullopt;
}

std::optional<Op> function_from_name(std::string_view name) noexcept {
  const auto op = op_from_name(name);
  if (!op) return std::nullopt;
  const char first = name.front();
  const bool is_word = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
  if (!is_word) return std::nullopt;
  return op;
}

}  // namespace kepler
