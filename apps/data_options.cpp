#include "apps/data_options.hpp"

#include "engine/csv.hpp"

namespace kepler::cli {

void DataOptions::add_to(CLI::App& command, bool required) {
  command.add_option("data", path, "CSV file with a header row")->required(required);
  command.add_option("--target,-t", target, "Target column (default: the last column)");
  command.add_option("--weights,-w", weights, "Column of non-negative row weights");
}

Dataset DataOptions::load() const { return read_csv(path, CsvOptions{target, weights}); }

}  // namespace kepler::cli
