"""Counted loops that only add invariant integers to int accumulators run in closed form; results,
loop variables left after the loop, overflow and errors must be CPython's (64-bit limits aside)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import INT64_MAX, INT64_MIN, check

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


@njit
def outer_sum_read_inside(n, m):
    s = 0
    u = 0
    for i in range(n):
        s = s + 1
        for j in range(m):
            u = u + s
    return s, u


def test_inner_term_assigned_by_the_outer_loop():
    # `s` changes on every outer iteration, so the inner loop's increment is not invariant in
    # the nest: only the inner loop may run in closed form.
    for n, m in [(3, 2), (1, 5), (7, 1), (4, 0)]:
        check(outer_sum_read_inside, n, m)


@njit
def start_and_add(s, x, y, n, m):
    for i in range(n):
        for j in range(m):
            s = s + x
        s = s - y
    return s


def _may_overflow(s, x, y, n, m):
    """Where hasten may raise OverflowError although CPython's result fits: the loop run step by
    step with 64-bit ints leaves int64, or a closed-form aggregate does (the inner loop's total
    `m * x`, or one outer iteration's increment `m * x - y`, which the closed form keeps to 64 bits)."""
    def leaves(v):
        return not INT64_MIN <= v <= INT64_MAX

    if n and (leaves(m * x) or leaves(m * x - y)):
        return True
    for i in range(n):
        for j in range(m):
            s = s + x
            if leaves(s):
                return True
        s = s - y
        if leaves(s):
            return True
    return False


big = st.one_of(
    st.integers(INT64_MIN, INT64_MAX),
    st.sampled_from([INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1, 2**62, -(2**62), 0, 1, -1]),
)


@settings(max_examples=500, deadline=None)
@given(big, big, big, st.integers(0, 5), st.integers(0, 5))
def test_closed_form_near_the_int64_limits(s, x, y, n, m):
    # The 64-bit fast path hands any overflowing step to the exact 128-bit path: the result is
    # CPython's unless it leaves int64 (then OverflowError) or `_may_overflow` allows the error.
    expected = start_and_add.py_func(s, x, y, n, m)
    if not INT64_MIN <= expected <= INT64_MAX:
        with pytest.raises(OverflowError):
            start_and_add(s, x, y, n, m)
    elif _may_overflow(s, x, y, n, m):
        try:
            got = start_and_add(s, x, y, n, m)
        except OverflowError:
            return
        assert got == expected
    else:
        check(start_and_add, s, x, y, n, m)


def test_closed_form_result_fits_though_the_product_does_not():
    # n * inc is 2**63, but s + n * inc is 10: the running loop never leaves int64.
    check(start_and_add, INT64_MIN + 10, 2**62, 0, 2, 1)


@njit
def literal_counts(x, y):
    s = 0
    for i in range(3):
        for j in range(4):
            s = s + x
        s = s - y
    t = -5
    for i in range(2):
        t = t + x
    return s, t


@settings(max_examples=300, deadline=None)
@given(big, big)
def test_literal_trip_counts_and_literal_starts(x, y):
    # Loops known to run are applied where the accumulators are still constants: the fast path
    # drops the overflow tests of `0 + total`, and the exact path must agree with it.
    s, t = literal_counts.py_func(x, y)
    if not (INT64_MIN <= s <= INT64_MAX and INT64_MIN <= t <= INT64_MAX):
        with pytest.raises(OverflowError):
            literal_counts(x, y)
    elif _may_overflow(0, x, y, 3, 4) or _may_overflow(-5, x, 0, 2, 1):
        try:
            got = literal_counts(x, y)
        except OverflowError:
            return
        assert got == (s, t)
    else:
        check(literal_counts, x, y)
