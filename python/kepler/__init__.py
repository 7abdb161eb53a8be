"""Kepler: symbolic regression and equation discovery.

    from kepler import KeplerRegressor
    est = KeplerRegressor(time=10).fit(X, y)
    print(est.equations_)      # the Pareto front, simplest first
    est.sympy()                # the chosen equation as a sympy expression

The compiled core (kepler._kepler) is built for Debian's /usr/bin/python3; see the README.
"""
from ._kepler import DEFAULT_OPERATORS, Expression, __version__, column_identifier, methods
from .estimator import KeplerRegressor

__all__ = ["DEFAULT_OPERATORS", "Expression", "KeplerRegressor", "column_identifier", "methods", "__version__"]
