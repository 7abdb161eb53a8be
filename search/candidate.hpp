// The one path every search takes from a proposed expression to a scored candidate:
//
//   fold constants → constraints → canonical key → (twin of a member?) → cache → fit → score
//
// with a counter per stage, reported by name in the search's SearchReport. The twin check is the
// caller's (a GP island knows its members; a tree search its visited nodes): `propose` stops
// after the key, the caller may `reject_twin`, and `evaluate` does the rest. `score` is the two in
// one for callers without twins.
//
// Thread-safety: a pipeline owns its Scorer and cache; use one per worker.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/expr.hpp"
#include "search/constraints.hpp"
#include "search/problem.hpp"
#include "search/scorer.hpp"
#include "search/search.hpp"
#include "search/twins.hpp"

namespace kepler {

struct Proposal {
  Expr f;             // constants folded
  std::uint64_t key;  // equal keys: the same model
};

struct Candidate {
  Expr f;             // with fitted constants
  double loss;        // normalized, finite
  std::uint64_t key;
};

struct CandidateCounters {
  std::uint64_t proposed = 0;
  std::uint64_t rejected_constraint = 0;
  std::uint64_t rejected_twin = 0;
  std::uint64_t cache_hits = 0;
  std::uint64_t fitted = 0;
  std::uint64_t not_finite = 0;  // fitted, but not finite on the data
  std::uint64_t scored = 0;      // candidates returned by evaluate, from the cache or fitted

  // Adds them to `report` by name, with the scorer's and the keys' seconds.
  void add_to(SearchReport& report) const;
};

class CandidatePipeline {
 public:
  // `canonicalizer` null: syntactic keys only (the e-graph's ablation); shared read-only.
  CandidatePipeline(const Problem& problem, const Constraints& constraints,
                    const egraph::Canonicalizer* canonicalizer, int fit_iterations);

  // Folds, checks and keys f; nothing when it breaks a constraint.
  [[nodiscard]] std::optional<Proposal> propose(Expr f);
  // Counts a proposal the caller drops as a twin.
  void reject_twin() noexcept { ++counters_.rejected_twin; }
  // The scored candidate (from the cache, or fitted and remembered); nothing when not finite.
  [[nodiscard]] std::optional<Candidate> evaluate(Proposal proposal);
  [[nodiscard]] std::optional<Candidate> score(Expr f);

  [[nodiscard]] const Constraints& constraints() const noexcept { return constraints_; }
  [[nodiscard]] Scorer& scorer() noexcept { return scorer_; }
  [[nodiscard]] TwinDetector& twins() noexcept { return twins_; }
  [[nodiscard]] const CandidateCounters& counters() const noexcept { return counters_; }
  // This pipeline's counters, the scorer's evaluations and seconds, and the keys' seconds.
  void add_to(SearchReport& report) const;

 private:
  Constraints constraints_;
  Scorer scorer_;
  TwinDetector twins_;
  CandidateCounters counters_;
};

}  // namespace kepler
