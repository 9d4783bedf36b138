"""`l[a:b:c] = m` and `del l[a:b:c]` on lists: differential against CPython over every kind of
slice (negative and out-of-range bounds, negative steps, extended slices of the wrong length),
the list itself as the source, lists of heap values (strings, arrays, lists) whose references the
replaced items give up, and the caller's list written back."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

bounds = st.one_of(st.none(), st.integers(-8, 8))
steps = st.one_of(st.none(), st.sampled_from([1, 2, 3, -1, -2, -3]))


@njit
def store(l, a, b, c, m):
    l[a:b:c] = m
    return l


@njit
def store_run(l, a, b, m):
    l[a:b] = m
    return len(l)


@njit
def delete(l, a, b, c):
    del l[a:b:c]
    return l


@njit
def clear_run(l, a, b):
    l[a:b] = []
    return l


@njit
def from_itself(l):
    l[1:] = l
    l[::2] = l[: (len(l) + 1) // 2]
    return l


@njit
def strings(n):
    words = ["w" + str(i) for i in range(n)]
    words[1:3] = ["x", "y", "z"]
    del words[::3]
    words[:2] = words[-2:]
    return words


@njit
def arrays(n):
    rows = [np.full(2, float(i)) for i in range(n)]
    rows[1:3] = [np.zeros(3)]
    del rows[-1:]
    return rows


@njit
def nested(n):
    ls = [[i, i + 1] for i in range(n)]
    ls[::2] = [[-1] for _ in range((n + 1) // 2)]
    return ls


@njit
def zero_step(l):
    l[::0] = l
    return l


@njit
def store_nothing(l, a, b, c):
    l[a:b:c] = l[0:0]
    return l


# Empty lists cannot be arguments (no item type); `store_nothing` stores an empty one.
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=8), bounds, bounds, steps, st.lists(st.integers(-9, 9), min_size=1, max_size=6))
def test_store_and_delete_hypothesis(xs, a, b, c, ms):
    check(store, list(xs), a, b, c, list(ms))
    check(store_nothing, list(xs), a, b, c)
    check(delete, list(xs), a, b, c)
    check(store_run, list(xs), a, b, list(ms))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=8), bounds, bounds)
def test_clearing_a_run(xs, a, b):
    check(clear_run, list(xs), a, b)


def test_extended_slice_of_the_wrong_length_raises_value_error():
    check(store, [1, 2, 3, 4, 5], None, None, 2, [9])
    check(store_nothing, [1, 2, 3, 4, 5], None, None, -1)
    check(zero_step, [1, 2])


def test_the_list_itself_as_the_source():
    check(from_itself, [1, 2, 3, 4])
    check(from_itself, [1])


def test_heap_items_are_released_and_kept():
    for n in (0, 1, 4, 7):
        check(strings, n)
        check(arrays, n)
        check(nested, n)
