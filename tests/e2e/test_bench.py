"""End-to-end tests of `kepler gen` and `kepler bench`: generated files, scoring, and a
killed-and-resumed run giving the same table as an uninterrupted one."""
import csv
import json
import os
import signal
import subprocess
import time
import unittest

import sympy

from test_cli import KEPLER, CliTestCase, kepler

# Deterministic runs: one thread per job and an evaluation budget that ends each run long before
# its time limit.
PROBLEMS = ["--problem", "Nguyen-1", "--problem", "Nguyen-8", "--problem", "Nguyen-9", "--problem", "Nguyen-10"]
BUDGET = ["--time", "60", "--max-evals", "30000", "--threads", "1", "--jobs", "1", "--quiet"]


def table_without_time(out_dir):
    with open(out_dir / "summary.csv") as f:
        return [{k: v for k, v in row.items() if k != "median_time_s"} for row in csv.DictReader(f)]


class GenTest(CliTestCase):
    def test_writes_one_csv_per_split_and_the_truth_in_sympy(self):
        out = self.dir / "gen"
        result = kepler("gen", "--suite", "srsd-easy", "--out", str(out), "--seed", "2", "--quiet", timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        problems = json.loads((out / "suite.json").read_text())
        self.assertEqual(len(problems), 30)
        meta = json.loads((out / problems[0]["dir"] / "meta.json").read_text())
        self.assertEqual(set(meta["splits"]), {"train", "val", "test"})
        self.assertEqual(meta["splits"]["train"]["rows"], 8000)
        with open(out / problems[0]["dir"] / "test.csv") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], meta["variables"] + [meta["target"]])
        self.assertEqual(len(rows), 1001)
        # The sympy truth reproduces the target column.
        names = {v: sympy.Symbol(v) for v in meta["variables"]}
        truth = sympy.lambdify(list(names.values()), sympy.sympify(meta["formula_sympy"], locals=names))
        for row in rows[1:20]:
            values = [float(v) for v in row]
            self.assertAlmostEqual(truth(*values[:-1]) / values[-1], 1.0, places=9)

    def test_same_seed_same_files_and_noise_changes_train_only(self):
        a, b, c = self.dir / "a", self.dir / "b", self.dir / "c"
        for out, extra in ((a, []), (b, []), (c, ["--noise", "0.1"])):
            result = kepler("gen", "--suite", "nguyen", "--out", str(out), "--quiet", *extra)
            self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual((a / "Nguyen-5" / "train.csv").read_text(), (b / "Nguyen-5" / "train.csv").read_text())
        self.assertNotEqual((a / "Nguyen-5" / "train.csv").read_text(), (c / "Nguyen-5" / "train.csv").read_text())
        self.assertEqual((a / "Nguyen-5" / "test.csv").read_text(), (c / "Nguyen-5" / "test.csv").read_text())

    def test_bad_input_is_a_one_line_error(self):
        result = kepler("gen", "--suite", "nope", "--out", str(self.dir / "x"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown suite", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        result = kepler("bench", "--suite", "nguyen", "--time", "0", "--out", str(self.dir / "y"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("--time", result.stderr)


class BenchTest(CliTestCase):
    def test_runs_scores_and_prints_the_table(self):
        out = self.dir / "bench"
        result = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("| nguyen | all | gp | 4 |", result.stdout)
        records = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
        self.assertEqual(sorted(r["problem"] for r in records), ["Nguyen-1", "Nguyen-10", "Nguyen-8", "Nguyen-9"])
        for r in records:
            for field in ("equation", "sympy", "r2_test", "ned", "solution", "exact", "model_size", "time_s"):
                self.assertIn(field, r)
            self.assertGreaterEqual(r["ned"], 0.0)
            self.assertLessEqual(r["ned"], 1.0)
        # Nguyen-10, 2 sin(x1) cos(x2), is found within this budget; its record says so.
        found = next(r for r in records if r["problem"] == "Nguyen-10")
        self.assertTrue(found["solution"] and found["exact"], found)
        self.assertEqual(found["ned"], 0.0)
        # A rerun finds everything recorded and runs nothing.
        again = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("0 finished now, 4 already recorded", again.stdout)

    def test_killed_and_resumed_equals_uninterrupted(self):
        whole, resumed = self.dir / "whole", self.dir / "resumed"
        result = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(whole), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)

        process = subprocess.Popen([KEPLER, "bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(resumed)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs = resumed / "runs.jsonl"
        deadline = time.time() + 120
        while time.time() < deadline and not (runs.exists() and runs.read_text().count("\n") >= 1):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # A torn line, as a kill in the middle of a write would leave.
        with open(runs, "a") as f:
            f.write('{"problem": "Nguyen-9", "method": "gp", "se')
        result = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(resumed), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(table_without_time(resumed), table_without_time(whole))
        lines = runs.read_text().splitlines()
        self.assertEqual(len(lines), 4)
        for line in lines:
            json.loads(line)


if __name__ == "__main__":
    unittest.main()
