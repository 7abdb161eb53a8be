#include "engine/identifier.hpp"

#include <algorithm>
#include <array>

namespace kepler {

bool is_python_keyword(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 35> kKeywords = {
      "False", "None",   "True",    "and",      "as",       "assert", "async",  "await",
      "break", "class",  "continue", "def",     "del",      "elif",   "else",   "except",
      "finally", "for",  "from",    "global",   "if",       "import", "in",     "is",
      "lambda", "nonlocal", "not",  "or",       "pass",     "raise",  "return", "try",
      "while", "with",   "yield"};
  return std::find(kKeywords.begin(), kKeywords.end(), name) != kKeywords.end();
}

}  // namespace kepler
