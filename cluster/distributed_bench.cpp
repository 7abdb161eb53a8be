#include "cluster/distributed_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "cluster/bench_messages.hpp"
#include "engine/error.hpp"

namespace kepler::cluster {
namespace {

using bench::BenchOptions;
using bench::FinishedRun;
using bench::PlannedRun;

// A rank's MPI thread polls instead of blocking (Open MPI's blocking receive would spin a core),
// sleeping from 1 ms after activity up to 32 ms when idle: a run takes seconds, and 64 ranks on
// one machine must not cost a core in wake-ups.
class PollBackoff {
 public:
  void active() noexcept { interval_ = kShortest; }
  void idle() {
    std::this_thread::sleep_for(interval_);
    interval_ = std::min(interval_ * 2, kLongest);
  }

 private:
  static constexpr std::chrono::milliseconds kShortest{1};
  static constexpr std::chrono::milliseconds kLongest{32};
  std::chrono::milliseconds interval_ = kShortest;
};

bool interrupted(const BenchOptions& options) { return options.cancel != nullptr && options.cancel->load(); }

RunReply run_here(const BenchOptions& options, const PlannedRun& run, std::size_t threads) {
  RunReply reply;
  reply.run = run;
  try {
    std::optional<FinishedRun> finished = bench::execute_run(options, run, threads);
    if (finished) {
      reply.finished = std::move(*finished);
    } else {
      reply.kind = RunReply::Kind::kCutShort;
    }
  } catch (const InputError& e) {
    reply.kind = RunReply::Kind::kInputError;
    reply.message = e.what();
  } catch (const std::exception& e) {
    reply.kind = RunReply::Kind::kFailure;
    reply.message = e.what();
  }
  return reply;
}

// Runs, `jobs` at a time on their own threads, taken from a queue; their replies queue up for the
// MPI thread. Shared by rank 0 (fed from the plan) and the workers (fed by rank 0's messages).
class LocalJobs {
 public:
  LocalJobs(const BenchOptions& options, std::size_t jobs) : options_(options) {
    const std::size_t threads = bench::threads_per_job(options, jobs);
    for (std::size_t j = 0; j < jobs; ++j) workers_.emplace_back([this, threads] { work(threads); });
  }
  LocalJobs(const LocalJobs&) = delete;
  LocalJobs& operator=(const LocalJobs&) = delete;
  ~LocalJobs() { close(); }

  void add(const PlannedRun& run) {
    {
      const std::lock_guard guard(lock_);
      queue_.push_back(run);
    }
    wake_.notify_one();
  }
  // Lets the threads end once the queue is empty, and waits for them.
  void close() {
    {
      const std::lock_guard guard(lock_);
      closed_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) {
      if (w.joinable()) w.join();
    }
  }
  [[nodiscard]] std::deque<RunReply> take_replies() {
    const std::lock_guard guard(lock_);
    return std::exchange(replies_, {});
  }

 private:
  void work(std::size_t threads) {
    for (;;) {
      PlannedRun run;
      {
        std::unique_lock guard(lock_);
        wake_.wait(guard, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;
        run = queue_.front();
        queue_.pop_front();
      }
      RunReply reply = run_here(options_, run, threads);
      const std::lock_guard guard(lock_);
      replies_.push_back(std::move(reply));
    }
  }

  const BenchOptions& options_;
  mutable std::mutex lock_;
  std::condition_variable wake_;
  std::deque<PlannedRun> queue_;
  std::deque<RunReply> replies_;
  bool closed_ = false;
  std::vector<std::thread> workers_;
};

void stop_workers(const MpiSession& mpi) {
  for (int rank = 1; rank < mpi.size(); ++rank) send_message(rank, BenchTag::kStop);
}

// Rank 0: plans, hands runs out, records replies.
class Scheduler {
 public:
  Scheduler(const BenchOptions& options, const MpiSession& mpi, bench::BenchOutput& output)
      : options_(options), mpi_(mpi), output_(output),
        plan_(output.pending().begin(), output.pending().end()),
        outstanding_(static_cast<std::size_t>(mpi.size()), 0),
        retired_(static_cast<std::size_t>(mpi.size()), false) {}

