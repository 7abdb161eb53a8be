// kepler gen --suite NAME --out DIR: a benchmark suite's data, one CSV per split per problem
// (header: variable names, then the target) and DIR/<problem>/meta.json with the ground truth.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "apps/commands.hpp"
#include "datasets/generate.hpp"
#include "datasets/suite.hpp"
#include "engine/atomic_file.hpp"
#include "engine/error.hpp"

namespace kepler::cli {
namespace {

struct GenOptions {
  std::string suite;
  std::string suite_file;
  std::string out;
  std::uint64_t seed = 1;
  double noise = 0.0;
  bool dummy = false;
  bool quiet = false;
};

std::string to_csv(const Dataset& data) {
  std::string out;
  for (const auto& name : data.variable_names()) out += name + ",";
  out += data.target_name() + "\n";
  for (std::size_t i = 0; i < data.rows(); ++i) {
    for (std::size_t j = 0; j < data.variables(); ++j) out += fmt::format("{},", data.column(j)[i]);
    out += fmt::format("{}\n", data.target()[i]);
  }
  return out;
}

int run_gen(const GenOptions& o) {
  if (!(o.noise >= 0.0) || !std::isfinite(o.noise)) throw InputError("option --noise", "must be a non-negative number");
  const auto problems = o.suite_file.empty() ? datasets::load_suite(o.suite)
                                             : datasets::load_suite_file(o.suite_file, o.suite);
  const std::filesystem::path root(o.out);
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) throw InputError(o.out, "cannot create the output directory: " + ec.message());
  nlohmann::json index = nlohmann::json::array();
  for (const auto& spec : problems) {
    const auto generated = datasets::generate(spec, {.seed = o.seed, .noise = o.noise, .dummy = o.dummy});
    const std::filesystem::path dir = root / spec.id;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(dir.string(), "cannot create directory: " + ec.message());
    nlohmann::json meta;
    meta["id"] = spec.id;
    meta["suite"] = spec.suite;
    meta["category"] = spec.category;
    meta["target"] = spec.target;
    meta["formula_sympy"] = spec.formula;
    meta["variables"] = generated.spec.variables;
    meta["operators"] = spec.operators;
    meta["seed"] = o.seed;
    meta["noise"] = o.noise;
    meta["dummy"] = o.dummy;
    for (const auto& split : generated.splits) {
      write_file_atomically(dir / (split.name + ".csv"), to_csv(split.data));
      meta["splits"][split.name] = {{"file", split.name + ".csv"}, {"rows", split.data.rows()}};
    }
    write_file_atomically(dir / "meta.json", meta.dump(2) + "\n");
    index.push_back({{"id", spec.id}, {"dir", spec.id}, {"formula_sympy", spec.formula}});
    if (!o.quiet) fmt::print("{}: {}\n", spec.id, spec.formula);
  }
  write_file_atomically(root / "suite.json", index.dump(2) + "\n");
  if (!o.quiet) fmt::print("wrote {} problems to {}\n", problems.size(), root.string());
  return kSuccess;
}

}  // namespace

Action add_gen_command(CLI::App& app) {
  auto o = std::make_shared<GenOptions>();
  auto* command = app.add_subcommand("gen", "Generate a benchmark suite's data sets");
  command->add_option("--suite", o->suite, fmt::format("Suite: {}", fmt::join(datasets::suite_names(), ", ")))
      ->required();
  command->add_option("--suite-file", o->suite_file, "Suite definitions from a JSON file of the bundled schema");
  command->add_option("--out", o->out, "Output directory")->required();
  command->add_option("--seed", o->seed, "Random seed of the sampling")->capture_default_str();
  command->add_option("--noise", o->noise, "Target noise level (SRBench: N(0, level * RMS(y)) on train and val)")
      ->capture_default_str();
  command->add_flag("--dummy", o->dummy, "Add SRSD's dummy variables (1 to 3 irrelevant columns)");
  command->add_flag("-q,--quiet", o->quiet, "No per-problem lines");
  return [command, o]() -> int { return command->parsed() ? run_gen(*o) : -1; };
}

}  // namespace kepler::cli
