"""NumPy functions given a number where they take an array: NumPy works on `asarray(x)`, a 0-d
array (a 1-d one for the running totals, which flatten), and so does hasten; `np.ndim` and
`np.size` of arrays, numbers and nested lists. Differential against NumPy."""

import warnings

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def statistics(x):
    return np.std(x), np.var(x), np.nanstd(x), np.nanvar(x), np.median(x), np.percentile(x, 50), np.ptp(x)


@njit
def made_like(x):
    return np.zeros_like(x), np.ones_like(x), np.full_like(x, 7), np.empty_like(x).shape


@njit
def reshaped(x):
    return np.ravel(x), np.atleast_1d(x), np.atleast_2d(x), np.cumsum(x), np.cumprod(x)


@njit
def dims(a, l):
    return np.ndim(a), np.size(a), np.size(a, 1), np.size(a, -1), np.ndim(l), np.size(l), np.ndim(3.5), np.size(2)


NUMBERS = [np.float64(3.5), 2.5, 3, np.int32(4), True, np.float32(-1.5), np.uint8(200)]


@pytest.mark.parametrize("x", NUMBERS)
def test_numbers_as_0d_arrays(x):
    if not isinstance(x, bool):  # np.ptp of a bool: NumPy's TypeError, a TypingError when compiled
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            check(statistics, x)
    check(made_like, x)
    check(reshaped, x)


def test_ndim_and_size():
    check(dims, np.ones((2, 3)), [[1, 2, 3]])
    check(dims, np.ones((4, 1, 5)), [1.5, 2.5])
