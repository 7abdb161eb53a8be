// The portfolio: several search methods in one search context — the enumerator, GP, tree search
// and, where the build has libtorch, the neural search by default — sharing one Pareto front, one
// candidate cache and one budget. What one finds, the others see at the next barrier: GP islands
// adopt front equations every round, tree search grows its sub-tree library and frames from the
// front, and every member's pipeline reads the shared cache, so a form one member has scored is
// never fitted again by another.
//
// The enumerator leads (PortfolioOptions::lead_size): it runs alone until the forms of a few nodes
// are done. After that, one portfolio round is one round of one member, chosen by the schedule
// (search/portfolio/schedule.hpp): the budget goes to the members in proportion to what they add
// to the front, with a floor for each. The running member has all of the context's threads. A run
// that stagnates (PortfolioOptions::stagnation_evaluations) restarts its longest-idle member from
// scratch. An exhausted member (a finished enumeration)
// leaves the schedule.
//
// Determinism: the schedule counts evaluations, and each member is deterministic under an
// evaluation budget, so the portfolio is too (given its seed and options).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "search/portfolio/portfolio_options.hpp"
#include "search/search.hpp"

namespace kepler::portfolio {

class PortfolioSearch final : public Search {
 public:
  explicit PortfolioSearch(PortfolioOptions options = {});
  // Members given as searches (options.members is ignored): a library's own searches beside the
  // registered ones. They are never restarted.
  PortfolioSearch(std::vector<std::unique_ptr<Search>> members, PortfolioOptions options = {});
  ~PortfolioSearch() override;
  PortfolioSearch(PortfolioSearch&&) noexcept;
  PortfolioSearch& operator=(PortfolioSearch&&) noexcept;

  [[nodiscard]] std::string_view name() const noexcept override { return "portfolio"; }
  void start(SearchContext& context, std::uint64_t seed) override;
  void round(SearchContext& context) override;
  [[nodiscard]] bool exhausted() const noexcept override;
  void add_to(SearchReport& report) const override;

 private:
  struct Run;  // the members, their pipelines and the schedule, from start() on
  // The enumerator while it leads (PortfolioOptions::lead_size, lead_fraction), or nothing.
  [[nodiscard]] std::optional<std::size_t> leading_member(const SearchContext& context, const Run& run,
                                                          const std::vector<bool>& available) const;

  PortfolioOptions options_;
  std::vector<std::unique_ptr<Search>> given_;  // until start()
  std::unique_ptr<Run> run_;
};

}  // namespace kepler::portfolio
