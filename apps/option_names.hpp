// The library names what is wrong by field ("budget.seconds"); the command line by the flag that
// sets it ("option --time"). One table maps the first to the second for every command.
#pragma once

#include "engine/error.hpp"

namespace kepler::cli {

// `e` with its source renamed to the flag that sets that field, or `e` itself.
[[nodiscard]] InputError with_option_names(const InputError& e);

}  // namespace kepler::cli
