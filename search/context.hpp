// What every search of one run shares: the problem, one Pareto front, one candidate cache, one
// budget, the caller's threads and the observer.
//
// Searches work in rounds (see Search): all of them run a round concurrently on the context's
// task arena, then meet at a barrier, where the context — on one thread, in a fixed order —
// merges what every worker's CandidatePipeline learned into the cache and what it offered into the
// front, counts evaluations, reports progress and checkpoints, and judges whether to stop. During
// a round the front and the cache are only read, so with an evaluation budget a run's result
// depends on its seed alone: not on the thread count, nor on how the workers interleave. A time
// limit or cancellation stops inside a round, at a point that depends on the machine.
//
//   tbb::task_arena arena(2);
//   SearchContext context(problem, budget, options, observer, arena);
//   gp::GpSearch a, b;
//   const SearchResult result = run_searches(context, {&a, &b});
#pragma once

#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "egraph/simplify.hpp"
#include "engine/pareto.hpp"
#include "search/cache.hpp"
#include "search/candidate.hpp"
#include "search/constraints.hpp"
#include "search/observer.hpp"
#include "search/parallel.hpp"
#include "search/problem.hpp"
#include "search/search.hpp"

namespace kepler {

class SearchContext {
 public:
  // Validates the problem, the budget and the seed equations; the clock starts here.
  // Not owned, and must outlive the context: problem (and its data), observer, arena.
  SearchContext(const Problem& problem, const Budget& budget, const SearchOptions& options,
                const Observer& observer, tbb::task_arena& arena);
  SearchContext(const SearchContext&) = delete;
  SearchContext& operator=(const SearchContext&) = delete;

  [[nodiscard]] const Problem& problem() const noexcept { return *problem_; }
  [[nodiscard]] const Budget& budget() const noexcept { return budget_; }
  [[nodiscard]] const SearchOptions& options() const noexcept { return options_; }
  [[nodiscard]] const Observer& observer() const noexcept { return *observer_; }
  [[nodiscard]] const Constraints& constraints() const noexcept { return constraints_; }
  // Null when the e-graph is off (SearchOptions::egraph).
  [[nodiscard]] const egraph::Canonicalizer* canonicalizer() const noexcept {
    return canonicalizer_ ? &*canonicalizer_ : nullptr;
  }
  [[nodiscard]] const CandidateCache& cache() const noexcept { return cache_; }

  // A new worker's pipeline, owned by the context. Call while no other pipeline is in use: from
  // Search::start, or from a round that runs alone (a portfolio restarting a member); barriers
  // merge pipelines in the order they were added.
  [[nodiscard]] CandidatePipeline& add_pipeline(int fit_iterations);
  // The pipelines added so far, in order: a composite search tells its members' apart by when
  // they were added.
  [[nodiscard]] std::size_t pipeline_count() const noexcept { return pipelines_.size(); }
  [[nodiscard]] const CandidatePipeline& pipeline(std::size_t i) const noexcept { return *pipelines_[i]; }

  // work(i) for i in [0, n) on the context's threads; returns when all are done.
  template <typename Work>
  void parallel_for(std::size_t n, const Work& work) {
    parallel_for_each(*arena_, n, work);
  }

  // The front as of the last barrier, simplest first, losses normalized.
  [[nodiscard]] const std::vector<ParetoEntry>& front() const noexcept { return front_snapshot_; }
  [[nodiscard]] std::optional<double> best_loss() const;

  [[nodiscard]] double elapsed_seconds() const;
  // Evaluations by every worker so far (live; exact at a barrier).
  [[nodiscard]] std::uint64_t evaluations() const noexcept { return evaluations_.load(std::memory_order_relaxed); }
  // Cancelled, or past the deadline: what a worker checks to cut its round short.
  [[nodiscard]] bool out_of_time() const;

  // The barrier, called by run_searches with no round running: merges every pipeline, in order;
  // returns whether the front changed.
  bool barrier();
  // Why the run should stop now, judged at a barrier: cancellation, early stop on the shared
  // front, the evaluation budget, the deadline — in that order; nothing to go on.
  [[nodiscard]] std::optional<StopReason> stop_reason() const;
  // Whether an equation on the front reached the early-stop loss with at least two training rows
  // per constant (see context.cpp).
  [[nodiscard]] bool reached_early_stop() const;
  // Progress to the observer, at most every 0.2 s; serialized, so callable from any worker.
  void report_progress();
  // Every pipeline's counters, seconds and evaluations.
  void add_to(SearchReport& report) const;

 private:
  using Clock = std::chrono::steady_clock;

  const Problem* problem_;
  Budget budget_;
  SearchOptions options_;
  const Observer* observer_;
  tbb::task_arena* arena_;
  Clock::time_point start_;
  Constraints constraints_;
  std::optional<egraph::Canonicalizer> canonicalizer_;
  CandidateCache cache_;
  ParetoFront front_;
  std::vector<ParetoEntry> front_snapshot_;
  std::vector<std::unique_ptr<CandidatePipeline>> pipelines_;
  std::atomic<std::uint64_t> evaluations_{0};
  std::mutex progress_mutex_;
  double last_progress_ = -1e300;
};

// Runs the searches together in the context until its budget ends: each starts (in order), then
// rounds of all of them run concurrently, each followed by the barrier; the front is the
// context's. Search i draws its random numbers from a seed derived from SearchOptions::seed and i
// (search 0 uses the seed itself). Reports the searches' counters, summed by name.
SearchResult run_searches(SearchContext& context, std::span<Search* const> searches);
SearchResult run_searches(SearchContext& context, std::initializer_list<Search*> searches);

}  // namespace kepler
