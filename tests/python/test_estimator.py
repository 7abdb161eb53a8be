"""KeplerRegressor end to end: recovery, names, weights, pickling, errors, limits, Ctrl-C."""
import os
import pickle
import signal
import threading
import time

import numpy as np
import pandas as pd
import pytest
import sympy

import kepler
from kepler import KeplerRegressor

# Small, deterministic budgets: an evaluation limit on one thread gives the same run every time.
FAST = dict(max_evals=20000, threads=1, time=60.0)


def test_recovers_a_planted_law(rng):
    X = rng.uniform(0.5, 3.0, size=(200, 2))
    y = 1.5 * X[:, 0] ** 2 / X[:, 1]
    est = KeplerRegressor(operators="+,-,*,/", early_stop=1e-14, **FAST).fit(X, y)
    x0, x1 = sympy.symbols("x0 x1")
    assert sympy.simplify(est.sympy() - sympy.Rational(3, 2) * x0**2 / x1) == 0
    assert est.stop_reason_ == "early stop"
    assert est.counters_["proposed"] >= est.counters_["scored"] > 0
    assert est.score(X, y) == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(est.predict(X), y, rtol=1e-12)
    # The front: simplest first, one row per complexity, the chosen row among them.
    eq = est.equations_
    assert list(eq.columns) == ["complexity", "loss", "loss_val", "r2_train", "r2_val", "score", "equation", "readable",
                                "sympy", "latex", "callable"]
    # Exact data: the readable form keeps the exact constants (1.5 stays 1.5).
    assert est.best_["readable"] == est.best_["equation"]
    assert eq["complexity"].is_monotonic_increasing and eq["complexity"].is_unique
    assert est.best_["equation"] == str(est.expression_)
    assert est.latex() == est.expression_.latex()
    np.testing.assert_array_equal(eq["callable"].iloc[est.best_index_](X), est.predict(X))


def test_tree_search_is_a_method_too(rng):
    assert "mcts" in kepler.methods()
    X = rng.uniform(0.5, 3.0, size=(200, 2))
    y = X[:, 0] * X[:, 1] + X[:, 0]
    est = KeplerRegressor(method="mcts", operators="+,-,*,/", early_stop=1e-14, **FAST).fit(X, y)
    x0, x1 = sympy.symbols("x0 x1")
    assert sympy.simplify(est.sympy() - (x0 * x1 + x0)) == 0
    assert est.counters_["iterations"] > 0


def test_the_tree_search_fits_a_polynomial_leaf_unless_told_not_to(rng):
    X = rng.uniform(-1.0, 1.0, size=(40, 1))
    y = X[:, 0] ** 5 + X[:, 0] ** 4 + X[:, 0] ** 3 + X[:, 0] ** 2 + X[:, 0]  # Nguyen-3
    est = KeplerRegressor(method="mcts", operators="+,-,*,/,sin,cos,exp,log", early_stop=1e-20,
                          **FAST).fit(X, y)
    x0 = sympy.Symbol("x0")
    assert sympy.simplify(sympy.nsimplify(est.sympy(), tolerance=1e-9, rational=True)
                          - (x0**5 + x0**4 + x0**3 + x0**2 + x0)) == 0
    assert est.counters_["polynomials"] > 0
    off = KeplerRegressor(method="mcts", operators="+,-,*,/,sin,cos,exp,log", early_stop=1e-20, polynomial=False,
                          **FAST).fit(X, y)
    assert off.counters_["polynomials"] == 0


def test_a_column_far_from_order_one_is_searched_in_units_of_a_power_of_ten(rng):
    X = rng.uniform(2e-23, 6e-23, size=(40, 1))  # masses: exp(-m x / kT) needs a constant near 7e22
    y = 2.0 * np.exp(-7.1e22 * X[:, 0]) + 1.0
    est = KeplerRegressor(method="enumerate", operators="+,-,*,/,exp", early_stop=1e-24, **FAST).fit(X, y)
    assert est.column_scales_ == {"x0": -22}
    np.testing.assert_allclose(est.predict(X), y, rtol=1e-9)
    assert "e+22" in est.best_["equation"]  # reported over x0 itself, in data units
    off = KeplerRegressor(method="enumerate", operators="+,-,*,/,exp", column_scaling=False, **FAST).fit(X, y)
    assert off.column_scales_ == {}


@pytest.mark.skipif("neural" not in kepler.methods(), reason="built without libtorch")
def test_the_neural_search_is_a_method_too(rng):
    X = rng.uniform(0.5, 3.0, size=(200, 2))
    y = X[:, 0] * X[:, 1] + X[:, 0]
    est = KeplerRegressor(method="neural", operators="+,-,*,/", early_stop=1e-14, random_state=2,
                          **dict(FAST, max_evals=60000)).fit(X, y)
    x0, x1 = sympy.symbols("x0 x1")
    assert sympy.simplify(est.sympy() - (x0 * x1 + x0)) == 0
    assert est.counters_["samples"] > 0 and est.counters_["policy_steps"] > 0


