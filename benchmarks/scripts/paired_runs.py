"""Two configurations' runs of the same problems and seeds, compared where both solved: the ratio of
evaluations and of wall time each took to its answer (B / A), from two `kepler bench` outputs — an
ablation's cost and saving at the same recovery. Plain Python 3, no third-party modules.

usage: python3 paired_runs.py A_DIR B_DIR [--method M]
"""
import argparse
import json
import pathlib
import statistics
import sys


def load(out, method):
    records = out / "runs.jsonl"
    if not records.is_file():
        sys.exit(f"{records}: no such file")
    runs = {}
    for line in records.read_text().splitlines():
        record = json.loads(line)
        if method is None or record["method"] == method:
            runs[(record["method"], record["problem"], record["seed"])] = record
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=pathlib.Path)
    parser.add_argument("b", type=pathlib.Path)
    parser.add_argument("--method", help="only this method's runs")
    args = parser.parse_args()
    a, b = load(args.a, args.method), load(args.b, args.method)
    both = [key for key in a if key in b and a[key].get("solution") and b[key].get("solution")]
    print(f"A {args.a}: {sum(bool(r.get('solution')) for r in a.values())} of {len(a)} solved")
    print(f"B {args.b}: {sum(bool(r.get('solution')) for r in b.values())} of {len(b)} solved")
    if not both:
        print("no run solved by both")
        return
    evaluations = [b[k]["evaluations"] / max(a[k]["evaluations"], 1) for k in both]
    seconds = [b[k]["time_s"] / max(a[k]["time_s"], 1e-3) for k in both]
    print(f"{len(both)} runs solved by both; B / A median (geometric mean): "
          f"evaluations {statistics.median(evaluations):.2f} ({statistics.geometric_mean(evaluations):.2f}), "
          f"wall time {statistics.median(seconds):.2f} ({statistics.geometric_mean(seconds):.2f})")


if __name__ == "__main__":
    main()
