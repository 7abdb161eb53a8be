#include "search/cache.hpp"

namespace kepler {

const std::uint64_t* CacheDelta::key(std::uint64_t shape) {
  if (const std::uint64_t* mine = keys_.find(shape)) return mine;
  const auto [shared, old] = shared_->key(shape);
  if (shared != nullptr && old) keys_.insert(shape, *shared);
  return shared;
}

const ScoredEquation* CacheDelta::scored(std::uint64_t key) {
  if (const ScoredEquation* mine = scored_.find(key)) return mine;
  const auto [shared, old] = shared_->scored(key);
  if (shared != nullptr && old) scored_.insert(key, *shared);
  return shared;
}

void CacheDelta::merge_into(CandidateCache& cache) {
  keys_.drain([&](std::uint64_t shape, std::uint64_t key) { cache.learn_key(shape, key); });
  scored_.drain([&](std::uint64_t key, const ScoredEquation& scored) { cache.learn_scored(key, scored); });
}

}  // namespace kepler
