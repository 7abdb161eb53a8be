// Genetic programming: islands of aging-evolution populations evolving in parallel on TBB, with
// ring migration between rounds and a shared Pareto front (the hall of fame) that feeds its best
// equations back into the islands.
//
// One round: each island adopts an equation of random complexity from the shared front, breeds
// `steps_per_round` offspring and offers them to the front; then the islands' best migrate
// along the ring.
//
// Determinism: each island owns its generator (derived from the search's seed) and its candidate
// pipeline, and everything islands share — the front, the cache, migration — is read as of the
// last barrier or happens between rounds in island order (see SearchContext).
#pragma once

#include <memory>

#include "search/gp/gp_options.hpp"
#include "search/search.hpp"

namespace kepler::gp {

class GpSearch final : public Search {
 public:
  explicit GpSearch(GpOptions options = {});
  ~GpSearch() override;
  GpSearch(GpSearch&&) noexcept;
  GpSearch& operator=(GpSearch&&) noexcept;

  [[nodiscard]] std::string_view name() const noexcept override { return "gp"; }
  void start(SearchContext& context, std::uint64_t seed) override;
  void round(SearchContext& context) override;
  void add_to(SearchReport& report) const override;

 private:
  struct Run;  // the islands and their pipelines, from start() on

  GpOptions options_;
  std::unique_ptr<Run> run_;
};

}  // namespace kepler::gp
