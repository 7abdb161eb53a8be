#include "search/observer.hpp"

namespace kepler {

void FrontReporter::round(const ParetoFront& front, bool changed, std::uint64_t evaluations,
                          double elapsed_seconds) {
  if (!observer_->on_front) return;
  if (changed) {
    pending_ = true;
    if (const auto best = front.best_loss(); best && *best < reported_best_) improved_ = true;
  }
  if (!pending_) return;
  const double since = elapsed_seconds - last_call_;
  const bool due = since >= observer_->front_every_seconds ||
                   (improved_ && since >= observer_->front_improvement_seconds);
  if (!due) return;
  const FrontSnapshot snapshot{front.snapshot(), evaluations, elapsed_seconds};
  if (!observer_->on_front(snapshot)) return;
  if (const auto best = front.best_loss()) reported_best_ = *best;
  pending_ = improved_ = false;
  last_call_ = elapsed_seconds;
}

}  // namespace kepler
