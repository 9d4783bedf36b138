"""np.lexsort (tuples of keys of any types, rows of a 2-d array) and sorted()/set() of range(...)
with and without a key, differential against NumPy and CPython."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit

from conftest import check, floats


@njit
def by_two(a, b):
    return np.lexsort((a, b))


@njit
def by_rows(m):
    return np.lexsort(m)


@njit
def by_three(a, b, c):
    return np.lexsort((a, b, c))


@njit
def ranked(n, w):
    return sorted(range(n), key=lambda i: w[i % len(w)]), sorted(range(n, 0, -2)), set(range(n)), sorted(range(n), reverse=True)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 12).flatmap(lambda n: st.tuples(*[hnp.arrays(np.float64, n, elements=floats | st.sampled_from([1.0, 2.0]))] * 3)))
def test_keys(keys):
    a, b, c = keys
    check(by_two, a, b)
    check(by_three, a, b, c)
    check(by_rows, np.vstack([a, b, c]))


def test_ints_ties_and_errors():
    a = np.array([3, 1, 3, 1, 2])
    b = np.array([0, 0, 0, 0, 0])
    check(by_two, a, b)
    check(by_two, b, a)
    check(by_two, a, a[:3])


def test_sorted_range():
    check(ranked, 7, np.array([0.5, -1.0, 0.5]))
    check(ranked, 0, np.array([1.0]))


def test_keys_of_two_dtypes():
    # The library's loop over the keys is compiled once per key type (`unroll.rs`).
    check(by_two, np.array([1.0, 0.5, 1.0, -0.0, 0.0]), np.array([2, 2, 1, 1, 2]))
    check(by_two, np.array([3, 1, 3]), np.array([True, False, False]))
    check(by_three, np.array([0.5, 0.5, 0.25]), np.array([1, 1, 1], np.int8), np.array([2.0, 1.0, 2.0], np.float32))
