#include "engine/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include "engine/batch.hpp"

namespace kepler {

Dataset::Dataset(std::vector<std::string> variable_names,
                 const std::vector<std::vector<double>>& columns, std::string target_name,
                 std::vector<double> target, std::vector<double> weights) {
  if (columns.size() != variable_names.size()) {
    throw std::invalid_argument("Dataset: " + std::to_string(variable_names.size()) + " names for " +
                                std::to_string(columns.size()) + " columns");
  }
  const std::size_t stride = kepler::padded_rows(target.size());
  detail::AlignedVector padded(columns.size() * stride, 1.0);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (columns[j].size() != target.size()) {
      throw std::invalid_argument("Dataset: column '" + variable_names[j] + "' has " +
                                  std::to_string(columns[j].size()) + " rows, the target has " +
                                  std::to_string(target.size()));
    }
    std::copy(columns[j].begin(), columns[j].end(), padded.begin() + static_cast<std::ptrdiff_t>(j * stride));
  }
  *this = from_padded_columns(std::move(variable_names), std::move(padded), std::move(target_name),
                              std::move(target), std::move(weights));
}

Dataset Dataset::from_padded_columns(std::vector<std::string> variable_names, detail::AlignedVector columns,
                                     std::string target_name, std::vector<double> target,
                                     std::vector<double> weights) {
  Dataset data;
  data.stride_ = kepler::padded_rows(target.size());
  if (columns.size() != variable_names.size() * data.stride_) {
    throw std::invalid_argument("Dataset: padded columns of " + std::to_string(columns.size()) + " values for " +
                                std::to_string(variable_names.size()) + " variables of " +
                                std::to_string(data.stride_) + " padded rows");
  }
  if (!weights.empty() && weights.size() != target.size()) {
    throw std::invalid_argument("Dataset: weights and target differ in length");
  }
  data.names_ = std::move(variable_names);
  data.target_name_ = std::move(target_name);
  data.columns_ = std::move(columns);
  data.target_ = std::move(target);
  data.weights_ = std::move(weights);
  return data;
}

bool Dataset::single_precision_inputs() const noexcept {
  constexpr double kMax = std::numeric_limits<float>::max();
  constexpr double kMin = std::numeric_limits<float>::min();
  return std::all_of(columns_.begin(), columns_.end(), [](double value) {
    const double v = std::abs(value);
    return v <= kMax && (v == 0.0 || v >= kMin);
  });
}

std::optional<std::size_t> Dataset::variable_index(std::string_view name) const noexcept {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

std::vector<double> Dataset::row(std::size_t i) const {
  std::vector<double> out(variables());
  for (std::size_t j = 0; j < variables(); ++j) out[j] = columns_[j * stride_ + i];
  return out;
}

Dataset Dataset::select_rows(std::span<const std::size_t> rows) const {
  std::vector<std::vector<double>> columns(variables(), std::vector<double>(rows.size()));
  std::vector<double> target(rows.size());
  std::vector<double> weights(weighted() ? rows.size() : 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t i = rows[r];
    for (std::size_t j = 0; j < variables(); ++j) columns[j][r] = columns_[j * stride_ + i];
    target[r] = target_[i];
    if (weighted()) weights[r] = weights_[i];
  }
  return Dataset(names_, columns, target_name_, std::move(target), std::move(weights));
}

DatasetSplit split(const Dataset& data, double validation_fraction, std::uint64_t seed) {
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0)) {
    throw std::invalid_argument("split: validation fraction must lie in [0, 1)");
  }
  std::vector<std::size_t> order(data.rows());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  auto n_val = static_cast<std::size_t>(std::llround(validation_fraction * static_cast<double>(data.rows())));
  if (validation_fraction > 0.0 && data.rows() >= 2) n_val = std::max<std::size_t>(n_val, 1);
  n_val = std::min(n_val, data.rows() > 0 ? data.rows() - 1 : 0);
  const std::span<const std::size_t> all(order);
  // Keep each part in file order: reports and predictions read naturally.
  std::vector<std::size_t> train(all.begin() + static_cast<std::ptrdiff_t>(n_val), all.end());
  std::vector<std::size_t> val(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n_val));
  std::sort(train.begin(), train.end());
  std::sort(val.begin(), val.end());
  return {data.select_rows(train), data.select_rows(val)};
}

Dataset sample_rows(const Dataset& data, std::size_t count, std::uint64_t seed) {
  count = std::min(count, data.rows());
  // Selection sampling (Knuth's algorithm S): one pass, and the rows come out in order.
  std::vector<std::size_t> rows;
  rows.reserve(count);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t i = 0; i < data.rows() && rows.size() < count; ++i) {
    const auto needed = static_cast<double>(count - rows.size());
    const auto left = static_cast<double>(data.rows() - i);
    if (left * unit(rng) < needed) rows.push_back(i);
  }
  return data.select_rows(rows);
}

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

}  // namespace kepler
