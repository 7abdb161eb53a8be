#include "search/mcts/double_q.hpp"

#include <algorithm>
#include <stdexcept>

namespace kepler::mcts {

DoubleQ::DoubleQ(const Grammar& grammar, double learning_rate)
    : grammar_(&grammar),
      tokens_(grammar.size()),
      slots_(1 + 2 * grammar.size()),
      learning_rate_(learning_rate),
      a_(slots_ * tokens_, 0.0),
      b_(slots_ * tokens_, 0.0) {}

void DoubleQ::grow() {
  const std::size_t tokens = grammar_->size();
  if (tokens == tokens_) return;
  const std::size_t slots = 1 + 2 * tokens;
  std::vector<double> a(slots * tokens, 0.0), b(slots * tokens, 0.0);
  for (std::size_t s = 0; s < slots_; ++s) {  // slot 1 + 2t + k keeps its number
    for (std::size_t t = 0; t < tokens_; ++t) {
      a[s * tokens + t] = a_[s * tokens_ + t];
      b[s * tokens + t] = b_[s * tokens_ + t];
    }
  }
  a_ = std::move(a);
  b_ = std::move(b);
  tokens_ = tokens;
  slots_ = slots;
}

int DoubleQ::arity_of(std::size_t token) const noexcept {
  const Token& t = grammar_->token(token);
  return t.kind == Token::Kind::Operator ? arity(t.op) : 0;
}

void DoubleQ::walk(std::span<const std::size_t> tokens, std::vector<std::uint32_t>* out) const {
  // Open slots, the next to fill on top: prefix order fills an operator's operands left to right.
  stack_.assign(1, 0);
  for (const std::size_t t : tokens) {
    if (stack_.empty()) throw std::invalid_argument("DoubleQ: tokens past a complete equation");
    if (out != nullptr) out->push_back(stack_.back());
    stack_.pop_back();
    for (int k = arity_of(t) - 1; k >= 0; --k) {
      stack_.push_back(static_cast<std::uint32_t>(1 + 2 * t + static_cast<std::size_t>(k)));
    }
  }
}

void DoubleQ::slots_of(std::span<const std::size_t> tokens, std::vector<std::uint32_t>& out) const {
  out.clear();
  walk(tokens, &out);
}

std::uint32_t DoubleQ::next_slot(const PartialExpr& partial) const {
  if (partial.complete()) throw std::invalid_argument("DoubleQ: the equation is complete");
  walk(partial.tokens(), nullptr);
  return stack_.back();
}

void DoubleQ::learn(std::span<const std::size_t> tokens, double reward, std::mt19937_64& rng) {
  slots_of(tokens, scratch_slots_);
  std::bernoulli_distribution coin(0.5);
  for (std::size_t k = tokens.size(); k-- > 0;) {
    const bool update_a = coin(rng);
    std::vector<double>& learner = update_a ? a_ : b_;
    const std::vector<double>& judge = update_a ? b_ : a_;
    double target = reward;
    if (k + 1 < tokens.size()) {
      // The next slot's best action by the learner, valued by the other table.
      const std::size_t row = scratch_slots_[k + 1] * tokens_;
      const auto best = std::max_element(learner.begin() + static_cast<std::ptrdiff_t>(row),
                                         learner.begin() + static_cast<std::ptrdiff_t>(row + tokens_));
      target = judge[row + static_cast<std::size_t>(best - (learner.begin() + static_cast<std::ptrdiff_t>(row)))];
    }
    double& q = learner[scratch_slots_[k] * tokens_ + tokens[k]];
    q += learning_rate_ * (target - q);
  }
}

}  // namespace kepler::mcts
