"""Sets in compiled code, differential against CPython: literals, `set()` typed from `add`, `add`,
`discard`, `remove` (KeyError), `clear`, `in`, `len`, iteration (hasten iterates in insertion order;
CPython's order is its hash table's, so the tests compare what does not depend on it), sets returned
to Python, and the refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check


@njit
def distinct(a):
    s = set()
    for x in a:
        s.add(x)
    return s, len(s)


@njit
def methods(n):
    s = {1, 2, 3}
    s.add(n)
    s.discard(2)
    s.discard(100)
    total = 0
    for x in s:
        total += x
    return s, total, 3 in s, 2 not in s


@njit
def remove(n):
    s = {1, (2 > 1)}
    s.remove(n)
    return s


@njit
def pairs(n):
    s = set()
    for i in range(n):
        s.add((i % 3, i % 2))
    s.clear()
    s.add((n, n))
    return s, (n, n) in s


@njit
def ops(codes, keys):
    s = set()
    hits = 0
    for c, k0 in zip(codes, keys):
        k = int(k0)
        if c == 0:
            s.add(k)
        elif c == 1:
            s.discard(k)
        elif k in s:
            hits += 1
    return s, hits


def test_sets():
    check(distinct, np.array([3, 1, 3, 2, 1]))
    check(distinct, np.array([True, False, True]))
    check(methods, 7)
    check(methods, 3)
    check(remove, 1)
    check(remove, 5)
    check(pairs, 6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(-3, 3)), max_size=30))
def test_operation_sequences(seq):
    check(ops, np.array([c for c, _ in seq], dtype=np.int64), np.array([k for _, k in seq], dtype=np.int64))


def test_refusals():
    @njit
    def floats(x):
        return {x, 1.0}

    with pytest.raises(hasten.UnsupportedError, match="keys of this type"):
        floats(0.5j)

    @njit
    def untyped():
        s = set()
        return len(s)

    with pytest.raises(hasten.TypingError, match="empty set"):
        untyped()
