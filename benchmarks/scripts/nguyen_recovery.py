"""Exact recovery of Nguyen-1..12 by `kepler fit` (until the suite runner of issue 5 lands).

For each problem: 20 training points drawn as the DSO release specifies (from
../shared/datasets/classic_benchmarks.json), `kepler fit --time T --seed S` with the problem's
published function set (Koza: + - * / sin cos exp log) unless --ops, then a sympy check of the
chosen equation and of every equation on the front: recovered when, after turning floats within
1e-6 of a simple rational into that rational, model − truth simplifies to 0.

usage: python3 nguyen_recovery.py KEPLER_BIN SPEC_JSON [--time 30] [--seed 1] [--ops ...]
"""
import argparse
import json
import pathlib
import random
import re
import signal
import subprocess
import sys
import tempfile

import sympy


# DSO's function sets (dso/task/regression/function_sets.py), named in each problem's "source".
FUNCTION_SETS = {"Koza": "+,-,*,/,sin,cos,exp,log"}


def operators_of(problem):
    found = re.search(r"function_set=(\w+)", problem.get("source", ""))
    if not found or found.group(1) not in FUNCTION_SETS:
        sys.exit(f"{problem['name']}: no known function set in its source")
    return FUNCTION_SETS[found.group(1)]


def sample(spec, n_vars, rng):
    return [[rng.uniform(spec["low"], spec["high"]) for _ in range(n_vars)] for _ in range(spec["n"])]


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def numerically_equal(model, truth, symbols, rng):
    """A quick screen: model and truth agree at random points of the sampling box."""
    names = list(symbols.values())
    f = sympy.lambdify(names, model - truth, modules="math")
    scale = sympy.lambdify(names, truth, modules="math")
    for _ in range(20):
        x = [rng.uniform(0.1, 0.9) for _ in names]
        try:
            if abs(f(*x)) > 1e-6 * max(1.0, abs(scale(*x))):
                return False
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return False
    return True


def recovered(model_text, truth, symbols, seconds=20):
    try:
        model = sympy.sympify(model_text, locals=symbols)
    except (sympy.SympifyError, SyntaxError, TypeError):
        return False
    if not numerically_equal(model, truth, symbols, random.Random(0)):
        return False
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        # Floats become the simple rationals they round to, before and after expanding (a
        # factored polynomial has irrational roots but integer coefficients), as SRBench rounds.
        for form in (model, sympy.expand(model)):
            exact = sympy.nsimplify(form, tolerance=1e-6, rational=True)
            if sympy.simplify(sympy.expand(exact - truth)) == 0:
                return True
        return False
    except Exception:  # noqa: BLE001 - a time-out or sympy failure: not proven
        return False
    finally:
        signal.alarm(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kepler")
    parser.add_argument("spec")
    parser.add_argument("--time", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ops", help="operators (default: the problem's own function set, Koza)")
    parser.add_argument("--extra", default="", help="more kepler fit arguments")
    args = parser.parse_args()
    problems = [p for p in json.load(open(args.spec)) if p["suite"] == "Nguyen"]
    best_count = front_count = 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in problems:
            rng = random.Random(f"{p['name']}-{args.seed}")
            names = [f"x{i + 1}" for i in range(p["n_vars"])]
            # The law only has to hold on the sampled domain: positive there means positive here
            # (exp(x2*log(x1)) is x1**x2 for x1 > 0).
            positive = p["train"]["low"] >= 0
            symbols = {n: sympy.Symbol(n, real=True, positive=positive or None) for n in names}
            truth = sympy.sympify(p["formula"], locals=symbols)
            f = sympy.lambdify(list(symbols.values()), truth)
            data = pathlib.Path(tmp) / f"{p['name']}.csv"
            with open(data, "w") as out:
                out.write(",".join(names) + ",y\n")
                for x in sample(p["train"], p["n_vars"], rng):
                    out.write(",".join(repr(v) for v in x) + f",{float(f(*x))!r}\n")
            out_dir = pathlib.Path(tmp) / p["name"]
            cmd = [args.kepler, "fit", str(data), "--time", str(args.time), "--seed", str(args.seed),
                   "--ops", args.ops or operators_of(p), "--quiet", "--out", str(out_dir), "--early-stop", "1e-20"]
            cmd += args.extra.split()
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{p['name']}: kepler failed: {run.stderr.strip()}")
                continue
            result = json.load(open(out_dir / "result.json"))
            best_ok = recovered(result["best"]["sympy"], truth, symbols)
            front_ok = best_ok or any(recovered(e["sympy"], truth, symbols) for e in result["pareto"])
            best_count += best_ok
            front_count += front_ok
            rows.append((p["name"], best_ok, front_ok, result["elapsed_s"], result["best"]["equation"]))
            print(f"{p['name']:10} best={'yes' if best_ok else 'no ':3} front={'yes' if front_ok else 'no ':3} "
                  f"{result['elapsed_s']:5.1f}s  {result['best']['equation']}", flush=True)
    print(f"recovered (chosen best): {best_count}/{len(problems)}; on the front: {front_count}/{len(problems)}")


if __name__ == "__main__":
    sys.exit(main())
