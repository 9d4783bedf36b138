"""`for` loops over `zip(...)` and `enumerate(...)`, differential against CPython: arrays (1-d items
and rows of n-d ones, strided views), lists (whose length the body may change, seen at each step as
CPython's iterators see it), nesting, unpacking targets, `start=`, `break`/`else`, and the
refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check, floats


@njit
def weighted(a, b):
    s = 0.0
    for i, v in enumerate(a):
        s += i * v
    for u, v in zip(a, b):
        s += u * v
    # CPython's sum stays a Python float when no item is seen; a hasten local has one type.
    return float(s)


@njit
def triple(a, b, c):
    s = 0.0
    for k, (u, v) in enumerate(zip(a, b), 3):
        s += k * u - v
    for x, y, z in zip(a, b, c):
        s += x * y * z
    return s


@njit
def rows(A):
    t = 0.0
    for i, row in enumerate(A):
        for j, v in enumerate(row):
            t += v * (i - j)
    return float(t)


@njit
def first_negative(a):
    for i, v in enumerate(a):
        if v < 0:
            break
    else:
        return -1
    return i


@njit
def continue_skips(a, b):
    n = 0
    for u, v in zip(a, b):
        if u > v:
            continue
        n += 1
    return n


@njit
def tuple_target(a):
    last = (0, 0.0)
    for item in enumerate(a, start=-2):
        last = item
    return last


@njit
def grows(l):
    out = []
    for i, v in enumerate(l):
        if i < 3:
            l.append(v * 2)
        out.append(i + v)
    return out


@njit
def shrinks(l, m):
    s = 0
    for u, v in zip(l, m):
        s += u * v
        if len(l) > 1:
            l.pop()
    return s


@njit
def mixed(l, a):
    s = 0.0
    for k, (x, y) in enumerate(zip(l, a)):
        s += k + x * y
    return s


def test_arrays():
    a = np.arange(10.0)
    check(weighted, a, a[::-1])
    check(weighted, a, a[:3])
    check(weighted, a[:0], a)
    check(triple, a, a[::2], -a)
    check(rows, np.arange(12.0).reshape(3, 4))
    check(rows, np.arange(12.0).reshape(3, 4).T)
    check(rows, np.zeros((0, 4)))


@settings(max_examples=40, deadline=None)
@given(st.lists(floats, max_size=12), st.lists(floats, max_size=12))
def test_arrays_hypothesis(x, y):
    check(weighted, np.array(x), np.array(y))
    check(continue_skips, np.array(x), np.array(y))


def test_break_else_and_targets():
    check(first_negative, np.array([1.0, 2.0, -3.0, 4.0]))
    check(first_negative, np.array([1.0, 2.0]))
    check(tuple_target, np.array([1.5, 2.5]))


def test_lists_see_changes():
    check(grows, [1, 2, 3])
    check(shrinks, [1, 2, 3, 4], [5, 6, 7, 8])
    check(mixed, [1.0, 2.0, 3.0], np.arange(5.0))


def test_start_overflow():
    @njit
    def f(a, k):
        s = 0
        for i, v in enumerate(a, k):
            s = i
        return s

    assert f(np.arange(2.0), 2**63 - 2) == 2**63 - 1
    with pytest.raises(OverflowError):
        f(np.arange(3.0), 2**63 - 2)


def test_refusals():
    @njit
    def outside(a):
        z = zip(a, a)
        return 0

    with pytest.raises(hasten.UnsupportedError, match="only as the iterable of a for loop"):
        outside(np.arange(3.0))

    @njit
    def float_start(a):
        for i, v in enumerate(a, 1.5):
            pass
        return 0

    with pytest.raises(hasten.TypingError, match="cannot be interpreted as an integer"):
        float_start(np.arange(3.0))

    @njit
    def prints(a):
        print(a, file=None)
        print(a, file=a)

    with pytest.raises(hasten.UnsupportedError, match="print\\(file=...\\) is not supported"):
        prints(np.arange(3.0))
