#include "benchmarks/runner.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "benchmarks/scoring.hpp"
#include "benchmarks/summary.hpp"
#include "engine/atomic_file.hpp"
#include "engine/error.hpp"
#include "engine/print.hpp"
#include "search/discover.hpp"
#include "search/method.hpp"

namespace kepler::bench {
namespace {

using nlohmann::json;

// A planned run resolved against the options.
struct Run {
  const BenchProblem* problem;
  std::string method;
  std::uint64_t seed;
};

Run resolve(const BenchOptions& options, const PlannedRun& planned) {
  if (planned.problem >= options.problems.size() || planned.method >= options.methods.size()) {
    throw std::out_of_range("planned run outside the benchmark's problems or methods");
  }
  return {&options.problems[planned.problem], options.methods[planned.method], planned.seed};
}

std::string run_key(std::string_view problem, std::string_view method, std::uint64_t seed) {
  return std::string(problem) + '\x1f' + std::string(method) + '\x1f' + std::to_string(seed);
}

// Appends a whole line with one write(), then fsync: a kill leaves at most a torn last line.
void append_line(int fd, const std::filesystem::path& path, const std::string& line) {
  std::string text = line + '\n';
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw InputError(path.string(), std::string("cannot append: ") + std::strerror(errno));
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  ::fsync(fd);
}

// Cuts a torn last line (no newline at the end) off the runs file.
void drop_torn_tail(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size == 0) return;
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.back() == '\n') return;
  const auto last = text.rfind('\n');
  std::filesystem::resize_file(path, last == std::string::npos ? 0 : last + 1);
}

// The cores this process may run on: fewer than the machine's under mpirun's or Slurm's binding.
std::size_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// The accuracy metrics, under the names both our records and SRBench's use.
void put_accuracy(json& r, const RunScore& score) {
  r["mse_train"] = number_or_null(score.mse_train);
  r["mae_train"] = number_or_null(score.mae_train);
  r["r2_train"] = number_or_null(score.r2_train);
  r["mse_test"] = number_or_null(score.mse_test);
  r["mae_test"] = number_or_null(score.mae_test);
  r["r2_test"] = number_or_null(score.r2_test);
}

struct Outcome {
  std::optional<Discovery> found;
  RunScore score;
  double fit_seconds = 0.0;    // the search alone (SRBench's time_time)
  double total_seconds = 0.0;  // data, search and scoring
  std::string error;
};

json record_of(const Run& run, const ProblemData& data, const Outcome& o) {
  const bool judged = data.truth.has_value();
  json r;
  r["problem"] = run.problem->id;
  r["suite"] = run.problem->suite;
  r["category"] = run.problem->category;
  r["method"] = run.method;
  r["seed"] = run.seed;
  r["truth"] = judged ? json(data.true_model) : json(nullptr);
  r["variables"] = data.variables;
  if (o.found && !o.found->pareto.empty()) {
    const Equation& best = o.found->pareto[o.found->best];
    r["equation"] = o.found->infix(best);
    r["sympy"] = o.found->sympy(best);
    r["evaluations"] = o.found->report.evaluations;
    r["stop_reason"] = std::string(to_string(o.found->report.stop_reason));
  } else {
    r["equation"] = nullptr;
    r["sympy"] = nullptr;
  }
  put_accuracy(r, o.score);
  // Without a ground truth (data files) there is nothing to recover: null, not false.
  r["exact"] = judged ? json(o.score.exact) : json(nullptr);
  r["proven"] = judged ? json(o.score.proven) : json(nullptr);
  r["solution"] = judged ? json(o.score.srbench_solution) : json(nullptr);
  r["ned"] = judged ? json(o.score.ned) : json(nullptr);
  r["model_size"] = o.score.model_size;
  r["fit_s"] = o.fit_seconds;
  r["time_s"] = o.total_seconds;
  if (!o.error.empty()) r["error"] = o.error;
  return r;
}

std::string operators_for(const BenchOptions& options, const ProblemData& data) {
  if (!options.operators.empty()) return options.operators;
  if (!data.operators.empty()) return data.operators;
  return std::string(kDefaultOperators);
}

// SRBench's record of one run (experiment/evaluate_model.py): its fields, its metric names.
json srbench_record_of(const Run& run, const ProblemData& data, const Outcome& o, const BenchOptions& options,
                       std::size_t threads) {
  json params;
  params["method"] = run.method;
  params["time_limit_s"] = options.seconds;
  params["max_evaluations"] = options.max_evaluations;
  params["early_stop_loss"] = options.early_stop;
  params["operators"] = operators_for(options, data);
  params["egraph"] = options.egraph;
  params["polynomial"] = options.polynomial;
  params["column_scaling"] = options.column_scaling;
  params["mini_batch"] = options.mini_batch;
  params["threads"] = threads;
  params["data_seed"] = options.data.data_seed;
  json r;
  r["dataset"] = run.problem->id;
  r["algorithm"] = "kepler-" + run.method;
  r["params"] = params;
  r["random_state"] = run.seed;
  r["time_time"] = o.fit_seconds;
  r["target_noise"] = options.data.noise;
  r["feature_noise"] = 0.0;
  r["model_size"] = o.score.model_size;
  r["symbolic_model"] = o.found && !o.found->pareto.empty() ? json(o.found->sympy(o.found->pareto[o.found->best]))
                                                             : json("not found");
  if (data.truth) r["true_model"] = data.true_model;
  put_accuracy(r, o.score);
  return r;
}

