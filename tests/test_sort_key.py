"""`sorted(l, key=f, reverse=r)` in compiled code, differential against CPython: keys from jitted
functions, lambdas and closures, each computed once, stability among equal keys (with and without
`reverse`), items of any type (tuples, strings), NaN keys, and the refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check


@njit
def neg(x):
    return -x


@njit
def by_function(a, reverse):
    xs = [int(v) for v in a]
    return sorted(xs, key=neg, reverse=reverse)


@njit
def by_lambda(a, m, reverse):
    xs = [int(v) for v in a]
    return sorted(xs, key=lambda x: x % m, reverse=reverse)


@njit
def pairs_by_second(a):
    xs = [(int(v), i) for i, v in enumerate(a)]
    return sorted(xs, key=lambda p: p[0] // 2)


@njit
def words_by_length(n):
    words = ["ccc", "a", "bb", "dd", "e" * n, "f"]
    return sorted(words, key=lambda w: len(w)), sorted(words, key=lambda w: len(w), reverse=True)


@njit
def float_keys(a):
    xs = [float(v) for v in a]
    return sorted(xs, key=lambda x: x * x)


@njit
def counted(a):
    calls = [0]
    xs = [int(v) for v in a]

    def key(x):
        calls.append(x)
        return x % 3

    out = sorted(xs, key=key)
    return out, len(calls) - 1


@njit
def none_key(a):
    xs = [int(v) for v in a]
    return sorted(xs, key=None, reverse=True)


small = st.lists(st.integers(-6, 6), max_size=80).map(lambda v: np.array(v, dtype=np.int64))


@settings(max_examples=80, deadline=None)
@given(small, st.integers(1, 4), st.booleans())
def test_stable_hypothesis(a, m, reverse):
    check(by_function, a, reverse)
    check(by_lambda, a, m, reverse)
    check(pairs_by_second, a)


def test_cases():
    check(words_by_length, 2)
    check(words_by_length, 0)
    check(float_keys, np.array([1.5, -1.5, 0.0, -0.0, 2.0, np.nan, 0.5]))
    check(float_keys, np.array([], dtype=np.float64))
    check(none_key, np.array([3, 1, 2]))
    check(counted, np.array([5, 4, 3, 2, 1]))
    check(by_lambda, np.arange(200) % 7, 3, True)


def test_refusals():
    @njit
    def of_expression(n):
        return sorted([1, 2, n], key=lambda x: x)

    with pytest.raises(hasten.UnsupportedError, match="assign it to a variable"):
        of_expression(1)

    @njit
    def tuple_keys(n):
        xs = [1, 2, n]
        return sorted(xs, key=lambda x: (x, x))

    with pytest.raises(hasten.UnsupportedError, match="number keys"):
        tuple_keys(1)
