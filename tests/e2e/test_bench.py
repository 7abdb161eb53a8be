"""End-to-end tests of `kepler gen` and `kepler bench`: generated files, scoring, a
killed-and-resumed run giving the same table as an uninterrupted one, and SRBench interoperability
(PMLB `.tsv.gz` tables in, SRBench result JSON files out)."""
import csv
import gzip
import random
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
NEURAL = "neural" in subprocess.run([KEPLER, "fit", "--help"], capture_output=True, text=True).stdout
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
        self.assertIn("| nguyen | all | portfolio | 4 |", result.stdout)
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
        # Which exact form the search prints depends on the build: the same seed takes another path
        # under ASan + UBSan (sin(x1)*-2*sin(x2 - pi/2)) than in release or RelWithDebInfo
        # (2*sin(x1)*cos(x2)), the instrumented code rounding differently. NED is 0 for the truth's
        # own tree and below 1 for any other exact form.
        if found["equation"] == "2 * sin(x1) * cos(x2)":
            self.assertEqual(found["ned"], 0.0)
        else:
            self.assertLess(found["ned"], 1.0)
        # A rerun finds everything recorded and runs nothing.
        again = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("0 finished now, 4 already recorded", again.stdout)
        # Runs made with other settings are not mixed into the same table.
        other = kepler("bench", "--suite", "nguyen", *PROBLEMS, *BUDGET, "--noise", "0.1", "--out", str(out))
        self.assertEqual(other.returncode, 2)
        self.assertIn("holds runs made with noise = 0.0, not 0.1", other.stderr)

    @unittest.skipUnless(NEURAL, "built without libtorch: no --method neural")
    def test_the_neural_search_runs_a_suite_beside_gp(self):
        out = self.dir / "neural"
        result = kepler("bench", "--suite", "nguyen", "--problem", "Nguyen-1", "--problem", "Nguyen-10",
                        "--method", "gp", "neural", *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("| nguyen | all | neural | 2 |", result.stdout)
        records = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
        self.assertEqual(sorted((r["method"], r["problem"]) for r in records),
                         [("gp", "Nguyen-1"), ("gp", "Nguyen-10"), ("neural", "Nguyen-1"), ("neural", "Nguyen-10")])
        # Both laws are within the neural search's reach at this budget, but which one a run reaches
        # depends on the build's floating-point paths through the policy: on one machine the
        # AddressSanitizer build found 2·sin(x1)·cos(x2) and missed x1³ + x1² + x1, which the
        # release build finds. A search that does not search finds neither.
        self.assertTrue(any(r["solution"] for r in records if r["method"] == "neural"), records)

    def test_the_egraph_ablation_is_a_setting_of_the_table(self):
        out = self.dir / "ablation"
        args = ["bench", "--suite", "nguyen", "--problem", "Nguyen-1", *BUDGET, "--out", str(out)]
        result = kepler(*args, "--no-egraph", timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIs(json.loads((out / "settings.json").read_text())["egraph"], False)
        self.assertEqual(len((out / "runs.jsonl").read_text().splitlines()), 1)
        # Runs with the e-graph are not mixed into the ablation's table.
        mixed = kepler(*args)
        self.assertEqual(mixed.returncode, 2)
        self.assertIn("holds runs made with egraph = false, not true", mixed.stderr)

    def test_a_table_from_before_the_mini_batch_setting_screened_on_4096_rows(self):
        out = self.dir / "mini_batch"
        args = ["bench", "--suite", "nguyen", "--problem", "Nguyen-1", *BUDGET, "--out", str(out)]
        result = kepler(*args, "--mini-batch", "4096", timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        settings = json.loads((out / "settings.json").read_text())
        self.assertEqual(settings.pop("mini_batch"), 4096)
        (out / "settings.json").write_text(json.dumps(settings))  # as written before the setting
        # Today's default, 512, is another setting; 4096 is the one the table was made with.
        mixed = kepler(*args)
        self.assertEqual(mixed.returncode, 2)
        self.assertIn("holds runs made with mini_batch = 4096, not 512", mixed.stderr)
        same = kepler(*args, "--mini-batch", "4096", timeout=300)
        self.assertEqual(same.returncode, 0, same.stderr)
        self.assertIn("0 finished now, 1 already recorded", same.stdout)

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


    def test_a_directory_being_filled_is_refused(self):
        out = self.dir / "busy"
        process = subprocess.Popen([KEPLER, "bench", "--suite", "nguyen", "--problem", "Nguyen-4", "--time", "30",
                                    "--method", "gp", "--threads", "1", "--quiet", "--out", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 60
            while time.time() < deadline and not (out / "settings.json").exists():  # written under the lock
                time.sleep(0.02)
            self.assert_input_error(kepler("bench", "--suite", "nguyen", "--problem", "Nguyen-1", *BUDGET,
                                           "--out", str(out)),
                                    "runs.jsonl: is being filled by another kepler bench")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        self.assertEqual((out / "runs.jsonl").read_text(), "")  # interrupted: nothing recorded


# The fields SRBench's experiment/evaluate_model.py writes for each run.
SRBENCH_FIELDS = {"dataset", "algorithm", "params", "random_state", "time_time", "symbolic_model", "mse_train",
                  "mae_train", "r2_train", "mse_test", "mae_test", "r2_test", "model_size", "target_noise",
                  "feature_noise"}


def write_pmlb(root, name, header, rows):
    """A table laid out as PMLB ships it: NAME/NAME.tsv.gz, tab-separated, gzip-compressed."""
    (root / name).mkdir(parents=True)
    with gzip.open(root / name / f"{name}.tsv.gz", "wt") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(v if isinstance(v, str) else repr(v) for v in row) + "\n")
    return root / name / f"{name}.tsv.gz"


class SrbenchTest(CliTestCase):
    def setUp(self):
        super().setUp()
        rng = random.Random(5)
        self.pmlb = self.dir / "pmlb"
        rows = [(a, b, 3 * a * b + 1) for a, b in ((rng.uniform(1, 4), rng.uniform(1, 4)) for _ in range(300))]
        write_pmlb(self.pmlb, "product", ["a", "b", "target"], rows)
        # The target need not be the last column: SRBench finds it by name.
        rows = [(u * u, u) for u in (rng.uniform(0, 3) for _ in range(200))]
        write_pmlb(self.pmlb, "square", ["target", "u"], rows)

    def test_pmlb_tables_in_srbench_results_out(self):
        out, results = self.dir / "out", self.dir / "srbench"
        result = kepler("bench", "--data", str(self.pmlb), "--seeds", "1", "2", "--noise", "0.001",
                        "--srbench-results", str(results), *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        # No ground truth: recovery rates are dashes, accuracy is scored.
        self.assertIn("| data | all | portfolio | 4 | – | – |", result.stdout)
        records = {(r["problem"], r["seed"]): r for r in map(json.loads, (out / "runs.jsonl").read_text().splitlines())}
        self.assertEqual(sorted(p.name for p in results.iterdir()),
                         [f"{d}_kepler-portfolio_{s}_target-noise0.001.json" for d in ("product", "square") for s in (1, 2)])
        for path in results.iterdir():
            sr = json.loads(path.read_text())
            self.assertEqual(set(sr), SRBENCH_FIELDS, path.name)
            record = records[(sr["dataset"], sr["random_state"])]
            self.assertEqual(sr["algorithm"], "kepler-portfolio")
            self.assertEqual(sr["target_noise"], 0.001)
            self.assertEqual(sr["r2_test"], record["r2_test"])
            self.assertEqual(sr["model_size"], record["model_size"])
            self.assertIsNone(record["solution"])
            self.assertIsNone(record["ned"])
            # The symbolic model is sympy over the table's column names and reproduces the table.
            header = ["a", "b"] if sr["dataset"] == "product" else ["u"]
            symbols = [sympy.Symbol(n) for n in header]
            model = sympy.lambdify(symbols, sympy.sympify(sr["symbolic_model"], locals=dict(zip(header, symbols))))
            with gzip.open(self.pmlb / sr["dataset"] / f"{sr['dataset']}.tsv.gz", "rt") as f:
                table = list(csv.DictReader(f, delimiter="\t"))
            y = [float(r["target"]) for r in table]
            predicted = [float(model(*(float(r[n]) for n in header))) for r in table]
            mean = sum(y) / len(y)
            r2 = 1 - sum((a - b) ** 2 for a, b in zip(y, predicted)) / sum((a - mean) ** 2 for a in y)
            self.assertGreater(sr["r2_test"], 0.999, sr)
            self.assertGreater(r2, 0.999, sr)

    def test_suite_runs_carry_their_true_model(self):
        out, results = self.dir / "out", self.dir / "srbench"
        result = kepler("bench", "--suite", "nguyen", "--problem", "Nguyen-10", "--srbench-results", str(results),
                        *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        sr = json.loads((results / "Nguyen-10_kepler-portfolio_1.json").read_text())
        self.assertEqual(set(sr), SRBENCH_FIELDS | {"true_model"})
        self.assertEqual(sr["true_model"], json.loads((out / "runs.jsonl").read_text())["truth"])

    def test_fit_reads_tsv_gz(self):
        result = kepler("fit", str(self.pmlb / "product" / "product.tsv.gz"), "--max-evals", "30000", "--threads",
                        "1", "--quiet", timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("target = ", result.stdout)

    def test_bad_tables_are_one_line_errors(self):
        bad = write_pmlb(self.dir / "bad", "bad", ["a", "target"], [(1.0, 2.0), (2.0, "x"), (3.0, 4.0), (4.0, 5.0)])
        truncated = self.dir / "truncated.tsv.gz"
        truncated.write_bytes((self.pmlb / "product" / "product.tsv.gz").read_bytes()[:200])
        for path, message in ((bad, f"{bad}:3:5: 'x' is not a number (column 'target')"),
                              (truncated, f"{truncated}: gzip data is truncated"),
                              (self.dir / "missing.tsv.gz", "no such file or directory")):
            result = kepler("bench", "--data", str(path), *BUDGET, "--out", str(self.dir / "o"), timeout=300)
            self.assertEqual(result.returncode, 2, result.stdout)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            self.assertIn(message, result.stderr)
        result = kepler("bench", "--data", str(self.pmlb), "--method", "nope", *BUDGET, "--out", str(self.dir / "o"))
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"unknown search method 'nope' \(known: gp, mcts, enumerate, portfolio(, neural)?\)")


if __name__ == "__main__":
    unittest.main()
