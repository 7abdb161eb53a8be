"""The SRBench contract: python/srbench/regressor.py imported as SRBench imports a method."""
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sympy
import yaml

from sklearn.base import clone

METHOD = Path(__file__).resolve().parents[2] / "python" / "srbench"


def load_method():
    spec = importlib.util.spec_from_file_location("methods.kepler.regressor", METHOD / "regressor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regressor_module_has_what_srbench_reads():
    method = load_method()
    for name in ("est", "model", "hyper_params", "eval_kwargs"):
        assert hasattr(method, name), name
    assert isinstance(method.hyper_params, list) and all(isinstance(h, dict) for h in method.hyper_params)
    clone(method.est).set_params(**method.eval_kwargs["test_params"])
    metadata = yaml.safe_load((METHOD / "metadata.yml").read_text())
    assert {"authors", "email", "name", "description", "url"} <= metadata.keys()
    assert (METHOD / "install.sh").stat().st_mode & 0o111


def test_model_parses_with_sympy_and_matches_predict():
    method = load_method()
    rng = np.random.default_rng(3)
    X = pd.DataFrame({"x_1": rng.uniform(1, 3, 120), "theta": rng.uniform(0, 3, 120)})
    y = 2.0 * X["x_1"] * np.cos(X["theta"]) + 0.5
    est = clone(method.est).set_params(**method.eval_kwargs["test_params"])
    est.set_params(threads=1, early_stop=1e-14)
    est.fit(X, y)
    text = method.model(est, X)
    symbols = {name: sympy.Symbol(name) for name in X.columns}
    expr = sympy.parse_expr(text, local_dict=symbols)
    assert expr.free_symbols <= set(symbols.values())
    f = sympy.lambdify([symbols[name] for name in X.columns], expr, "numpy")
    np.testing.assert_allclose(f(*X.to_numpy().T), est.predict(X), rtol=1e-9, atol=1e-12)
    assert est.score(X, y) > 0.99
    population = method.get_population(est)
    assert len(population) == len(est.equations_) and text in population
