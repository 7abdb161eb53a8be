#!/usr/bin/env python3
"""Wall time of `kepler bench` on one process and under mpirun, on the same suite and budget.

Each configuration runs the same runs (suite × seeds, an evaluation budget, one thread per run),
into its own directory; the script prints the wall times, their ratio to the first configuration
and whether every configuration's solution table (problem, seed → solved, expression) equals the
first's. Usage:

  python3 benchmarks/scripts/mpi_scaling.py build/release/bin/kepler --suite nguyen --seeds 1 2 3 \
      --max-evals 50000 --config 1x1 --config 1x2 --config mpi2x1 --config mpi64x1

A config is `1xJ` (one process, J jobs) or `mpiNxJ` (N ranks of J jobs each); every run gets one
thread, runs spend their whole budget (--early-stop 0) unless told otherwise, and ranks are not bound to cores (mpirun binds each to one core by default when
there are at most two). Run as root, Open MPI needs OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM), which this script sets.
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

MPI_FLAGS = ["--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,vader", "--mca", "btl_vader_single_copy_mechanism", "none"]


def table(out):
    rows = {}
    for line in (out / "runs.jsonl").read_text().splitlines():
        record = json.loads(line)
        rows[(record["problem"], record["seed"])] = (record["solution"], record["equation"])
    return rows


def run(kepler, config, args, out):
    ranks, jobs = (int(n) for n in config.removeprefix("mpi").split("x"))
    command = [kepler, "bench", "--suite", args.suite, "--seeds", *map(str, args.seeds), "--max-evals",
               str(args.max_evals), "--early-stop", str(args.early_stop), "--time", "600", "--jobs", str(jobs), "--threads", str(jobs), "--quiet",
               "--out", str(out)]
    if config.startswith("mpi"):
        command = [args.mpiexec, "-np", str(ranks), *MPI_FLAGS, *command]
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    start = time.monotonic()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kepler")
    parser.add_argument("--suite", default="nguyen")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--max-evals", type=int, default=50000)
    parser.add_argument("--early-stop", type=float, default=0.0, help="0: every run spends its whole budget")
    parser.add_argument("--config", action="append", required=True)
    parser.add_argument("--mpiexec", default=shutil.which("mpiexec") or "mpiexec")
    args = parser.parse_args()
    kepler = str(Path(args.kepler).resolve())
    with tempfile.TemporaryDirectory() as scratch:
        first_time, first_table = None, None
        print(f"{args.suite}, seeds {' '.join(map(str, args.seeds))}, --max-evals {args.max_evals}, "
          f"--early-stop {args.early_stop}, one thread a run")
        print(f"{'config':>10} {'runs':>5} {'wall s':>8} {'vs first':>9}  same table")
        for config in args.config:
            out = Path(scratch) / config
            seconds = run(kepler, config, args, out)
            rows = table(out)
            if first_time is None:
                first_time, first_table = seconds, rows
            print(f"{config:>10} {len(rows):>5} {seconds:>8.1f} {first_time / seconds:>8.2f}×  {rows == first_table}")


if __name__ == "__main__":
    main()
