// The inputs of the policy at each position of a prefix-order equation: the token of the parent
// of the next position and the token of its previous sibling (the root of the operand just before
// it), as deep symbolic regression feeds its recurrent network. Either is `none()` (the grammar's
// size) where there is no such token: at the root, and at a first operand.
#pragma once

#include <cstddef>
#include <vector>

#include "search/grammar.hpp"

namespace kepler::neural {

class PrefixNeighbours {
 public:
  explicit PrefixNeighbours(const Grammar& grammar) : grammar_(&grammar) {}

  [[nodiscard]] std::size_t none() const noexcept { return grammar_->size(); }
  [[nodiscard]] std::size_t parent() const noexcept { return open_.empty() ? none() : open_.back().token; }
  [[nodiscard]] std::size_t sibling() const noexcept { return open_.empty() ? none() : open_.back().last_operand; }
  // The token placed at the next position; the positions after a complete equation have neither.
  void push(std::size_t token);

 private:
  struct Open {  // an operator with operands still to place
    std::size_t token;
    std::size_t last_operand;  // the root token of its latest operand, or none()
    int remaining;
  };
  const Grammar* grammar_;
  std::vector<Open> open_;
};

}  // namespace kepler::neural
