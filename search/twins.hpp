// Recognising rewritten twins: every candidate gets a key, and candidates with equal keys are
// the same model. With the e-graph on, the key is egraph::Canonicalizer's (proven equal within a
// small budget, constants abstract); off (the ablation), it is the syntactic shape hash. Keys are
// memoized by shape, and a bounded fitness cache maps a key to the scored equation, so a twin is
// never fitted twice.
//
// Memory is bounded: each of the two memos (key by shape, scored equation by key) holds at most
// `cache_capacity` entries (2^16 by default) and is emptied when full — about 20 MB at most per
// detector for equations of ~15 nodes. One TwinDetector per GP island; the Canonicalizer is
// shared read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "egraph/simplify.hpp"
#include "engine/dataset.hpp"
#include "engine/expr.hpp"

namespace kepler {

// Columns whose training values are all positive: the domain facts the e-graph's rules need.
[[nodiscard]] std::vector<bool> positive_columns(const Dataset& data);
// Which columns have no zero value (the simplifier may then cancel x / x).
[[nodiscard]] std::vector<bool> nonzero_columns(const Dataset& data);

struct ScoredEquation {
  Expr f;  // with fitted constants
  double loss;
};

class TwinDetector {
 public:
  // `canonicalizer` null: syntactic keys only.
  explicit TwinDetector(const egraph::Canonicalizer* canonicalizer, std::size_t cache_capacity = 1 << 16);

  [[nodiscard]] std::uint64_t key(const Expr& f);
  [[nodiscard]] std::optional<ScoredEquation> cached(std::uint64_t key);
  void remember(std::uint64_t key, const ScoredEquation& scored);

  [[nodiscard]] std::uint64_t cache_hits() const noexcept { return hits_; }
  [[nodiscard]] double seconds() const noexcept { return seconds_; }  // spent computing keys

 private:
  const egraph::Canonicalizer* canonicalizer_;
  std::size_t capacity_;
  std::unordered_map<std::uint64_t, std::uint64_t> key_by_shape_;
  std::unordered_map<std::uint64_t, ScoredEquation> scored_;
  std::uint64_t hits_ = 0;
  double seconds_ = 0.0;
};

}  // namespace kepler
