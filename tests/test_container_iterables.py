"""Dict and set constructors and methods that take any iterable, differential against CPython:
`dict(pairs)`, `dict(d)`, `dict(k=v)`, `dict.fromkeys`, `d.update(pairs / dict / k=v)`, the set
methods of lists, tuples, ranges, arrays, strings, dicts and generators, and `sorted/min/max/sum/
list/any/all` of a dict (its keys). Sets are compared as sets: hasten iterates in insertion order,
CPython in its hash table's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check

# Lists passed in need an item (an empty one has no item type); the empty cases are built inside.
ints = st.lists(st.integers(-20, 20), min_size=1, max_size=12)


# --- dict(...) ---------------------------------------------------------------------------------


@njit
def dict_of_pairs(keys, values):
    pairs = [(k, v) for k, v in zip(keys, values)]
    d = dict(pairs)
    return d, len(d)


@njit
def dict_of_tuple_literal(x):
    return dict(((1, x), (2, 2 * x), (1, 3 * x)))


@njit
def dict_of_generator(n):
    return dict((i % 5, i * 1.5) for i in range(n))


@njit
def dict_of_list_comprehension(n):
    return dict([(str(i), i) for i in range(n)])


@njit
def dict_copy(n):
    d = {i: i * i for i in range(n)}
    e = dict(d)
    e[-1] = 7
    return d, e, len(d) == len(e)


@njit
def dict_of_items(n):
    d = {i: float(i) for i in range(n)}
    return dict(d.items())


@njit
def dict_of_keywords(x):
    return dict(alpha=x, beta=2 * x, gamma=-x)


@njit
def dict_of_string_pairs(s):
    return dict([(s[i], i) for i in range(len(s))])


@given(ints, ints)
@settings(max_examples=40, deadline=None)
def test_dict_of_pairs(keys, values):
    check(dict_of_pairs, keys, values)


@pytest.mark.parametrize("n", [0, 1, 7, 30])
def test_dict_constructors(n):
    check(dict_of_tuple_literal, n)
    check(dict_of_generator, n)
    check(dict_of_list_comprehension, n)
    check(dict_copy, n)
    check(dict_of_items, n)
    check(dict_of_keywords, n)
    check(dict_of_string_pairs, "abcab"[: n % 6])


def test_dict_copy_is_a_new_dict():
    d, e, _ = dict_copy(3)
    assert -1 in e and -1 not in d


# --- dict.fromkeys --------------------------------------------------------------------------------


@njit
def fromkeys_range(n):
    return dict.fromkeys(range(n), 0)


@njit
def fromkeys_list(keys, v):
    d = dict.fromkeys(keys, v)
    d[100] = -v
    return d


@njit
def fromkeys_string(s):
    return dict.fromkeys(s, (1, 2.5))


@njit
def fromkeys_negative(keys):
    return dict.fromkeys(keys, -3)


@given(ints, st.floats(allow_nan=False))
@settings(max_examples=30, deadline=None)
def test_fromkeys(keys, v):
    check(fromkeys_list, keys, v)
    check(fromkeys_negative, keys)


@pytest.mark.parametrize("n", [0, 1, 9])
def test_fromkeys_iterables(n):
    check(fromkeys_range, n)
    check(fromkeys_string, "hello wörld"[:n])


def test_fromkeys_value_evaluated_per_key_refused():
    @njit
    def f(n):
        return dict.fromkeys(range(n), [n])

    with pytest.raises(hasten.UnsupportedError, match="assign it to a variable first"):
        f(3)


# --- d.update(...) --------------------------------------------------------------------------------


@njit
def update_forms(keys, values):
    d = {0: 0.5}
    d.update([(k, v) for k, v in zip(keys, values)])
    e = {1: -1.0}
    e.update(d)
    f = {}
    f.update(zip(keys, values))
    g = {-5: 2.0}
    g.update((k, 2.0 * k) for k in keys)
    return d, e, f, g


@njit
def update_keywords(x):
    d = {"alpha": 0}
    d.update(beta=x, alpha=x + 1)
    d.update({"gamma": 3})
    d.update((("delta", 4), ("alpha", 5)))
    return d


@given(ints, st.lists(st.floats(allow_nan=False, width=32), min_size=1, max_size=12))
@settings(max_examples=40, deadline=None)
def test_update(keys, values):
    check(update_forms, keys, [float(v) for v in values])


def test_update_keywords():
    check(update_keywords, 7)


def test_update_passed_dict_written_back():
    @njit
    def f(d, n):
        d.update((k, k + 0.5) for k in range(n))
        return len(d)

    a, b = {1: 1.0, 5: 5.0}, {1: 1.0, 5: 5.0}
    assert f(a, 4) == f.py_func(b, 4)
    assert a == b


def test_pairs_of_wrong_length_refused():
    @njit
    def f(n):
        return dict([(n, n, n)])

    with pytest.raises(hasten.TypingError):
        f(1)


# --- set methods of any iterable ------------------------------------------------------------------


@njit
def set_methods(a, b):
    s = set(a)
    t = set(a)
    t.update(b)
    u = set(a)
    u.intersection_update(b)
    v = set(a)
    v.difference_update(b)
    w = set(a)
    w.symmetric_difference_update(b)
    return (
        t,
        u,
        v,
        w,
        s.union(b),
        s.union(b, a),
        s.intersection(b),
        s.difference(b),
        s.symmetric_difference(b),
        s.issubset(b),
        s.issuperset(b),
        s.isdisjoint(b),
    )


@njit
def set_methods_of_literals(n):
    s = {1, 2, 3}
    s.update([n, n + 1], (n + 2,), range(n % 4))
    return (
        s,
        s.union([10, 11]),
        s.intersection((1, 2, n)),
        s.difference(range(3)),
        s.symmetric_difference([n, 100]),
        s.issubset(range(n + 10)),
        s.issuperset([1, 2]),
        s.isdisjoint(x * 2 for x in range(n)),
        s.union({7: 1.0, 8: 2.0}),
        s.intersection([int(v) for v in np.arange(n)]),
    )


@njit
def set_of_strings(text, other):
    s = set(text)
    s.update(other.split())
    return s, s.issuperset("ab"), s.isdisjoint(["zz"])


@njit
def empty_set_updated(a):
    s = set()
    s.update(a)
    return s


@given(ints, ints)
@settings(max_examples=60, deadline=None)
def test_set_methods_of_lists(a, b):
    check(set_methods, a, b)
    check(empty_set_updated, a)


@given(st.lists(st.integers(-5, 5), max_size=8), st.lists(st.integers(-5, 5), max_size=8))
@settings(max_examples=30, deadline=None)
def test_set_methods_of_arrays(a, b):
    check(set_methods, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))


@pytest.mark.parametrize("n", [0, 1, 2, 5, 12])
def test_set_methods_of_literals(n):
    check(set_methods_of_literals, n)


def test_set_of_strings():
    check(set_of_strings, "abcab", "x y ab")
    check(set_of_strings, "", "")


def test_set_of_another_item_type_refused():
    @njit
    def f(n):
        s = {1, 2}
        return s.intersection(np.arange(n))

    with pytest.raises(hasten.UnsupportedError, match="the sets must hold one type"):
        f(3)


# --- builtins of a dict: its keys -----------------------------------------------------------------


@njit
def dict_builtins(keys):
    d = {}
    for i, k in enumerate(keys):
        d[k] = -i
    return sorted(d), sorted(d, reverse=True), sum(d), list(d), any(d), all(d), len(d)


@njit
def dict_min_max(keys):
    d = {k: 1.5 for k in keys}
    return min(d), max(d), sum({k: 0 for k in keys}), sorted({-k: 0 for k in keys})


@njit
def tuple_keys(n):
    d = {(i, i + 1): i for i in range(n)}
    return list(d), len(d), any(d), all(d)


@given(ints)
@settings(max_examples=60, deadline=None)
def test_dict_builtins(keys):
    check(dict_builtins, keys)
    check(dict_min_max, keys)


@pytest.mark.parametrize("n", [0, 3])
def test_dict_builtins_of_tuple_keys(n):
    check(tuple_keys, n)


@njit
def min_of_dict(n):
    d = {k * 2: 1.5 for k in range(n)}
    return min(d), max(d), sorted(d, reverse=True)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_min_max_of_dicts_raise_as_cpython_when_empty(n):
    check(min_of_dict, n)
