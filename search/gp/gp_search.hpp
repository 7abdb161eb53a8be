// Genetic programming: islands of aging-evolution populations evolving in parallel on TBB, with
// ring migration between rounds and a shared Pareto front (the hall of fame) that feeds its best
// equations back into the islands.
//
// Determinism: each island owns its generator (derived from the master seed) and its Scorer, and
// everything islands share — the front, migration — happens between rounds in island order. With
// an evaluation budget the result depends on the seed alone, not on the thread count; a time
// limit or cancellation stops at a point that depends on the machine.
#pragma once

#include "search/gp/gp_options.hpp"
#include "search/search.hpp"

namespace kepler::gp {

class GpSearch final : public Search {
 public:
  explicit GpSearch(GpOptions options = {}) : options_(options) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "gp"; }
  SearchResult run(const Problem& problem, const Budget& budget, const SearchOptions& options,
                   const Observer& observer) override;

 private:
  GpOptions options_;
};

}  // namespace kepler::gp
