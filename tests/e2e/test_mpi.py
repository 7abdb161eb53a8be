"""End-to-end tests of `mpirun -np N kepler bench`: rank 0 schedules and alone writes, so a 2-rank
run's table is the 1-rank run's; a killed worker rank loses only unfinished runs, which a resume
redoes; bad input on rank 0 ends every rank. And of `mpirun -np N kepler fit`: the ranks exchange
their fronts, and under an evaluation budget a run is reproducible."""
import json
import math
import os
import pathlib
import signal
import subprocess
import time
import unittest

from test_cli import KEPLER, CliTestCase, kepler
from test_fit import write_law

ENABLED = os.environ.get("KEPLER_MPI") == "ON"
MPIEXEC = os.environ.get("KEPLER_MPIEXEC") or "mpirun"

# Deterministic runs (one thread per job, an evaluation budget that ends each run long before its
# time limit) of problems that take a second or two each, so a kill lands in the middle.
SUITE = ["--suite", "nguyen", "--problem", "Nguyen-3", "--problem", "Nguyen-7", "--problem", "Nguyen-10",
         "--seeds", "1", "2"]
BUDGET = ["--time", "60", "--max-evals", "60000", "--threads", "1", "--jobs", "1", "--quiet"]
RUNS = 6


def mpi_environment(mark):
    env = dict(os.environ, KEPLER_TEST_MARK=mark)
    if os.geteuid() == 0:  # Open MPI refuses root unless told twice
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    return env


def mpirun_command(ranks, *args):
    # Loopback only, more ranks than cores allowed, and no cross-memory attach (refused in containers).
    return [MPIEXEC, "-np", str(ranks), "--oversubscribe", "--mca", "btl", "self,vader", "--mca",
            "btl_vader_single_copy_mechanism", "none", "-x", "KEPLER_TEST_MARK", KEPLER, *args]


def records_without_time(out_dir):
    """The records of a bench directory by (problem, method, seed), without the timings."""
    records = {}
    for line in (out_dir / "runs.jsonl").read_text().splitlines():
        record = json.loads(line)
        for field in ("time_s", "fit_s"):
            record.pop(field)
        key = (record["problem"], record["method"], record["seed"])
        assert key not in records, f"{key} recorded twice"
        records[key] = record
    return records


def rank_pid(mark, rank):
    """The pid of the kepler process of this test's MPI job with this rank, or None."""
    for proc in pathlib.Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environment = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"KEPLER_TEST_MARK={mark}".encode() in environment and \
                f"OMPI_COMM_WORLD_RANK={rank}".encode() in environment:
            return int(proc.name)
    return None


class MpiTestCase(CliTestCase):
    def mpirun(self, ranks, *args, timeout=300):
        return subprocess.run(mpirun_command(ranks, *args), capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, env=mpi_environment(self.dir.name))