  bench::BenchResult run() {
    // Rank 0's own jobs are fed one run per free job, like any other rank's.
    LocalJobs local(options_, options_.jobs);
    local_ = &local;
    for (int rank = 0; rank < mpi_.size(); ++rank) assign(rank);
    bool cancel_sent = false;
    PollBackoff backoff;
    while (std::any_of(outstanding_.begin(), outstanding_.end(), [](std::size_t n) { return n > 0; })) {
      bool active = false;
      for (RunReply& reply : local.take_replies()) {
        take(0, reply);
        active = true;
      }
      while (std::optional<Message> message = poll_message()) {
        if (message->tag != BenchTag::kReply) throw std::runtime_error("rank 0 got an unexpected MPI message");
        RunReply reply = decode_reply(message->payload);
        take(message->source, reply);
        active = true;
      }
      if (interrupted(options_) && !cancel_sent) {
        for (int rank = 1; rank < mpi_.size(); ++rank) send_message(rank, BenchTag::kCancel);
        cancel_sent = true;
        active = true;
      }
      if (active) {
        backoff.active();
      } else {
        backoff.idle();
      }
    }
    local.close();
    local_ = nullptr;
    output_.write_summaries();  // what finished before a failure stays tabulated
    if (failure_) std::rethrow_exception(failure_);
    return output_.result(interrupted(options_));
  }

 private:
  // Gives `rank` planned runs until it has `jobs` of them, unless the benchmark is ending.
  void assign(int rank) {
    const auto r = static_cast<std::size_t>(rank);
    while (!retired_[r] && !failure_ && !interrupted(options_) && !plan_.empty() && outstanding_[r] < options_.jobs) {
      const PlannedRun run = plan_.front();
      plan_.pop_front();
      if (rank == 0) {
        local_->add(run);
      } else {
        send_message(rank, BenchTag::kRun, encode_run(run));
      }
      ++outstanding_[r];
    }
  }

  void take(int rank, RunReply& reply) {
    const auto r = static_cast<std::size_t>(rank);
    --outstanding_[r];
    try {
      switch (reply.kind) {
        case RunReply::Kind::kFinished:
          output_.record(reply.finished);
          break;
        case RunReply::Kind::kCutShort:
          // That rank was interrupted on its own: its run goes to another, it gets no more.
          plan_.push_front(reply.run);
          retired_[r] = true;
          break;
        case RunReply::Kind::kInputError:
          throw InputError("rank " + std::to_string(rank), reply.message);
        case RunReply::Kind::kFailure:
          throw std::runtime_error("rank " + std::to_string(rank) + ": " + reply.message);
      }
    } catch (...) {
      if (!failure_) failure_ = std::current_exception();  // the others finish their runs, start no new one
    }
    assign(rank);
  }

  const BenchOptions& options_;
  const MpiSession& mpi_;
  bench::BenchOutput& output_;
  std::deque<PlannedRun> plan_;
  std::vector<std::size_t> outstanding_;
  std::vector<bool> retired_;
  LocalJobs* local_ = nullptr;
  std::exception_ptr failure_;
};

bench::BenchResult schedule(const BenchOptions& options, const MpiSession& mpi) {
  std::optional<bench::BenchOutput> output;
  try {
    output.emplace(options);
  } catch (...) {
    stop_workers(mpi);  // they wait for runs that will never come
    throw;
  }
  bench::BenchResult result;
  try {
    result = Scheduler(options, mpi, *output).run();
  } catch (...) {
    stop_workers(mpi);
    throw;
  }
  stop_workers(mpi);
  return result;
}

// Any rank but 0: runs what rank 0 assigns, answers each, until rank 0 says stop.
bench::BenchResult serve(const BenchOptions& options) {
  std::atomic<bool> cancel{false};
  BenchOptions here = options;
  here.cancel = &cancel;
  here.on_run = nullptr;
  bench::BenchResult result;
  LocalJobs jobs(here, options.jobs);
  bool stopped = false;
  PollBackoff backoff;
  while (!stopped) {
    bool active = false;
    while (std::optional<Message> message = poll_message()) {
      active = true;
      switch (message->tag) {
        case BenchTag::kRun:
          jobs.add(decode_run(message->payload));
          break;
        case BenchTag::kCancel:
          cancel = true;
          break;
        case BenchTag::kStop:
          stopped = true;
          break;
        case BenchTag::kReply:
          throw std::runtime_error("a worker rank got a reply");
      }
    }
    if (interrupted(options)) cancel = true;
    for (const RunReply& reply : jobs.take_replies()) {
      send_message(0, BenchTag::kReply, encode_reply(reply));
      if (reply.kind == RunReply::Kind::kFinished) ++result.ran;
      active = true;
    }
    if (stopped) break;
    if (active) {
      backoff.active();
    } else {
      backoff.idle();
    }
  }
  jobs.close();  // rank 0 stops a rank only when it has answered every run
  result.cancelled = cancel.load();
  return result;
}

}  // namespace

bench::BenchResult run_benchmark_distributed(const BenchOptions& options, const MpiSession& mpi) {
  if (mpi.size() == 1) return bench::run_benchmark(options);
  return mpi.is_root() ? schedule(options, mpi) : serve(options);
}

}  // namespace kepler::cluster
