"""End-to-end tests: drive the real `kepler` binary on real files."""
import csv
import os
import pathlib
import subprocess
import tempfile
import unittest

KEPLER = os.environ.get("KEPLER_BIN", "kepler")
ROOT = pathlib.Path(os.environ.get("KEPLER_ROOT", pathlib.Path(__file__).parents[2]))
PLANETS = str(ROOT / "datasets" / "examples" / "planets.csv")


def kepler(*args, timeout=60):
    return subprocess.run([KEPLER, *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = self.dir / name
        path.write_text(text)
        return str(path)

    def assert_input_error(self, result, expected):
        """Exit code 2, nothing on stdout, exactly one line on stderr containing `expected`."""
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(expected, lines[0])
        self.assertTrue(lines[0].startswith("kepler: error: "), lines[0])


class FitConstantsTest(CliTestCase):
    def test_recovers_keplers_third_law_exponent_on_the_planets(self):
        result = kepler("fit-constants", "c*a^p", PLANETS, "--target", "T")
        self.assertEqual(result.returncode, 0, result.stderr)
        values = {}
        for line in result.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "=":
                values[parts[0]] = float(parts[2])
        self.assertAlmostEqual(values["p"], 1.5, delta=0.005)
        self.assertAlmostEqual(values["c"], 365.25, delta=5)

    def test_initial_values_and_huber_loss(self):
        result = kepler("fit-constants", "c*a^p", PLANETS, "--target", "T", "--init", "c=300,p=1",
                        "--loss", "huber", "--restarts", "0")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("p = 1.5", result.stdout)

    def test_a_negative_named_constant_keeps_its_sign_in_the_model_line(self):
        # c fits to -3: the model line must read x + c (it once printed x - c, another function).
        data = self.write("neg.csv", "x,y\n1,-2\n2,-1\n3,0\n4,1\n")
        result = kepler("fit-constants", "x + c", data, "--target", "y")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertIn("model   y = x + c", lines)
        fitted = next(line for line in lines if line.startswith("fitted"))
        self.assertRegex(fitted, r"y = x - 3(\.0*\d*)?$")
        self.assertIn("  c = -3", lines)

    def test_formula_without_constants_is_an_error(self):
        self.assert_input_error(kepler("fit-constants", "a^1.5", PLANETS, "--target", "T"),
                                "has no free constants")

    def test_bad_init_is_an_error(self):
        self.assert_input_error(
            kepler("fit-constants", "c*a^p", PLANETS, "--target", "T", "--init", "q=1"),
            "option --init: 'q=1' must be NAME=VALUE")


class EvalTest(CliTestCase):
    def test_reports_metrics_and_writes_predictions(self):
        out = self.dir / "pred.csv"
        result = kepler("eval", "365.25*a^1.5", PLANETS, "--predict", str(out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("T = 365.25 * a^1.5", result.stdout)
        r2 = float(next(l.split()[1] for l in result.stdout.splitlines() if l.strip().startswith("r2")))
        self.assertGreater(r2, 0.9999)
        with open(out) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 10)
        self.assertAlmostEqual(float(rows[2]["prediction"]), 365.25 * 1.000001018 ** 1.5, places=6)
        self.assertEqual(list(self.dir.iterdir()), [out])  # no temporary files left behind

    def test_sympy_output_parses_with_column_names(self):
        path = self.write("d.csv", "lambda,I,y\n1,2,3\n2,3,5\n")
        result = kepler("eval", "lambda_*I + sin(I)", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        line = next(l for l in result.stdout.splitlines() if l.strip().startswith("sympy"))
        self.assertEqual(line.split(None, 1)[1], "lambda_*I + sin(I)")

    def test_non_finite_formula_is_an_error_naming_the_row(self):
        self.assert_input_error(kepler("eval", "log(a - 1)", PLANETS),
                                "the expression is not finite on data row 1")


class BadInputTest(CliTestCase):
    """One test per kind of bad input: one clear line on stderr and exit code 2."""

    def test_missing_file(self):
        self.assert_input_error(kepler("eval", "a", str(self.dir / "nope.csv")),
                                "nope.csv: cannot open file: No such file or directory")

    def test_empty_file(self):
        self.assert_input_error(kepler("eval", "a", self.write("e.csv", "")),
                                "e.csv: file is empty")

    def test_header_only(self):
        self.assert_input_error(kepler("eval", "a", self.write("h.csv", "a,y\n")),
                                "h.csv: no data rows after the header")

    def test_ragged_row(self):
        self.assert_input_error(kepler("eval", "a", self.write("r.csv", "a,y\n1,2\n3\n")),
                                "r.csv:3: expected 2 fields, found 1")

    def test_non_numeric_cell(self):
        self.assert_input_error(kepler("eval", "a", self.write("n.csv", "a,y\n1,2\nfoo,3\n")),
                                "n.csv:3:1: 'foo' is not a number (column 'a')")

    def test_empty_cell(self):
        self.assert_input_error(kepler("eval", "a", self.write("c.csv", "a,y\n1,2\n,3\n")),
                                "c.csv:3:1: empty cell in column 'a'")

    def test_nan_in_data(self):
        self.assert_input_error(kepler("eval", "a", self.write("nan.csv", "a,y\n1,2\nNaN,3\n")),
                                "nan.csv:3:1: non-finite value 'NaN' in column 'a'")

    def test_inf_in_data(self):
        self.assert_input_error(kepler("eval", "a", self.write("inf.csv", "a,y\n1,2\n2,-inf\n")),
                                "inf.csv:3:3: non-finite value '-inf' in column 'y'")

    def test_unknown_target(self):
        self.assert_input_error(kepler("eval", "a", PLANETS, "--target", "z"),
                                "unknown target column 'z' (columns: a, T)")

    def test_duplicate_column_names(self):
        self.assert_input_error(kepler("eval", "a", self.write("d.csv", "a,a,y\n1,2,3\n")),
                                "d.csv:1:3: duplicate column name 'a'")

    def test_constant_target(self):
        self.assert_input_error(kepler("eval", "a", self.write("k.csv", "a,y\n1,5\n2,5\n")),
                                "k.csv: target column 'y' is constant (every row is 5)")

    def test_unparsable_expression(self):
        self.assert_input_error(kepler("eval", "a^", PLANETS),
                                "expression, column 3: expected an operand, found end of input")

    def test_unknown_name_in_expression(self):
        self.assert_input_error(kepler("eval", "a*b", PLANETS),
                                "expression, column 3: unknown name 'b' (variables: a)")

    def test_unknown_option(self):
        self.assert_input_error(kepler("eval", "a", PLANETS, "--frobnicate"),
                                "The following argument was not expected: --frobnicate")

    def test_bad_option_values_get_one_line_in_keplers_words(self):
        # CLI11's own range check printed its bounds with 309 digits.
        self.assert_input_error(kepler("fit", PLANETS, "--max-size", "0"),
                                "--max-size: must be a positive number, got '0'")
        self.assert_input_error(kepler("fit-constants", "c*a^p", PLANETS, "--restarts", "-1"),
                                "--restarts: must be a non-negative number, got '-1'")
        self.assert_input_error(kepler("fit", PLANETS, "--time", "abc"), "--time")

    def test_binary_data_is_not_a_table(self):
        garbage = self.dir / "garbage.csv"
        garbage.write_bytes(b"x,y\n1,2\n\x7fELF\x02\x01\x00\x00\n")
        self.assert_input_error(kepler("fit", str(garbage)),
                                f"{garbage}:3:7: not a text file: byte 0x00 is not UTF-8 text")

    def test_no_subcommand(self):
        self.assertEqual(kepler().returncode, 2)

    def test_help_succeeds(self):
        for args in (["--help"], ["eval", "--help"], ["fit-constants", "--help"]):
            result = kepler(*args)
            self.assertEqual(result.returncode, 0)
            self.assertIn("Usage", result.stdout)


if __name__ == "__main__":
    unittest.main()
