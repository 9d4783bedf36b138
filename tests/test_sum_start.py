"""`sum(iterable, start)` (also `start=`) against CPython: the fold `start + x0 + x1 + ...` in
that order over generators, lists, arrays, dicts, sets, ranges and tuples, with the result type of
the additions, a new list for a list start, and CPython's TypeError for a string start. And
`isinstance(x, str)` / `isinstance(x, complex)`."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def squares_from(xs, start):
    return sum((x * x for x in xs), start)


@njit
def list_from(xs, start):
    return sum(xs, start)


@njit
def keyword_start(xs):
    return sum(xs, start=0.25)


@njit
def filtered(xs):
    return sum((x for x in xs if x > 1), 0)


@njit
def nested(a):
    return sum((x * y for x in a for y in a), 1.5)


@njit
def of_range(n):
    return sum(range(n), 100)


@njit
def of_dict(d):
    return sum(d, 1), sum(d.values(), 0.5)


@njit
def of_tuple(t):
    return sum(t, 0)


@njit
def rows(a):
    return sum(a, np.zeros(a.shape[1]))


@njit
def lists_start(ls, start):
    out = sum(ls, start)
    out.append(99)
    return out, start


@njit
def strings(xs):
    return sum(xs, "")


def test_generators_lists_and_keyword():
    check(squares_from, [1.0, 2.0, 3.0], 0.5)
    check(squares_from, [1, 2, 3], 10)
    check(squares_from, [1, 2], 0.5)
    check(list_from, [0.1, 0.2, 0.3], 1e16)
    check(list_from, [True, False, True], 0)
    check(keyword_start, [1, 2, 3])
    check(filtered, [1, 2, 3])
    check(nested, np.arange(4.0))
    check(of_range, 10)
    check(of_dict, {1: 2.0, 3: 4.0})
    check(of_tuple, (1, 2, 3))


def test_arrays():
    check(list_from, np.arange(4, dtype=np.float32), 0.0)
    check(list_from, np.arange(5), 7)
    check(list_from, np.arange(6.0)[::-2], 0.5)
    check(rows, np.arange(6.0).reshape(2, 3))


def test_list_start_is_not_extended_in_place():
    check(lists_start, [[1], [2, 3]], [0])


def test_string_start_raises_cpythons_type_error():
    check(strings, ["a", "b"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1), st.floats(allow_nan=True))
def test_float_fold_order(xs, start):
    check(list_from, xs, start)


@njit
def kinds(x):
    return isinstance(x, str), isinstance(x, complex), isinstance(x, (int, str))


def test_isinstance_str_and_complex():
    for x in ["a", 1 + 2j, 1, 2.5, np.complex128(1j), np.complex64(1j), True]:
        check(kinds, x)


@njit
def literal_kinds():
    return isinstance(1j, complex), isinstance(2j, (int, float)), isinstance(0.5j, str)


def test_isinstance_of_imaginary_literals():
    check(literal_kinds)
