#include "egraph/runner.hpp"

#include <algorithm>
#include <chrono>

namespace kepler::egraph {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::string_view to_string(StopReason reason) noexcept {
  switch (reason) {
    case StopReason::Saturated: return "saturated";
    case StopReason::IterationLimit: return "iteration limit";
    case StopReason::NodeLimit: return "node limit";
    case StopReason::TimeLimit: return "time limit";
    case StopReason::GoalReached: return "goal reached";
  }
  return "unknown";
}

RunReport saturate(EGraph& graph, std::span<const Rewrite> rules, const RunnerLimits& limits,
                   const std::function<bool(const EGraph&)>& goal) {
  SaturationScratch scratch;
  return saturate(graph, rules, limits, scratch, goal);
}

RunReport saturate(EGraph& graph, std::span<const Rewrite> rules, const RunnerLimits& limits,
                   SaturationScratch& scratch, const std::function<bool(const EGraph&)>& goal) {
  using Match = SaturationScratch::Match;
  using RuleState = SaturationScratch::RuleState;
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  graph.rebuild();
  const std::size_t initial_nodes = graph.node_count();
  RunReport report;
  auto& states = scratch.states;
  states.assign(rules.size(), {});
  auto& classes_by_op = scratch.classes_by_op;
  classes_by_op.resize(kOpCount);
  auto& matches = scratch.matches;
  auto& bindings = scratch.bindings;
  bool stopped = false;

  const auto over_nodes = [&] {
    if (graph.node_count() <= limits.nodes) return false;
    report.stop_reason = StopReason::NodeLimit;
    return true;
  };
  // The clock is read once per iteration, not per rule: the time limit is only a guard, and a
  // one-iteration key would otherwise read it once per rule.
  const auto check_limits = [&] {
    if (over_nodes()) return true;
    if (elapsed() > limits.seconds) {
      report.stop_reason = StopReason::TimeLimit;
      return true;
    }
    return false;
  };

  for (std::size_t iteration = 0;; ++iteration) {
    if (goal && goal(graph)) {
      report.stop_reason = StopReason::GoalReached;
      break;
    }
    if (iteration >= limits.iterations) {
      report.stop_reason = StopReason::IterationLimit;
      break;
    }
    if (check_limits()) break;
    report.iterations = iteration + 1;
    for (auto& ids : classes_by_op) ids.clear();
    graph.class_ids(scratch.class_ids);
    for (const ClassId id : scratch.class_ids) {
      Op last = Op::Var;
      bool first = true;
      for (const ENode& node : graph.eclass(id).nodes) {  // sorted by op
        if (first || node.op != last) classes_by_op[static_cast<std::size_t>(node.op)].push_back(id);
        last = node.op;
        first = false;
      }
    }

    const std::size_t nodes_before = graph.node_count();
    const std::size_t classes_before = graph.class_count();
    bool any_banned = false;
    bool changed = false;
    for (std::size_t r = 0; r < rules.size() && !stopped; ++r) {
      RuleState& state = states[r];
      if (iteration < state.banned_until) {
        any_banned = true;
        continue;
      }
      const Rewrite& rule = rules[r];
      const std::size_t threshold = limits.match_limit << state.times_banned;
      matches.clear();
      bindings.clear();
      const std::size_t width = rule.lhs().variables().size();
      bool over = false;
      for (const ClassId id : classes_by_op[static_cast<std::size_t>(rule.lhs().root_op())]) {
        rule.lhs().match(graph, id, scratch.substitution, [&](const Substitution& s) {
          if (matches.size() > threshold) return;
          matches.push_back({id, bindings.size()});
          bindings.insert(bindings.end(), s.begin(), s.end());
        });
        if (matches.size() > threshold) {
          over = true;
          break;
        }
      }
      if (over) {
        state.banned_until = iteration + (limits.ban_length << state.times_banned);
        ++state.times_banned;
        ++report.bans;
        any_banned = true;
        continue;
      }
      for (const Match& match : matches) {
        const Bindings substitution(bindings.data() + match.first, width);
        if (!rule.allows(graph, substitution)) continue;
        const ClassId result = rule.apply(graph, substitution);
        try {
          changed = graph.merge(match.eclass, result) || changed;
        } catch (const ConstantConflict&) {
          ++report.conflicts;  // a false equality: refused, the graph unchanged by it
        }
        ++report.applications;
        if (graph.node_count() > limits.nodes) break;
      }
      if (over_nodes()) stopped = true;
    }
    if (!stopped && elapsed() > limits.seconds) {
      report.stop_reason = StopReason::TimeLimit;
      stopped = true;
    }
    graph.rebuild();
    if (stopped) break;
    changed = changed || graph.node_count() != nodes_before || graph.class_count() != classes_before;
    if (!changed) {
      if (!any_banned) {
        report.stop_reason = StopReason::Saturated;
        break;
      }
      // Only banned rules could still change anything: lift the bans now rather than idle.
      for (RuleState& state : states) state.banned_until = 0;
    }
  }
  report.nodes = graph.node_count();
  report.classes = graph.class_count();
  report.nodes_added = report.nodes > initial_nodes ? report.nodes - initial_nodes : 0;
  report.seconds = elapsed();
  return report;
}

}  // namespace kepler::egraph
