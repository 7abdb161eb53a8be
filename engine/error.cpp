#include "engine/error.hpp"

namespace kepler {
namespace {

std::string describe(const std::string& source, std::size_t line, std::size_t column,
                     const std::string& message) {
  std::string out = source;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  } else if (column > 0) {
    out += ", column " + std::to_string(column);
  }
  return out + ": " + message;
}

}  // namespace

InputError::InputError(std::string source, std::size_t line, std::size_t column,
                       std::string message)
    : std::runtime_error(describe(source, line, column, message)),
      source_(std::move(source)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace kepler
