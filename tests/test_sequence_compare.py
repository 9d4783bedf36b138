"""Tuples and lists compare as CPython compares them: item by item with `==`, the first pair that
differs decided by the operator, then by length; mixed ints, floats, NumPy scalars, strings and
nested tuples and lists; in chains; an empty list literal takes the other operand's type."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check


@njit
def all_ops(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


@njit
def mixed(x, i, s):
    t = (x, i, s)
    u = (i, x, s)
    return t < u, (x, (i, s)) >= (x, (i, "b")), (x, i) < (x, i, 0), (1, 2) == (1.0, 2.0), (x,) < (x, i) < (x, i + 1)


@njit
def numpy_items(a):
    return (a[0], 1) < (a[1], 0), (np.int32(2), a[0]) == (2, a[0]), (a[0],) <= (1.5,)


@njit
def min_pair(a):
    best = (a[0], 0)
    for i in range(1, len(a)):
        if (a[i], i) < best:
            best = (a[i], i)
    return best


finite = st.floats(allow_nan=False)
items = st.one_of(st.integers(-3, 3), finite.filter(lambda x: -4 < x < 4) | st.sampled_from([-0.0, math.inf, -math.inf]))


@settings(max_examples=80, deadline=None)
@given(st.tuples(items, items), st.tuples(items, items))
def test_pairs(a, b):
    # hasten types each position once: same-typed positions, as compiled code sees them.
    a = tuple(float(x) for x in a)
    b = tuple(float(x) for x in b)
    check(all_ops, a, b)


@pytest.mark.parametrize("args", [(1.5, 2, "a"), (2.0, 2, "b"), (-0.0, 0, ""), (math.inf, 3, "z")])
def test_mixed(args):
    check(mixed, *args)


def test_numpy_items_and_loops():
    # CPython's result is the deciding item comparison's (np.True_ where two NumPy scalars differ,
    # a bool where the lengths decide): a type known only at run time. hasten's is a bool (documented).
    for a in (np.array([1.5, 1.5]), np.array([0.5, 2.5])):
        assert numpy_items(a) == tuple(bool(x) for x in numpy_items.py_func(a))
    check(min_pair, np.array([3.0, 1.0, 1.0, 2.0]))


def test_nan_items_are_refused_at_run_time():
    # CPython finds a float object equal to itself before `==` (`l == sorted(l)` holding a NaN is
    # True, two distinct NaNs are unequal); compiled floats have no identity, so meeting a NaN
    # item is NotImplementedError rather than a guess.
    for a, b in [((math.nan, 1.0), (float("nan"), 2.0)), ((1.0, math.nan), (1.0, 3.0))]:
        with pytest.raises(NotImplementedError, match="same float object"):
            all_ops(a, b)
    with pytest.raises(NotImplementedError, match="same float object"):
        list_ops([math.nan], [math.nan])
    # Items decided before the NaN is reached answer as CPython does.
    check(all_ops, (0.5, math.nan), (2.0, math.nan))


def test_complex_items_order_is_refused():
    from hasten import TypingError

    @njit
    def f(z):
        return (z, 1) < (z, 2)

    with pytest.raises(TypingError, match="cannot compare"):
        f(1j)


@njit
def list_ops(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


@njit
def list_kinds(n):
    l = [str(i) for i in range(n)]
    p = [(i, str(i)) for i in range(n)]
    nested = [[i, i + 1] for i in range(n)]
    return (l == ["0", "1"], l < ["0", "2"], p <= [(0, "0"), (1, "2")], nested == [[0, 1], [1, 2]],
            list(range(n)) == [0.0, 1.0], l == [], [] != l, [] < l)


@settings(max_examples=80, deadline=None)
@given(st.lists(items.map(float), min_size=1, max_size=4), st.lists(items.map(float), min_size=1, max_size=4))
def test_float_lists(a, b):
    check(list_ops, a, b)
    check(list_ops, a, a + b)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=1, max_size=4), st.lists(st.integers(-2, 2), min_size=1, max_size=4))
def test_int_lists(a, b):
    check(list_ops, a, b)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_list_kinds(n):
    check(list_kinds, n)


@njit
def never_equal(a, b):
    return a == b, a != b


@njit
def literal_operands(s, x):
    return s == 1, [1, 2] == (1, 2), x != "x", {1: 2} == {1}, (x,) == [x], s == [s]


def test_values_of_kinds_cpython_never_finds_equal():
    # CPython's `==` of a str and an int, a list and a tuple, ...: False, never an error;
    # a NumPy scalar against a string: NumPy's np.False_.
    values = ["a", 1, 2.5, True, 1j, [1], (1,), {1: 2}, {1}, np.float64(1.0), np.int32(3)]
    for a in values:
        for b in values:
            kinds = {type(a), type(b)}
            if len(kinds) == 1 or (isinstance(a, np.generic) and not isinstance(b, str)) or (isinstance(b, np.generic) and not isinstance(a, str)):
                continue
            if all(isinstance(v, (int, float, complex)) for v in (a, b)):
                continue
            check(never_equal, a, b)
    check(literal_operands, "s", 2.5)


@njit
def unbound_operand(a, n):
    w = len(a)
    while w < len(a):
        v = 0
    return [v] != (n,)


@njit
def array_item_vs_str(a):
    return a[5] == "x"


@njit
def list_item_vs_str(items):
    return items[5] == "x"


def test_never_equal_operands_that_may_raise_are_not_skipped():
    # Were wrong answers (found by the fuzzer, seed 3503): the comparison was decided from the
    # types and its operands never evaluated, where CPython raises reading them. hasten now
    # refuses such operands by name (assign them to a variable first: the read then raises).
    with pytest.raises(UnboundLocalError):
        unbound_operand.py_func(np.ones(2), 1)
    with pytest.raises(IndexError):
        array_item_vs_str.py_func(np.ones(2))
    with pytest.raises(IndexError):
        list_item_vs_str.py_func([1, 2])
    for f, arg in [(unbound_operand, (np.ones(2), 1)), (array_item_vs_str, (np.ones(2),)), (list_item_vs_str, ([1, 2],))]:
        with pytest.raises(hasten.UnsupportedError, match="never equal in CPython"):
            f(*arg)
