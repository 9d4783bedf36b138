"""Set algebra in compiled code, differential against CPython: the operators `| & - ^` and their
in-place forms, the comparisons `<= < >= > == !=`, the methods `union intersection difference
symmetric_difference issubset issuperset isdisjoint update intersection_update difference_update
symmetric_difference_update copy pop`, aliasing (`s -= s`), string and tuple items, and the
refusals. Sets are built from arrays (sets are not taken as arguments), and compared as sets:
hasten iterates in insertion order, CPython in its hash table's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check


@njit
def build(a):
    s = set()
    for x in a:
        s.add(int(x))
    return s


@njit
def operators(a, b):
    x = build(a)
    y = build(b)
    return x | y, x & y, x - y, x ^ y, x <= y, x < y, x >= y, x > y, x == y, x != y


@njit
def methods(a, b, c):
    x = build(a)
    y = build(b)
    z = build(c)
    return (
        x.union(y),
        x.union(y, z),
        x.intersection(y, z),
        x.difference(y, z),
        x.symmetric_difference(y),
        x.issubset(y),
        x.issuperset(y),
        x.isdisjoint(y),
        x.copy(),
        len(x),
    )


@njit
def in_place(a, b, op):
    x = build(a)
    alias = x
    y = build(b)
    if op == 0:
        x |= y
    elif op == 1:
        x &= y
    elif op == 2:
        x -= y
    else:
        x ^= y
    return x, alias == x, len(alias)


@njit
def update_methods(a, b, c, op):
    x = build(a)
    y = build(b)
    z = build(c)
    if op == 0:
        x.update(y, z)
    elif op == 1:
        x.intersection_update(y, z)
    elif op == 2:
        x.difference_update(y, z)
    else:
        x.symmetric_difference_update(y)
    return x


@njit
def self_ops(a):
    x = build(a)
    y = build(a)
    z = build(a)
    w = build(a)
    x |= x
    y &= y
    z -= z
    w ^= w
    return x, y, z, w, x == x, x < x


@njit
def copy_is_separate(a):
    x = build(a)
    y = x.copy()
    y.add(1000)
    x.discard(1000)
    return x, y, 1000 in x


@njit
def pops(a):
    x = build(a)
    seen = set()
    total = 0
    n = len(x)
    for _ in range(n):
        v = x.pop()
        seen.add(v)
        total += v
    return seen, total, len(x)


@njit
def pop_empty():
    x = {1}
    x.pop()
    return x.pop()


@njit
def strings(n):
    a = {"x", "y", "z" * n}
    b = {"y", "zz"}
    c = a | b
    c -= {"x"}
    return a & b, a - b, a ^ b, c, a >= {"y"}, a.isdisjoint({"q"}), c.copy()


@njit
def tuples(n):
    a = {(1, 2), (n, n)}
    b = {(1, 2), (3, 4)}
    return a | b, a & b, a <= b


ints = st.lists(st.integers(-4, 8), max_size=12).map(lambda v: np.array(v, dtype=np.int64))


@settings(max_examples=80, deadline=None)
@given(ints, ints, ints)
def test_algebra_hypothesis(a, b, c):
    check(operators, a, b)
    check(methods, a, b, c)
    for op in range(4):
        check(in_place, a, b, op)
        check(update_methods, a, b, c, op)


def test_edges():
    e = np.array([], dtype=np.int64)
    v = np.array([3, 1, 2], dtype=np.int64)
    for a, b in [(e, e), (e, v), (v, e), (v, v)]:
        check(operators, a, b)
    check(self_ops, v)
    check(self_ops, e)
    check(copy_is_separate, v)
    check(pops, v)
    check(pops, e)
    check(pop_empty)
    check(strings, 2)
    check(strings, 1)
    check(tuples, 1)
    check(tuples, 3)


def test_refusals():
    @njit
    def mixed(n):
        return {n} | {True}

    with pytest.raises(hasten.UnsupportedError, match="one type"):
        mixed(1)

    @njit
    def with_list(n):
        s = {n}
        return s.union([1, 2])

    # Any iterable is taken now (tests/test_container_iterables.py).
    check(with_list, 1)

    @njit
    def plus(n):
        return {n} + {n}

    with pytest.raises(hasten.TypingError, match="unsupported operand"):
        plus(1)
