// Ctrl-C and SIGTERM as a cancellation flag: the first signal asks the running search to stop and
// keep what it found; a second one ends the process at once.
//
// A signal handler can only reach static storage, so the flag is the one piece of process-wide
// state in Kepler, and it lives here in the CLI, never in the libraries.
#pragma once

#include <atomic>

namespace kepler::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& install_interrupt_handlers();

}  // namespace kepler::cli
