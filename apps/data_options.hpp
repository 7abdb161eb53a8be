// Options every subcommand that reads a CSV shares: the file, --target and --weights.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "engine/dataset.hpp"

namespace kepler::cli {

struct DataOptions {
  std::string path;
  std::string target;
  std::string weights;

  void add_to(CLI::App& command, bool required = true);
  [[nodiscard]] Dataset load() const;
};

}  // namespace kepler::cli
