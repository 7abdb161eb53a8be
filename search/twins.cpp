#include "search/twins.hpp"

#include <algorithm>
#include <chrono>

namespace kepler {

namespace {

template <typename Predicate>
std::vector<bool> columns_where_every_value(const Dataset& data, Predicate holds) {
  std::vector<bool> out(data.variables());
  for (std::size_t j = 0; j < data.variables(); ++j) {
    const auto column = data.column(j);
    out[j] = std::all_of(column.begin(), column.end(), holds);
  }
  return out;
}

}  // namespace

std::vector<bool> positive_columns(const Dataset& data) {
  return columns_where_every_value(data, [](double v) { return v > 0.0; });
}

std::vector<bool> nonzero_columns(const Dataset& data) {
  return columns_where_every_value(data, [](double v) { return v != 0.0; });
}

TwinDetector::TwinDetector(const egraph::Canonicalizer* canonicalizer, std::size_t cache_capacity)
    : canonicalizer_(canonicalizer), capacity_(cache_capacity) {}

std::uint64_t TwinDetector::key(const Expr& f) {
  if (canonicalizer_ == nullptr) return f.shape_hash();
  // Memoized by a hash that already ignores operand order, so commuted twins share one e-graph run.
  const std::uint64_t shape = f.symmetric_shape_hash();
  if (const auto it = key_by_shape_.find(shape); it != key_by_shape_.end()) return it->second;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t k = canonicalizer_->key(f);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (key_by_shape_.size() >= capacity_) key_by_shape_.clear();
  key_by_shape_.emplace(shape, k);
  return k;
}

std::optional<ScoredEquation> TwinDetector::cached(std::uint64_t key) {
  const auto it = scored_.find(key);
  if (it == scored_.end()) return std::nullopt;
  ++hits_;
  return it->second;
}

void TwinDetector::remember(std::uint64_t key, const ScoredEquation& scored) {
  if (scored_.size() >= capacity_) scored_.clear();
  scored_.insert_or_assign(key, scored);
}

}  // namespace kepler
