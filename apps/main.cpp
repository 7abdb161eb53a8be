// kepler: the command-line front end. Parses arguments, calls the library, prints.
// Exit codes: 0 success, 2 bad usage or input, 1 internal error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <vector>

#include "apps/commands.hpp"
#include "apps/option_names.hpp"
#include "engine/error.hpp"

int main(int argc, char** argv) {
  using namespace kepler::cli;
  CLI::App app{"Kepler: symbolic regression and equation discovery", "kepler"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kepler 0.1.0");
  const std::vector<Action> actions = {add_fit_command(app), add_eval_command(app),
                                       add_fit_constants_command(app), add_simplify_command(app),
                                       add_gen_command(app), add_bench_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // A usage error is one line, like every other bad input.
    fmt::print(stderr, "kepler: error: {} (see kepler --help)\n", e.what());
    return kBadInput;
  }
  try {
    for (const Action& action : actions) {
      if (const int code = action(); code >= 0) return code;
    }
    return kBadInput;
  } catch (const kepler::InputError& e) {
    fmt::print(stderr, "kepler: error: {}\n", with_option_names(e).what());
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kepler: internal error: {}\n", e.what());
    return kInternalError;
  }
}
