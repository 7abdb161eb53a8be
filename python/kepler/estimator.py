"""KeplerRegressor: Kepler's equation discovery as a scikit-learn estimator."""
import numbers
import re

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d

from . import _kepler

# Kepler checks finiteness itself, with located messages; scikit-learn 1.6 renamed the switch.
_SKLEARN = tuple(int(part) for part in re.match(r"(\d+)\.(\d+)", sklearn.__version__).groups())
_NO_FINITE_CHECK = {"ensure_all_finite" if _SKLEARN >= (1, 6) else "force_all_finite": False}


def _validate_X(est, X, reset, **kwargs):
    """scikit-learn's input validation (n_features_in_, feature_names_in_), any version."""
    kwargs.update(_NO_FINITE_CHECK, dtype=np.float64)
    if _SKLEARN >= (1, 6):
        from sklearn.utils.validation import validate_data

        return validate_data(est, X, reset=reset, **kwargs)
    return est._validate_data(X, reset=reset, **kwargs)


_LOSSES = ("mse", "mae", "huber")


def _length(a):
    shape = getattr(a, "shape", None)
    if shape:
        return shape[0]
    try:
        return len(a)
    except TypeError:
        return None


class KeplerRegressor(RegressorMixin, BaseEstimator):
    """Finds closed-form equations y = f(X) as a Pareto front of accuracy against size.

    The parameters are those of ``kepler fit``; ``random_state`` is its ``--seed`` (an int, or
    None for a fresh seed each fit, recorded in ``seed_``); ``verbose`` prints its progress line
    on stderr.

    Fitted attributes: ``equations_`` (a pandas DataFrame of the front, simplest first, with the
    columns complexity, loss, loss_val, r2_train, r2_val, score, equation, sympy, latex and
    callable), ``best_`` (its chosen row), ``best_index_``, ``expression_`` (the chosen
    equation, a callable ``kepler.Expression``), ``variable_names_`` (the identifiers the
    equations use), ``stop_reason_``, ``evaluations_``, ``seconds_``, ``counters_`` (what the
    search counted, by name), ``column_scales_`` (the variables searched in units of a power of
    ten: name -> exponent; ``column_scaling=False`` searches all in data units), ``seed_``, and
    scikit-learn's ``n_features_in_`` and ``feature_names_in_``.
    """

    def __init__(self, method="portfolio", operators=_kepler.DEFAULT_OPERATORS, time=60.0, max_evals=None, max_size=30,
                 max_depth=12, loss="mse", validation=0.25, early_stop=0.0, random_state=1, threads=0, egraph=True,
                 polynomial=True, column_scaling=True,
                 simplify=True, snap_constants=True, seed_equations=None, mini_batch=512, verbose=False):
        self.method = method
        self.operators = operators
        self.time = time
        self.max_evals = max_evals
        self.max_size = max_size
        self.max_depth = max_depth
        self.loss = loss
        self.validation = validation
        self.early_stop = early_stop
        self.random_state = random_state
        self.threads = threads
        self.egraph = egraph
        self.polynomial = polynomial
        self.column_scaling = column_scaling
        self.simplify = simplify
        self.snap_constants = snap_constants
        self.seed_equations = seed_equations
        self.mini_batch = mini_batch
        self.verbose = verbose

    # -- fitting ---------------------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None, variable_names=None):
        """Searches for equations of y over the columns of X.

        Column names come from ``variable_names``, else from a DataFrame's columns, else x0, x1,
        ...; they become identifiers as CSV headers do ("mass (kg)" -> mass__kg_). A KeyboardInterrupt
        (Ctrl-C) stops the search: the estimator keeps the front found so far, then the interrupt
        is raised again.
        """
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None")
        names = self._names_for(X, variable_names)
        X = _validate_X(self, X, reset=True, ensure_min_samples=2)
        n_y = _length(y)
        if n_y is not None and n_y != X.shape[0]:
            raise ValueError(f"y: has {n_y} rows but X has {X.shape[0]}")
        y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y", **_NO_FINITE_CHECK)
        y = np.ascontiguousarray(column_or_1d(y, warn=True))
        if names is None:
            names = [f"x{j}" for j in range(X.shape[1])]
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            if weights.ndim == 0:
                weights = np.full(X.shape[0], float(weights))
        options = self._options()
        progress = _ProgressLine() if self.verbose else None
        try:
            result = _kepler.fit(X, y, weights, names, "y", on_progress=progress, **options)
        finally:
            if progress is not None:
                progress.finish()
        if not result["equations"]:  # interrupted before a single candidate was scored
            raise result["interruption"] or RuntimeError("the search returned no equation")

        self.seed_ = options["seed"]
        self.variable_names_ = list(result["variables"])
        self.front_ = list(result["equations"])
        self.best_index_ = int(result["best"])
        self.expression_ = self.front_[self.best_index_]["expression"]
        self.stop_reason_ = result["stop_reason"]
        self.evaluations_ = int(result["evaluations"])
        self.seconds_ = float(result["seconds"])
        self.counters_ = dict(result["counters"])
        self.column_scales_ = dict(result["column_scales"])
        self.__dict__.pop("_equations", None)
        if result["interruption"] is not None:
            raise result["interruption"]
        return self

    def _names_for(self, X, variable_names):
        if variable_names is not None:
            return [str(name) for name in variable_names]
        columns = getattr(X, "columns", None)
        if columns is not None:
            return [str(name) for name in columns]
        return None

    def _options(self):
        def fail(name, rule):
            value = getattr(self, name)
            raise ValueError(f"{type(self).__name__}: {name} {rule}, got {value!r}")

        def positive(name, kind=numbers.Real):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, kind) or not value > 0:
                fail(name, "must be a positive " + ("integer" if kind is numbers.Integral else "number"))
            return value

        if not isinstance(self.method, str) or self.method not in _kepler.methods():
            fail("method", f"must be one of {', '.join(_kepler.methods())}")
        operators = self.operators
        if not isinstance(operators, str):
            try:
                operators = ",".join(str(op) for op in operators)
            except TypeError:
                fail("operators", "must be a comma-separated string or a list of operator names")
        if self.loss not in _LOSSES:
            fail("loss", "must be 'mse', 'mae' or 'huber'")
        if self.max_evals is not None:
            positive("max_evals", numbers.Integral)
        if not isinstance(self.validation, numbers.Real) or not 0 <= self.validation < 1:
            fail("validation", "must lie in [0, 1)")
        if isinstance(self.mini_batch, bool) or not isinstance(self.mini_batch, numbers.Integral) \
                or self.mini_batch < 0:
            fail("mini_batch", "must be a non-negative integer (0: never screen)")
        if not isinstance(self.early_stop, numbers.Real) or not self.early_stop >= 0:
            fail("early_stop", "must be a non-negative number")
        if isinstance(self.threads, bool) or not isinstance(self.threads, numbers.Integral) or self.threads < 0:
            fail("threads", "must be a non-negative integer (0: every core)")
        if isinstance(self.random_state, numbers.Integral) and not isinstance(self.random_state, bool):
            if self.random_state < 0:
                fail("random_state", "must be a non-negative integer, None or a numpy RandomState")
            seed = int(self.random_state)
        else:
            seed = int(check_random_state(self.random_state).randint(1, 2**31 - 1))
        seeds = self.seed_equations
        if seeds is None:
            seeds = []
        elif isinstance(seeds, str):
            seeds = [seeds]
        return dict(
            method=self.method, operators=operators, loss=self.loss, max_size=positive("max_size", numbers.Integral),
            max_depth=positive("max_depth", numbers.Integral), time=float(positive("time")),
            max_evals=None if self.max_evals is None else int(self.max_evals), early_stop=float(self.early_stop),
            validation=float(self.validation), mini_batch=int(self.mini_batch), seed=seed, threads=int(self.threads), egraph=bool(self.egraph),
            polynomial=bool(self.polynomial), column_scaling=bool(self.column_scaling),
            simplify=bool(self.simplify), snap_constants=bool(self.snap_constants),
            seed_equations=[str(s) for s in seeds])

    # -- using the equations ---------------------------------------------------------------------

    def _expression(self, index):
        check_is_fitted(self, "front_")
        if index is None:
            return self.expression_
        return self.front_[index]["expression"]

    def predict(self, X, index=None):
        """The chosen equation's values on X (or those of equations_ row ``index``)."""
        expression = self._expression(index)
        X = _validate_X(self, X, reset=False)
        return expression(X)

    def sympy(self, index=None):
        """The chosen equation (or row ``index``) as a sympy expression over the variables."""
        return _to_sympy(self._expression(index))

    def latex(self, index=None):
        """The chosen equation (or row ``index``) as LaTeX."""
        return self._expression(index).latex()

    @property
    def equations_(self):
        """The Pareto front as a pandas DataFrame, simplest first (built on first use)."""
        check_is_fitted(self, "front_")
        if "_equations" not in self.__dict__:
            import pandas as pd

            rows = []
            for row in self.front_:
                expression = row["expression"]
                rows.append(dict(complexity=row["complexity"], loss=row["loss"], loss_val=row["loss_val"],
                                 r2_train=row["r2_train"], r2_val=row["r2_val"], score=row["score"],
                                 equation=expression.infix(), readable=row["readable"], sympy=_to_sympy(expression),
                                 latex=expression.latex(),
                                 callable=expression))
            self.__dict__["_equations"] = pd.DataFrame(rows)
        return self.__dict__["_equations"]

    @property
    def best_(self):
        """The chosen row of equations_ (PySR's rule: the highest score near the lowest loss)."""
        return self.equations_.iloc[self.best_index_]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_equations", None)  # rebuilt on use; sympy objects need not travel
        return state


class _ProgressLine:
    """verbose=True: the search's progress on stderr, redrawn in place on a terminal (as `kepler
    fit` draws it), a line every 5 s elsewhere (a log, a notebook's output)."""

    def __init__(self):
        import sys

        self.stream = sys.stderr
        self.redraw = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = -1e300
        self.drew = False

    def __call__(self, p):
        if not self.redraw and p["elapsed"] - self.last < 5.0:
            return
        self.last = p["elapsed"]
        line = (f"[{p['elapsed']:6.1f}/{p['limit']:.0f} s] {p['evaluations_per_second']:>9.0f} evals/s  "
                f"best loss {p['best_loss']:.3e}  {p['best'] or '-'}")
        if self.redraw:
            self.stream.write("\r" + line[:110].ljust(110))
            self.drew = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self):
        if self.drew:
            self.stream.write("\n")
            self.stream.flush()


def _to_sympy(expression):
    import sympy

    names = {name: sympy.Symbol(name) for name in expression.variables}
    return sympy.sympify(expression.sympy(), locals=names)
