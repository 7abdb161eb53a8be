// The one path every search takes from a proposed expression to a scored candidate:
//
//   fold constants → constraints → canonical key → (twin of a member?) → cache → fit → score
//
// With screening rows (Problem::screen), the fit is done on those rows, and a candidate is scored
// on all rows (with those constants) only if it is the best this pipeline has screened at its
// complexity or below and its screening loss, halved, would still earn a place on the shared
// front. One that is not comes back `screened`, with its screening loss: a search ranks it by that
// estimate, and `offer` ignores it, so the front only ever holds losses on all rows.
//
// with a counter per stage, reported by name in the search's SearchReport. The twin check is the
// caller's (a GP island knows its members; a tree search its visited nodes): `propose` stops
// after the key, the caller may `reject_twin`, and `evaluate` does the rest. `score` is the two in
// one for callers without twins. Keys and scored equations come from the context's shared
// CandidateCache (as of the last round barrier) and from what this pipeline learned since.
//
// A pipeline belongs to a SearchContext (SearchContext::add_pipeline), which merges what it learned
// and offered into the shared cache and front at every round barrier.
//
// Thread-safety: a pipeline owns its Scorer and lessons; one worker uses it at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "egraph/simplify.hpp"
#include "engine/expr.hpp"
#include "engine/pareto.hpp"
#include "search/cache.hpp"
#include "search/constraints.hpp"
#include "search/polynomial.hpp"
#include "search/problem.hpp"
#include "search/scorer.hpp"
#include "search/search.hpp"

namespace kepler {

struct Proposal {
  Expr f;             // constants folded
  std::uint64_t key;  // equal keys: the same model
};

struct Candidate {
  Expr f;             // with fitted constants
  double loss;        // normalized, finite
  std::uint64_t key;
  double offset;      // the linear scaling of the loss (0 and 1 without)
  double scale;
  bool screened = false;  // loss on the screening rows only: not offered to the front
};

struct CandidateCounters {
  std::uint64_t proposed = 0;
  std::uint64_t rejected_constraint = 0;
  std::uint64_t rejected_twin = 0;
  std::uint64_t cache_hits = 0;
  std::uint64_t fitted = 0;
  std::uint64_t not_finite = 0;  // fitted, but not finite on the data
  std::uint64_t scored = 0;      // candidates returned by evaluate, from the cache or fitted
  // Proposals whose polynomial leaf (search/polynomial.hpp) was replaced by a fitted polynomial;
  // each counts as one evaluation.
  std::uint64_t polynomials = 0;
  // With screening rows (Problem::screen) `fitted` counts the fits on them, and these the fitted
  // candidates set aside there (the others were scored on all rows).
  std::uint64_t screened_out = 0;

  // Adds them to `report` by name, with the scorer's and the keys' seconds.
  void add_to(SearchReport& report) const;
};

class CandidatePipeline {
 public:
  // `canonicalizer` null: syntactic keys only (the e-graph's ablation). Everything but the
  // pipeline's own scorer and lessons is shared read-only; `evaluations` (may be null) counts every
  // evaluation of every pipeline of the context.
  // `front` (may be null): the shared front as of the last barrier; an offer it already rejects
  // (an entry at least as simple and at least as good) is not kept, since the front only gets
  // better until the offer would be merged.
  CandidatePipeline(const Problem& problem, const Constraints& constraints,
                    const egraph::Canonicalizer* canonicalizer, int fit_iterations, const CandidateCache& cache,
                    std::atomic<std::uint64_t>* evaluations = nullptr,
                    const std::vector<ParetoEntry>* front = nullptr);

