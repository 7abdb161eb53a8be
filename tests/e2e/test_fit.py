"""End-to-end tests of `kepler fit`, the main job."""
import csv
import json
import math
import os
import pathlib
import random
import signal
import subprocess
import time
import unittest

import sympy

from test_cli import KEPLER, PLANETS, CliTestCase, kepler


NEURAL = "neural" in subprocess.run([KEPLER, "fit", "--help"], capture_output=True, text=True).stdout


def write_law(path, law, names, rows=100, low=-2.0, high=2.0, seed=1):
    rng = random.Random(seed)
    with open(path, "w") as out:
        out.write(",".join(names) + ",y\n")
        for _ in range(rows):
            x = [rng.uniform(low, high) for _ in names]
            out.write(",".join(repr(v) for v in x) + f",{law(*x)!r}\n")
    return str(path)


def same_function(model_text, truth_text, names):
    symbols = {n: sympy.Symbol(n, real=True) for n in names}
    model = sympy.nsimplify(sympy.sympify(model_text, locals=symbols), tolerance=1e-9, rational=True)
    truth = sympy.sympify(truth_text, locals=symbols)
    return sympy.simplify(model - truth) == 0


class FitTest(CliTestCase):
    def test_recovers_a_simple_law_under_a_fixed_seed_and_evaluation_budget(self):
        data = write_law(self.dir / "law.csv", lambda a, b, c: a * b + math.sin(c), ["x1", "x2", "x3"])
        out = self.dir / "out"
        result = kepler("fit", data, "--ops", "+,-,*,/,sin,cos", "--max-evals", "400000",
                        "--time", "300", "--seed", "1", "--early-stop", "1e-20", "--quiet",
                        "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        best = json.loads((out / "result.json").read_text())["best"]
        self.assertTrue(same_function(best["sympy"], "x1*x2 + sin(x3)", ["x1", "x2", "x3"]), best)
        self.assertEqual(best["r2_train"], 1.0)

    def test_tree_search_recovers_a_simple_law_and_reports_its_counters(self):
        data = write_law(self.dir / "law.csv", lambda a, b: a * b + a, ["x1", "x2"])
        out = self.dir / "out"
        result = kepler("fit", data, "--method", "mcts", "--ops", "+,-,*,/", "--max-evals", "200000",
                        "--time", "300", "--seed", "1", "--early-stop", "1e-20", "--quiet",
                        "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = json.loads((out / "result.json").read_text())
        self.assertEqual(found["run"]["method"], "mcts")
        self.assertTrue(same_function(found["best"]["sympy"], "x1*x2 + x1", ["x1", "x2"]), found["best"])
        self.assertGreater(found["counters"]["iterations"], 0)
        self.assertIn("iterations", result.stdout)

    def test_tree_search_writes_a_long_polynomial_as_one_leaf_and_not_with_no_polynomial(self):
        law = lambda a, b: a**4 - a**3 + b * b / 2 - b  # Nguyen-12
        data = write_law(self.dir / "law.csv", law, ["x1", "x2"], rows=20, low=-1.0, high=1.0)
        runs = {}
        for flag in ([], ["--no-polynomial"]):
            out = self.dir / ("out" + "".join(flag))
            result = kepler("fit", data, "--method", "mcts", "--ops", "+,-,*,/,sin,cos,exp,log", "--max-evals",
                            "30000", "--time", "300", "--seed", "1", "--threads", "1", "--validation", "0",
                            "--early-stop", "1e-20", "--quiet", "--out", str(out), *flag, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            runs[bool(flag)] = json.loads((out / "result.json").read_text())
        self.assertTrue(runs[False]["run"]["polynomial"])
        self.assertFalse(runs[True]["run"]["polynomial"])
        self.assertGreater(runs[False]["counters"]["polynomials"], 0)
        self.assertEqual(runs[True]["counters"]["polynomials"], 0)
        truth = "x1**4 - x1**3 + x2**2/2 - x2"
        self.assertTrue(same_function(runs[False]["best"]["sympy"], truth, ["x1", "x2"]), runs[False]["best"])
        self.assertFalse(same_function(runs[True]["best"]["sympy"], truth, ["x1", "x2"]))

    def test_a_column_of_masses_is_searched_in_its_own_units_and_reported_in_data_units(self):
        law = lambda m: 2.0 * math.exp(-7.1e22 * m) + 1.0  # a Boltzmann factor over masses near 1e-23 kg
        data = write_law(self.dir / "law.csv", law, ["m"], rows=40, low=2e-23, high=6e-23)
        runs = {}
        for flag in ([], ["--no-column-scaling"]):
            out = self.dir / ("out" + "".join(flag))
            result = kepler("fit", data, "--method", "enumerate", "--ops", "+,-,*,/,exp", "--max-evals", "200000",
                            "--time", "300", "--threads", "1", "--validation", "0", "--early-stop", "1e-24",
                            "--quiet", "--out", str(out), *flag, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            runs[bool(flag)] = json.loads((out / "result.json").read_text())
        self.assertTrue(runs[False]["run"]["column_scaling"])
        self.assertEqual(runs[False]["column_scales"], {"m": -22})
        self.assertFalse(runs[True]["run"]["column_scaling"])
        self.assertEqual(runs[True]["column_scales"], {})
        best = runs[False]["best"]
        model = sympy.lambdify(sympy.Symbol("m"), sympy.sympify(best["sympy"]))
        for m in (2.5e-23, 4e-23, 5.5e-23):
            self.assertAlmostEqual(float(model(m)) / law(m), 1.0, places=9, msg=best["equation"])

    @unittest.skipUnless(NEURAL, "built without libtorch: no --method neural")
    def test_neural_search_recovers_a_simple_law_the_same_on_any_thread_count(self):
        data = write_law(self.dir / "law.csv", lambda a, b: a * b + a, ["x1", "x2"])
        fronts = []
        for threads in ("1", "2"):
            out = self.dir / f"out{threads}"
            result = kepler("fit", data, "--method", "neural", "--ops", "+,-,*,/", "--max-evals", "60000",
                            "--time", "300", "--seed", "3", "--threads", threads, "--quiet", "--out", str(out),
                            timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            found = json.loads((out / "result.json").read_text())
            self.assertEqual(found["run"]["method"], "neural")
            self.assertTrue(same_function(found["best"]["sympy"], "x1*x2 + x1", ["x1", "x2"]), found["best"])
            self.assertGreater(found["counters"]["samples"], 0)
            self.assertGreater(found["counters"]["policy_steps"], 0)
            self.assertIn("policy_steps", result.stdout)
            fronts.append([(e["equation"], e["loss"]) for e in found["pareto"]])
        self.assertEqual(fronts[0], fronts[1])

    def test_enumerator_and_portfolio_recover_a_short_law(self):
        data = write_law(self.dir / "law.csv", lambda a, b: 3 * a / (b + 2.5), ["x1", "x2"], low=0.5, high=2.0)
        for method in ("enumerate", "portfolio"):
            out = self.dir / method
            result = kepler("fit", data, "--method", method, "--max-evals", "3000000", "--time", "300",
                            "--early-stop", "1e-20", "--threads", "2", "--quiet", "--out", str(out), timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            found = json.loads((out / "result.json").read_text())
            self.assertEqual(found["run"]["method"], method)
            self.assertTrue(same_function(found["best"]["sympy"], "3*x1/(x2 + 5/2)", ["x1", "x2"]), found["best"])
            self.assertGreater(found["counters"]["forms_distinct"], 0)
        self.assertGreater(found["counters"]["enumerate_rounds"], 0)

    def test_prints_what_a_reader_would_write(self):
        data = write_law(self.dir / "line.csv", lambda x: x + 1, ["x"], rows=30)
        result = kepler("fit", data, "--time", "5", "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        best = [line for line in result.stdout.splitlines() if line.startswith("*")][0]
        self.assertTrue(best.endswith("y = x + 1"), best)
        out = self.dir / "planets"
        result = kepler("fit", PLANETS, "--target", "T", "--max-evals", "1500000", "--time", "300",
                        "--seed", "1", "--quiet", "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = json.loads((out / "result.json").read_text())
        law = [e for e in found["pareto"] if "a^1.5" in e["readable"] and e["complexity"] <= 5]
        self.assertTrue(law, found["pareto"])
        # The table prints the digits the 9 noisy rows support; the files keep them all.
        self.assertLess(len(law[0]["readable"]), len(law[0]["equation"]), law[0])
        self.assertIn(law[0]["readable"], result.stdout)

    def test_finds_keplers_third_law_on_the_planets(self):
        out = self.dir / "out"
        result = kepler("fit", PLANETS, "--target", "T", "--max-evals", "1500000", "--time", "300",
                        "--seed", "1", "--quiet", "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = json.loads((out / "result.json").read_text())
        a = sympy.Symbol("a", real=True)
        model = sympy.sympify(found["best"]["sympy"], locals={"a": a})
        # T / a^1.5 is the same constant across the solar system (within 1%).
        ratios = [float(model.subs(a, x) / x ** 1.5) for x in (0.4, 1.0, 5.2, 30.0)]
        self.assertLess(max(ratios) / min(ratios), 1.01, found["best"]["equation"])

    def test_the_other_bundled_examples_are_fitted(self):
        examples = pathlib.Path(PLANETS).parent
        # Noisy duplicates (Michaelis–Menten reaches R² 0.96) and a smooth table (Clausius–Clapeyron).
        for name, floor in (("puromycin.csv", 0.9), ("water_vapor.csv", 0.999)):
            out = self.dir / name
            result = kepler("fit", str(examples / name), "--max-evals", "100000", "--time", "300", "--seed", "1",
                            "--threads", "1", "--quiet", "--out", str(out), timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            best = json.loads((out / "result.json").read_text())["best"]
            self.assertGreater(best["r2_train"], floor, best)

    def test_writes_the_front_as_csv_and_json_that_sympy_reads(self):
        data = write_law(self.dir / "d.csv", lambda lam, beta: 3 * lam ** 2 + beta, ["lambda", "beta"])
        out = self.dir / "out"
        result = kepler("fit", data, "--max-evals", "30000", "--time", "300", "--quiet", "--out", str(out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Pareto front of y", result.stdout)
        self.assertEqual(sum(line.startswith("*") for line in result.stdout.splitlines()), 1)
        found = json.loads((out / "result.json").read_text())
        for key in ("target", "variables", "best", "pareto", "elapsed_s", "evaluations", "seed", "stop_reason"):
            self.assertIn(key, found)
        self.assertEqual(found["variables"], ["lambda_", "beta"])
        self.assertEqual(found["stop_reason"], "evaluation limit")
        with open(out / "pareto.csv") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(found["pareto"]))
        self.assertEqual(list(rows[0].keys()),
                         ["complexity", "loss", "r2_train", "r2_val", "score", "equation", "sympy", "latex"])
        symbols = {n: sympy.Symbol(n) for n in found["variables"]}
        for entry in found["pareto"]:
            for key in ("equation", "sympy", "latex", "complexity", "loss", "r2_train", "r2_val"):
                self.assertIn(key, entry)
            sympy.sympify(entry["sympy"], locals=symbols)  # raises if Kepler wrote bad sympy
        self.assertEqual(sorted(p.name for p in out.iterdir()), ["pareto.csv", "result.json"])

    def test_reports_rewritten_twins_with_and_without_the_egraph(self):
        data = write_law(self.dir / "law.csv", lambda a, b: a * b + a, ["x1", "x2"])
        seen = {}
        for flag in ([], ["--no-egraph"]):
            out = self.dir / ("out" + "".join(flag))
            result = kepler("fit", data, "--max-evals", "40000", "--time", "300", "--seed", "3", "--quiet",
                            "--method", "gp", "--out", str(out), *flag)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout, r"search \((e-graph|syntactic) keys\): offspring \d+, proposed \d+, ")
            counters = json.loads((out / "result.json").read_text())["counters"]
            self.assertGreater(counters["offspring"], 0)
            self.assertGreater(counters["rejected_twin"], 0)  # a converging population breeds twins
            self.assertLessEqual(counters["rejected_twin"], counters["offspring"])
            self.assertEqual(counters["proposed"], counters["rejected_constraint"] + counters["rejected_twin"]
                             + counters["cache_hits"] + counters["fitted"])
            self.assertEqual(counters["scored"], counters["cache_hits"] + counters["fitted"] - counters["not_finite"])
            seen[bool(flag)] = counters
        self.assertGreater(seen[False]["key_seconds"], 0.0)   # the e-graph did work
        self.assertEqual(seen[True]["key_seconds"], 0.0)      # syntactic keys cost nothing to time

    def test_ctrl_c_stops_the_search_and_keeps_the_front(self):
        out = self.dir / "out"
        process = subprocess.Popen([KEPLER, "fit", PLANETS, "--time", "120", "--out", str(out)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Interrupt once the search reports progress, not after a fixed sleep: under a sanitizer
        # the process may take seconds to load before it installs its handler.
        before = ""
        while not (line := process.stderr.readline()).startswith("["):
            self.assertTrue(line, "the search ended before it reported progress: " + before)
            before += line
        first_progress = before + line
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        self.assertLess(time.monotonic() - started, 30.0)  # a guard against hanging, not a speed target
        self.assertEqual(process.returncode, 0, first_progress + stderr)
        self.assertIn("stopped by cancelled", stdout)
        found = json.loads((out / "result.json").read_text())
        self.assertEqual(found["stop_reason"], "cancelled")
        self.assertGreater(len(found["pareto"]), 0)


class FitBadInputTest(CliTestCase):
    def test_time_limit_of_zero(self):
        self.assert_input_error(kepler("fit", PLANETS, "--time", "0"),
                                "option --time: must be a positive number of seconds")

    def test_empty_operator_list(self):
        self.assert_input_error(kepler("fit", PLANETS, "--ops", ""),
                                "option --ops: the operator list is empty")

    def test_unknown_operator(self):
        self.assert_input_error(kepler("fit", PLANETS, "--ops", "+,frobnicate"),
                                "option --ops: unknown operator 'frobnicate'")

    def test_one_row_dataset(self):
        path = self.write("one.csv", "x,y\n1,2\n")
        self.assert_input_error(kepler("fit", path), "one.csv: needs at least 2 data rows to search, found 1")

    def test_out_is_a_file(self):
        path = self.write("file.txt", "")
        self.assert_input_error(kepler("fit", PLANETS, "--out", path, "--time", "1"),
                                "--out must name a directory")


if __name__ == "__main__":
    unittest.main()
