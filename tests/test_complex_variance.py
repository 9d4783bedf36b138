"""`np.var`/`np.std` (and the methods, `ddof=`) of whole complex64 and complex128 arrays,
differentially against NumPy bit for bit: the mean divided in complex128 and rounded back, the
squared deviations summed pairwise in the parts' precision (float32 for complex64), strided,
Fortran-ordered and NaN-holding inputs included."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import assert_same


@njit
def spreads(a):
    return np.var(a), np.std(a), a.var(ddof=1), np.std(a, ddof=2)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@given(st.integers(1, 60), st.integers(-3, 3), st.integers(0, 3), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_variance_of_complex_arrays(dtype, n, scale, form, seed):
    rng = np.random.default_rng(seed)
    a = (rng.standard_normal(n) * 10.0**scale + 1j * rng.standard_normal(n)).astype(dtype)
    if form == 1:
        a[rng.integers(0, n)] = complex(np.nan, 1)
    elif form == 2:
        a = np.asfortranarray(np.stack([a, a[::-1]]))
    elif form == 3:
        a = a[::-2]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        assert_same(spreads(a), spreads.py_func(a))