  // Folds, checks and keys f; nothing when it breaks a constraint. A polynomial leaf in f is
  // replaced by the sparse polynomial the data ask for (search/polynomial.hpp): the constraints
  // hold for f as written, the leaf one node, and the size limit for f as expanded.
  [[nodiscard]] std::optional<Proposal> propose(Expr f);
  // Counts a proposal the caller drops as a twin.
  void reject_twin() noexcept { ++counters_.rejected_twin; }
  // The scored candidate (from the cache, or fitted and remembered); nothing when not finite.
  [[nodiscard]] std::optional<Candidate> evaluate(Proposal proposal);
  [[nodiscard]] std::optional<Candidate> score(Expr f);
  // f's canonical key (memoized by shape).
  [[nodiscard]] std::uint64_t key(const Expr& f);
  // f's canonical key computed now, neither looked up in nor added to the cache: for keys a
  // caller memoizes itself, such as tree search's keys of partial equations, which would crowd
  // the candidates' keys out of the shared cache.
  [[nodiscard]] std::uint64_t fresh_key(const Expr& f);
  // Whether equal keys come from the e-graph (proven equal), not from the syntax alone.
  [[nodiscard]] bool keys_prove_equality() const noexcept { return canonicalizer_ != nullptr; }
  // Offers a candidate to the shared front; it joins at the next barrier.
  void offer(const Candidate& candidate);

  [[nodiscard]] const Constraints& constraints() const noexcept { return *constraints_; }
  [[nodiscard]] Scorer& scorer() noexcept { return scorer_; }
  // Multi-start fits (Scorer::set_multi_start), on all rows and on the screening rows.
  void set_multi_start(bool on) noexcept {
    scorer_.set_multi_start(on);
    if (screener_) screener_->set_multi_start(on);
  }
  [[nodiscard]] const CandidateCounters& counters() const noexcept { return counters_; }
  // What this pipeline spent of the budget: the scorers' evaluations (a candidate scored, a
  // Levenberg–Marquardt iteration, on all rows or on the screening rows alike) and one per
  // candidate scored from the cache — a search that has seen everything reachable still comes to
  // the end of an evaluation budget.
  [[nodiscard]] std::uint64_t evaluations() const noexcept;
  // Offers that joined the shared front when merged (later evictions not subtracted), and what
  // they gained: for each, the decades of loss it took off the front at its complexity —
  // log10(the lowest loss of an entry as simple, 1 if none) − log10(its loss), its loss floored at
  // 1e-30. An exact law found counts for many, a last digit gained for next to nothing.
  [[nodiscard]] std::uint64_t admitted() const noexcept { return admitted_; }
  [[nodiscard]] double front_gain() const noexcept { return front_gain_; }
  // This pipeline's counters, the scorer's evaluations and seconds, and the keys' seconds.
  void add_to(SearchReport& report) const;

  // At the barrier: what this pipeline learned goes into `cache`, its offers into `front` (in the
  // order offered); returns whether the front changed.
  bool merge_into(CandidateCache& cache, ParetoFront& front);

 private:
  void count_evaluations() noexcept;
  // Whether a candidate screened at `loss` could still join the front after its fit on all rows;
  // remembers the loss.
  [[nodiscard]] bool promising(std::size_t complexity, double screening_loss);

  const Problem* problem_;
  const Constraints* constraints_;
  const egraph::Canonicalizer* canonicalizer_;
  std::optional<PolynomialExpander> expander_;  // made on the first polynomial leaf
  egraph::Canonicalizer::Workspace key_workspace_;
  Scorer scorer_;
  std::optional<Scorer> screener_;  // on Problem::screen, where set
  std::vector<double> best_screened_;  // by complexity: the lowest screening loss seen
  CacheDelta lessons_;
  const std::vector<ParetoEntry>* front_;
  std::vector<ParetoEntry> offers_;
  CandidateCounters counters_;
  std::atomic<std::uint64_t>* evaluations_;
  std::uint64_t evaluations_counted_ = 0;
  std::uint64_t admitted_ = 0;
  double front_gain_ = 0.0;
  double key_seconds_ = 0.0;
};

}  // namespace kepler
