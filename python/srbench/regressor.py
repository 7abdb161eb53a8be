"""Kepler as an SRBench method: copy this folder to SRBench's algorithms/kepler (see README.md).

SRBench imports this module and reads `est`, `model`, `hyper_params` and `eval_kwargs`.
"""
import os

from kepler import KeplerRegressor

# SRBench gives each run its threads through OMP_NUM_THREADS; a run's time budget is Kepler's own
# time limit, so the search stops itself within it and reports its front.
est = KeplerRegressor(
    time=float(os.environ.get("KEPLER_TIME", "3000")),
    operators="+,-,*,/,sqrt,exp,log,sin,cos",
    max_size=30,
    threads=int(os.environ.get("OMP_NUM_THREADS", "1")),
)

# One configuration: Kepler holds out its own validation rows to choose among its front, so an
# outer grid search would only multiply the time.
hyper_params = [{}]


def model(est, X=None):
    """The chosen equation as a string sympy parses over the feature names.

    Kepler names variables by the feature names made identifiers ("mass (kg)" -> mass__kg_); the
    string uses those, which equal SRBench's feature names whenever the latter are identifiers.
    """
    return est.expression_.sympy()


def get_population(est):
    """The Pareto front, simplest first, as sympy strings."""
    return [row["expression"].sympy() for row in est.front_]


def get_best_solution(est):
    return model(est)


eval_kwargs = {
    # SRBench's tests set these to shorten runs.
    "test_params": {"time": 10.0, "max_evals": 20000},
}
