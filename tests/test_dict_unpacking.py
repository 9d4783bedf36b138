"""`{**a, k: v, **b}` and `dict(x, k=v)`: a copy of the first mapping (or the literal before the
first `**`) updated by each later run in turn, so items are evaluated left to right and later keys
win, in CPython's insertion order. Differential against CPython (order of the entries included)."""

import pytest

from hasten import njit
from conftest import check


@njit
def unpacked(n):
    a = {"a": 1, "b": 2}
    b = {"b": 20, "c": 30}
    return {**a, **b}, {**a, "b": n, "z": 5}, {"q": 0, **b, "c": n}, {**a}, {**{n: n * 2}, 0: -1}


@njit
def keywords(n):
    d = {"a": 1}
    pairs = [("x", 1.5), ("y", 2.5)]
    return dict(d, b=2), dict(pairs, y=float(n)), dict(d, a=n), dict([(1, 2)] * n)


@njit
def first(log):
    log.append(1)
    return {1: "a", 2: "x"}


@njit
def second(log):
    log.append(2)
    return "b"


@njit
def third(log):
    log.append(3)
    return {3: "c", 1: "z"}


@njit
def left_to_right(n):
    log = [0]
    out = {**first(log), 2: second(log), **third(log)}
    return out, log


@pytest.mark.parametrize("n", [0, 1, 7])
def test_unpacking_and_keywords(n):
    check(unpacked, n)
    check(keywords, n)


def test_evaluated_left_to_right():
    check(left_to_right, 1)