Outcome execute(const Run& run, const ProblemData& data, const BenchOptions& options, std::size_t threads) {
  const auto start = std::chrono::steady_clock::now();
  DiscoverOptions discover_options;
  discover_options.method = run.method;
  discover_options.operators = parse_operator_list(operators_for(options, data));
  discover_options.budget.seconds = options.seconds;
  if (options.max_evaluations > 0) discover_options.budget.max_evaluations = options.max_evaluations;
  discover_options.budget.early_stop_loss = options.early_stop;
  discover_options.search.seed = run.seed;
  discover_options.search.threads = threads;
  discover_options.search.egraph = options.egraph;
  discover_options.search.polynomial = options.polynomial;
  discover_options.scale_columns = options.column_scaling;
  discover_options.mini_batch = options.mini_batch;
  Observer observer;
  observer.cancel = options.cancel;
  Outcome o;
  try {
    o.found = discover(data.train, discover_options, observer);
  } catch (const InputError& e) {
    o.error = e.what();
  }
  o.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Expr* model = o.found && !o.found->pareto.empty() ? &o.found->pareto[o.found->best].expr : nullptr;
  o.score = score_run({model, data.truth ? &*data.truth : nullptr, data.variables, &data.train, &data.test});
  return o;
}

// Python's str() of a float, as SRBench puts the noise level into its file names.
std::string python_float(double v) {
  std::string text = fmt::format("{}", v);
  if (text.find_first_of(".eninf") == std::string::npos) text += ".0";
  return text;
}

// The settings that make runs comparable: a resumed directory must have been filled with the same.
json settings_of(const BenchOptions& o) {
  json s;
  s["time_s"] = o.seconds;
  s["max_evaluations"] = o.max_evaluations;
  s["early_stop"] = o.early_stop;
  s["operators"] = o.operators;
  s["data_seed"] = o.data.data_seed;
  s["noise"] = o.data.noise;
  s["dummy"] = o.data.dummy;
  s["test_fraction"] = o.data.test_fraction;
  s["max_train_rows"] = o.data.max_train_rows;
  s["egraph"] = o.egraph;
  s["polynomial"] = o.polynomial;
  s["column_scaling"] = o.column_scaling;
  s["mini_batch"] = o.mini_batch;
  return s;
}

// Records runs' settings in DIR/settings.json, or refuses to add runs made with other settings to
// a directory that already holds some.
void check_settings(const std::filesystem::path& out, const json& settings, bool has_records) {
  const std::filesystem::path file = out / "settings.json";
  std::ifstream in(file);
  if (in && has_records) {
    json before;
    try {
      before = json::parse(in);
    } catch (const json::parse_error&) {
      throw InputError(file.string(), "is not valid JSON; remove it or use another --out");
    }
    // Settings added since a directory was made held there what they stand for now: the e-graph
    // on, no polynomial leaf, no column scaling, screening on 4096 rows.
    const json added_later = {
        {"egraph", true}, {"polynomial", false}, {"column_scaling", false}, {"mini_batch", 4096}};
    for (const auto& [key, default_value] : added_later.items()) {
      if (!before.contains(key)) before[key] = default_value;
    }
    for (const auto& [key, value] : settings.items()) {
      if (!before.contains(key) || before[key] != value) {
        throw InputError(out.string(), "holds runs made with " + key + " = " +
                                           (before.contains(key) ? before[key].dump() : std::string("(unset)")) +
                                           ", not " + value.dump() + "; use another --out to keep results comparable");
      }
    }
    return;
  }
  write_file_atomically(file, settings.dump(2) + "\n");
}

}  // namespace

std::string srbench_file_name(const std::string& dataset, const std::string& algorithm, std::uint64_t seed,
                              double target_noise) {
  std::string name = dataset + "_" + algorithm + "_" + std::to_string(seed);
  if (target_noise > 0.0) name += "_target-noise" + python_float(target_noise);
  return name + ".json";
}

void BenchOptions::validate() const {
  if (problems.empty()) throw InputError("option --suite", "no problems to run");
  std::set<std::string> ids;
  for (const auto& p : problems) {
    if (!ids.insert(p.id).second) {
      throw InputError("problem " + p.id, "appears twice (data files are named by their file name without extensions)");
    }
  }
  if (methods.empty()) throw InputError("option --method", "no method given");
  for (const auto& m : methods) (void)make_search(m);  // throws naming the registered methods
  if (seeds.empty()) throw InputError("option --seeds", "no seed given");
  if (!(seconds > 0.0) || !std::isfinite(seconds)) throw InputError("option --time", "must be a positive number of seconds");
  if (jobs == 0) throw InputError("option --jobs", "must be at least 1");
  if (!(data.noise >= 0.0) || !std::isfinite(data.noise)) throw InputError("option --noise", "must be non-negative");
  if (out.empty()) throw InputError("option --out", "an output directory is required");
}

