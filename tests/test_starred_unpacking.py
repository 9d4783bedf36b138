"""Starred assignment targets (`a, *b, c = x`) of lists, tuples, arrays and shapes: the starred
name gets the list of the middle items, with CPython's ValueError when there are too few."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit

from conftest import check, floats


@njit
def ends(l):
    a, *b, c, d = l
    return a, b, c, d


@njit
def head_tail(n):
    x, *rest = [i * 1.5 for i in range(n)]
    *init, y = (4, 5, 6)
    [p, *q] = "abc"
    return x, rest, init, y, p, q


@njit
def shapes(a):
    h, w, *_ = a.shape
    first, *mid, last = a.ravel()
    return h, w, first, mid, last


@njit
def in_loop(rows):
    total = 0.0
    for r in rows:
        k, *vals = r
        total += k * sum(vals)
    return total


@settings(max_examples=60, deadline=None)
@given(st.lists(floats, min_size=1, max_size=7))
def test_lists(l):
    check(ends, l)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_heads_and_tails(n):
    check(head_tail, n)


def test_arrays_shapes_and_loops():
    check(shapes, np.arange(6.0).reshape(2, 3))
    check(shapes, np.arange(4).reshape(2, 2, 1))
    check(in_loop, [[1.0, 2.0, 3.0], [2.0, 0.5], [3.0]])

