"""Small leaf functions are lowered in place at their call sites; results, errors and their source
locations must be those of a real call."""

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


@njit
def divide(a, b):
    return a // b


@njit
def pair(x):
    return x + 1, x * 2.5


@njit(boundscheck=False)
def unchecked_get(a, i):
    return a[i]


@njit
def last_index(n):
    for j in range(n):
        pass
    return j


@njit
def caller(values, lo, hi, d):
    total = 0
    for i in range(values.shape[0]):
        total += clamp(values[i], lo, hi) + divide(i, d)
    a, b = pair(total)
    return a, b, unchecked_get(values, 0), last_index(3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=8), st.integers(-10, 0), st.integers(0, 10), st.integers(-3, 3))
def test_inlined_calls_match_python(values, lo, hi, d):
    check(caller, np.array(values, dtype=np.int64), lo, hi, d)


def test_errors_inside_inlined_callee_point_at_the_callee():
    with pytest.raises(ZeroDivisionError) as ei:
        caller(np.arange(3), 0, 5, 0)
    lines, first = inspect.getsourcelines(divide.py_func)
    line = first + next(k for k, text in enumerate(lines) if "a // b" in text)
    assert f"test_inline.py:{line}:12" in "".join(ei.value.__notes__)


@njit
def calls_unbound(n):
    return last_index(n)


def test_unbound_local_in_inlined_callee():
    with pytest.raises(UnboundLocalError):
        calls_unbound(0)
    assert calls_unbound(4) == 3


# What the caller knows of its arguments (ranges, bounds below array lengths) carries into an
# inlined callee's parameters; a callee that reassigns a parameter must not inherit it.

@njit
def put(a, i, j, v):
    a[i, j] = v


@njit
def put_shifted(a, i, j, v):
    i = i + 2
    a[i, j] = v


@njit
def fill_through_callee(a, shift):
    for x in range(a.shape[1]):
        for y in range(a.shape[1]):
            put(a, x, y - shift, x * 10 + y)


@njit
def fill_through_shifting_callee(a):
    for x in range(a.shape[0]):
        for y in range(a.shape[1]):
            put_shifted(a, x, y, 1.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(-3, 8))
def test_caller_facts_in_inlined_callee(rows, cols, shift):
    check(fill_through_callee, np.zeros((rows, cols)), shift)


def test_reassigned_parameter_keeps_its_bounds_check():
    check(fill_through_shifting_callee, np.zeros((3, 3)))
    with pytest.raises(IndexError):
        fill_through_shifting_callee(np.zeros((3, 3)))
