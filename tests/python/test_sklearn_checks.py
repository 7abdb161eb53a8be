"""scikit-learn's estimator checks for a regressor, every one that check_estimator runs (none is
skipped), on a small evaluation budget."""
from sklearn.utils.estimator_checks import parametrize_with_checks

from kepler import KeplerRegressor


@parametrize_with_checks([KeplerRegressor(max_evals=3000, threads=1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)