std::vector<json> read_records(const std::filesystem::path& runs_file) {
  std::vector<json> out;
  std::ifstream in(runs_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    try {
      out.push_back(json::parse(line));
    } catch (const json::parse_error&) {
      // A torn last line from a killed run: that run is redone.
    }
  }
  return out;
}

std::optional<FinishedRun> execute_run(const BenchOptions& options, const PlannedRun& planned, std::size_t threads) {
  const Run run = resolve(options, planned);
  const auto start = std::chrono::steady_clock::now();
  const ProblemData data = load_problem(*run.problem, options.data, run.seed);
  Outcome outcome = execute(run, data, options, threads);
  outcome.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.cancel != nullptr && options.cancel->load()) return std::nullopt;  // cut short
  FinishedRun finished;
  finished.record = record_of(run, data, outcome);
  if (!options.srbench_results.empty()) finished.srbench = srbench_record_of(run, data, outcome, options, threads);
  return finished;
}

std::size_t threads_per_job(const BenchOptions& options, std::size_t jobs) {
  const std::size_t hardware = usable_cores();
  const std::size_t total_threads = options.threads == 0 ? hardware : options.threads;
  return std::max<std::size_t>(1, total_threads / std::max<std::size_t>(1, jobs));
}

BenchOutput::BenchOutput(const BenchOptions& options) : options_(options), runs_file_(options.out / "runs.jsonl") {
  options.validate();
  std::filesystem::create_directories(options.out);
  if (!options.srbench_results.empty()) std::filesystem::create_directories(options.srbench_results);
  fd_ = ::open(runs_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw InputError(runs_file_.string(), std::string("cannot open for appending: ") + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw InputError(runs_file_.string(), "is being filled by another kepler bench; wait for it or use another --out");
  }
  try {
    drop_torn_tail(runs_file_);
    const std::vector<json> recorded = read_records(runs_file_);
    check_settings(options.out, settings_of(options), !recorded.empty());
    std::set<std::string> done;
    for (const json& r : recorded) {
      done.insert(run_key(r.value("problem", ""), r.value("method", ""), r.value("seed", std::uint64_t{0})));
    }
    for (std::size_t p = 0; p < options.problems.size(); ++p) {
      for (std::size_t m = 0; m < options.methods.size(); ++m) {
        for (const auto seed : options.seeds) {
          ++total_;
          if (done.contains(run_key(options.problems[p].id, options.methods[m], seed))) {
            ++skipped_;
          } else {
            pending_.push_back({p, m, seed});
          }
        }
      }
    }
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

BenchOutput::~BenchOutput() { ::close(fd_); }  // closing releases the lock

void BenchOutput::record(const FinishedRun& run) {
  const json& r = run.record;
  // The SRBench file first: a kill between the two writes redoes the run and rewrites it.
  if (!options_.srbench_results.empty() && !run.srbench.is_null()) {
    const std::string name = srbench_file_name(r.at("problem").get<std::string>(),
                                               "kepler-" + r.at("method").get<std::string>(),
                                               r.at("seed").get<std::uint64_t>(), options_.data.noise);
    write_file_atomically(options_.srbench_results / name, run.srbench.dump(4) + "\n");
  }
  append_line(fd_, runs_file_, r.dump());
  ++ran_;
  if (options_.on_run) options_.on_run(r, skipped_ + ran_, total_);
}

void BenchOutput::write_summaries() const {
  const auto rows = summarize(read_records(runs_file_));
  write_file_atomically(options_.out / "summary.md", summary_markdown(rows));
  write_file_atomically(options_.out / "summary.csv", summary_csv(rows));
}

BenchResult BenchOutput::result(bool cancelled) const {
  return {.total = total_, .skipped = skipped_, .ran = ran_, .cancelled = cancelled};
}

BenchResult run_benchmark(const BenchOptions& options) {
  BenchOutput output(options);
  const std::vector<PlannedRun>& plan = output.pending();
  const std::size_t jobs = std::min(options.jobs, std::max<std::size_t>(1, plan.size()));
  const std::size_t threads = threads_per_job(options, jobs);

  std::mutex lock;
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  const auto cancelled = [&] { return failed.load() || (options.cancel != nullptr && options.cancel->load()); };
  const auto worker = [&] {
    while (!cancelled()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= plan.size()) return;
      try {
        const std::optional<FinishedRun> finished = execute_run(options, plan[i], threads);
        if (!finished || cancelled()) return;
        const std::lock_guard guard(lock);
        output.record(*finished);
      } catch (...) {
        const std::lock_guard guard(lock);
        if (!failure) failure = std::current_exception();
        failed = true;  // the other jobs finish their runs but start no new one
        return;
      }
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t j = 0; j < jobs; ++j) workers.emplace_back(worker);
  for (auto& w : workers) w.join();
  output.write_summaries();  // what finished before a failure stays tabulated
  if (failure) std::rethrow_exception(failure);
  return output.result(options.cancel != nullptr && options.cancel->load());
}

}  // namespace kepler::bench
