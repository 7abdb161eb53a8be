// How a portfolio splits its budget between its members: stride scheduling by contribution.
//
// A round's cost is what it spent of the budget's unit: evaluations under an evaluation budget
// (so that the split, and the run, are the same on every machine), else seconds. Each member has
// a rate: what its rounds gained on the front (CandidatePipeline::front_gain, decades of loss
// taken off) per unit of their cost, both summed with a fading memory — every round, every
// member's sums fade by exp(−c / (C/2)), c the round's cost and C the run's so far — so the rate
// is recent, yet a member that runs rarely keeps the estimate its own rounds earned. Its weight is
// its rate, but at least `floor` times the best member's (all alike while nobody has
// contributed). The member with the least pass runs next (ties: the first); a round of cost c adds
// c / share to its pass, its share being its weight over the sum of all weights. So the members'
// costs follow their weights: the one that feeds the front gets most, and none gets less than
// `floor` of the leader's share, so a member that is only slow to start keeps its chance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kepler::portfolio {

struct ShareRule {
  double floor = 0.1;  // in (0, 1]
};

class Schedule {
 public:
  Schedule(std::size_t members, ShareRule rule);

  // The member to run next among the available ones; `available` has one entry per member and
  // at least one true.
  [[nodiscard]] std::size_t next(const std::vector<bool>& available) const;
  // What member m's round did.
  void record(std::size_t m, double cost, double gain);
  // Member m's rate (gain per unit cost, recent) and weight now.
  [[nodiscard]] double rate(std::size_t m) const noexcept;
  [[nodiscard]] double weight(std::size_t m) const noexcept;

 private:
  ShareRule rule_;
  std::vector<double> gains_;  // fading sums
  std::vector<double> costs_;
  std::vector<double> pass_;
  double total_ = 0.0;  // the cost of every round so far
};

}  // namespace kepler::portfolio
