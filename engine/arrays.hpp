// Datasets from arrays in memory (NumPy arrays, an embedder's buffers), checked as the CSV reader
// checks files.
//
// Every problem is an InputError naming the array and, for a bad value, its 0-based row and column
// as NumPy indexes them: "X: NaN at row 3, column 1 ('x1')". The checks: matching lengths, a name
// for each column, names that stay distinct once made identifiers (csv.hpp's column_identifier),
// finite values, weights that are non-negative and not all zero, and a target that is not
// constant.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "engine/dataset.hpp"

namespace kepler {

// A rows × cols matrix of doubles in any memory layout: element (i, j) is at
// data[i * row_stride + j * col_stride] (strides in elements, as NumPy's strides / 8).
struct MatrixView {
  const double* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::ptrdiff_t row_stride = 0;
  std::ptrdiff_t col_stride = 1;

  [[nodiscard]] double operator()(std::size_t i, std::size_t j) const noexcept {
    return data[static_cast<std::ptrdiff_t>(i) * row_stride + static_cast<std::ptrdiff_t>(j) * col_stride];
  }
};

// What the arrays are called in error messages.
struct ArrayNames {
  std::string x = "X";
  std::string y = "y";
  std::string weights = "sample_weight";
  std::string variable_names = "variable_names";
};

// The names become identifiers (column_identifier); `weights` may be empty (every row weighs 1).
[[nodiscard]] Dataset dataset_from_arrays(const MatrixView& x, std::span<const double> y,
                                          std::span<const double> weights,
                                          const std::vector<std::string>& variable_names,
                                          const std::string& target_name, const ArrayNames& names = {});

// The same checks on inputs alone (to evaluate an equation on them): `cols` must equal
// variable_names.size(), every value finite. Returns the inputs as a Dataset with an all-zero
// target (never searched).
[[nodiscard]] Dataset inputs_from_array(const MatrixView& x, const std::vector<std::string>& variable_names,
                                        const ArrayNames& names = {});

// The identifiers the names become; throws InputError for an empty name or two that collide.
[[nodiscard]] std::vector<std::string> variable_identifiers(const std::vector<std::string>& names,
                                                            const std::string& source = "variable_names");

}  // namespace kepler
