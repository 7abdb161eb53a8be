#include "search/candidate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
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
  report.add("polynomials", static_cast<double>(polynomials));
}

CandidatePipeline::CandidatePipeline(const Problem& problem, const Constraints& constraints,
                                     const egraph::Canonicalizer* canonicalizer, int fit_iterations,
                                     const CandidateCache& cache, std::atomic<std::uint64_t>* evaluations,
                                     const std::vector<ParetoEntry>* front)
    : problem_(&problem),
      constraints_(&constraints),
      canonicalizer_(canonicalizer), scorer_(problem, fit_iterations), lessons_(cache),
      front_(front), evaluations_(evaluations) {
  if (problem.screen != nullptr) screener_.emplace(problem, *problem.screen, fit_iterations);
}

std::uint64_t CandidatePipeline::key(const Expr& f) {
  if (canonicalizer_ == nullptr) return f.shape_hash();
  // Memoized by a hash that already ignores operand order, so commuted twins share one e-graph run.
  const std::uint64_t shape = f.symmetric_shape_hash();
  if (const std::uint64_t* known = lessons_.key(shape)) return *known;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t k = canonicalizer_->key(f, key_workspace_);
  key_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  lessons_.learn_key(shape, k);
  return k;
}

std::uint64_t CandidatePipeline::fresh_key(const Expr& f) {
  if (canonicalizer_ == nullptr) return f.shape_hash();
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t k = canonicalizer_->key(f, key_workspace_);
  key_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return k;
}

std::optional<Proposal> CandidatePipeline::propose(Expr f) {
  ++counters_.proposed;
  f = fold_constants(f);
  if (!satisfies(f, *constraints_)) {
    ++counters_.rejected_constraint;
    return std::nullopt;
  }
  if (polynomial_leaf(f)) {
    if (!expander_) {
      expander_.emplace(problem_->screen != nullptr ? *problem_->screen : *problem_->train, problem_->linear_scaling);
    }
    ++counters_.polynomials;
    std::optional<Expr> expanded = expander_->expand(f);
    if (expanded) f = fold_constants(*expanded);
    if (!expanded || f.size() > constraints_->max_size) {
      ++counters_.rejected_constraint;
      return std::nullopt;
    }
  }
  const std::uint64_t k = key(f);
  return Proposal{std::move(f), k};
}

// A screening loss is an estimate from a few thousand rows; halving it keeps a candidate whose
// loss on all rows may well be lower, and still sets most of a search's candidates aside.
constexpr double kScreeningOptimism = 0.5;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool CandidatePipeline::promising(std::size_t complexity, double screening_loss) {
  if (best_screened_.size() <= complexity) best_screened_.resize(complexity + 1, kInfinity);
  const bool best_so_far = std::all_of(best_screened_.begin(), best_screened_.begin() + static_cast<std::ptrdiff_t>(complexity) + 1,
                                       [&](double seen) { return screening_loss < seen; });
  best_screened_[complexity] = std::min(best_screened_[complexity], screening_loss);
  return best_so_far && (front_ == nullptr || !dominated(*front_, complexity, kScreeningOptimism * screening_loss));
}

std::optional<Candidate> CandidatePipeline::evaluate(Proposal proposal) {
  if (const ScoredEquation* known = lessons_.scored(proposal.key)) {
    ++counters_.cache_hits;
    ++counters_.scored;
    count_evaluations();
    return Candidate{known->f, known->loss, proposal.key, known->offset, known->scale, known->screened};
  }
  ++counters_.fitted;
  Score s;
  if (screener_) {
    s = screener_->optimize(proposal.f);
    count_evaluations();
    if (!std::isfinite(s.loss)) {
      ++counters_.not_finite;
      return std::nullopt;
    }
    if (!promising(proposal.f.complexity(), s.loss)) {
      ++counters_.screened_out;
      ++counters_.scored;
      lessons_.learn_scored(proposal.key, {proposal.f, s.loss, s.offset, s.scale, true});
      return Candidate{std::move(proposal.f), s.loss, proposal.key, s.offset, s.scale, true};
    }
    // One evaluation on all rows, with the constants fitted on the screening rows: a fit on all of
    // a large table's rows costs as much as screening dozens of candidates, and discover refits
    // the front's equations on all rows in the end.
    s = scorer_.score(proposal.f);
  } else {
    s = scorer_.optimize(proposal.f);
  }
  count_evaluations();
  if (!std::isfinite(s.loss)) {
    ++counters_.not_finite;
    return std::nullopt;
  }
  lessons_.learn_scored(proposal.key, {proposal.f, s.loss, s.offset, s.scale});
  ++counters_.scored;
  return Candidate{std::move(proposal.f), s.loss, proposal.key, s.offset, s.scale};
}

std::optional<Candidate> CandidatePipeline::score(Expr f) {
  auto proposal = propose(std::move(f));
  if (!proposal) return std::nullopt;
  return evaluate(std::move(*proposal));
}

void CandidatePipeline::offer(const Candidate& candidate) {
  if (candidate.screened) return;
  const std::size_t complexity = candidate.f.complexity();
  if (front_ != nullptr && dominated(*front_, complexity, candidate.loss)) return;
  ParetoEntry entry;
  entry.expr = candidate.f;
  entry.loss = candidate.loss;
  entry.complexity = complexity;
  entry.offset = candidate.offset;
  entry.scale = candidate.scale;
  offers_.push_back(std::move(entry));
}

std::uint64_t CandidatePipeline::evaluations() const noexcept {
  return scorer_.evaluations() + (screener_ ? screener_->evaluations() : 0) + counters_.cache_hits +
         counters_.polynomials;
}

void CandidatePipeline::count_evaluations() noexcept {
  const std::uint64_t now = evaluations();
  if (evaluations_ != nullptr) evaluations_->fetch_add(now - evaluations_counted_, std::memory_order_relaxed);
  evaluations_counted_ = now;
}

bool CandidatePipeline::merge_into(CandidateCache& cache, ParetoFront& front) {
  count_evaluations();
  lessons_.merge_into(cache);
  bool changed = false;
  for (ParetoEntry& entry : offers_) {
    const double before = std::min(front.loss_at(entry.complexity).value_or(1.0), 1.0);
    const double after = std::max(entry.loss, 1e-30);
    if (front.insert(std::move(entry))) {
      changed = true;
      ++admitted_;
      if (after < before) front_gain_ += std::log10(before) - std::log10(after);
    }
  }
  offers_.clear();
  return changed;
}

void CandidatePipeline::add_to(SearchReport& report) const {
  counters_.add_to(report);
  report.add("key_seconds", key_seconds_);
  report.add("fitting_seconds", scorer_.fitting_seconds());
  report.add("evaluating_seconds", scorer_.evaluating_seconds());
  report.add("aliased", static_cast<double>(scorer_.aliased() + (screener_ ? screener_->aliased() : 0)));
  if (screener_) {
    report.add("screened_out", static_cast<double>(counters_.screened_out));
    report.add("screening_seconds", screener_->fitting_seconds() + screener_->evaluating_seconds());
  }
}

}  // namespace kepler
