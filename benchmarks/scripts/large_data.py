#!/usr/bin/env python3
"""`kepler fit` on a planted law at growing row counts, with and without mini-batch screening.

For each row count it writes y = x1²·sin(x2)/x3 + x2 (x uniform on [1, 4], noise-free) and runs
`kepler fit --time T --early-stop 1e-12` for every seed, once with the default --mini-batch and
once with --mini-batch 0. It prints, per row count and mode: how many seeds recovered the law
(an equation on the front with training R² ≥ 1 − 1e-9), the median time to stop, the time per new
candidate (the search's wall time over the candidates it fitted: cache hits left out), the share
of those fitted or scored on all rows, and the largest peak RSS of the whole command. Usage:

  python3 benchmarks/scripts/large_data.py build/release/bin/kepler --rows 1000 10000 100000 1000000 \
      --seeds 1 2 3 --time 20 --threads 2
"""
import argparse
import json
import math
import os
import random
import statistics
import subprocess
import tempfile
from pathlib import Path


def write_table(path, rows):
    rng = random.Random(7)
    with open(path, "w") as out:
        out.write("x1,x2,x3,y\n")
        for _ in range(rows):
            x1, x2, x3 = rng.uniform(1, 4), rng.uniform(1, 4), rng.uniform(1, 4)
            out.write(f"{x1!r},{x2!r},{x3!r},{x1 ** 2 * math.sin(x2) / x3 + x2!r}\n")


def fit(kepler, table, out, seed, mini_batch, args):
    command = [kepler, "fit", str(table), "--time", str(args.time), "--early-stop", "1e-12", "--seed", str(seed),
               "--threads", str(args.threads), "--mini-batch", str(mini_batch), "--quiet", "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    result = json.loads((out / "result.json").read_text())
    counters = result["counters"]
    new = max(counters["fitted"], 1)  # with screening: fitted on the screening rows
    return dict(recovered=any(e["r2_train"] >= 1 - 1e-9 for e in result["pareto"]), seconds=result["elapsed_s"],
                per_candidate=result["elapsed_s"] / new, full_share=1 - counters.get("screened_out", 0) / new,
                peak_mb=usage.ru_maxrss / 1024)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kepler")
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 100000, 1000000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mini-batch", type=int, default=4096)
    parser.add_argument("--modes", nargs="+", choices=["on", "off"], default=["on", "off"])
    args = parser.parse_args()
    kepler = str(Path(args.kepler).resolve())
    print(f"y = x1^2 sin(x2)/x3 + x2, --time {args.time:g} --early-stop 1e-12 --threads {args.threads}, "
          f"seeds {' '.join(map(str, args.seeds))}")
    print(f"{'rows':>8} {'mini-batch':>10} {'recovered':>9} {'median s':>9} {'ms/cand':>8} {'all rows':>9} "
          f"{'peak MB':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        for rows in args.rows:
            table = Path(scratch) / f"law{rows}.csv"
            write_table(table, rows)
            for mini_batch in [args.mini_batch if mode == "on" else 0 for mode in args.modes]:
                runs = [fit(kepler, table, Path(scratch) / f"out{rows}_{mini_batch}_{seed}", seed, mini_batch, args)
                        for seed in args.seeds]
                print(f"{rows:>8} {mini_batch if mini_batch else 'off':>10} "
                      f"{sum(r['recovered'] for r in runs):>5}/{len(runs):<3} "
                      f"{statistics.median(r['seconds'] for r in runs):>9.1f} "
                      f"{1000 * statistics.median(r['per_candidate'] for r in runs):>8.3f} "
                      f"{statistics.median(r['full_share'] for r in runs):>9.2f} "
                      f"{max(r['peak_mb'] for r in runs):>8.0f}", flush=True)


if __name__ == "__main__":
    main()
