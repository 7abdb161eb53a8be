"""Checks every sympy string Kepler prints against sympy itself.

Runs kepler_print_dump, parses each `sympy` string with sympy.sympify using the variable names
as symbols (names such as I, beta and lambda_ collide with sympy builtins otherwise), and checks
that sympy's value at each sample point equals Kepler's wherever Kepler's is finite.
"""
import json
import math
import signal
import subprocess
import sys

import sympy


def exact_floats(expr, factor=1):
    """expr, unevaluated, with every number the exact double it stands for, held at 60 digits and
    scaled by `factor`: sympy otherwise reads 1e+28 as the decimal and evaluates cos(1e+28) at 15
    digits, where Kepler means the double and libm's accurate cosine of it."""
    with sympy.evaluate(False):
        return expr.xreplace({f: sympy.Float(float(f), 60) * factor for f in expr.atoms(sympy.Float)})


def well_conditioned(expr, symbols, names, point, value):
    """True when scaling every input and every number in the expression by 1 ± 1e-12 barely
    moves the value: double-precision evaluation can then be held to a tight tolerance
    (tan(exp(exp(x))) or tan(6.5e8) cannot)."""
    for factor in (1 + 1e-12, 1 - 1e-12):
        subs = {symbols[n]: sympy.Float(v * factor, 30) for n, v in zip(names, point)}
        nearby = complex(exact_floats(expr, sympy.Float(factor, 30)).evalf(30, subs=subs))
        if abs(nearby - value) > 1e-9 * max(1.0, abs(value)):
            return False
    return True


class TooSlow(Exception):
    """sympy took too long on one case (tan(exp(10**15)) asks for thousands of digits)."""


def _alarm(signum, frame):
    raise TooSlow()


SECONDS_PER_CASE = 5


def check_case(case):
    """(values checked, failures) for one dumped expression."""
    checked = failures = 0
    symbols = {name: sympy.Symbol(name, real=True) for name in case["names"]}
    try:
        expr = sympy.sympify(case["sympy"], locals=symbols, evaluate=False)
    except TooSlow:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to parse is a defect
        print(f"FAIL parse: {case['sympy']!r}: {error}")
        return 0, 1
    for point, value in zip(case["points"], case["values"]):
        if value is None:
            continue
        subs = {symbols[n]: sympy.Float(v, 30) for n, v in zip(case["names"], point)}
        got = complex(exact_floats(expr).evalf(30, subs=subs))
        if not well_conditioned(expr, symbols, case["names"], point, got):
            continue
        checked += 1
        scale = max(1.0, abs(value))
        if abs(got.imag) > 1e-9 * scale or abs(got.real - value) > 1e-8 * scale:
            print(f"FAIL value: {case['sympy']!r} at {point}: sympy {got}, kepler {value}")
            failures += 1
    return checked, failures


def main() -> int:
    signal.signal(signal.SIGALRM, _alarm)
    slow = 0
    dump = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout
    checked = failures = 0
    for line in dump.splitlines():
        case = json.loads(line)
        signal.alarm(SECONDS_PER_CASE)
        try:
            result = check_case(case)
        except TooSlow:
            slow += 1
            continue
        finally:
            signal.alarm(0)
        checked += result[0]
        failures += result[1]
    print(f"sympy oracle: {checked} values checked, {failures} failures, {slow} cases too slow for sympy")
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures or checked < 200 or slow > 10 else 0


if __name__ == "__main__":
    sys.exit(main())
