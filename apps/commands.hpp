// The kepler subcommands. Each registers its options on the CLI11 app and returns the action to
// run once the command line has been parsed; an action returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace kepler::cli {

using Action = std::function<int()>;

enum ExitCode : int { kSuccess = 0, kInternalError = 1, kBadInput = 2 };

Action add_fit_command(CLI::App& app);
Action add_eval_command(CLI::App& app);
Action add_fit_constants_command(CLI::App& app);
Action add_simplify_command(CLI::App& app);
Action add_gen_command(CLI::App& app);
Action add_bench_command(CLI::App& app);

}  // namespace kepler::cli
