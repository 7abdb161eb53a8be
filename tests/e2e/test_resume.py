"""End-to-end tests of `kepler fit`'s checkpoints: a run killed with SIGKILL leaves a valid
result.json, `--resume DIR` continues it, and `--seed-equations FILE` starts a search from given
equations."""
import json
import math
import shutil
import signal
import subprocess
import time
import unittest

from test_cli import KEPLER, PLANETS, CliTestCase, kepler
from test_fit import write_law


def best_core_loss(result):
    return min(core["loss"] for core in result["search_front"])


class CheckpointTest(CliTestCase):
    def start(self, *args):
        return subprocess.Popen([KEPLER, "fit", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, text=True)

    def wait_for_checkpoint(self, path, process, count=2, timeout=60.0):
        """Waits until result.json has been written `count` times by the running search."""
        seen, last = 0, None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if path.exists() and path.stat().st_mtime_ns != last:
                last = path.stat().st_mtime_ns
                seen += 1
                if seen >= count:
                    return
            time.sleep(0.05)
        self.fail(f"no checkpoint {count} times in {timeout} s (exit {process.poll()})")

    def test_kill_9_keeps_a_valid_checkpoint_and_resume_continues_it(self):
        out = self.dir / "run"
        process = self.start(PLANETS, "--time", "120", "--threads", "2", "--checkpoint-every", "0.5",
                             "--quiet", "--out", str(out))
        try:
            self.wait_for_checkpoint(out / "result.json", process)
        finally:
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
        self.assertEqual(process.returncode, -signal.SIGKILL)
        killed = json.loads((out / "result.json").read_text())  # whole: written atomically
        self.assertEqual(killed["stop_reason"], "running")
        self.assertGreater(len(killed["pareto"]), 0)
        self.assertGreater(len(killed["search_front"]), 0)
        self.assertGreater(killed["evaluations"], 0)
        self.assertEqual(killed["run"]["parts"], 1)
        self.assertTrue((out / "pareto.csv").read_text().startswith("complexity,loss,"))

        # The whole run may take what was spent plus 2 s more.
        total = str(killed["elapsed_s"] + 2.0)
        result = kepler("fit", "--resume", str(out), "--time", total, "--threads", "2", "--quiet", timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        resumed = json.loads((out / "result.json").read_text())
        self.assertEqual(resumed["stop_reason"], "time limit")
        self.assertEqual(resumed["run"]["parts"], 2)
        self.assertEqual(resumed["run"]["time"], float(total))
        self.assertGreater(resumed["evaluations"], killed["evaluations"])
        self.assertGreaterEqual(resumed["elapsed_s"], float(total) - 0.5)
        # The killed run's front seeded the search: nothing it had found is lost.
        self.assertLessEqual(best_core_loss(resumed), best_core_loss(killed) * (1 + 1e-9))

    def test_an_interrupted_run_resumes_under_an_evaluation_budget(self):
        out = self.dir / "run"
        first = kepler("fit", PLANETS, "--max-evals", "3000", "--time", "60", "--threads", "1", "--quiet",
                       "--out", str(out))
        self.assertEqual(first.returncode, 0, first.stderr)
        done = json.loads((out / "result.json").read_text())
        self.assertEqual(done["stop_reason"], "evaluation limit")
        again = kepler("fit", "--resume", str(out), "--threads", "1", "--quiet")
        self.assertIn("has spent", again.stderr)  # its whole budget: nothing left to continue
        self.assertEqual(again.returncode, 2)
        more = kepler("fit", "--resume", str(out), "--max-evals", "6000", "--threads", "1", "--quiet",
                      "--out", str(self.dir / "more"), timeout=120)
        self.assertEqual(more.returncode, 0, more.stderr)
        extended = json.loads((self.dir / "more" / "result.json").read_text())
        self.assertGreaterEqual(extended["evaluations"], 6000)
        self.assertLess(extended["evaluations"], 6000 + 1000)  # a round's worth past the limit at most
        self.assertLessEqual(best_core_loss(extended), best_core_loss(done) * (1 + 1e-9))
        self.assertEqual(json.loads((out / "result.json").read_text()), done)  # --out elsewhere: untouched


class MiniBatchTest(CliTestCase):
    def test_a_large_table_is_screened_on_a_mini_batch_that_a_resumed_run_keeps(self):
        data = write_law(self.dir / "law.csv", lambda a, b: a * b + math.sin(a), ["a", "b"], rows=2000)
        out = self.dir / "run"
        # 1500 training rows: at least 4 × 100, so candidates are screened on 100 of them first.
        first = kepler("fit", data, "--mini-batch", "100", "--max-evals", "4000", "--threads", "1", "--quiet",
                       "--out", str(out), timeout=120)
        self.assertEqual(first.returncode, 0, first.stderr)
        done = json.loads((out / "result.json").read_text())
        self.assertEqual(done["run"]["mini_batch"], 100)
        self.assertGreater(done["counters"]["fitted"], done["counters"]["screened_out"])
        self.assertGreater(done["counters"]["screened_out"], 0)
        more = kepler("fit", "--resume", str(out), "--max-evals", "8000", "--threads", "1", "--quiet",
                      timeout=120)
        self.assertEqual(more.returncode, 0, more.stderr)
        self.assertEqual(json.loads((out / "result.json").read_text())["run"]["mini_batch"], 100)
        self.assert_input_error(kepler("fit", "--resume", str(out), "--mini-batch", "0"),
                                "option --mini-batch: cannot change when resuming")
        whole = kepler("fit", data, "--mini-batch", "0", "--max-evals", "4000", "--threads", "1", "--quiet",
                       "--out", str(self.dir / "whole"), timeout=120)
        self.assertEqual(whole.returncode, 0, whole.stderr)
        self.assertNotIn("screened_out", json.loads((self.dir / "whole" / "result.json").read_text())["counters"])


class ResumeBadInputTest(CliTestCase):
    def finished_run(self):
        out = self.dir / "run"
        result = kepler("fit", PLANETS, "--max-evals", "2000", "--threads", "1", "--quiet", "--out", str(out))
        self.assertEqual(result.returncode, 0, result.stderr)
        return out

    def test_settings_cannot_change_when_resuming(self):
        out = self.finished_run()
        self.assert_input_error(kepler("fit", "--resume", str(out), "--ops", "+,*"),
                                "option --ops: cannot change when resuming")

    def test_a_directory_without_a_checkpoint(self):
        self.assert_input_error(kepler("fit", "--resume", str(self.dir)),
                                "result.json: cannot open the checkpoint of the run to resume")

    def test_a_malformed_checkpoint(self):
        out = self.finished_run()
        (out / "result.json").write_text('{"run": {}, "search_front": []}')
        self.assert_input_error(kepler("fit", "--resume", str(out), "--max-evals", "9000"),
                                "result.json: malformed checkpoint")

    def test_a_different_table(self):
        out = self.finished_run()
        other = self.dir / "other.csv"
        shutil.copy(PLANETS, other)
        with open(other, "a") as f:
            f.write("50,130000\n")
        self.assert_input_error(kepler("fit", str(other), "--resume", str(out), "--max-evals", "9000"),
                                "other.csv: is not the table the run in")

    def test_fit_needs_data_or_resume(self):
        self.assert_input_error(kepler("fit", "--time", "1"), "needs a data file (or --resume DIR)")


class SeedEquationsTest(CliTestCase):
    def test_seed_equations_start_the_search(self):
        law = lambda a, b: a * math.exp(-b) + math.sin(a * b)  # noqa: E731
        data = write_law(self.dir / "law.csv", law, ["a", "b"], rows=200)
        seeds = self.write("seeds.txt", "# the law, as a guess\n\na*exp(-b) + sin(a*b)\na + b\n")
        budget = ["--max-evals", "700", "--threads", "1", "--quiet", "--validation", "0"]
        seeded = kepler("fit", data, "--seed-equations", seeds, *budget, "--out", str(self.dir / "s"))
        self.assertEqual(seeded.returncode, 0, seeded.stderr)
        plain = kepler("fit", data, *budget, "--out", str(self.dir / "p"))
        self.assertEqual(plain.returncode, 0, plain.stderr)
        with_seeds = json.loads((self.dir / "s" / "result.json").read_text())
        without = json.loads((self.dir / "p" / "result.json").read_text())
        self.assertLess(best_core_loss(with_seeds), 1e-20)
        self.assertGreater(best_core_loss(without), 1e-6)  # 700 evaluations do not find it unseeded
        self.assertEqual(with_seeds["run"]["seed_equations"], seeds)

    def test_errors_name_the_line_and_column(self):
        data = write_law(self.dir / "law.csv", lambda a: a * a, ["a"])
        bad = self.write("bad.txt", "a*a\n\na + * 2\n")
        self.assert_input_error(kepler("fit", data, "--seed-equations", bad), "bad.txt:3:5: ")
        unknown = self.write("unknown.txt", "a + zeta\n")
        self.assert_input_error(kepler("fit", data, "--seed-equations", unknown), "unknown.txt:1:5: ")
        large = self.write("large.txt", "  a*a*a*a*a\n")
        self.assert_input_error(kepler("fit", data, "--seed-equations", large, "--max-size", "5"),
                                "large.txt:1:3: the equation has 9 nodes, more than the largest size 5")
        empty = self.write("empty.txt", "# nothing\n")
        self.assert_input_error(kepler("fit", data, "--seed-equations", empty), "empty.txt: holds no equations")
        self.assert_input_error(kepler("fit", data, "--seed-equations", str(self.dir / "none.txt")),
                                "none.txt: cannot open the seed equations")


if __name__ == "__main__":
    unittest.main()