def test_dataframe_columns_name_the_variables(rng):
    m = rng.uniform(1, 4, 150)
    v = rng.uniform(1, 4, 150)
    X = pd.DataFrame({"mass (kg)": m, "v": v})
    est = KeplerRegressor(operators="+,-,*,/", early_stop=1e-14, **FAST).fit(X, 0.5 * m * v**2)
    assert est.variable_names_ == ["mass__kg_", "v"]
    assert list(est.feature_names_in_) == ["mass (kg)", "v"]
    symbols = sympy.symbols("mass__kg_ v")
    assert est.sympy().free_symbols == set(symbols)
    assert sympy.simplify(est.sympy() - symbols[0] * symbols[1] ** 2 / 2) == 0
    # Names given to fit win over the columns.
    named = KeplerRegressor(operators="+,-,*,/", early_stop=1e-14, **FAST).fit(X, 0.5 * m * v**2,
                                                                              variable_names=["m", "speed"])
    assert named.variable_names_ == ["m", "speed"]
    assert "speed" in named.best_["equation"]


def test_sample_weights_change_the_fit(rng):
    # Two laws in one table: y = 2x on the first half, y = 4x on the second. The weights decide.
    x = rng.uniform(1, 2, 200)
    y = np.where(np.arange(200) < 100, 2 * x, 4 * x)
    first = np.where(np.arange(200) < 100, 1.0, 0.0)
    options = dict(operators="+,-,*,/", max_size=7, validation=0.0, max_evals=5000, threads=1)
    a = KeplerRegressor(**options).fit(x[:, None], y, sample_weight=first)
    b = KeplerRegressor(**options).fit(x[:, None], y, sample_weight=1 - first)
    unweighted = KeplerRegressor(**options).fit(x[:, None], y)
    at = np.array([[1.5]])
    assert a.predict(at)[0] == pytest.approx(3.0, rel=1e-9)
    assert b.predict(at)[0] == pytest.approx(6.0, rel=1e-9)
    assert 3.5 < unweighted.predict(at)[0] < 5.5


def test_pickle_round_trip_predicts_the_same(rng):
    X = rng.uniform(-2, 2, size=(100, 2))
    y = np.sin(X[:, 0]) * 2.3 + 0.7 * X[:, 1]
    est = KeplerRegressor(**FAST).fit(X, y)
    assert len(est.equations_) > 1  # built, then left out of the pickle
    back = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(back.predict(X), est.predict(X))
    for i in range(len(est.front_)):
        np.testing.assert_array_equal(back.predict(X, index=i), est.predict(X, index=i))
    assert list(back.equations_["equation"]) == list(est.equations_["equation"])
    assert back.get_params() == est.get_params()


def test_expressions_parse_print_evaluate_and_pickle():
    e = kepler.Expression("x*y + exp(-x)/3", ["x", "y"])
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    np.testing.assert_allclose(e(X), [2 + np.exp(-1) / 3, 1 / 3], rtol=1e-15)
    assert e.variables == ["x", "y"]
    assert kepler.Expression(e.infix(), ["x", "y"]) == e
    assert pickle.loads(pickle.dumps(e)) == e
    # Undefined rows are NaN, the others are kept.
    out = kepler.Expression("log(x)", ["x"])(np.array([[1.0], [-1.0], [np.e]]))
    assert out[0] == 0 and np.isnan(out[1]) and out[2] == pytest.approx(1.0)


