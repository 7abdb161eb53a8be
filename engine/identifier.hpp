// Names that must not be used as they are: Python's keywords, which sympy strings cannot hold.
// Column names that are keywords get a trailing '_' (lambda → lambda_); LaTeX drops it again.
#pragma once

#include <string_view>

namespace kepler {

[[nodiscard]] bool is_python_keyword(std::string_view name) noexcept;

}  // namespace kepler
