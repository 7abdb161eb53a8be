#include "search/observer.hpp"

namespace kepler {

void FrontReporter::round(const std::vector<ParetoEntry>& front, bool changed, std::uint64_t evaluations,
                          double elapsed_seconds) {
  if (!observer_->on_front) return;
  if (changed) {
    pending_ = true;
    if (!front.empty() && front.back().loss < reported_best_) improved_ = true;
  }
  if (!pending_) return;
  const double since = elapsed_seconds - last_call_;
  const bool due = since >= observer_->front_every_seconds ||
                   (improved_ && since >= observer_->front_improvement_seconds);
  if (!due) return;
  const FrontSnapshot snapshot{front, evaluations, elapsed_seconds};
  if (!observer_->on_front(snapshot)) return;
  if (!front.empty()) reported_best_ = front.back().loss;
  pending_ = improved_ = false;
  last_call_ = elapsed_seconds;
}

}  // namespace kepler
