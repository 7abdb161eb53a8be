#include "engine/arrays.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "engine/batch.hpp"
#include "engine/csv.hpp"
#include "engine/error.hpp"
#include "engine/print.hpp"

namespace kepler {
namespace {

std::string describe_value(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "inf" : "-inf";
}

void require_finite(std::span<const double> values, const std::string& source) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError(source, describe_value(values[i]) + " at row " + std::to_string(i) +
                                   "; Kepler needs finite values (drop or impute the row)");
    }
  }
}

// The inputs in the Dataset layout (padded columns), every value checked.
detail::AlignedVector padded_inputs(const MatrixView& x, const std::vector<std::string>& identifiers,
                                    const ArrayNames& names) {
  if (x.cols != identifiers.size()) {
    throw InputError(names.variable_names, std::to_string(identifiers.size()) + " names for the " +
                                               std::to_string(x.cols) + " columns of " + names.x);
  }
  if (x.cols == 0) throw InputError(names.x, "has no columns: Kepler needs at least one input variable");
  const std::size_t stride = padded_rows(x.rows);
  detail::AlignedVector columns(x.cols * stride, 1.0);
  for (std::size_t j = 0; j < x.cols; ++j) {
    double* column = columns.data() + j * stride;
    for (std::size_t i = 0; i < x.rows; ++i) {
      const double v = x(i, j);
      if (!std::isfinite(v)) {
        throw InputError(names.x, describe_value(v) + " at row " + std::to_string(i) + ", column " +
                                      std::to_string(j) + " ('" + identifiers[j] +
                                      "'); Kepler needs finite values (drop or impute the row)");
      }
      column[i] = v;
    }
  }
  return columns;
}

}  // namespace

std::vector<std::string> variable_identifiers(const std::vector<std::string>& names, const std::string& source) {
  std::vector<std::string> out;
  out.reserve(names.size());
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j].empty()) throw InputError(source, "name " + std::to_string(j) + " is empty");
    std::string id = column_identifier(names[j]);
    if (const auto [it, fresh] = first.emplace(id, j); !fresh) {
      throw InputError(source, "names " + std::to_string(it->second) + " ('" + names[it->second] + "') and " +
                                   std::to_string(j) + " ('" + names[j] + "') both become the identifier '" + id +
                                   "'");
    }
    out.push_back(std::move(id));
  }
  return out;
}

Dataset dataset_from_arrays(const MatrixView& x, std::span<const double> y, std::span<const double> weights,
                            const std::vector<std::string>& variable_names, const std::string& target_name,
                            const ArrayNames& names) {
  if (y.size() != x.rows) {
    throw InputError(names.y, "has " + std::to_string(y.size()) + " rows but " + names.x + " has " +
                                  std::to_string(x.rows));
  }
  if (!weights.empty() && weights.size() != x.rows) {
    throw InputError(names.weights, "has " + std::to_string(weights.size()) + " rows but " + names.x + " has " +
                                        std::to_string(x.rows));
  }
  std::vector<std::string> identifiers = variable_identifiers(variable_names, names.variable_names);
  detail::AlignedVector columns = padded_inputs(x, identifiers, names);
  require_finite(y, names.y);
  if (y.size() > 1 && std::all_of(y.begin(), y.end(), [&](double v) { return v == y.front(); })) {
    throw InputError(names.y, "is constant (every row is " + format_digits(y.front(), Format::Infix) +
                                  "): there is no law to find");
  }
  require_finite(weights, names.weights);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0.0) {
      throw InputError(names.weights, "negative weight " + format_digits(weights[i], Format::Infix) + " at row " +
                                          std::to_string(i));
    }
  }
  if (!weights.empty() && std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
    throw InputError(names.weights, "is zero in every row");
  }
  std::string target = target_name.empty() ? std::string("y") : column_identifier(target_name);
  return Dataset::from_padded_columns(std::move(identifiers), std::move(columns), std::move(target),
                                      std::vector<double>(y.begin(), y.end()),
                                      std::vector<double>(weights.begin(), weights.end()));
}

Dataset inputs_from_array(const MatrixView& x, const std::vector<std::string>& variable_names,
                          const ArrayNames& names) {
  std::vector<std::string> identifiers = variable_identifiers(variable_names, names.variable_names);
  detail::AlignedVector columns = padded_inputs(x, identifiers, names);
  return Dataset::from_padded_columns(std::move(identifiers), std::move(columns), "y",
                                      std::vector<double>(x.rows, 0.0));
}

}  // namespace kepler
