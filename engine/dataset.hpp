// A table of numbers to learn from: named input columns, one target, optional row weights.
//
// Storage is columnar: each variable is one contiguous, 64-byte aligned array, padded with 1.0 up
// to a multiple of kBatchRows so the evaluator always works on full batches (1.0 lies inside the
// domain of every operator, so padding never produces spurious NaNs; padded rows are never
// reported). Immutable once built; concurrent reads are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/detail/aligned_vector.hpp"

namespace kepler {

class Dataset {
 public:
  Dataset() = default;
  // Every column and the target must have the same length; weights are empty or that length.
  // Throws std::invalid_argument otherwise.
  Dataset(std::vector<std::string> variable_names, const std::vector<std::vector<double>>& columns,
          std::string target_name, std::vector<double> target, std::vector<double> weights = {});
  // The same from columns already laid out as a Dataset keeps them — variable j's rows from
  // j × padded_rows(target.size()), the padding 1.0 — taken without a copy (readers fill it).
  [[nodiscard]] static Dataset from_padded_columns(std::vector<std::string> variable_names,
                                                   detail::AlignedVector columns, std::string target_name,
                                                   std::vector<double> target, std::vector<double> weights = {});

  [[nodiscard]] std::size_t rows() const noexcept { return target_.size(); }
  [[nodiscard]] std::size_t padded_rows() const noexcept { return stride_; }
  [[nodiscard]] std::size_t variables() const noexcept { return names_.size(); }
  [[nodiscard]] const std::vector<std::string>& variable_names() const noexcept { return names_; }
  [[nodiscard]] const std::string& target_name() const noexcept { return target_name_; }
  [[nodiscard]] std::optional<std::size_t> variable_index(std::string_view name) const noexcept;

  // The values of variable j, rows() long.
  [[nodiscard]] std::span<const double> column(std::size_t j) const noexcept {
    return {columns_.data() + j * stride_, rows()};
  }
  // Variable j including its padding: padded_rows() values, 64-byte aligned.
  [[nodiscard]] const double* padded_column(std::size_t j) const noexcept {
    return columns_.data() + j * stride_;
  }
  // Whether every input is a normal float or 0 (none beyond ±3.4e38 or nonzero below 1.2e-38), so
  // that single precision carries the inputs to 7 digits: what SingleEvaluator needs.
  [[nodiscard]] bool single_precision_inputs() const noexcept;
  [[nodiscard]] std::span<const double> target() const noexcept { return target_; }
  // Row weights; empty when every row weighs 1.
  [[nodiscard]] std::span<const double> weights() const noexcept { return weights_; }
  [[nodiscard]] bool weighted() const noexcept { return !weights_.empty(); }

  // Row i of the inputs, as a vector of variables() values.
  [[nodiscard]] std::vector<double> row(std::size_t i) const;
  // A dataset of the given rows, in that order.
  [[nodiscard]] Dataset select_rows(std::span<const std::size_t> rows) const;

 private:
  std::vector<std::string> names_;
  std::string target_name_;
  std::size_t stride_ = 0;
  detail::AlignedVector columns_;  // variables() × stride_
  std::vector<double> target_;
  std::vector<double> weights_;
};

struct DatasetSplit {
  Dataset train;
  Dataset validation;
};

// Shuffles the rows with `seed` and puts round(fraction × rows) of them (at least one when
// fraction > 0 and there are two rows or more) in the validation set.
[[nodiscard]] DatasetSplit split(const Dataset& data, double validation_fraction,
                                 std::uint64_t seed);

// `count` rows drawn at random with `seed`, without replacement, kept in file order (all of them
// when count ≥ rows).
[[nodiscard]] Dataset sample_rows(const Dataset& data, std::size_t count, std::uint64_t seed);

// Columns whose values are all positive: domain facts the e-graph's rules need (log x, sqrt x²).
[[nodiscard]] std::vector<bool> positive_columns(const Dataset& data);
// Columns with no zero value (the simplifier may then cancel x / x).
[[nodiscard]] std::vector<bool> nonzero_columns(const Dataset& data);

}  // namespace kepler
