"""np.linspace, np.ascontiguousarray, reshape and ravel (views of C-contiguous data, copies
otherwise), and `a[...]`."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def spaces(a, b, n):
    return np.linspace(a, b, n), np.linspace(a, b, n, endpoint=False), np.linspace(a, b, num=n, dtype=np.int64)


@njit
def reshapes(a):
    return a.reshape(3, 2), np.reshape(a, (-1,)), a.reshape((2, -1)), a.ravel(), np.ravel(a), np.ascontiguousarray(a)


@njit
def reshape_to(a, m):
    return a.reshape((m, -1))


@njit
def write_through_reshape(a):
    r = a.reshape(6)
    r[0] = -1.0
    return r


@njit
def fill_all(a, v):
    a[...] = v


@settings(max_examples=200, deadline=None)
@given(st.floats(-10, 10), st.floats(-10, 10), st.integers(0, 12))
def test_linspace(a, b, n):
    check(spaces, a, b, n)


def test_linspace_negative_num():
    check(spaces, 0.0, 1.0, -1)


def test_reshape_views_and_copies():
    a = np.arange(6.0).reshape(2, 3)
    check(reshapes, a)
    check(reshapes, a.T)
    check(reshapes, a[:, ::-1])
    check(write_through_reshape, a)  # contiguous: the write reaches the argument
    check(write_through_reshape, np.asfortranarray(a))  # copy: it does not


def test_reshape_errors():
    a = np.arange(6.0)
    check(reshape_to, a, 4)  # cannot reshape array of size 6 into shape (4,newaxis)
    check(reshape_to, a, 0)


def test_ellipsis_assignment():
    check(fill_all, np.zeros((2, 3)), 1.5)
    check(fill_all, np.zeros(4, dtype=np.int8), np.arange(4))
