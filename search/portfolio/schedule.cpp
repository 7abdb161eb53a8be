#include "search/portfolio/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kepler::portfolio {

Schedule::Schedule(std::size_t members, ShareRule rule)
    : rule_(rule), gains_(members, 0.0), costs_(members, 0.0), pass_(members, 0.0) {
  if (members == 0) throw std::invalid_argument("Schedule: no members");
}

double Schedule::rate(std::size_t m) const noexcept {
  return costs_[m] > 0.0 ? gains_[m] / costs_[m] : 0.0;
}

double Schedule::weight(std::size_t m) const noexcept {
  double best = 0.0;
  for (std::size_t k = 0; k < pass_.size(); ++k) best = std::max(best, rate(k));
  if (best <= 0.0) return 1.0;
  return std::max(rate(m), rule_.floor * best);
}

std::size_t Schedule::next(const std::vector<bool>& available) const {
  std::size_t chosen = pass_.size();
  for (std::size_t m = 0; m < pass_.size(); ++m) {
    if (available[m] && (chosen == pass_.size() || pass_[m] < pass_[chosen])) chosen = m;
  }
  if (chosen == pass_.size()) throw std::logic_error("Schedule::next: no member available");
  return chosen;
}

void Schedule::record(std::size_t m, double cost, double gain) {
  const double spent = std::max(cost, 1e-9);
  total_ += spent;
  const double fade = std::exp(-spent / (total_ / 2.0));
  for (std::size_t k = 0; k < pass_.size(); ++k) {
    gains_[k] *= fade;
    costs_[k] *= fade;
  }
  gains_[m] += gain;
  costs_[m] += spent;
  // Shares, not raw weights: passes stay comparable while the rates drift.
  double total_weight = 0.0;
  for (std::size_t k = 0; k < pass_.size(); ++k) total_weight += weight(k);
  pass_[m] += spent * total_weight / weight(m);
}

}  // namespace kepler::portfolio
