"""Dict methods in compiled code, differential against CPython: `update` (from a dict), `popitem`
(LIFO, KeyError on an empty dict), `copy`, `clear`, `==`/`!=` (value kinds: ints, floats, bools,
strings, tuples), with hypothesis over operation sequences, and the refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check


@njit
def build(keys, values):
    d = {}
    for k, v in zip(keys, values):
        d[int(k)] = float(v)
    return d


@njit
def update_copy(k1, v1, k2, v2):
    a = build(k1, v1)
    b = build(k2, v2)
    c = a.copy()
    a.update(b)
    return a, c, b, a == c, a != b, len(a)


@njit
def popitems(k1, v1):
    a = build(k1, v1)
    out = []
    n = len(a)
    for _ in range(n):
        k, v = a.popitem()
        out.append(k)
        a[k + 100] = v
        a.pop(k + 100)
    return out, a


@njit
def popitem_empty(n):
    d = {1: 2}
    d.pop(1)
    if n > 0:
        d[n] = n
    return d.popitem()


@njit
def clear_then_use(n):
    d = {1: "a", 2: "b"}
    e = d.copy()
    d.clear()
    d[n] = "c"
    return d, e, d == e


@njit
def string_values(n):
    a = {"x": "p" * n, "y": "q"}
    b = {"y": "q", "x": "pp"}
    c = {"x": 1.5}
    c.update({"z": 2.5})
    return a == b, a != b, c, c.popitem(), c


@njit
def tuple_values(n):
    a = {(1, 2): (n, 0.5, True)}
    b = {(1, 2): (2, 0.5, True)}
    return a == b, a.copy() == a


@njit
def nan_and_zero(x):
    a = {1: x}
    b = {1: -x}
    return a == b


@njit
def ops(codes, keys, values):
    d = {}
    e = {}
    out = []
    for c, k0, v in zip(codes, keys, values):
        k = int(k0)
        if c == 0:
            d[k] = v
        elif c == 1:
            e[k] = v
        elif c == 2:
            d.update(e)
        elif c == 3:
            if len(d) > 0:
                kk, vv = d.popitem()
                out.append(kk)
        elif c == 4:
            e = d.copy()
        elif c == 5:
            out.append(int(d == e))
        else:
            e.clear()
    return d, e, out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-3, 3), st.integers(-2, 2)), max_size=30))
def test_operation_sequences(seq):
    codes = np.array([c for c, _, _ in seq], dtype=np.int64)
    keys = np.array([k for _, k, _ in seq], dtype=np.int64)
    values = np.array([v for _, _, v in seq], dtype=np.float64)
    check(ops, codes, keys, values)


def test_methods():
    k1, v1 = np.array([3, 1, 2]), np.array([0.5, 1.5, -2.0])
    k2, v2 = np.array([2, 7]), np.array([9.0, 4.0])
    e, ef = np.array([], dtype=np.int64), np.array([], dtype=np.float64)
    check(update_copy, k1, v1, k2, v2)
    check(update_copy, k1, v1, k1, v1)
    check(update_copy, e, ef, e, ef)
    check(popitems, k1, v1)
    check(popitem_empty, 0)
    check(popitem_empty, 5)
    check(clear_then_use, 1)
    check(string_values, 1)
    check(string_values, 2)
    check(tuple_values, 1)
    check(tuple_values, 2)
    check(nan_and_zero, 0.0)
    check(nan_and_zero, 1.0)


def test_refusals():
    @njit
    def order(n):
        return {1: n} < {1: n}

    with pytest.raises(hasten.TypingError, match="'<' not supported between instances of 'dict' and 'dict'"):
        order(1)

    @njit
    def other_types(n):
        d = {1: n}
        d.update({1: 0.5})
        return d

    with pytest.raises(hasten.UnsupportedError, match="one type"):
        other_types(1)

    @njit
    def array_values(n):
        return {1: np.zeros(n)} == {1: np.zeros(n)}

    with pytest.raises(hasten.UnsupportedError, match="comparing"):
        array_values(1)
