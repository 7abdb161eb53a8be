// Reading datasets from CSV files.
//
// The first non-comment line is a header of column names. Fields are separated by commas (or
// tabs or semicolons, detected from the header), may be quoted, and are trimmed of spaces. Lines
// starting with '#' and blank lines are skipped. Column names become identifiers so expressions
// can name them: characters other than letters, digits and '_' turn into '_', a leading digit gets
// a '_' in front, and a Python keyword gets a trailing '_' (lambda → lambda_), which keeps every
// printed sympy string parsable.
//
// A gzip-compressed file (recognised by its magic number, whatever its name) is inflated first,
// so SRBench / PMLB `.tsv.gz` tables read directly; their target column is named `target`.
//
// Every problem is an InputError naming the file, line and column: a missing or empty file, binary
// data (a NUL byte or bytes that are not UTF-8), a
// header without data, a ragged row, an empty or non-numeric cell, NaN or Inf, a number too large
// or too small for a double (1e999, 1e-400: never read as inf or 0), an unknown target or weight
// column, no input column, duplicate column names, negative weights, a constant target. Cells
// read as C's strtod reads finite decimals, a leading '+' included.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/dataset.hpp"
#include "engine/error.hpp"

namespace kepler {

struct CsvOptions {
  std::string target;   // target column name; empty: the last column
  std::string weights;  // weight column name; empty: unweighted
};

[[nodiscard]] Dataset read_csv(const std::filesystem::path& path, const CsvOptions& options = {});
// Parses CSV text; `source` names it in errors.
[[nodiscard]] Dataset parse_csv(std::string_view text, const CsvOptions& options = {},
                                const std::string& source = "<csv>");

// The identifier a column name becomes (see above).
[[nodiscard]] std::string column_identifier(std::string_view name);

}  // namespace kepler
