"""The Python package's tests run on Debian's /usr/bin/python3 (numpy, scikit-learn, pandas,
sympy, pytest from Debian), against the package assembled in <build>/python: ctest puts that on
PYTHONPATH (tests/python/CMakeLists.txt)."""
import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(7)
