"""np.nansum, np.nanmean, np.nanmin, np.nanmax (whole array and axis=), differential against NumPy:
NaNs count as zero in sums and are skipped otherwise; all-NaN gives NaN; empty inputs raise NumPy's
errors. Sums of at most 7 elements per line are compared bit for bit (NumPy's pairwise summation
reorders from 8 on); longer ones within 1e-12."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import check


@njit
def nan_whole(a):
    return np.nansum(a), np.nanmean(a), np.nanmin(a), np.nanmax(a)


@njit
def nan_sum_mean(a):
    return np.nansum(a), np.nanmean(a)


@njit
def nan_axis(a):
    return np.nansum(a, axis=0), np.nanmean(a, axis=1), np.nanmin(a, axis=-1), np.nanmax(a, axis=0)


@njit
def nan_of_expression(a, b):
    return np.nansum(a / b), np.nanmax(a - b)


def quiet_check(f, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        check(f, *args)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nan_reductions_of_floats(dtype):
    for vals in ([1.0, np.nan, -2.5, 3.0], [np.nan, np.nan], [-0.0, np.nan, -0.0], [np.inf, np.nan, -np.inf],
                 [np.nan, 5.0], [2.0], [-np.inf, np.nan], [0.0, -0.0, np.nan, 7.0, -1.0, 1e300, np.nan]):
        with np.errstate(over="ignore"):
            a = np.array(vals, dtype=dtype)
        quiet_check(nan_whole, a)
        quiet_check(nan_whole, a[::-1])
    m = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan], [-2.0, 0.5, np.nan]], dtype=dtype)
    quiet_check(nan_axis, m)
    quiet_check(nan_axis, m.T)
    quiet_check(nan_whole, m)


@pytest.mark.parametrize("dtype", [np.int64, np.int8, np.uint16, np.bool_])
def test_nan_reductions_of_ints(dtype):
    a = np.array([3, 0, 1, 2, 1], dtype=dtype)
    quiet_check(nan_whole, a)
    quiet_check(nan_axis, a[:4].reshape(2, 2))


def test_empty_inputs_raise_numpys_errors():
    quiet_check(nan_whole, np.zeros(0))
    quiet_check(nan_whole, np.zeros(0, dtype=np.int64))
    quiet_check(nan_sum_mean, np.zeros(0))
    quiet_check(nan_axis, np.zeros((0, 3)))


def test_expressions_and_long_inputs():
    a = np.linspace(-1, 1, 5)
    quiet_check(nan_of_expression, a, a)
    rng = np.random.default_rng(0)
    x = rng.normal(size=5000)
    x[::7] = np.nan
    got, expected = nan_sum_mean(x), nan_sum_mean.py_func(x)
    for g, e in zip(got, expected):
        assert type(g) is type(e) and abs(g - e) <= 1e-12 * max(1.0, abs(e))
    quiet_check(nan_whole, x[:7])
    assert nan_whole(x)[2:] == nan_whole.py_func(x)[2:]


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=7),
                  # no -0.0: NumPy's fmax loop picks either of two equal zeros by SIMD position
                  elements=st.one_of(st.just(np.nan), st.floats(-1e6, 1e6, width=32).map(lambda x: x + 0.0))))
def test_nan_reductions_hypothesis(a):
    quiet_check(nan_axis, a)
    if a.size <= 7:
        quiet_check(nan_whole, a)