def test_bad_input_is_a_located_value_error(rng):
    X = rng.uniform(size=(10, 2))
    y = X[:, 0] + X[:, 1]
    est = KeplerRegressor(**FAST)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"^X: NaN at row 3, column 1 \('x1'\); Kepler needs finite values"):
        est.fit(bad, y)
    with pytest.raises(ValueError, match=r"^y: has 9 rows but X has 10$"):
        est.fit(X, y[:9])
    with pytest.raises(ValueError, match=r"^y: is constant \(every row is 2\.5\)"):
        est.fit(X, np.full(10, 2.5))
    with pytest.raises(ValueError, match=r"^y: inf at row 4"):
        est.fit(X, np.where(np.arange(10) == 4, np.inf, y))
    with pytest.raises(ValueError, match=r"^sample_weight: negative weight -1 at row 0$"):
        est.fit(X, y, sample_weight=np.r_[-1.0, np.ones(9)])
    with pytest.raises(ValueError, match=r"^KeplerRegressor: time must be a positive number, got -1"):
        KeplerRegressor(time=-1).fit(X, y)
    with pytest.raises(ValueError, match=r"^operators: unknown operator 'sine'"):
        KeplerRegressor(operators="+,sine", **FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"^seed_equations\[1\], column 5: expected an operand, found '\*'"):
        KeplerRegressor(seed_equations=["x0 + x1", "x0 +* x1"], **FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"^seed_equations\[0\], column 1: unknown name 'z' \(variables: x0, x1\)"):
        KeplerRegressor(seed_equations=["z"], **FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"^seed_equations\[0\]: the equation has 7 nodes, more than the largest size 5"):
        KeplerRegressor(seed_equations=["x0 + x1 + x0 + x1"], max_size=5, **FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"^KeplerRegressor: mini_batch must be a non-negative integer \(0: never screen\), got -1$"):
        KeplerRegressor(mini_batch=-1, **FAST).fit(X, y)
    fitted = KeplerRegressor(**FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"^X: inf at row 0, column 0 \('x0'\)"):
        fitted.predict(np.array([[np.inf, 1.0]]))


def test_large_tables_are_screened_on_a_mini_batch(rng):
    X = rng.uniform(0.5, 3.0, size=(2000, 2))
    y = X[:, 0] * X[:, 1] + np.sin(X[:, 0])
    screened = KeplerRegressor(mini_batch=100, operators="+,-,*,sin", **FAST).fit(X, y)
    assert screened.counters_["screened_out"] > 0
    whole = KeplerRegressor(mini_batch=0, operators="+,-,*,sin", **FAST).fit(X, y)
    assert "screened_out" not in whole.counters_


def test_seed_equations_start_the_search(rng):
    X = rng.uniform(1, 3, size=(100, 2))
    y = np.exp(X[:, 0] / X[:, 1]) * 4.2
    # With a tiny budget the search alone does not get there; seeded with the form, it does.
    est = KeplerRegressor(seed_equations=["exp(x0/x1)"], max_evals=50, threads=1, early_stop=1e-14).fit(X, y)
    assert est.score(X, y) == pytest.approx(1.0, abs=1e-12)


def test_a_time_limit_is_honoured(rng):
    X = rng.uniform(size=(300, 3))
    y = rng.normal(size=300)  # nothing to find: only the clock stops it
    start = time.monotonic()
    est = KeplerRegressor(time=1.0, threads=1).fit(X, y)
    wall = time.monotonic() - start
    assert est.stop_reason_ == "time limit"
    assert 1.0 <= est.seconds_ < 10.0 and wall < 20.0
    assert np.isfinite(est.predict(X)).all()


@pytest.fixture
def python_handles_sigint():
    # As in a terminal: a process started in the background (CI, nohup) inherits SIGINT ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_stops_the_fit_and_keeps_the_front(rng, python_handles_sigint):
    X = rng.uniform(size=(300, 3))
    y = rng.normal(size=300)
    est = KeplerRegressor(time=120.0, threads=2)
    timer = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGINT))  # a real Ctrl-C
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        est.fit(X, y)
    timer.join()
    assert time.monotonic() - start < 60.0
    assert est.stop_reason_ == "cancelled"
    assert len(est.equations_) >= 1
    assert np.isfinite(est.predict(X)).all()


def test_fit_releases_the_gil(rng):
    X = rng.uniform(size=(300, 3))
    y = rng.normal(size=300)
    est = KeplerRegressor(time=1.5, threads=1)
    worker = threading.Thread(target=est.fit, args=(X, y))
    worker.start()
    time.sleep(0.2)
    spins = 0
    while worker.is_alive():
        spins += 1  # Python bytecode: runs only while the fit does not hold the GIL
    worker.join()
    assert est.stop_reason_ == "time limit"
    assert spins > 100000


def test_verbose_prints_progress_and_a_failing_callback_cancels(rng, capsys):
    X = rng.uniform(size=(300, 3))
    y = rng.normal(size=300)
    KeplerRegressor(time=1.2, threads=1, verbose=True).fit(X, y)
    err = capsys.readouterr().err
    assert "evals/s  best loss" in err  # not a terminal: a line every 5 s, the first at once

    calls = []

    def progress(p):
        calls.append(p)
        raise RuntimeError("stop here")

    est = KeplerRegressor(time=120.0, threads=1)
    start = time.monotonic()
    result = kepler._kepler.fit(X, y, None, ["a", "b", "c"], "y", on_progress=progress, **est._options())
    assert time.monotonic() - start < 60.0
    assert len(calls) == 1 and {"elapsed", "evaluations", "best_loss", "best"} <= calls[0].keys()
    assert isinstance(result["interruption"], RuntimeError)
    assert result["stop_reason"] == "cancelled" and result["equations"]
