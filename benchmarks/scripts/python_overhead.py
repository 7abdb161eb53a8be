"""What a Python fit costs over `kepler fit` on the same table and budget.

Writes a 1000-row, 3-variable table, then alternates `kepler fit DATA --max-evals N` and the same
fit through kepler.KeplerRegressor (the table read by pandas with round-trip precision, so both
see the same doubles and run the same search), REPEATS times each, and prints the medians: the
whole process's wall time, the search's own seconds, the evaluations (equal when the runs match),
the import of the package and the first use of equations_ (sympy).

usage: /usr/bin/python3 python_overhead.py KEPLER_BIN BUILD_PYTHON_DIR [--evals 300000] [--threads 1]
       [--repeats 5]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
t0 = time.monotonic()
import pandas as pd
import kepler
t1 = time.monotonic()
df = pd.read_csv(sys.argv[1], float_precision="round_trip")
est = kepler.KeplerRegressor(time=3600, max_evals=int(sys.argv[2]), threads=int(sys.argv[3]))
est.fit(df.drop(columns="y"), df["y"])
t2 = time.monotonic()
best = est.best_["equation"]
t3 = time.monotonic()
print(json.dumps(dict(imports=t1 - t0, fit=t2 - t1, search=est.seconds_, evaluations=est.evaluations_,
                      equations_table=t3 - t2, best=best)))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kepler_bin")
    parser.add_argument("build_python_dir")
    parser.add_argument("--evals", type=int, default=300000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import numpy as np

    work = Path(tempfile.mkdtemp(prefix="kepler-overhead-"))
    rng = np.random.default_rng(11)
    X = rng.uniform(1, 3, (1000, 3))
    y = np.exp(-X[:, 0]) * X[:, 1] ** 1.5 + np.log(X[:, 2]) * 0.3
    data = work / "table.csv"
    with open(data, "w") as f:
        f.write("a,b,c,y\n")
        for row, target in zip(X, y):
            f.write(",".join(repr(float(v)) for v in (*row, target)) + "\n")
    child = work / "child.py"
    child.write_text(CHILD)
    env = dict(os.environ, PYTHONPATH=args.build_python_dir)
    cli_wall, cli_search, cli_evals, py_wall, py_search, py_evals, imports, table = ([] for _ in range(8))
    for _ in range(args.repeats):
        start = time.monotonic()
        out = subprocess.run([args.kepler_bin, "fit", str(data), "--max-evals", str(args.evals), "--threads",
                              str(args.threads), "--time", "3600", "--quiet"],
                             check=True, capture_output=True, text=True)
        cli_wall.append(time.monotonic() - start)
        stopped = re.search(r"after ([0-9.]+) s: ([0-9]+) evaluations", out.stdout)
        cli_search.append(float(stopped[1]))
        cli_evals.append(int(stopped[2]))
        start = time.monotonic()
        out = subprocess.run([sys.executable, str(child), str(data), str(args.evals), str(args.threads)], check=True,
                             capture_output=True, text=True, env=env)
        py_wall.append(time.monotonic() - start)
        r = json.loads(out.stdout)
        py_search.append(r["search"])
        py_evals.append(r["evaluations"])
        imports.append(r["imports"])
        table.append(r["equations_table"])
    med = statistics.median
    print(f"{args.repeats} runs each, --max-evals {args.evals}, --threads {args.threads}, medians:")
    print(f"  kepler fit:         wall {med(cli_wall):.2f} s, search {med(cli_search):.2f} s, "
          f"evaluations {sorted(set(cli_evals))}")
    print(f"  KeplerRegressor:    wall {med(py_wall):.2f} s, search {med(py_search):.2f} s, "
          f"evaluations {sorted(set(py_evals))}")
    print(f"  python/cli:         wall {med(py_wall) / med(cli_wall):.3f}x, search {med(py_search) / med(cli_search):.3f}x")
    print(f"  python extras:      imports {med(imports):.2f} s, first equations_ (sympy) {med(table):.2f} s")


if __name__ == "__main__":
    main()
