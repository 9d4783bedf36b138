"""Statements and control flow.  PYTEST_DONT_REWRITE (the jitted functions' asserts must stay plain)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check

small = st.integers(-12, 12)


@njit
def swap(a, b):
    a, b = b, a
    return a, b


@njit
def tuples(x, y):
    t = (x, y, x + y)
    a, b, c = t
    u = (t[0] * 2, t[2])
    p, q = u
    return t[1], c, (p, q), t[-1]


@njit
def aug(x, y):
    x += y
    x -= 1
    x *= 3
    x //= 2
    x %= 1000
    z = x * 1.0
    z /= 4
    z **= 2
    w = x
    w <<= 2
    w |= 1
    w &= 255
    w ^= 7
    w >>= 1
    return x, z, w


def test_assignment_forms():
    check(swap, 1, 2)
    check(swap, 1.5, -0.0)
    check(tuples, 3, 4)
    check(tuples, 1.5, 2.5)
    for x, y in [(1, 2), (-7, 3), (100, -300)]:
        check(aug, x, y)


@njit
def classify(x):
    if x < 0:
        r = -1
    elif x == 0:
        r = 0
    elif x < 10:
        r = 1
    else:
        r = 2
    return r


@njit
def nested_if(a, b):
    if a:
        if b:
            return 1
        return 2
    elif b:
        return 3
    else:
        pass
    return 4


def test_if_elif_else():
    for x in [-5, 0, 3, 10, 99]:
        check(classify, x)
    for a in [0, 1]:
        for b in [0, 1]:
            check(nested_if, a, b)


@njit
def range1(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


@njit
def range2(a, b):
    s = 0
    for i in range(a, b):
        s = s * 3 + i
    return s


@njit
def range3(a, b, c):
    s = 0
    k = 0
    for i in range(a, b, c):
        s = (s * 7 + i) % 1000003
        k += 1
    return s % 1000003, k


@given(a=small, b=small, c=st.integers(-5, 5).filter(lambda v: v != 0))
@settings(max_examples=150, deadline=None)
def test_ranges(a, b, c):
    check(range1, a)
    check(range2, a, b)
    check(range3, a, b, c)


def test_range_zero_step():
    check(range3, 0, 5, 0)  # ValueError: range() arg 3 must not be zero


@njit
def loop_var_survives(n):
    j = -1
    for j in range(n):
        pass
    return j


@njit
def loop_var_after(n):
    for j in range(n):
        pass
    return j


def test_loop_variable_survives():
    for n in [0, 1, 5]:
        check(loop_var_survives, n)
    check(loop_var_after, 4)


@njit
def while_loop(n):
    i = 0
    s = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if s > 50:
            break
        s += i
    return i, s


@njit
def for_else(n, stop):
    found = -1
    for i in range(n):
        if i == stop:
            found = i
            break
    else:
        found = 100
    return found


@njit
def while_else(n, stop):
    i = 0
    r = 0
    while i < n:
        if i == stop:
            break
        i += 1
    else:
        r = 1
    return i, r


@njit
def nested_break(n):
    c = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            if (i + j) % 2:
                continue
            c += 1
    return c


def test_while_break_continue_else():
    for n in [0, 1, 5, 20, 100]:
        check(while_loop, n)
        check(nested_break, n)
    for n, stop in [(5, 2), (5, 7), (0, 0), (3, 3)]:
        check(for_else, n, stop)
        check(while_else, n, stop)


@njit
def iterate_array(a):
    s = 0.0
    n = 0
    for v in a:
        s += v
        n += 1
    return s, n


def test_for_over_array():
    check(iterate_array, np.arange(10.0))
    check(iterate_array, np.arange(10.0)[::-3])
    s, n = iterate_array(np.zeros(0))  # one type per local: s is a float64 even if the loop never runs
    assert s == 0.0 and n == 0


@njit
def implicit_none(a):
    a[0] = 1


@njit
def explicit_none():
    return None


@njit
def bare_return(x):
    if x:
        return
    x = 1


def test_return_none():
    check(implicit_none, np.zeros(3))
    check(explicit_none)
    check(bare_return, 0)
    check(bare_return, 1)


@njit
def asserts(x):
    assert x > 0
    assert x < 10, "x too big"
    return x


@njit
def raises(x):
    if x == 1:
        raise ValueError("bad")
    if x == 2:
        raise IndexError("index 2")
    if x == 3:
        raise KeyError("k")
    if x == 4:
        raise ZeroDivisionError()
    if x == 5:
        raise RuntimeError
    if x == 6:
        raise TypeError("not this")
    return x


def test_assert_and_raise():
    for x in [-1, 0, 5, 10, 11]:
        check(asserts, x)
    with pytest.raises(AssertionError) as ei:
        asserts(12)
    assert str(ei.value) == "x too big"
    for x in range(8):
        check(raises, x)
    with pytest.raises(ValueError) as ei:
        raises(1)
    assert str(ei.value) == "bad"


@njit
def raises_two_args(x):
    if x:
        raise IndexError("index", 2)
    return x


def test_raise_with_two_args():
    # The exception's args are CPython's (see tests/test_exceptions.py for run-time values).
    assert raises_two_args(0) == 0
    with pytest.raises(IndexError) as ei:
        raises_two_args(1)
    assert ei.value.args == ("index", 2)


@njit
def unify(c):
    x = 0
    if c:
        x = 1.5
    return x


@njit
def unify_loop(n):
    s = 0
    for i in range(n):
        s = s + 0.5
    return s


def test_type_unification():
    check(unify, True)
    r = unify(False)  # numba-style: the variable is a float everywhere
    assert type(r) is float and r == 0.0
    check(unify_loop, 3)
    r = unify_loop(0)
    assert type(r) is float and r == 0.0


@njit
def tuple_arg(t, none):
    a, b = t
    c = t[1] * 2
    return (b, a), c, none


@njit
def nested_tuple(x):
    t = ((x, 1), (2.5, (x, x)))
    return t[1][1][0] + t[0][1], t


def test_tuples_and_none_args():
    check(tuple_arg, (1, 2.5), None)
    check(tuple_arg, (np.float32(1), np.int8(3)), None)
    check(nested_tuple, 4)
