// Monte-Carlo tree search over equations built token by token through the grammar
// (search/grammar.hpp), after RSRM (Xu et al., ICLR 2024) and EGG-MCTS (Jiang et al., 2025).
//
// A tree's node is a prefix of tokens in prefix order; its children are the tokens the masks
// allow next, so every path completes to a valid equation. One iteration selects down the tree
// by UCT (the best reward below a child beside its mean: rewards are heavy-tailed), stops at the
// first child not yet visited, completes its prefix at random (a rollout) or takes it as it is
// when it is a complete equation, scores that through the candidate pipeline (constants fitted;
// twins and repeats come from the cache), offers it to the shared front and backs its reward up
// the path. A complete equation is a leaf visited once: selection then treats it, and any subtree
// whose leaves are all visited, as exhausted.
//
// Seed equations (SearchOptions::seed_equations, a resumed run's front) are scored and offered to
// the front at the start; the trees do not grow from them.
//
// Parallel by independent trees (root parallelism), one pipeline each, in the context's threads.
// Determinism: each tree owns its generator (derived from the search's seed) and pipeline, and
// runs a fixed number of iterations per round, so under an evaluation budget the result depends
// on the seed and MctsOptions::trees alone.
#pragma once

#include <memory>
#include <vector>

#include "engine/pareto.hpp"

#include "search/mcts/mcts_options.hpp"
#include "search/search.hpp"

namespace kepler::mcts {

class MctsSearch final : public Search {
 public:
  explicit MctsSearch(MctsOptions options = {});
  ~MctsSearch() override;
  MctsSearch(MctsSearch&&) noexcept;
  MctsSearch& operator=(MctsSearch&&) noexcept;

  [[nodiscard]] std::string_view name() const noexcept override { return "mcts"; }
  void start(SearchContext& context, std::uint64_t seed) override;
  void round(SearchContext& context) override;
  void add_to(SearchReport& report) const override;

 private:
  struct Run;  // the grammar, the trees and their pipelines, from start() on
  // Between rounds: sub-trees of the front's best equations join the grammar; the trees restart.
  void grow_library(const std::vector<ParetoEntry>& front);
  // Between rounds: the framed trees take the frames of the front's best equations.
  void refresh_frames(const std::vector<ParetoEntry>& front);

  MctsOptions options_;
  std::unique_ptr<Run> run_;
};

}  // namespace kepler::mcts
