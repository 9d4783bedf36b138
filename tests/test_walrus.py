"""Assignment expressions (`:=`) that are the first thing their statement evaluates, against
CPython: `while` tests re-evaluated at every iteration (also after `continue`), `if`/`elif` tests,
assignments, returns and `for` iterables; anywhere else refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check
from hasten import njit


@njit
def positive_prefix_sum(a):
    total = 0
    i = 0
    while i < a.shape[0] and (v := a[i]) > 0:
        total += v
        i += 1
    return int(total), i


@njit
def leading_walrus_while(a):
    total = 0.0
    i = 0
    while (j := i * 2) < a.shape[0]:
        i += 1
        if a[j] < 0:
            continue
        total += a[j]
    return float(total), i, j


@njit
def elif_chain(d, k):
    if (m := d.get(k, -1.0)) >= 0:
        return m * 2
    elif (n := len(d)) > 2:
        return float(n)
    elif (q := k * 0.5) > 3:
        return q
    else:
        return -1.0


@njit
def guarded(a, i):
    if i < a.shape[0] and (v := a[i]) > 0 and (w := v * 2) < 10:
        return int(v + w)
    elif i >= 0 and (u := i * 3) > 4:
        return u
    return -1


@njit
def values_and_returns(a):
    y = (n := a.shape[0]) * 2
    (b := (c := n + 1))
    for x in (r := range(n)):
        y += x
    return (s := y + b + c + len(r)) - 1, s


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 9), max_size=12))
def test_while_tests(xs):
    a = np.array(xs, dtype=np.int64)
    check(positive_prefix_sum, a)
    check(leading_walrus_while, a.astype(np.float64))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(0, 5), st.floats(-2, 2), min_size=1, max_size=5), st.integers(-1, 12))
def test_if_elif(d, k):
    check(elif_chain, d, k)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 9), max_size=6), st.integers(-2, 8))
def test_later_operands_of_and(xs, i):
    check(guarded, np.array(xs, dtype=np.int64), i)


def test_statements():
    for n in range(4):
        check(values_and_returns, np.zeros(n))


def test_elsewhere_refused_by_name():
    @njit
    def in_comprehension(xs):
        return [y for x in xs if (y := x * 2) > 2]

    @njit
    def in_second_operand(a):
        return a + (b := 2) + b

    for f in (in_comprehension, in_second_operand):
        with pytest.raises(hasten.UnsupportedError, match="assignment expressions"):
            f([1, 2, 3]) if f is in_comprehension else f(1)
