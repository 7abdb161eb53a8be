// One GP population evolving by age-regularized ("aging") evolution: each offspring of a
// tournament winner replaces the oldest member, so every member has a bounded lifetime and the
// population keeps exploring, while the shared Pareto front keeps the best equations for good.
//
// Thread-safety: an island is worked on by one thread at a time, with its own Scorer.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "search/gp/gp_options.hpp"
#include "search/gp/variation.hpp"
#include "search/problem.hpp"
#include "search/scorer.hpp"

namespace kepler::gp {

struct Individual {
  Expr f;
  double loss = 0.0;     // normalized
  double fitness = 0.0;  // lower is better
  std::uint64_t birth = 0;
};

class Island {
 public:
  Island(const Problem& problem, const GpOptions& options, const VariationContext& context,
         std::uint64_t seed);

  void initialize(Scorer& scorer);
  // Breeds up to `steps` offspring, stopping early when `stop()` says so. Every valid offspring is
  // appended to `offers` for the shared front.
  void evolve(std::size_t steps, Scorer& scorer, std::vector<Individual>& offers,
              const std::function<bool()>& stop);
  // The k fittest members.
  [[nodiscard]] std::vector<Individual> best(std::size_t k) const;
  // Newcomers replace the oldest members.
  void receive(const std::vector<Individual>& newcomers);
  // An equation from outside (the shared front), scored afresh.
  void adopt(const Expr& f, Scorer& scorer);

 private:
  [[nodiscard]] const Individual& tournament();
  [[nodiscard]] double fitness(double loss, const Expr& f) const;
  // Folds constants, checks constraints, fits and scores; false if the candidate is invalid.
  bool make_individual(Expr f, Scorer& scorer, Individual& out);
  void replace_oldest(Individual individual);

  const Problem* problem_;
  const GpOptions* options_;
  const VariationContext* context_;
  std::mt19937_64 rng_;
  std::vector<Individual> members_;
  std::uint64_t births_ = 0;
};

}  // namespace kepler::gp
