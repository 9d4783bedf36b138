"""Counted loops that only add invariant integers to int accumulators run in closed form; results,
loop variables left after the loop, overflow and errors must be CPython's (64-bit limits aside)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

small = st.integers(-40, 40)
steps = st.sampled_from([-7, -3, -1, 1, 2, 5])


@njit
def nested(x, y, n, m):
    s = 0
    for i in range(n):
        for j in range(m):
            s = s + x
        s = s + y
    return s, i, j


@njit
def stepped(a, b, step, x):
    s = 7
    for i in range(a, b, step):
        s -= x
        s += 3
    return s, i


@njit
def bool_terms(flag, n):
    t = 0
    for k in range(n):
        t += flag
    return t


@njit
def loop_var_accumulated(n):
    j = 0
    for i in range(n):
        for j in range(3):
            pass
        j += 1
    return j


@njit
def float_accumulator(n):
    s = 0.1
    for i in range(n):
        s += 0.1
    return s


@settings(max_examples=300, deadline=None)
@given(small, small, st.integers(1, 30), st.integers(1, 30))
def test_nested_accumulation(x, y, n, m):
    check(nested, x, y, n, m)


def test_empty_loops_leave_variables_unbound():
    with pytest.raises(UnboundLocalError):
        nested(1, 2, 0, 3)
    with pytest.raises(UnboundLocalError):
        nested(1, 2, 3, 0)


@settings(max_examples=300, deadline=None)
@given(small, small, steps, small)
def test_any_step(a, b, step, x):
    if len(range(a, b, step)) == 0:
        with pytest.raises(UnboundLocalError):
            stepped(a, b, step, x)
    else:
        check(stepped, a, b, step, x)


def test_zero_step_raises():
    check(stepped, 0, 10, 0, 1)


def test_bool_terms_and_loop_variable_accumulators():
    check(bool_terms, True, 9)
    check(loop_var_accumulated, 4)
    check(float_accumulator, 10)


def test_overflow_of_the_result_raises():
    with pytest.raises(OverflowError):
        nested(2**62, 0, 4, 1)
    # Partial sums never leave 64 bits here, and neither does the closed form.
    check(nested, 2**61, -(2**61), 3, 2)
