"""Unpacking a list, a string or an array into targets (`k, v = s.split(":")`, `x, y = pts[i]`,
`for a, b in rows`): the length is known at run time, so CPython's ValueErrors come at run time
with its messages; every item is read before any target is stored. Differential against CPython."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check


@njit
def pairs(s):
    out = {}
    for part in s.split(";"):
        k, v = part.split(":")
        out[k] = int(v)
    return out


@njit
def of_each_kind(n):
    a, b = [n, n + 1]
    x, y = np.array([1.5, 2.5]) * n
    r0, r1 = np.arange(6).reshape(2, 3)
    c, d = "hi"
    return a, b, x, y, r0, r1, c, d


@njit
def sliced(xs, k):
    a, b, c = xs[:k]
    return a + b + c


@njit
def swapped_in_place(l):
    l[1], l[0] = l
    return l


@njit
def loops(pts, rows):
    s = 0.0
    for x, y in pts:
        s += x * 2.0 - y
    t = 0
    for a, b in rows:
        t = t * 3 + a - b
    words = [w.split("=") for w in ["a=1", "b=22"]]
    for k, v in words:
        t += len(k) * int(v)
    return s, t, [p + q for p, q in rows]


@njit
def short_row(rows):
    t = 0
    for a, b in rows:
        t += a * b
    return t


@pytest.mark.parametrize("s", ["x:1;y:22;z:333", "a:1", "a:1;b", "a:1:2"])
def test_pairs_from_split(s):
    check(pairs, s)


def test_lists_strings_and_arrays():
    check(of_each_kind, 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=6), st.integers(0, 6))
def test_lengths_checked_at_run_time(xs, k):
    check(sliced, xs, k)


def test_items_read_before_targets_stored():
    check(swapped_in_place, [5, 6])


def test_for_targets():
    check(loops, np.arange(8.0).reshape(4, 2), [[1, 2], [3, 4], [5, 6]])
    check(short_row, [[1, 2], [3]])
    check(short_row, [[1, 2, 3]])
