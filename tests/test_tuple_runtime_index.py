"""`t[i]` of a tuple whose items have one type, with `i` known only at run time (numba's UniTuple
indexing), against CPython: negative positions, IndexError, items that are arrays, strings and
tuples; tuples of items of different types refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check
from hasten import njit

WEIGHTS = (0.25, 0.5, 1.0, 2.0)


@njit
def numbers(i):
    t = (3, 1, 4, 1, 5)
    return t[i], WEIGHTS[i % 4], (2.5, -1.0)[i & 1]


@njit
def arrays(a, b, c, n):
    arrs = (a, b, c)
    total = 0.0
    for k in range(n):
        x = arrs[k % 3]
        x[0] += 1.0
        total += x.sum()
    return float(total)


@njit
def strings_and_pairs(i):
    names = ("alpha", "beta", "gamma")
    pairs = ((1, 2.0), (3, 4.0))
    return names[i] + "!", pairs[i % 2][1], len(names[-1 - i % 3])


@njit
def numpy_int_index(t, a):
    return t[a[0]], t[a[1]]


@settings(max_examples=100, deadline=None)
@given(st.integers(-7, 7))
def test_numbers_and_errors(i):
    check(numbers, i)
    check(strings_and_pairs, i)


def test_arrays_are_the_items_themselves():
    for n in range(7):
        check(arrays, np.zeros(3), np.ones(2), np.arange(4.0), n)


@njit
def layouts(a, i):
    views = (a, a[::2], a[1:], a.T.copy().T)
    return views[i].sum(), views[i].shape


def test_arrays_of_different_layouts():
    for i in range(-4, 5):
        check(layouts, np.arange(12.0).reshape(3, 4), i)


def test_numpy_ints_and_bools_index():
    check(numpy_int_index, (1.5, 2.5, 3.5), np.array([2, -3]))
    with pytest.raises(hasten.TypingError, match="tuple indices must be integers"):
        numpy_int_index((1.5, 2.5, 3.5), np.array([True, False]))  # CPython's TypeError
    check(numpy_int_index, (1.5, 2.5, 3.5), np.array([5, 0]))


def test_items_of_different_types_refused_by_name():
    @njit
    def mixed(i):
        return (1, 2.5)[i]

    with pytest.raises(hasten.UnsupportedError, match="items of different types"):
        mixed(0)

    @njit
    def float_index(x):
        return (1, 2)[x]

    with pytest.raises(hasten.TypingError, match="tuple indices must be integers"):
        float_index(0.5)
