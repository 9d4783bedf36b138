"""Reductions with `keepdims=True` (an integer axis), `np.diagonal`/`a.diagonal()` (NumPy's
read-only view of a 2-d array's diagonal, any offset) and `np.fix`."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

import hasten
from conftest import check, floats
from hasten import njit


@njit
def normalized(x):
    return x / x.sum(axis=1, keepdims=True), np.max(x, axis=0, keepdims=True), x.mean(axis=-1, keepdims=True), np.argmax(x, axis=1, keepdims=True)


@njit
def diagonals(a, k):
    return np.diagonal(a), np.diagonal(a, k), a.diagonal(-k).copy(), np.fix(a[0] * -1.5), np.fix(a)


@njit
def write_diagonal(a):
    d = np.diagonal(a)
    d[0] = 1.0
    return a


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5), elements=floats))
def test_keepdims(x):
    check(normalized, x)
    check(normalized, x.T)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5), elements=floats))
def test_diagonal_and_fix(a):
    for k in (0, 1, -1, 3, -7):
        check(diagonals, a, k)
    check(diagonals, a[::-1, ::2], 1)


def test_diagonal_is_read_only():
    check(write_diagonal, np.zeros((2, 2)))  # ValueError: assignment destination is read-only


def test_refusals():
    @njit
    def whole(x):
        return x.sum(keepdims=True)

    with pytest.raises(hasten.UnsupportedError, match="keepdims"):
        whole(np.ones((2, 2)))
