// Errors in what users give Kepler: files, expression text, options.
//
// Bad input is validated at the boundary and reported as an InputError naming where the problem
// is (file, line, column, or the option) and which rule was broken. Numerical failure inside a
// search or a fit is never an exception: it is a status value.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace kepler {

class InputError : public std::runtime_error {
 public:
  // `source` names the input: a file path, "expression", "option --time". `line` and `column`
  // are 1-based, 0 when they do not apply. what() reads "data.csv:4:7: message" for a file and
  // "expression, column 5: message" for text without lines.
  InputError(std::string source, std::size_t line, std::size_t column, std::string message);
  InputError(std::string source, std::string message) : InputError(std::move(source), 0, 0, std::move(message)) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string source_;
  std::size_t line_;
  std::size_t column_;
  std::string message_;
};

}  // namespace kepler
