// Settings of the genetic-programming search, with their defaults.
#pragma once

#include <cstddef>

namespace kepler::gp {

struct GpOptions {
  std::size_t islands = 8;           // populations evolving apart, migrating between rounds; ≥ 1
  std::size_t population = 64;       // per island; ≥ tournament
  std::size_t tournament = 8;        // contestants per selection; ≥ 1
  std::size_t steps_per_round = 48;  // offspring per island between migrations; ≥ 1
  std::size_t migrants = 2;          // best members copied to the next island each round
  double crossover_probability = 0.15;
  // Selection pressure towards short equations: fitness = log10(loss) + parsimony · complexity,
  // so each node must buy a (10^parsimony)-fold lower loss.
  double parsimony = 0.02;
  // A free constant counts this many nodes in that complexity: on small data, constants buy loss
  // more cheaply than structure, and constant-rich approximators crowd out exact forms. Measured on
  // Nguyen-1..12 at 10 s, seeds 1 and 2: weight 1 recovered 4 and 5, weight 3 7 and 6, weight 6
  // 4 and 6.
  double constant_weight = 3.0;
  int fit_iterations = 8;            // Levenberg–Marquardt iterations per offspring with constants
  std::size_t initial_max_size = 8;  // random initial trees have 1 .. this many nodes

  // Throws InputError naming the field and the broken rule.
  void validate() const;
};

}  // namespace kepler::gp
