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



@njit
def starred_loop_targets(n):
    rows = [(i, i + 1, i * 2) for i in range(n)]
    out = 0
    firsts = []
    for a, *rest in rows:
        out += a * len(rest) + sum(rest)
    for *init, last in [[1, 2, 3], [4, 5]]:
        firsts.append(len(init) * last)
    for j, row in enumerate(rows):
        p, *q = row
        out += j * p + len(q)
    return out, firsts


@njit
def starred_of_range(n):
    x, *ys = range(n)
    *zs, w = range(1, n + 1, 2)
    return x, ys, zs, w


@pytest.mark.parametrize("n", [1, 2, 5])
def test_starred_loop_targets_and_ranges(n):
    check(starred_loop_targets, n)
    check(starred_of_range, n)


def test_starred_loop_target_too_short():
    # CPython's ValueError names the count it found.
    check(starred_loop_targets, 0)

    @njit
    def short(n):
        for a, b, *c in [[n]]:
            return a
        return -1

    check(short, 3)


@njit
def unpack_range(n):
    a, b, c = range(n)
    x, y = reversed(range(n - 1))
    p, q = (k * k for k in range(2))
    return a + b + c, x - y, p + q


def test_unpacking_ranges_and_generators():
    check(unpack_range, 3)
    check(unpack_range, 2)  # CPython's ValueError: not enough values
    check(unpack_range, 4)  # too many
