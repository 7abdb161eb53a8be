// How a portfolio splits its budget between its members: stride scheduling by contribution.
//
// Each member has a rate: what its rounds gained on the front (CandidatePipeline::front_gain,
// decades of loss taken off) per 1000 of their evaluations, both
// summed with a fading memory — every round, every member's sums fade by exp(−e / H), e the
// round's evaluations and H the horizon (half the run's evaluations so far, at least
// ShareRule::horizon) — so the rate is recent, yet a member that runs rarely keeps the estimate
// its own rounds earned. Its weight is its rate, but at least `floor` times the best member's
// (all alike while nobody has contributed). The member with the least pass runs next (ties: the
// first); a round of e evaluations adds e / share to its pass, its share being its weight over
// the sum of all weights. So the members' evaluations are
// in proportion to their weights: the one that feeds the front gets most, and none gets less than
// `floor` of the leader's share, so a member that is only slow to start keeps its chance.
// Evaluations, not seconds: the split — and the run — are the same on every machine under an
// evaluation budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kepler::portfolio {

struct ShareRule {
  double floor = 0.1;        // in (0, 1]
  double horizon = 1e6;      // evaluations, > 0: the shortest memory of the rates
};

class Schedule {
 public:
  Schedule(std::size_t members, ShareRule rule);

  // The member to run next among the available ones; `available` has one entry per member and
  // at least one true.
  [[nodiscard]] std::size_t next(const std::vector<bool>& available) const;
  // What member m's round did.
  void record(std::size_t m, std::uint64_t evaluations, double gain);
  // Member m's rate (gain per 1000 evaluations, recent) and weight now.
  [[nodiscard]] double rate(std::size_t m) const noexcept;
  [[nodiscard]] double weight(std::size_t m) const noexcept;

 private:
  ShareRule rule_;
  std::vector<double> gains_;  // fading sums
  std::vector<double> evaluations_;
  std::vector<double> pass_;
  double total_ = 0.0;  // evaluations of every round so far
};

}  // namespace kepler::portfolio
