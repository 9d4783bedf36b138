"""Dicts in compiled code, differential against CPython: literals and empty dicts typed from their
stores, `d[k]` and KeyError, stores and `d[k] op= v`, `get`/`pop`/`setdefault`/`clear`, `in`, `len`,
loops over keys, values and items in insertion order (also after deletions), RuntimeError when a
loop's dict changes size, tuple and bool keys, values that are arrays, dicts returned to Python, the
prange race rule and the refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, prange

from conftest import check


@njit
def count(a):
    d = {}
    for x in a:
        if x in d:
            d[x] += 1
        else:
            d[x] = 1
    return d


@njit
def literal(n):
    d = {1: 2.5, 3: 4.5}
    d[n] = 7.0
    s = 0.0
    for k, v in d.items():
        s += k * v
    for k in d:
        s += k
    for v in d.values():
        s -= v
    for k in d.keys():
        s += 2 * k
    return s, len(d), d.get(5, -1.0), d.get(1, 0.0), 3 in d, 9 not in d


@njit
def lookup(d_items, k):
    d = {0: 0}
    for i in range(d_items):
        d[i * 3] = i
    return d[k]


@njit
def pops(n):
    d = dict()
    for i in range(n):
        d[i] = i * i
    a = d.pop(2)
    b = d.pop(100, -5)
    c = d.setdefault(50, 9)
    e = d.setdefault(1, 9)
    return d, a, b, c, e


@njit
def pop_missing(n):
    d = {1: 1.5}
    return d.pop(n)


@njit
def arrays(n):
    d = {}
    for i in range(n):
        d[i] = np.arange(i * 1.0)
    d[0] = np.ones(2)
    total = 0.0
    for v in d.values():
        total += v.sum()
    return d, total


@njit
def tuple_keys(n):
    d = {(1, 2): 1.0}
    d[n, n] = 2.0
    d[(n, 1)] = 3.0
    return d, d[(1, 2)], (n, n) in d


@njit
def tuple_missing(n):
    d = {(1, 2): 1.0}
    return d[(n, 2)]


@njit
def grows_in_loop(n):
    d = {1: 1}
    for k in d:
        d[k + n] = 2
    return d


@njit
def bool_keys(b):
    d = {True: 1}
    d[False] = 2
    d[1] = 3
    return d, d[b]


@njit
def order_after_deletes(n):
    d = {}
    for i in range(n):
        d[i] = i
    for i in range(0, n, 2):
        d.pop(i)
    for i in range(n, 2 * n):
        d[i] = -i
    d.clear()
    d[5] = 5
    return d


@njit
def ops(codes, keys, values):
    d = {}
    out = 0
    for c, k0, v0 in zip(codes, keys, values):
        k = int(k0)
        v = int(v0)
        if c == 0:
            d[k] = v
        elif c == 1:
            out += d.pop(k, -1)
        elif c == 2:
            out += d.get(k, 7)
        elif c == 3:
            out += d.setdefault(k, v)
        elif k in d:
            d[k] += v
    return d, out


@njit
def str_key_ops(words, drop):
    d = {}
    for w in words:
        if w in d:
            d[w] += 1
        else:
            d[w] = 1
    for w in drop:
        if w in d:
            del d[w]
    for w in words:
        d[w + "!"] = len(d)  # grows over the holes: the table is rebuilt from the stored hashes
    return d


@njit
def update_that_grows(n):
    d = {0: 0}
    for i in range(n):
        d[0] += d.setdefault(i + 1, i)  # the value's evaluation moves the entries
    return d


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab\u00e9\U0001f600", max_size=3), min_size=1, max_size=40), st.lists(st.text(alphabet="ab", max_size=2), min_size=1, max_size=10))
def test_string_keys_counted_deleted_and_regrown(words, drop):
    check(str_key_ops, words, drop)


def test_update_whose_value_grows_the_dict():
    for n in (0, 1, 7, 100):
        check(update_that_grows, n)


def test_counting_and_literals():
    check(count, np.array([1, 2, 2, 3, 3, 3, -1]))
    check(count, np.array([], dtype=np.int64))
    check(count, np.array([True, False, True]))
    check(literal, 5)
    check(literal, 3)


def test_key_errors():
    check(lookup, 5, 6)
    check(lookup, 5, 7)
    check(pop_missing, 1)
    check(pop_missing, 2)
    check(tuple_missing, 1)
    check(tuple_missing, 4)
    check(bool_keys, True)
    check(bool_keys, False)


def test_methods_and_order():
    check(pops, 5)
    check(order_after_deletes, 10)
    check(order_after_deletes, 100)
    check(grows_in_loop, 1)
    check(tuple_keys, 4)
    check(tuple_keys, 1)


def test_array_values():
    check(arrays, 4)
    check(arrays, 0)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-3, 3), st.integers(-5, 5)), max_size=40))
def test_operation_sequences(seq):
    codes = np.array([s[0] for s in seq], dtype=np.int64)
    keys = np.array([s[1] for s in seq], dtype=np.int64)
    values = np.array([s[2] for s in seq], dtype=np.int64)
    check(ops, codes, keys, values)


def test_prange_race_rule():
    @njit(parallel=True)
    def shared(n):
        d = {0: 0}
        for i in prange(n):
            d[i] = i
        return d

    with pytest.raises(hasten.TypingError, match="dict shared by the iterations"):
        shared(4)

    @njit(parallel=True)
    def private(n, out):
        for i in prange(n):
            d = {i: 1.0}
            d[i + 1] = 2.0
            out[i] = d[i] + d.get(i + 1, 0.0)
        return out

    check(private, 8, np.zeros(8))


def test_refusals():
    @njit
    def float_keys(x):
        d = {x: 1}
        return d

    check(float_keys, np.float32(1.5))  # float32 keys: tests/test_float32_keys.py
    with pytest.raises(hasten.UnsupportedError, match="keys of this type"):
        float_keys(1.5j)

    @njit
    def get_without_default(d_n):
        d = {1: 2}
        return d.get(d_n)

    # Optional now (None or the value): tests/test_optional_locals.py.
    check(get_without_default, 1)
    check(get_without_default, 5)

    @njit
    def get_list_without_default(d_n):
        d = {1: [2]}
        return d.get(d_n)

    with pytest.raises(hasten.UnsupportedError, match="may be None"):
        get_list_without_default(1)

    @njit
    def untyped():
        d = {}
        return len(d)

    with pytest.raises(hasten.TypingError, match="empty dict"):
        untyped()


@njit
def deletes(n, k):
    d = {}
    for i in range(n):
        d[i] = np.ones(i)
    del d[k]
    l = [np.zeros(2), np.ones(3)]
    del l[-1]
    return d, l


@njit
def delete_from_list(l, i):
    del l[i]
    return l


def test_del():
    check(deletes, 4, 2)
    check(deletes, 4, 9)
    check(delete_from_list, [1, 2, 3], -1)
    check(delete_from_list, [1, 2, 3], 3)
    check(delete_from_list, [1.5], 0)


# ---- an empty dict typed by a store of its own `get` -------------------------------------------


@njit
def count_with_get(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    return d


@njit
def weigh_with_get(keys, x):
    d = {}
    for k in keys:
        d[k % 3] = d.get(k % 3, 0) + x
    return d


@njit
def pop_with_default(keys):
    d = {}
    for k in keys:
        d[k] = d.pop(k + 1, 10) - 1
    return d


@pytest.mark.parametrize("words", [["a", "b", "a"], ["x"] * 5])
def test_get_types_an_empty_dict(words):
    check(count_with_get, words)


@pytest.mark.parametrize("x", [0.5, 2])
def test_get_default_and_values_unify(x):
    check(weigh_with_get, list(range(7)), x)


def test_pop_default_types_an_empty_dict():
    check(pop_with_default, [1, 2, 3, 1])