@unittest.skipUnless(ENABLED, "kepler built without MPI")
class MpiBenchTest(MpiTestCase):
    def one_process_table(self):
        out = self.dir / "one"
        result = kepler("bench", *SUITE, *BUDGET, "--out", str(out), timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr)
        return records_without_time(out)

    def test_two_ranks_write_the_one_process_table(self):
        expected = self.one_process_table()
        self.assertEqual(len(expected), RUNS)
        for ranks in (1, 2):
            out = self.dir / f"ranks{ranks}"
            result = self.mpirun(ranks, "bench", *SUITE, *BUDGET[:-1], "--out", str(out))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(records_without_time(out), expected)
            # Rank 0 alone prints: one line per run, one summary.
            progress = [line for line in result.stdout.splitlines() if line.startswith("[")]
            self.assertEqual(len(progress), RUNS, result.stdout)
            self.assertEqual(result.stdout.count(f"{RUNS} runs: {RUNS} finished now"), 1, result.stdout)
            self.assertTrue((out / "summary.md").exists())

    def test_a_killed_worker_rank_loses_only_unfinished_runs(self):
        expected = self.one_process_table()
        out = self.dir / "killed"
        mark = self.dir.name
        process = subprocess.Popen(mpirun_command(2, "bench", *SUITE, *BUDGET, "--out", str(out)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   stdin=subprocess.DEVNULL, env=mpi_environment(mark))
        runs = out / "runs.jsonl"
        worker = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            worker = worker or rank_pid(mark, 1)
            if worker and runs.exists() and runs.read_text().count("\n") >= 1:
                break
            time.sleep(0.02)
        self.assertIsNotNone(worker, "rank 1 never started")
        os.kill(worker, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
        self.assertNotEqual(process.returncode, 0, stderr)  # MPI ends the job when a rank dies
        killed = records_without_time(out)  # every line whole
        self.assertLess(len(killed), RUNS)
        for key, record in killed.items():
            self.assertEqual(record, expected[key])

        result = self.mpirun(2, "bench", *SUITE, *BUDGET, "--out", str(out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{RUNS} runs: {RUNS - len(killed)} finished now, {len(killed)} already recorded", result.stdout)
        self.assertEqual(records_without_time(out), expected)

    def test_bad_input_on_rank_0_ends_every_rank(self):
        out = self.dir / "settings"
        first = kepler("bench", "--suite", "nguyen", "--problem", "Nguyen-1", *BUDGET, "--out", str(out))
        self.assertEqual(first.returncode, 0, first.stderr)
        result = self.mpirun(2, "bench", "--suite", "nguyen", "--problem", "Nguyen-1", *BUDGET, "--noise", "0.1",
                             "--out", str(out), timeout=60)  # a worker waiting for runs would hang here
        self.assertNotEqual(result.returncode, 0)
        errors = [line for line in result.stderr.splitlines() if line.startswith("kepler: error: ")]
        self.assertEqual(len(errors), 1, result.stderr)
        self.assertIn("holds runs made with noise = 0.0, not 0.1", errors[0])
        self.assertEqual(len((out / "runs.jsonl").read_text().splitlines()), 1)


@unittest.skipUnless(ENABLED, "kepler built without MPI")
class MpiFitTest(MpiTestCase):
    def test_two_ranks_exchange_fronts_and_repeat_under_an_evaluation_budget(self):
        data = write_law(self.dir / "law.csv", lambda a, b, c: a * b + math.sin(c), ["x1", "x2", "x3"])
        results = []
        for attempt in range(2):
            out = self.dir / f"fit{attempt}"
            result = self.mpirun(2, "fit", data, "--max-evals", "20000", "--time", "120", "--threads", "1",
                                 "--quiet", "--out", str(out))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.count("Pareto front of y"), 1, result.stdout)  # rank 0 alone prints
            results.append(json.loads((out / "result.json").read_text()))
        first, second = results
        self.assertEqual(first["pareto"], second["pareto"])
        self.assertEqual(first["evaluations"], second["evaluations"])
        self.assertEqual(first["stop_reason"], "evaluation limit")
        self.assertEqual(first["run"]["ranks"], 2)
        self.assertGreater(first["counters"]["arrivals"], 0)  # rank 1's equations reached rank 0
        alone = kepler("fit", data, "--max-evals", "20000", "--time", "120", "--threads", "1", "--quiet",
                       "--out", str(self.dir / "alone"), timeout=120)
        self.assertEqual(alone.returncode, 0, alone.stderr)
        self.assertNotIn("arrivals", json.loads((self.dir / "alone" / "result.json").read_text())["counters"])

    def test_bad_input_gets_one_line_from_rank_0(self):
        result = self.mpirun(2, "fit", str(self.dir / "missing.csv"), "--max-evals", "1000", timeout=60)
        self.assertNotEqual(result.returncode, 0)
        errors = [line for line in result.stderr.splitlines() if line.startswith("kepler: error: ")]
        self.assertEqual(len(errors), 1, result.stderr)
        self.assertIn("missing.csv", errors[0])


if __name__ == "__main__":
    unittest.main()
