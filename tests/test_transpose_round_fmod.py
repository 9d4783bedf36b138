"""`a.transpose(axes)` / `np.transpose(a, axes)` as a permuted view, `round(x, n)` of NumPy floats
(NumPy's rounding and type, not Python's) and `math.fmod` with CPython's domain errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import TypingError, njit

from conftest import check, floats


@njit
def permuted(a):
    return a.transpose(2, 0, 1), np.transpose(a, (1, 0, 2)), a.transpose((0, 2, 1)), np.transpose(a, axes=(2, 1, 0)), a.transpose(None)


@njit
def write_through(a):
    t = a.transpose(1, 2, 0)
    t[0, 1, :] = -1.0
    return a


@njit
def rounded(a):
    x = a[0]
    return round(x, 2), round(x, -1), round(x, 0), round(np.float32(x), 1), round(float(x), 2)


@njit
def fmod(x, y):
    return math.fmod(x, y)


@pytest.mark.parametrize("a", [np.arange(24.0).reshape(2, 3, 4), np.asfortranarray(np.arange(24).reshape(2, 3, 4)), np.arange(48.0).reshape(4, 3, 4)[::2, :, ::-1]])
def test_transpose_axes(a):
    check(permuted, a)
    check(write_through, a.astype(np.float64))


def test_transpose_axes_must_be_a_permutation():
    @njit
    def short(a):
        return a.transpose(1, 0)

    with pytest.raises(TypingError, match="axes don't match array"):
        short(np.ones((2, 2, 2)))


@settings(max_examples=100, deadline=None)
@given(floats)
def test_round_of_numpy_floats(x):
    check(rounded, np.array([x]))


@pytest.mark.parametrize("x", [2.675, 1.005, -0.5, 0.285, 1e300, -2.5, math.inf, math.nan])
def test_round_cases(x):
    check(rounded, np.array([x]))


def test_round_with_a_variable_count_is_refused_by_name():
    from hasten import UnsupportedError

    @njit
    def f(a, n):
        return round(a[0], n)

    with pytest.raises(UnsupportedError, match="integer constant"):
        f(np.ones(1), 2)


@settings(max_examples=100, deadline=None)
@given(floats, floats)
def test_fmod(x, y):
    check(fmod, x, y)


@pytest.mark.parametrize("x, y", [(math.inf, 2.0), (1.0, 0.0), (-0.0, 3.0), (5.0, math.inf), (math.nan, 0.0), (math.inf, math.nan)])
def test_fmod_edges(x, y):
    check(fmod, x, y)


# --- decimals known only at run time -----------------------------------------------------------


@njit
def rounded_by(x, d):
    return np.round(x, d), np.around(x, decimals=d), x.round(d), np.round(x * 2 + 1, d) - 1


ROUNDED = np.array([1.23456, -2.5, 0.5, 1.5, 2.5, -0.0, np.nan, np.inf, 123456.789, 1e300, -7.25, 5e-324])


@pytest.mark.parametrize("d", [0, 1, 2, 3, -1, -2, -3, 9, 12, 20, 310, -310, -400, np.int32(2), True])
@pytest.mark.parametrize("x", [ROUNDED, ROUNDED.astype(np.float32), np.array([15, -25, 123456, 7]), np.array([15, -25, 127], np.int8)])
def test_round_run_time_decimals(x, d):
    check(rounded_by, x, d)
    check(rounded_by, x[::-2], d)


@njit
def rounded_scalar_by(x, d):
    return np.round(x, d), np.round(x[0], d)


@pytest.mark.parametrize("d", [2, -1, 2**40, -(2**40)])
def test_round_run_time_decimals_of_scalars_and_limits(d):
    check(rounded_scalar_by, ROUNDED, d)


def test_round_run_time_decimals_refusals():
    from hasten import UnsupportedError

    with pytest.raises(TypingError, match="decimals must be an integer, not float"):
        rounded_by(ROUNDED, 2.0)
    with pytest.raises(UnsupportedError, match="complex values with decimals known only at run time"):
        rounded_by(ROUNDED + 1j, 2)
