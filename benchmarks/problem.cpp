#include "benchmarks/problem.hpp"

#include "datasets/generate.hpp"
#include "engine/csv.hpp"
#include "engine/error.hpp"

namespace kepler::bench {
namespace {

ProblemData generated(const datasets::ProblemSpec& spec, const ProblemDataOptions& options) {
  datasets::GeneratedProblem data =
      datasets::generate(spec, {.seed = options.data_seed, .noise = options.noise, .dummy = options.dummy});
  const Dataset* train = data.split("train");
  const Dataset* test = data.split("test");
  if (train == nullptr || test == nullptr) {
    throw InputError("problem " + spec.id, "the suite defines no train and test splits");
  }
  return {*train, *test, datasets::truth_expr(data.spec), spec.formula, data.spec.variables, spec.operators};
}

Dataset read_table(const DataFile& file) {
  Dataset data = read_csv(file.path, {.target = file.target, .weights = ""});
  // SRBench names the target column `target`; PMLB puts it last, but a file may not.
  if (file.target.empty() && data.variable_index("target")) {
    data = read_csv(file.path, {.target = "target", .weights = ""});
  }
  return data;
}

ProblemData from_file(const BenchProblem& problem, const DataFile& file, const ProblemDataOptions& options,
                      std::uint64_t seed) {
  const Dataset data = read_table(file);
  const std::string source = file.path.string();
  if (data.rows() < 4) throw InputError(source, "needs at least 4 rows to split into train and test");
  if (!(options.test_fraction > 0.0 && options.test_fraction < 1.0)) {
    throw InputError("test fraction", "must lie strictly between 0 and 1");
  }
  DatasetSplit parts = split(data, options.test_fraction, seed);
  Dataset train = std::move(parts.train);
  if (options.max_train_rows > 0 && train.rows() > options.max_train_rows) {
    const double drop = static_cast<double>(train.rows() - options.max_train_rows) / static_cast<double>(train.rows());
    train = split(train, drop, seed + 0x9e3779b97f4a7c15ULL).train;
  }
  train = datasets::with_target_noise(train, options.noise, problem.id, seed);
  return {std::move(train), std::move(parts.validation), std::nullopt, {}, data.variable_names(), {}};
}

}  // namespace

BenchProblem suite_problem(datasets::ProblemSpec spec) {
  BenchProblem p{spec.id, spec.suite, spec.category, {}};
  p.source = std::move(spec);
  return p;
}

std::string data_file_id(const std::filesystem::path& path) {
  std::filesystem::path name = path.filename();
  if (name.extension() == ".gz") name = name.stem();
  return name.stem().string();
}

BenchProblem file_problem(DataFile file) {
  BenchProblem p{data_file_id(file.path), "data", "", {}};
  p.source = std::move(file);
  return p;
}

ProblemData load_problem(const BenchProblem& problem, const ProblemDataOptions& options, std::uint64_t run_seed) {
  if (const auto* spec = std::get_if<datasets::ProblemSpec>(&problem.source)) return generated(*spec, options);
  return from_file(problem, std::get<DataFile>(problem.source), options, run_seed);
}

}  // namespace kepler::bench
