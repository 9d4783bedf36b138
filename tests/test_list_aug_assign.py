"""`l[i] op= v` on list items: numbers (the list keeps its item type), strings, arrays (updated in
place), items of lists of lists; CPython's order (item read, value evaluated, item stored) and
errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, check_int, floats
from hasten import njit


@njit
def scale(l, k):
    for j in range(len(l)):
        l[j] *= k
    l[-1] += 1.0
    return l


@njit
def ops(l, i, v):
    l[i] += v
    l[i] -= 2 * v
    l[i] //= 3
    l[i] %= 1000
    l[i] **= 2
    l[i] |= 5
    l[i] <<= 1
    return l


@njit
def bump(l, i):
    l[i] += 1
    return l


@njit
def words(l):
    for j in range(len(l)):
        l[j] += "!"
    l[0] *= 2
    return l


@njit
def arrays(n):
    l = [np.zeros(3) for _ in range(n)]
    for j in range(n):
        l[j] += j
        l[j] *= 2.0
    return l


@njit
def grid(n):
    g = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            g[i][j] += i * j
            g[j][i] -= 1
    return g


@njit
def value_changes_list(l):
    l[0] += l.pop()
    return l


@njit
def value_shrinks_list(l):
    l[-1] += l.pop()
    return l


@settings(max_examples=60, deadline=None)
@given(st.lists(floats, min_size=1, max_size=6), floats)
def test_floats(l, k):
    check(scale, l, k)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=5), st.integers(-8, 8), st.integers(-(2**20), 2**20))
def test_ints(l, i, v):
    check_int(ops, l, i, v)


def test_errors_and_order():
    check(bump, [1, 2], 2)  # IndexError: list index out of range
    check(bump, [1, 2], -3)
    with pytest.raises(OverflowError):  # CPython's int grows; hasten's 64-bit ints raise
        bump([2**63 - 1], 0)
    check(value_changes_list, [1.0, 2.0, 3.0])
    check(value_shrinks_list, [1.0, 2.0, 3.0])  # IndexError: list assignment index out of range


def test_other_items():
    check(words, ["a", "bé", ""])
    check(arrays, 3)
    check(grid, 4)


def test_type_changes_refused_by_name():
    @njit
    def to_float(l):
        l[0] += 0.5
        return l

    with pytest.raises(hasten.UnsupportedError, match="keeps one item type"):
        to_float([1, 2])

    @njit
    def slice_update(l):
        l[0:1] += [3]
        return l

    with pytest.raises(hasten.UnsupportedError, match="list slice"):
        slice_update([1, 2])
