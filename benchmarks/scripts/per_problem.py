"""Per-problem solution counts over seeds, from the runs.jsonl of one or more `kepler bench` outputs.

Each row is a problem, each column a method (labelled by the output directory where several are
given: `--label DIR=NAME`); a cell is solved runs / runs. Totals close the table. Plain Python 3,
no third-party modules.

usage: python3 per_problem.py OUT_DIR [OUT_DIR ...] [--label OUT_DIR=NAME ...] [--markdown]
"""
import argparse
import collections
import json
import pathlib
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outs", nargs="+", type=pathlib.Path)
    parser.add_argument("--label", action="append", default=[], help="OUT_DIR=NAME: prefix its methods' columns")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    labels = dict(item.split("=", 1) for item in args.label)

    solved = collections.defaultdict(lambda: collections.Counter())
    runs = collections.defaultdict(lambda: collections.Counter())
    problems, columns = [], []
    for out in args.outs:
        records = out / "runs.jsonl"
        if not records.is_file():
            sys.exit(f"{records}: no such file")
        prefix = labels.get(str(out), "")
        for line in records.read_text().splitlines():
            record = json.loads(line)
            column = f"{prefix} {record['method']}".strip() if prefix else record["method"]
            if record["problem"] not in problems:
                problems.append(record["problem"])
            if column not in columns:
                columns.append(column)
            runs[record["problem"]][column] += 1
            solved[record["problem"]][column] += int(bool(record.get("solution")))

    rows = [[p] + [f"{solved[p][c]}/{runs[p][c]}" if runs[p][c] else "-" for c in columns] for p in problems]
    rows.append(["total"] + [f"{sum(solved[p][c] for p in problems)}/{sum(runs[p][c] for p in problems)}"
                             for c in columns])
    header = ["problem"] + columns
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|" + "---:|" * len(columns))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths))))


if __name__ == "__main__":
    main()
