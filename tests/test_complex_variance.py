"""`np.var`/`np.std` (and the methods, `ddof=`) of whole complex64 and complex128 arrays,
differentially against NumPy bit for bit: the mean divided in complex128 and rounded back, the
squared deviations summed pairwise in the parts' precision (float32 for complex64), strided,
Fortran-ordered and NaN-holding inputs included; `np.nanvar`/`np.nanstd` (elements with a NaN part
left out, the squares NumPy's fused complex products; complex64's mean divided in complex128)."""

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


@njit
def nan_spreads(a, ddof):
    return np.nanvar(a), np.nanstd(a), np.nanvar(a, ddof=ddof), np.nanstd(a, ddof=1)


SPECIAL = [0.0, -0.0, 1.5, -1.0, np.inf, np.nan, 2.25, 1e300]


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(st.integers(0, 40), st.integers(0, 3), st.integers(0, 3), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_nan_variance_of_complex_arrays(dtype, n, nans, form, seed):
    rng = np.random.default_rng(seed)
    if form == 3:
        a = rng.choice(SPECIAL, n) + 1j * rng.choice(SPECIAL, n)
    else:
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4) + 1j * rng.standard_normal(n)
    for k in rng.integers(0, max(n, 1), nans if n else 0):
        a[k] = complex(1.0, np.nan) if k % 2 else complex(np.nan, 0.5)
    if form == 1:
        a = a[::-1]
    elif form == 2:
        a = np.stack([a, a[::-1]])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        a = a.astype(dtype)
        for ddof in (0, 2):
            assert_same(nan_spreads(a, ddof), nan_spreads.py_func(a, ddof))


@njit
def axis_spreads(a, ddof):
    return np.var(a, axis=0), np.std(a, 1), a.var(axis=-1, ddof=ddof), np.std(a, axis=0, ddof=ddof)


@pytest.mark.parametrize("seed", range(4))
def test_variance_of_complex128_along_an_axis(seed):
    # Each line's mean summed as NumPy's iterator walks it (pairwise along the innermost axis,
    # element by element across lines otherwise), divided by NumPy's complex quotient.
    from conftest import check

    rng = np.random.default_rng(seed)
    a = rng.standard_normal((5, 7)) * 10.0 ** rng.integers(-6, 6, (5, 7)) + 1j * rng.standard_normal((5, 7))
    a[1, 2] = complex(np.nan, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for x in [a, a.T, np.asfortranarray(a), a[::-1, ::2], a[:, :1], a[:0]]:
            for ddof in [0, 1, 3]:
                check(axis_spreads, x, ddof)
