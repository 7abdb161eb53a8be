// Equality saturation: search every rule, apply every match, rebuild; repeat until nothing
// changes or a limit is reached. A backoff scheduler (as egg's) keeps a rule that matches too
// often from flooding the graph: past its match limit it is banned for a number of iterations,
// and both the limit and the ban double each time.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "egraph/rewrite.hpp"

namespace kepler::egraph {

// GoalReached: the caller's goal (e.g. two classes merged) held after an iteration.
enum class StopReason : std::uint8_t { Saturated, IterationLimit, NodeLimit, TimeLimit, GoalReached };

[[nodiscard]] std::string_view to_string(StopReason reason) noexcept;

struct RunnerLimits {
  std::size_t iterations = 30;
  std::size_t nodes = 10'000;
  double seconds = 1.0;
  std::size_t match_limit = 1'000;  // backoff: matches per iteration before a rule is banned
  std::size_t ban_length = 5;       // backoff: iterations of a first ban
};

struct RunReport {
  StopReason stop_reason = StopReason::Saturated;
  std::size_t iterations = 0;
  std::size_t nodes = 0;
  std::size_t classes = 0;
  double seconds = 0.0;
  std::size_t nodes_added = 0;   // e-nodes created during the run
  std::size_t applications = 0;  // matches applied, all rules together
  std::size_t bans = 0;          // times a rule was banned
  // Merges refused because the two sides are known to be different numbers. Exact folding and
  // sound rules make this impossible; a non-zero count means a rule is unsound.
  std::size_t conflicts = 0;
};

// The working memory of saturation: matches, bindings and the classes by operator. One kept by a
// caller that saturates many small graphs (canonical keys) allocates only while it grows.
struct SaturationScratch {
  struct Match {
    ClassId eclass;
    std::size_t first;  // where its bindings start in `bindings`
  };
  struct RuleState {
    std::size_t times_banned = 0;
    std::size_t banned_until = 0;  // first iteration the rule may run again
  };
  std::vector<RuleState> states;
  std::vector<std::vector<ClassId>> classes_by_op;
  std::vector<ClassId> class_ids;
  std::vector<Match> matches;
  std::vector<ClassId> bindings;  // every match's, one flat array
  Substitution substitution;
};

// Saturates `graph` with `rules` within `limits`, stopping early once `goal` (checked after each
// iteration's rebuild) returns true. The graph is left rebuilt.
RunReport saturate(EGraph& graph, std::span<const Rewrite> rules, const RunnerLimits& limits,
                   const std::function<bool(const EGraph&)>& goal = {});
RunReport saturate(EGraph& graph, std::span<const Rewrite> rules, const RunnerLimits& limits,
                   SaturationScratch& scratch, const std::function<bool(const EGraph&)>& goal = {});

}  // namespace kepler::egraph
