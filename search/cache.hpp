// What the searches of one context remember about candidates, shared by all of their workers:
// the canonical key of each shape (computing one runs the e-graph) and the scored equation of
// each key (computing one runs Levenberg–Marquardt), so no worker keys or fits a twin twice.
//
// Determinism: during a round the shared tables are only read. Each worker's CacheDelta holds
// what it learned this round and answers its own lookups first; the context merges the deltas
// into the shared tables at the round barrier, in worker order, and the first to have learned a
// key wins. What a lookup answers thus depends on the rounds, never on thread timing.
//
// Memory: each table keeps two generations of at most `capacity` entries. When the newer one is
// full it becomes the older and the older is dropped; an entry found in the older generation is
// learned again into the newer, so entries in use survive (a two-generation approximation of
// least-recently-used). At most 2·capacity entries per table: with the default 2^16, about 50 MB
// for equations of ~15 nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "engine/expr.hpp"

namespace kepler {

struct ScoredEquation {
  Expr f;  // with fitted constants
  double loss;
  double offset;  // the linear scaling of the loss (0 and 1 without)
  double scale;
  bool screened = false;  // loss from the screening rows only (Problem::screen)
};

// A map of bounded size that forgets its older half when full. A pointer find() returns is valid
// until the next insert.
template <typename Value>
class Generations {
 public:
  explicit Generations(std::size_t capacity) : capacity_(capacity) {}

  // The value and whether it was found in the older generation; null when absent.
  [[nodiscard]] std::pair<const Value*, bool> find(std::uint64_t key) const {
    if (const auto it = newer_.find(key); it != newer_.end()) return {&it->second, false};
    if (const auto it = older_.find(key); it != older_.end()) return {&it->second, true};
    return {nullptr, false};
  }
  // The first value learned for a key wins: one already held stays (moved to the newer
  // generation if it was in the older).
  void insert(std::uint64_t key, const Value& value) {
    if (newer_.contains(key)) return;
    std::optional<Value> held;
    if (const auto it = older_.find(key); it != older_.end()) held = std::move(it->second);
    if (newer_.size() >= capacity_) {
      older_ = std::move(newer_);
      newer_ = {};
    }
    newer_.emplace(key, held ? std::move(*held) : value);
  }
  [[nodiscard]] std::size_t size() const noexcept { return newer_.size() + older_.size(); }

 private:
  std::size_t capacity_;
  absl::flat_hash_map<std::uint64_t, Value> newer_, older_;
};

class CandidateCache {
 public:
  static constexpr std::size_t kDefaultCapacity = std::size_t{1} << 16;

  explicit CandidateCache(std::size_t capacity = kDefaultCapacity)
      : capacity_(capacity), keys_(capacity), scored_(capacity) {}

  // Entries per table and generation.
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  [[nodiscard]] std::pair<const std::uint64_t*, bool> key(std::uint64_t shape) const { return keys_.find(shape); }
  [[nodiscard]] std::pair<const ScoredEquation*, bool> scored(std::uint64_t key) const { return scored_.find(key); }

  void learn_key(std::uint64_t shape, std::uint64_t key) { keys_.insert(shape, key); }
  void learn_scored(std::uint64_t key, const ScoredEquation& scored) { scored_.insert(key, scored); }

  [[nodiscard]] std::size_t keys() const noexcept { return keys_.size(); }
  [[nodiscard]] std::size_t equations() const noexcept { return scored_.size(); }

 private:
  std::size_t capacity_;
  Generations<std::uint64_t> keys_;
  Generations<ScoredEquation> scored_;
};

// What one worker learned in one round, in the order it learned it (the order of the merge).
template <typename Value>
class Lessons {
 public:
  explicit Lessons(std::size_t capacity) : capacity_(capacity) {}

  [[nodiscard]] const Value* find(std::uint64_t key) const {
    const auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  // A worker that learns more than `capacity` things in one round forgets them all and goes on.
  void insert(std::uint64_t key, const Value& value) {
    if (map_.size() >= capacity_) clear();
    if (map_.emplace(key, value).second) order_.push_back(key);
  }
  template <typename Learn>
  void drain(const Learn& learn) {
    for (const std::uint64_t key : order_) learn(key, map_.at(key));
    clear();
  }
  void clear() noexcept {
    map_.clear();
    order_.clear();
  }

 private:
  std::size_t capacity_;
  absl::flat_hash_map<std::uint64_t, Value> map_;
  std::vector<std::uint64_t> order_;
};

// One worker's view of the shared cache during a round: its own lessons first, then the shared
// tables as of the last barrier.
class CacheDelta {
 public:
  // What one worker learns in one round is bounded as the shared cache is (a longer round
  // forgets what it learned and goes on).
  explicit CacheDelta(const CandidateCache& shared)
      : shared_(&shared), keys_(shared.capacity()), scored_(shared.capacity()) {}

  [[nodiscard]] const std::uint64_t* key(std::uint64_t shape);
  [[nodiscard]] const ScoredEquation* scored(std::uint64_t key);
  void learn_key(std::uint64_t shape, std::uint64_t key) { keys_.insert(shape, key); }
  void learn_scored(std::uint64_t key, const ScoredEquation& scored) { scored_.insert(key, scored); }

  // Moves this round's lessons into `cache` (the shared one, at the barrier) and starts afresh.
  void merge_into(CandidateCache& cache);

 private:
  const CandidateCache* shared_;
  Lessons<std::uint64_t> keys_;
  Lessons<ScoredEquation> scored_;
};

}  // namespace kepler
