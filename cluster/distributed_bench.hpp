// `mpirun -np N kepler bench …`: the suite runner over MPI ranks.
//
// Rank 0 holds the output directory (BenchOutput: plan, records, summaries) and schedules: every
// rank, rank 0 included, runs `jobs` runs at a time with `threads` threads between them, and rank 0
// hands the next planned run to whichever rank answers (dynamic, since run times vary 100×).
// Workers send each finished record back; only rank 0 writes, so the directory is the same as a
// one-process run's and stays resumable. A record is what `execute_run` makes anywhere, so a run's
// record does not depend on the rank it ran on. A rank that dies takes the job down with it (MPI's
// default error handler); every record written so far is on disk, and a rerun redoes the rest.
#pragma once

#include "benchmarks/runner.hpp"
#include "cluster/mpi_session.hpp"

namespace kepler::cluster {

// On rank 0: runs the benchmark over every rank and returns its result. On the other ranks: runs
// what rank 0 assigns until it says stop, and returns a result counting the runs done here.
// With one rank this is bench::run_benchmark.
bench::BenchResult run_benchmark_distributed(const bench::BenchOptions& options, const MpiSession& mpi);

}  // namespace kepler::cluster
