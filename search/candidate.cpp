#include "search/candidate.hpp"

#include <cmath>
#include <utility>

#include "engine/simplify.hpp"

namespace kepler {

void CandidateCounters::add_to(SearchReport& report) const {
  report.add("proposed", static_cast<double>(proposed));
  report.add("rejected_constraint", static_cast<double>(rejected_constraint));
  report.add("rejected_twin", static_cast<double>(rejected_twin));
  report.add("cache_hits", static_cast<double>(cache_hits));
  report.add("fitted", static_cast<double>(fitted));
  report.add("not_finite", static_cast<double>(not_finite));
  report.add("scored", static_cast<double>(scored));
}

CandidatePipeline::CandidatePipeline(const Problem& problem, const Constraints& constraints,
                                     const egraph::Canonicalizer* canonicalizer, int fit_iterations)
    : constraints_(constraints), scorer_(problem, fit_iterations), twins_(canonicalizer) {}

std::optional<Proposal> CandidatePipeline::propose(Expr f) {
  ++counters_.proposed;
  f = fold_constants(f);
  if (!satisfies(f, constraints_)) {
    ++counters_.rejected_constraint;
    return std::nullopt;
  }
  const std::uint64_t key = twins_.key(f);
  return Proposal{std::move(f), key};
}

std::optional<Candidate> CandidatePipeline::evaluate(Proposal proposal) {
  if (auto known = twins_.cached(proposal.key)) {
    ++counters_.cache_hits;
    ++counters_.scored;
    return Candidate{std::move(known->f), known->loss, proposal.key};
  }
  ++counters_.fitted;
  const Score s = scorer_.optimize(proposal.f);
  if (!std::isfinite(s.loss)) {
    ++counters_.not_finite;
    return std::nullopt;
  }
  twins_.remember(proposal.key, {proposal.f, s.loss});
  ++counters_.scored;
  return Candidate{std::move(proposal.f), s.loss, proposal.key};
}

std::optional<Candidate> CandidatePipeline::score(Expr f) {
  auto proposal = propose(std::move(f));
  if (!proposal) return std::nullopt;
  return evaluate(std::move(*proposal));
}

void CandidatePipeline::add_to(SearchReport& report) const {
  counters_.add_to(report);
  report.add("key_seconds", twins_.seconds());
  report.add("fitting_seconds", scorer_.fitting_seconds());
  report.add("evaluating_seconds", scorer_.evaluating_seconds());
}

}  // namespace kepler
