// Settings of the portfolio, with their defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "search/portfolio/schedule.hpp"

namespace kepler::portfolio {

// enumerate, gp, mcts, and neural where this build has it (libtorch).
[[nodiscard]] std::vector<std::string> default_members();

struct PortfolioOptions {
  // Registered methods (search/method.hpp), each with its default options, run in one context:
  // one front, one cache, one budget. Not "portfolio"; each at most once.
  std::vector<std::string> members = default_members();
  ShareRule share;  // how the budget is split (search/portfolio/schedule.hpp)
  // The enumerator leads: it runs alone until every form of lead_size nodes is done, or it has
  // spent lead_fraction of the budget (of the time limit, or of the evaluation budget where there
  // is one), so that a law of a few nodes is found exactly before the stochastic members'
  // approximators of the same accuracy end the run (an early-stop loss). 0: no lead.
  std::size_t lead_size = 7;
  double lead_fraction = 0.2;  // in [0, 1]

  // Stagnation: once nothing has joined the front for the last half of the evaluations spent so
  // far, and for at least stagnation_evaluations, the member that has gone longest without adding
  // to it starts afresh — new seed, new populations or trees, which then adopt from the shared
  // front. Restarts so come at doubling intervals. The enumerator is never restarted (it would
  // repeat itself). 0: never.
  std::uint64_t stagnation_evaluations = 500'000;

  // Throws InputError naming the field ("portfolio.members") and the broken rule.
  void validate() const;
};

}  // namespace kepler::portfolio
