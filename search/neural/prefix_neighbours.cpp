#include "search/neural/prefix_neighbours.hpp"

namespace kepler::neural {

void PrefixNeighbours::push(std::size_t token) {
  if (!open_.empty()) {
    open_.back().last_operand = token;
    --open_.back().remaining;
  }
  const Token& t = grammar_->token(token);
  const int operands = t.kind == Token::Kind::Operator ? arity(t.op) : 0;
  if (operands > 0) {
    open_.push_back({token, none(), operands});
    return;
  }
  // A leaf closes every operator whose last operand it completes.
  while (!open_.empty() && open_.back().remaining == 0) open_.pop_back();
}

}  // namespace kepler::neural
