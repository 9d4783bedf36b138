"""Loops over `d.keys()`, `d.values()` and `d.items()` whatever the key and value types: a view's
type is its items', so a dict of string keys or of string or list values once read as a loop over a
string or a list (a compiler crash)."""

import numpy as np

from conftest import check
from hasten import njit


@njit
def str_keys():
    d = {"b": 1, "a": 2}
    out = []
    for k in d.keys():
        out.append(k)
    return out, [k for k in d.keys()], sorted(d.keys()), sum(len(k) for k in d.keys())


@njit
def str_values():
    d = {1: "x", 2: "yz"}
    n = 0
    for v in d.values():
        n += len(v)
    return n, [v + "!" for v in d.values()]


@njit
def list_values():
    d = {1: [1.0, 2.0], 2: [3.0]}
    t = 0.0
    for v in d.values():
        for x in v:
            t += x
    return t, [len(v) for v in d.values()]


@njit
def array_values():
    d = {"a": np.ones(2), "b": np.arange(3.0)}
    t = 0.0
    for k, v in d.items():
        t += v.sum() * len(k)
    for v in d.values():
        t += v[-1]
    return t


@njit
def tuple_keys():
    d = {(1, "a"): 2.5, (0, "b"): 1.0}
    out = []
    for k in d.keys():
        out.append(k[1])
    return out, sorted(d.keys())


def test_view_loops():
    check(str_keys)
    check(str_values)
    check(list_values)
    check(array_values)
    check(tuple_keys)


@njit
def generators_over_dicts(d, s):
    return (max(k for k in d), sum(k * 2 for k in d if k > 1), any(k < 0 for k in d), min(-k for k in d),
            max(x for x in s), sum(len(w) for w in {"ab": 1, "c": 2}))


def test_generators_over_a_dict_walk_its_keys():
    check(generators_over_dicts, {3: 1.0, -1: 2.0, 7: 0.5}, {4, 9, 1})
    check(generators_over_dicts, {5: 1.0}, {2})
