#include "benchmarks/runner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "benchmarks/scoring.hpp"
#include "benchmarks/summary.hpp"
#include "datasets/generate.hpp"
#include "engine/atomic_file.hpp"
#include "engine/error.hpp"
#include "engine/print.hpp"
#include "search/discover.hpp"

namespace kepler::bench {
namespace {

using nlohmann::json;

struct Run {
  const datasets::ProblemSpec* problem;
  std::string method;
  std::uint64_t seed;
};

std::string run_key(std::string_view problem, std::string_view method, std::uint64_t seed) {
  return std::string(problem) + '\x1f' + std::string(method) + '\x1f' + std::to_string(seed);
}

// Appends whole lines with one write() each, then fsync: a kill leaves at most a torn last line.
class RecordFile {
 public:
  explicit RecordFile(const std::filesystem::path& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError(path.string(), std::string("cannot open for appending: ") + std::strerror(errno));
  }
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;
  ~RecordFile() { ::close(fd_); }

  void append(const std::string& line) {
    std::string text = line + '\n';
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      const ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        throw InputError(path_.string(), std::string("cannot append: ") + std::strerror(errno));
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
    ::fsync(fd_);
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

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

json record_of(const Run& run, const datasets::GeneratedProblem& data, const Discovery* found,
               const RunScore& score, double seconds, const std::string& error) {
  json r;
  r["problem"] = run.problem->id;
  r["suite"] = run.problem->suite;
  r["category"] = run.problem->category;
  r["method"] = run.method;
  r["seed"] = run.seed;
  r["truth"] = run.problem->formula;
  r["variables"] = data.spec.variables;
  if (found != nullptr && !found->pareto.empty()) {
    const Equation& best = found->pareto[found->best];
    r["equation"] = found->infix(best);
    r["sympy"] = found->sympy(best);
    r["evaluations"] = found->report.evaluations;
    r["stop_reason"] = std::string(to_string(found->report.stop_reason));
  } else {
    r["equation"] = nullptr;
    r["sympy"] = nullptr;
  }
  const auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  r["r2_train"] = number(score.r2_train);
  r["mse_train"] = number(score.mse_train);
  r["mae_train"] = number(score.mae_train);
  r["r2_test"] = number(score.r2_test);
  r["mse_test"] = number(score.mse_test);
  r["mae_test"] = number(score.mae_test);
  r["exact"] = score.exact;
  r["proven"] = score.proven;
  r["solution"] = score.srbench_solution;
  r["ned"] = score.ned;
  r["model_size"] = score.model_size;
  r["time_s"] = seconds;
  if (!error.empty()) r["error"] = error;
  return r;
}

json execute(const Run& run, const BenchOptions& options, std::size_t threads) {
  const auto start = std::chrono::steady_clock::now();
  const datasets::GeneratedProblem data =
      datasets::generate(*run.problem, {.seed = options.data_seed, .noise = options.noise, .dummy = options.dummy});
  const Expr truth = datasets::truth_expr(data.spec);
  const Dataset& train = *data.split("train");
  const Dataset* test = data.split("test");
  DiscoverOptions discover_options;
  discover_options.method = run.method;
  const std::string ops = !options.operators.empty()     ? options.operators
                          : !run.problem->operators.empty() ? run.problem->operators
                                                            : std::string(kDefaultOperators);
  discover_options.operators = parse_operator_list(ops);
  discover_options.budget.seconds = options.seconds;
  if (options.max_evaluations > 0) discover_options.budget.max_evaluations = options.max_evaluations;
  discover_options.budget.early_stop_loss = options.early_stop;
  discover_options.search.seed = run.seed;
  discover_options.search.threads = threads;
  Observer observer;
  observer.cancel = options.cancel;
  std::string error;
  std::optional<Discovery> found;
  try {
    found = discover(train, discover_options, observer);
  } catch (const InputError& e) {
    error = e.what();
  }
  const Expr* model = found && !found->pareto.empty() ? &found->pareto[found->best].expr : nullptr;
  const RunScore score = score_run({model, &truth, data.spec.variables, &train, test});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return record_of(run, data, found ? &*found : nullptr, score, seconds, error);
}

}  // namespace

void BenchOptions::validate() const {
  if (problems.empty()) throw InputError("option --suite", "no problems to run");
  if (methods.empty()) throw InputError("option --method", "no method given");
  if (seeds.empty()) throw InputError("option --seeds", "no seed given");
  if (!(seconds > 0.0) || !std::isfinite(seconds)) throw InputError("option --time", "must be a positive number of seconds");
  if (jobs == 0) throw InputError("option --jobs", "must be at least 1");
  if (!(noise >= 0.0)) throw InputError("option --noise", "must be non-negative");
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

BenchResult run_benchmark(const BenchOptions& options) {
  options.validate();
  std::filesystem::create_directories(options.out);
  const std::filesystem::path runs_file = options.out / "runs.jsonl";
  drop_torn_tail(runs_file);
  std::set<std::string> done;
  for (const json& r : read_records(runs_file)) {
    done.insert(run_key(r.value("problem", ""), r.value("method", ""), r.value("seed", std::uint64_t{0})));
  }
  std::vector<Run> plan;
  BenchResult result;
  for (const auto& problem : options.problems) {
    for (const auto& method : options.methods) {
      for (const auto seed : options.seeds) {
        ++result.total;
        if (done.contains(run_key(problem.id, method, seed))) {
          ++result.skipped;
        } else {
          plan.push_back({&problem, method, seed});
        }
      }
    }
  }
  const std::size_t hardware = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  const std::size_t total_threads = options.threads == 0 ? hardware : options.threads;
  const std::size_t jobs = std::min(options.jobs, std::max<std::size_t>(1, plan.size()));
  const std::size_t threads_per_job = std::max<std::size_t>(1, total_threads / jobs);

  RecordFile records(runs_file);
  std::mutex lock;
  std::atomic<std::size_t> next{0};
  std::size_t finished = result.skipped;
  std::exception_ptr failure;
  const auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };
  const auto worker = [&] {
    while (!cancelled()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= plan.size()) return;
      try {
        const json record = execute(plan[i], options, threads_per_job);
        if (cancelled()) return;  // cut short: not a finished run
        const std::lock_guard guard(lock);
        records.append(record.dump());
        ++result.ran;
        ++finished;
        if (options.on_run) options.on_run(record, finished, result.total);
      } catch (...) {
        const std::lock_guard guard(lock);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t j = 0; j < jobs; ++j) workers.emplace_back(worker);
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  result.cancelled = cancelled();

  const auto rows = summarize(read_records(runs_file));
  write_file_atomically(options.out / "summary.md", summary_markdown(rows));
  write_file_atomically(options.out / "summary.csv", summary_csv(rows));
  return result;
}

}  // namespace kepler::bench
