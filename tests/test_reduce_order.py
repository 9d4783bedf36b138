"""Axis reductions of views whose layout is known only at run time (reversed, transposed, sliced)
sum in NumPy's order: NumPy walks innermost the axis of the smallest stride, and sums pairwise only
along a line it walks innermost. Bitwise against NumPy on finite values (where the order decides
the rounding) and on overflowing ones (where it decides between inf and nan)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def sum_reversed_columns0(m):
    return np.sum(m[:, ::-1], axis=0)


@njit
def sum_reversed_columns1(m):
    return np.sum(m[:, ::-1], axis=1)


@njit
def reduce0(x):
    return np.sum(x, axis=0), np.mean(x, axis=0), np.std(x, axis=0)


@njit
def reduce1(x):
    return np.sum(x, axis=1), np.mean(x, axis=1), np.std(x, axis=1)


@njit
def reduce2(x):
    return np.sum(x, axis=2), np.mean(x, axis=2), np.std(x, axis=2)


REDUCE = [reduce0, reduce1, reduce2]


def views(x):
    yield x
    yield x[::-1]
    yield x[..., ::-1]
    yield x.T
    yield x.T[::-1]
    yield np.asfortranarray(x)[..., ::-1]
    yield x[..., ::2]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(3, 40), (4, 9), (40, 3), (2, 3, 17), (17, 2, 3), (1, 130)]))
def test_views_sum_in_numpys_order(seed, shape):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 6, shape)
    for v in views(x):
        for axis in range(v.ndim):
            check(REDUCE[axis], v)


def test_overflow_order_decides_inf_or_nan():
    m = np.ones((3, 40))
    m[1, 0] = m[1, 2] = 1e308
    m[1, 30] = -np.inf
    for x in (m, np.asfortranarray(m)):
        check(sum_reversed_columns0, x)
        check(sum_reversed_columns1, x)


@njit
def column_min(m):
    return np.min(m, axis=0)


@njit
def whole_min(a):
    return np.min(a)


def test_min_of_a_run_starting_with_a_negative_nan_is_numpys_positive_nan():
    neg_nan = -np.array([np.nan])[0]
    m = np.asfortranarray(np.array([[neg_nan], [0.0], [-0.0]]))  # one contiguous column
    a = np.array([neg_nan, 1.0])
    assert np.signbit(column_min(m)[0]) == np.signbit(np.min(m, axis=0)[0])
    assert np.signbit(whole_min(a)) == np.signbit(np.min(a))
