"""`np.<ufunc>.reduce(a, axis)` and `np.<ufunc>.accumulate(a)`, differential against NumPy:
values, dtypes (accumulate keeps small int types, unlike np.cumsum), NaN handling, empty and
2-d inputs, and the methods not supported refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import UnsupportedError, njit

from conftest import check, floats


@njit
def reduces(a):
    return np.add.reduce(a), np.multiply.reduce(a), np.maximum.reduce(a), np.minimum.reduce(a), np.logical_or.reduce(a), np.logical_and.reduce(a)


@njit
def reduces_2d(m):
    return np.add.reduce(m), np.add.reduce(m, axis=1), np.maximum.reduce(m, 1), np.add.reduce(m, axis=None), np.add.reduce(m, keepdims=True, axis=0)


@njit
def accumulates(a):
    return np.add.accumulate(a), np.multiply.accumulate(a), np.maximum.accumulate(a), np.minimum.accumulate(a), np.subtract.accumulate(a)


@njit
def logical_accumulates(a):
    return np.logical_or.accumulate(a), np.logical_and.accumulate(a), np.logical_xor.accumulate(a)


@njit
def bit_accumulates(a):
    return np.bitwise_or.accumulate(a), np.bitwise_and.accumulate(a), np.bitwise_xor.accumulate(a), np.add.accumulate(a)


@njit
def outers(a, b):
    return np.multiply.outer(a, b), np.add.outer(a, b), np.subtract.outer(a[:2], b), np.maximum.outer(a, b[0]), np.add.outer(a.reshape(2, -1), b.reshape(2, -1))


@njit
def running_drawdown(prices):
    peak = np.maximum.accumulate(prices)
    return (prices - peak).min()


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 9), elements=floats))
def test_floats(a):
    check(reduces, a)
    check(accumulates, a)
    check(logical_accumulates, a)
    check(running_drawdown, a)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint16, np.bool_])
def test_ints_keep_their_type(dtype):
    a = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=dtype) if dtype != np.bool_ else np.array([True, False, True])
    if dtype != np.bool_:
        check(bit_accumulates, a)
    check(accumulates, a) if dtype not in (np.bool_,) else check(logical_accumulates, a)


def test_outer():
    check(outers, np.arange(4.0), np.array([0.5, -1.0, 2.0, 3.0]))
    check(outers, np.arange(4), np.array([1, 2, 3, 4], dtype=np.int32))


def test_two_dimensional_and_empty():
    m = np.arange(12.0).reshape(3, 4) - 5.5
    check(reduces_2d, m)
    check(accumulates, m)
    check(accumulates, np.zeros(0))
    check(reduces, np.zeros(0))


def test_other_methods_are_refused_by_name():
    @njit
    def reduceat(a):
        return np.add.reduceat(a, np.array([0, 1]))

    with pytest.raises(UnsupportedError, match="np.add.reduceat"):
        reduceat(np.ones(2))

    @njit
    def power(a):
        return np.power.accumulate(a)

    with pytest.raises(UnsupportedError, match="accumulate"):
        power(np.ones(2))

    @njit
    def fmax_ties(a):
        return np.fmax.accumulate(a)

    with pytest.raises(UnsupportedError, match="accumulate"):
        fmax_ties(np.ones(2))
