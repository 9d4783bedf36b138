"""Arrays indexed by a tuple held in a variable (`for idx in np.ndindex(a.shape): out[idx] = ...`):
the tuple's items index the leading axes, as NumPy's `a[(i, j)]`."""

import numpy as np
import pytest

import hasten
from conftest import check
from hasten import njit


@njit
def doubled(a):
    out = np.empty_like(a)
    for idx in np.ndindex(a.shape):
        out[idx] = a[idx] * 2
    return out


@njit
def weighted(a):
    s = 0.0
    for idx, x in np.ndenumerate(a):
        s += x * idx[0] - a[idx]
    return s


@njit
def at(a, i, j):
    t = (i, j)
    a[t] += 1.0
    return a[t]


@njit
def row(a, i):
    t = (i,)
    return a[t].copy()


@njit
def too_many(a):
    t = (0, 0, 0)
    return a[t]


def test_ndindex_loops():
    a = np.arange(12.0).reshape(3, 4)
    check(doubled, a)
    check(doubled, a.T)
    check(doubled, np.arange(24).reshape(2, 3, 4))
    check(weighted, a[:, ::-1])


def test_tuple_locals():
    a = np.arange(12.0).reshape(3, 4)
    check(at, a, 1, 2)
    check(at, a, -1, -4)
    check(at, a, 3, 0)  # IndexError from NumPy's bounds
    check(row, a, 2)
    with pytest.raises(hasten.TypingError, match="too many indices"):
        too_many(a)


def test_computed_tuple_refused_by_name():
    @njit
    def computed(a, i):
        return a[(i, i) if i > 0 else (0, 0)]

    with pytest.raises(hasten.UnsupportedError, match="assign the tuple to a variable"):
        computed(np.ones((2, 2)), 1)
