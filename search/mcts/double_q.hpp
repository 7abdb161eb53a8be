// Double Q-learning over the tokens of prefix-order equations (RSRM's double Q-learning block):
// two action-value tables, Q_A and Q_B, over (slot, token), where a slot is the operand position
// an action fills — the operator above it and which of its operands, or the root. Every scored
// equation is an episode whose reward comes at the end; each of its actions updates one table,
// drawn at random, towards the other table's value of the next slot's best action by the first
// (van Hasselt's double estimator, against the optimism of one table's max), the last action
// towards the reward. The mean of the two tables biases which unvisited child the tree expands
// first and the tokens its rollouts draw, away from actions whose rewards have been poor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "search/grammar.hpp"

namespace kepler::mcts {

class DoubleQ {
 public:
  // All values start at 0. learning_rate in (0, 1].
  DoubleQ(const Grammar& grammar, double learning_rate);

  [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
  // After tokens were added to the grammar (library entries, at the end): the new actions and
  // slots start at 0, the learned values stay.
  void grow();
  // The slot each token of a complete prefix sequence fills, in order (0 is the root).
  void slots_of(std::span<const std::size_t> tokens, std::vector<std::uint32_t>& out) const;
  // The next slot `partial` fills (it must not be complete).
  [[nodiscard]] std::uint32_t next_slot(const PartialExpr& partial) const;
  // One episode: the complete token sequence of an equation and its reward.
  void learn(std::span<const std::size_t> tokens, double reward, std::mt19937_64& rng);
  // (Q_A + Q_B) / 2 for the token in the slot.
  [[nodiscard]] double value(std::uint32_t slot, std::size_t token) const noexcept {
    return 0.5 * (a_[slot * tokens_ + token] + b_[slot * tokens_ + token]);
  }

 private:
  [[nodiscard]] int arity_of(std::size_t token) const noexcept;
  // Fills the slots of `tokens` in order (when `out` is set) and leaves the slots still open in
  // stack_, the next on top.
  void walk(std::span<const std::size_t> tokens, std::vector<std::uint32_t>* out) const;

  const Grammar* grammar_;
  std::size_t tokens_;
  std::size_t slots_;  // 1 + 2 · tokens: the root, and two operand positions per token
  double learning_rate_;
  std::vector<double> a_;
  std::vector<double> b_;
  mutable std::vector<std::uint32_t> scratch_slots_;
  mutable std::vector<std::uint32_t> stack_;
};

}  // namespace kepler::mcts
