"""Checks every sympy string Kepler prints against sympy itself.

Runs kepler_print_dump, parses each `sympy` string with sympy.sympify using the variable names
as symbols (names such as I, beta and lambda_ collide with sympy builtins otherwise), and checks
that sympy's value at each sample point equals Kepler's wherever Kepler's is finite.
"""
import json
import math
import subprocess
import sys

import sympy


def well_conditioned(expr, symbols, names, point, value):
    """True when scaling every input by 1 ± 1e-10 barely moves the value: double-precision
    evaluation can then be held to a tight tolerance (tan(exp(exp(x))) cannot)."""
    for factor in (1 + 1e-10, 1 - 1e-10):
        subs = {symbols[n]: sympy.Float(v * factor, 30) for n, v in zip(names, point)}
        nearby = complex(expr.evalf(30, subs=subs))
        if abs(nearby - value) > 1e-7 * max(1.0, abs(value)):
            return False
    return True


def main() -> int:
    dump = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout
    checked = failures = 0
    for line in dump.splitlines():
        case = json.loads(line)
        symbols = {name: sympy.Symbol(name, real=True) for name in case["names"]}
        try:
            expr = sympy.sympify(case["sympy"], locals=symbols)
        except Exception as error:  # noqa: BLE001 - any failure to parse is a defect
            print(f"FAIL parse: {case['sympy']!r}: {error}")
            failures += 1
            continue
        for point, value in zip(case["points"], case["values"]):
            if value is None:
                continue
            subs = {symbols[n]: sympy.Float(v, 30) for n, v in zip(case["names"], point)}
            got = complex(expr.evalf(30, subs=subs))
            if not well_conditioned(expr, symbols, case["names"], point, got):
                continue
            checked += 1
            scale = max(1.0, abs(value))
            if abs(got.imag) > 1e-9 * scale or abs(got.real - value) > 1e-8 * scale:
                print(f"FAIL value: {case['sympy']!r} at {point}: sympy {got}, kepler {value}")
                failures += 1
    print(f"sympy oracle: {checked} values checked, {failures} failures")
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures or checked < 200 else 0


if __name__ == "__main__":
    sys.exit(main())
