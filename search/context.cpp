#include "search/context.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/dataset.hpp"
#include "engine/error.hpp"
#include "search/seeds.hpp"

namespace kepler {
namespace {

// Equations from elsewhere come fitted: a refit only confirms their constants on this data.
constexpr int kArrivalFitIterations = 8;

std::optional<egraph::Canonicalizer> make_canonicalizer(const Problem& problem, const SearchOptions& options) {
  if (!options.egraph) return std::nullopt;
  egraph::KeyOptions key_options;
  key_options.positive_variables = positive_columns(*problem.train);
  return egraph::Canonicalizer(std::move(key_options));
}

const Problem& validated(const Problem& problem, const Budget& budget, const SearchOptions& options) {
  problem.validate();
  budget.validate();
  validate_seeds(options.seed_equations, problem);
  if (options.cache_capacity == 0) throw InputError("cache_capacity", "must be at least 1");
  return problem;
}

}  // namespace

SearchContext::SearchContext(const Problem& problem, const Budget& budget, const SearchOptions& options,
                             const Observer& observer, tbb::task_arena& arena)
    : problem_(&validated(problem, budget, options)),
      budget_(budget),
      options_(options),
      observer_(&observer),
      arena_(&arena),
      start_(Clock::now()),
      constraints_(Constraints::of(problem)),
      canonicalizer_(make_canonicalizer(problem, options)),
      cache_(options.cache_capacity) {}

CandidatePipeline& SearchContext::add_pipeline(int fit_iterations) {
  pipelines_.push_back(std::make_unique<CandidatePipeline>(*problem_, constraints_, canonicalizer(), fit_iterations,
                                                           cache_, &evaluations_, &front_snapshot_));
  return *pipelines_.back();
}

std::optional<double> SearchContext::best_loss() const {
  if (front_snapshot_.empty()) return std::nullopt;
  return front_snapshot_.back().loss;
}

// A loss at the early-stop level counts only where the rows can show it (rows_can_show_exact).
// discover's choice of the best and the scorer's exemption of exact fits from the aliasing check
// have the same floor.
bool SearchContext::reached_early_stop() const {
  const std::size_t rows = problem_->train->rows();
  const std::size_t scaling = problem_->linear_scaling ? 2 : 0;
  return std::any_of(front_snapshot_.begin(), front_snapshot_.end(), [&](const ParetoEntry& entry) {
    return entry.loss <= budget_.early_stop_loss && rows_can_show_exact(entry.expr.parameter_count() + scaling, rows);
  });
}

double SearchContext::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

bool SearchContext::out_of_time() const { return observer_->cancelled() || elapsed_seconds() >= budget_.seconds; }

bool SearchContext::barrier() {
  bool changed = false;
  for (const auto& pipeline : pipelines_) changed = pipeline->merge_into(cache_, front_) || changed;
  if (changed) front_snapshot_ = front_.snapshot();
  return changed;
}

std::optional<StopReason> SearchContext::stop_reason() const {
  if (observer_->cancelled()) return StopReason::Cancelled;
  if (reached_early_stop()) return StopReason::EarlyStop;
  if (evaluations() >= budget_.max_evaluations) return StopReason::EvaluationLimit;
  if (elapsed_seconds() >= budget_.seconds) return StopReason::TimeLimit;
  return std::nullopt;
}

void SearchContext::report_progress() {
  if (!observer_->on_progress) return;
  const std::lock_guard lock(progress_mutex_);
  const double now = elapsed_seconds();
  if (now - last_progress_ < 0.2) return;
  last_progress_ = now;
  Progress progress;
  progress.elapsed_seconds = now;
  progress.limit_seconds = budget_.seconds;
  progress.evaluations = evaluations();
  progress.evaluations_per_second = now > 0 ? static_cast<double>(progress.evaluations) / now : 0.0;
  progress.best_loss = best_loss().value_or(std::nan(""));
  if (!front_snapshot_.empty()) progress.best = front_snapshot_.back().expr;
  observer_->on_progress(progress);
}

void SearchContext::add_to(SearchReport& report) const {
  for (const auto& pipeline : pipelines_) pipeline->add_to(report);
}

SearchResult run_searches(SearchContext& context, std::span<Search* const> searches) {
  std::uint64_t seed_state = context.options().seed;
  for (std::size_t i = 0; i < searches.size(); ++i) {
    searches[i]->start(context, i == 0 ? seed_state : split_mix(seed_state));
  }
  FrontReporter checkpoints(context.observer());
  const auto& exchange = context.observer().exchange;
  CandidatePipeline* arrivals = exchange ? &context.add_pipeline(kArrivalFitIterations) : nullptr;
  bool changed = context.barrier();
  std::uint64_t arrived = 0;
  SearchReport report;
  while (true) {
    context.report_progress();
    checkpoints.round(context.front(), changed, context.evaluations(), context.elapsed_seconds());
    std::optional<StopReason> reason = context.stop_reason();
    if (!reason && std::all_of(searches.begin(), searches.end(), [](const Search* s) { return s->exhausted(); })) {
      reason = StopReason::Exhausted;
    }
    if (exchange) {
      Exchange answer = exchange(context.front(), reason);
      arrived += answer.equations.size();
      for (Expr& f : answer.equations) {
        if (const auto candidate = arrivals->score(std::move(f))) arrivals->offer(*candidate);
      }
      changed = context.barrier() || changed;
      reason = answer.stop;
    }
    if (reason) {
      report.stop_reason = *reason;
      break;
    }
    context.parallel_for(searches.size(), [&](std::size_t i) { searches[i]->round(context); });
    changed = context.barrier();
  }
  report.evaluations = context.evaluations();
  report.seconds = context.elapsed_seconds();
  report.evaluations_per_second = report.seconds > 0 ? static_cast<double>(report.evaluations) / report.seconds : 0.0;
  for (const Search* search : searches) search->add_to(report);
  if (exchange) report.add("arrivals", static_cast<double>(arrived));
  context.add_to(report);
  return {context.front(), report};
}

SearchResult run_searches(SearchContext& context, std::initializer_list<Search*> searches) {
  return run_searches(context, std::span<Search* const>(searches.begin(), searches.size()));
}

}  // namespace kepler
