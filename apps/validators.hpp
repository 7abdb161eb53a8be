// Checks of option values with Kepler's wording: CLI11's own range checks print the bounds in
// full ("not in range 0.000000 to 1797693134862315708...").
#pragma once

#include <CLI/CLI.hpp>

namespace kepler::cli {

// A number > 0.
[[nodiscard]] CLI::Validator positive_number();
// A number ≥ 0.
[[nodiscard]] CLI::Validator non_negative_number();

}  // namespace kepler::cli
