#include "search/neural/sequence.hpp"

#include <array>

namespace kepler::neural {

namespace {

// The grammar's token for each node kind; `missing` where it has none.
struct TokenIndex {
  static constexpr std::size_t missing = static_cast<std::size_t>(-1);
  std::array<std::size_t, kOpCount> op;
  std::vector<std::size_t> variable;
  std::size_t constant = missing;

  explicit TokenIndex(const Grammar& grammar) : variable(grammar.variables(), missing) {
    op.fill(missing);
    for (std::size_t t = 0; t < grammar.size(); ++t) {
      const Token& token = grammar.token(t);
      switch (token.kind) {
        case Token::Kind::Operator: op[static_cast<std::size_t>(token.op)] = t; break;
        case Token::Kind::Variable: variable[token.index] = t; break;
        case Token::Kind::Constant: constant = t; break;
        case Token::Kind::Library:
        case Token::Kind::Polynomial: break;
      }
    }
  }

  [[nodiscard]] std::size_t of(const Node& node) const {
    switch (node.op) {
      case Op::Var: return node.index < variable.size() ? variable[node.index] : missing;
      case Op::Num:
      case Op::Param: return constant;
      default: return op[static_cast<std::size_t>(node.op)];
    }
  }
};

// Appends the prefix order of the subtree rooted at postfix node i.
bool append_prefix(const Expr& f, std::size_t i, const TokenIndex& index, Sequence& out) {
  const std::size_t token = index.of(f[i]);
  if (token == TokenIndex::missing) return false;
  out.push_back(token);
  const int operands = arity(f[i].op);
  if (operands == 0) return true;
  const std::array<std::size_t, 2> children = f.children(i);
  for (int k = 0; k < operands; ++k) {
    if (!append_prefix(f, children[static_cast<std::size_t>(k)], index, out)) return false;
  }
  return true;
}

}  // namespace

std::optional<Sequence> to_sequence(const Expr& f, const Grammar& grammar) {
  if (f.empty()) return std::nullopt;
  Sequence sequence;
  sequence.reserve(f.size());
  if (!append_prefix(f, f.root(), TokenIndex(grammar), sequence)) return std::nullopt;
  PartialExpr partial(grammar);
  for (const std::size_t t : sequence) {
    if (!partial.allows(t)) return std::nullopt;
    partial.push(t);
  }
  return sequence;
}

Expr to_expr(const Sequence& sequence, const Grammar& grammar) {
  PartialExpr partial(grammar);
  for (const std::size_t t : sequence) partial.push(t);
  return partial.to_expr();
}

}  // namespace kepler::neural
