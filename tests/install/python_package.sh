#!/usr/bin/env bash
# The Python package installs both ways the README gives, and imports and fits from there:
#   cmake --install BUILD --component python --prefix P   (then PYTHONPATH=P/SITE)
#   pip install --no-build-isolation SOURCE               (into a venv over Debian's packages)
# Usage: python_package.sh BUILD_DIR SOURCE_DIR PYTHON SITE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 python=$3 site=$4 work=$5
rm -rf "$work" && mkdir -p "$work" && cd "$work"
check='
import numpy as np, kepler, sys
X = np.random.default_rng(0).uniform(1, 3, (100, 2))
est = kepler.KeplerRegressor(max_evals=5000, threads=1, early_stop=1e-14).fit(X, X[:, 0] * X[:, 1] ** 2)
assert est.best_["equation"] == "x0 * x1^2", est.best_["equation"]
print("kepler", kepler.__version__, "from", kepler.__file__)
'
cmake --install "$build" --component python --prefix "$work/prefix" >/dev/null
PYTHONPATH="$work/prefix/$site" "$python" -c "$check" | tee installed.txt
grep -q "from $work/prefix/$site/kepler/" installed.txt

"$python" -m venv --system-site-packages "$work/venv"
KEPLER_BUILD_DIR="$build" "$work/venv/bin/pip" install --quiet --no-build-isolation --no-index "$source"
"$work/venv/bin/python" -c "$check" | tee pip.txt
grep -q "from $work/venv/lib/" pip.txt
