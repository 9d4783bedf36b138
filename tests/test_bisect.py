"""Python's bisect module in compiled code (the front end's library `bisect.py`), against CPython:
positions in sorted lists and 1-d arrays with ties, lo= and hi=, insort, and CPython's ValueError."""

import bisect
from bisect import bisect_left, insort

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import njit


@njit
def positions(xs, x, lo, hi):
    return (bisect.bisect_left(xs, x), bisect.bisect_right(xs, x), bisect.bisect(xs, x),
            bisect_left(xs, x, lo), bisect.bisect_right(xs, x, lo, hi), bisect.bisect_left(xs, x, hi=hi))


@njit
def insorted(xs, values):
    for v in values:
        insort(xs, v)
        bisect.insort_left(xs, v + 0.5)
    return len(xs)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=12), st.integers(-7, 7), st.integers(-1, 14), st.integers(0, 14))
def test_positions(xs, x, lo, hi):
    xs = sorted(xs)
    check(positions, [float(v) for v in xs], float(x), lo, hi)  # lo < 0: ValueError
    check(positions, np.array(xs, dtype=np.int64), x, lo, hi)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-3, 3), max_size=8), st.lists(st.floats(-3, 3), min_size=1, max_size=6))
def test_insort(xs, values):
    check(insorted, sorted(xs) or [0.0], values)
