"""Lists changed in place as CPython changes them, differentially: `l += xs` (any iterable `extend`
takes) and `l *= n` mutate the list object, so another name of it sees the change; `list()`;
`l.extend(...)` of tuples, strings, 1-D arrays, `range(...)`, `reversed(...)` and generator
expressions; `l.index(x, start[, stop])` (lists, tuples and strings, with CPython's bounds and
errors)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import UnsupportedError, njit
from conftest import check

S = settings(max_examples=60, deadline=None)


@njit
def iadd_list(a, b):
    alias = a
    a += b
    return a, alias


@njit
def iadd_iterables(a, t, s, n):
    a += t
    a += range(n)
    a += (x * 2 for x in range(n))
    words = ["p"]
    words += s
    return a, words


@njit
def imul(a, n):
    alias = a
    a *= n
    return a, alias


@njit
def empty_list_then_use():
    out = list()
    for i in range(4):
        out.append(i * 0.5)
    return out


@njit
def extend_forms(a, t, s, arr, n):
    a.extend(t)
    a.extend(arr)
    counts = [0]
    counts.extend(range(n))
    counts.extend(reversed(range(n)))
    counts.extend(x + 1 for x in range(n) if x % 2)
    chars = ["-"]
    chars.extend(s)
    return a, counts, chars


@njit
def index_between(seq, x, start, stop):
    return seq.index(x, start, stop)


@njit
def index_from(seq, x, start):
    return seq.index(x, start)


@S
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=6), st.lists(st.integers(-5, 5), min_size=1, max_size=6))
def test_iadd_extends_the_same_list(a, b):
    check(iadd_list, a, b)


def test_iadd_of_other_iterables():
    check(iadd_iterables, [1, 2], (3, 4), "xy", 3)


@njit
def iadd_array(a, arr):
    a += arr
    return a


def test_iadd_of_an_array_is_refused_by_name():
    # CPython calls NumPy's __radd__ first: an elementwise sum that rebinds `a` to an array
    with pytest.raises(UnsupportedError, match="of a list and an array"):
        iadd_array([1, 2], np.arange(2))


@pytest.mark.parametrize("n", [-2, 0, 1, 3])
def test_imul_repeats_in_place(n):
    check(imul, [1, 2], n)
    check(imul, [0.5], n)


def test_list_call_without_arguments_is_an_empty_list():
    check(empty_list_then_use)


def test_extend_takes_any_iterable():
    check(extend_forms, [np.int64(0)], (np.int64(7), np.int64(8)), "ab", np.arange(2), 4)


@S
@given(st.lists(st.integers(0, 3), min_size=1, max_size=8), st.integers(0, 3), st.integers(-10, 10), st.integers(-10, 10))
def test_index_with_bounds(xs, x, start, stop):
    check(index_between, xs, x, start, stop)
    check(index_from, xs, x, start)
    check(index_between, tuple(xs), x, start, stop)
    text = "".join(str(v) for v in xs)
    check(index_between, text, str(x), start, stop)
    check(index_from, text, str(x), start)
