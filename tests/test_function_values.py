"""Functions as values: jitted functions passed to jitted functions (the `distance=euclidean`
pattern), stored in tuples, chosen by branches, builtin and `operator` functions as values; and
jitted functions made by Python factories, whose captured variables are frozen per factory call.
Every result is compared with CPython running the same code with the Python originals."""

import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check, floats, ints, python_reference


@njit
def euclidean(a, b):
    return np.sqrt(np.sum((a - b) ** 2))


@njit
def manhattan(a, b):
    return np.sum(np.abs(a - b))


@njit
def nearest(data, query, distance):
    best, best_d = -1, np.inf
    for i in range(data.shape[0]):
        d = distance(data[i], query)
        if d < best_d:
            best, best_d = i, d
    return best, best_d


@njit
def nearest_both(data, query):
    return nearest(data, query, euclidean), nearest(data, query, manhattan)


def test_distance_argument_specialises_the_callee():
    rng = np.random.default_rng(0)
    data, query = rng.normal(size=(20, 3)), rng.normal(size=3)
    for distance in (euclidean, manhattan):
        check(nearest, data, query, distance, reference=python_reference(nearest))
    check(nearest_both, data, query, reference=python_reference(nearest_both))
    # One specialisation per distinct function.
    assert len(nearest.signatures) == 2


@njit
def apply(f, x):
    return f(x)


@njit
def apply_twice(f, x):
    return apply(f, apply(f, x))


@njit
def square(x):
    return x * x


@njit
def checked(x):
    if x > 100:
        raise ValueError("too big")
    return x + 1


@given(st.integers(-3000, 3000))
@settings(max_examples=40, deadline=None)
def test_function_through_two_levels(x):
    for f in (square, checked):
        check(apply_twice, f, x, reference=python_reference(apply_twice))


def test_error_raised_in_passed_function_propagates():
    with pytest.raises(ValueError, match="too big"):
        apply_twice(checked, 100)
    assert apply_twice(checked, 1) == 3


@njit
def via_tuple(k, x):
    fs = (square, checked, square)
    return fs[0](x) + fs[2](x) + fs[-2](x) + k


@njit
def same_on_both_branches(c, x):
    g = square if c else square
    h = checked if c > 0 else checked
    return g(x) + h(x)


@given(ints.filter(lambda v: abs(v) < 2**30), st.booleans())
@settings(max_examples=40, deadline=None)
def test_tuples_and_branches_of_functions(x, c):
    check(via_tuple, 2, x, reference=python_reference(via_tuple))
    check(same_on_both_branches, c, x, reference=python_reference(same_on_both_branches))


@njit
def dynamic_choice(c, x):
    g = square if c else checked
    return g(x)


def test_dynamic_choice_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError) as e:
        dynamic_choice(True, 1)
    msg = str(e.value)
    assert "choosing between the functions square() and checked() at run time is not supported" in msg
    assert "test_function_values.py:" in msg and "^" in msg


@njit
def returns_function():
    return square


def test_returning_a_function_is_refused():
    with pytest.raises(hasten.UnsupportedError, match="returning a function"):
        returns_function()


@njit
def binop(op, a, b):
    return op(a, b)


@njit
def unop(op, a):
    return op(a)


@njit
def fold(op, a):
    acc = a[0]
    for i in range(1, a.shape[0]):
        acc = op(acc, a[i])
    return acc


OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod,
       operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne, min, max]


@given(st.sampled_from(OPS), st.one_of(ints, floats), st.one_of(ints, floats))
@settings(max_examples=150, deadline=None)
def test_operator_and_builtin_functions_as_values(op, a, b):
    if op in (operator.add, operator.sub, operator.mul) and isinstance(a, int) and isinstance(b, int):
        if abs(a) > 2**31 or abs(b) > 2**31:
            return  # int64 overflow is hasten's OverflowError, tested elsewhere
    if op in (min, max) and type(a) is not type(b):
        return  # mixed int/float min/max gives the unified type (ARCHITECTURE.md, "Decisions")
    check(binop, op, a, b)


@given(st.sampled_from([abs, operator.neg, operator.abs]), st.one_of(st.integers(-2**62, 2**62), floats))
@settings(max_examples=60, deadline=None)
def test_unary_functions_as_values(op, a):
    check(unop, op, a)


def test_getitem_and_fold_over_arrays():
    a = np.array([3.0, -1.5, 7.25, 0.0, -0.0])
    for op in (operator.add, operator.mul, min, max, operator.sub):
        check(fold, op, a)
    check(binop, operator.getitem, a, 2)
    check(binop, operator.getitem, a, -1)
    check(binop, operator.getitem, a, 9)  # IndexError, as CPython


@njit
def uses_operator_module(a, b):
    return binop(operator.add, a, b) * binop(operator.mul, a, b) - binop(max, a, b)


def test_operator_module_inside_compiled_code():
    check(uses_operator_module, 3, 4)
    check(uses_operator_module, 2.5, -1.0)


@njit
def in_place_operators(a, b, items, x, n):
    same = operator.iadd(a, b)  # the array, updated in place
    listed = operator.iadd(items, [x])  # the list, extended in place
    numbers = (operator.imul(n, 3), operator.isub(x, 0.5), operator.itruediv(n, 2), operator.ifloordiv(n, 2),
               operator.imod(n, 4), operator.ipow(n, 2), operator.iand(n, 6), operator.ior(n, 8), operator.ixor(n, 5),
               operator.ilshift(n, 2), operator.irshift(n, 1))
    tests = (operator.contains(items, x), operator.contains(items, -1.0), operator.truth(n), operator.truth(0.0))
    return same, a, listed, items, numbers, tests, operator.matmul(a.reshape(1, 3), b), operator.concat((1, 2), (3,))


def test_in_place_and_other_operator_functions():
    check(in_place_operators, np.arange(3.0), np.ones(3), [1.5, 2.5], 2.5, 7)
    check(in_place_operators, np.arange(3.0), np.ones(3), [1.5], -1.0, 0)


# Jitted functions made by a Python factory: what they capture is frozen per factory call.


def make_scaler(k, offsets, f):
    @njit
    def scaled(x):
        return f(x) * k + offsets[0] - offsets[1]

    return scaled


def test_factory_values_are_frozen_per_call():
    s2 = make_scaler(2, (1, 0.5), square)
    s3 = make_scaler(3.5, (0, 2.0), checked)
    for x in (0, 3, -7):
        check(s2, x)
        check(s3, x)
    check(s3, 200)  # the captured function's ValueError
    # a new factory call with other values is another function, never a stale answer
    s2b = make_scaler(-4, (2, 1.0), square)
    assert s2b(3) == s2b.py_func(3) == -4 * 9 + 1.0
    assert s2(3) == 18.5


def make_adder(n):
    @njit
    def add(x):
        return x + n

    @njit
    def add_twice(x):
        return add(add(x))

    return add_twice


def test_factory_functions_calling_each_other():
    for n in (1, -5, 2.5):
        f = make_adder(n)
        check(f, 10)
    assert make_adder(1)(0) == 2 and make_adder(7)(0) == 14


def test_factory_function_passed_as_argument():
    fs = [make_scaler(k, (0, 0), square) for k in (1, 2, 3)]
    for f in fs:
        check(apply, f, 4, reference=python_reference(apply))
    assert [apply(f, 2) for f in fs] == [4, 8, 12]


def test_plain_python_function_argument_is_refused():
    with pytest.raises(hasten.UnsupportedArgumentError, match="argument 'f' of apply.*plain Python function.*@njit"):
        apply(lambda v: v, 1)


# Arrays read from globals and closure cells are frozen as numba freezes them: a read-only copy
# taken when the function is first compiled.

TABLE = np.array([1.0, -2.5, 4.0, 0.0])
ARRAYS = (np.arange(6).reshape(2, 3), np.ones(3, dtype=np.float32))


@njit
def reads_global_arrays(i):
    return TABLE[i] * 2 + ARRAYS[0][1, i % 3] + ARRAYS[1].sum() + TABLE.sum()


@njit
def writes_global_array(i):
    TABLE[i] = 1.0


def make_lookup(table):
    @njit
    def lookup(i):
        return table[i] + table[-1] * table.shape[0]

    return lookup


def test_global_and_captured_arrays_are_frozen():
    for i in (0, 3, -1, 4):
        check(reads_global_arrays, i)
    with pytest.raises(ValueError, match="read-only"):
        writes_global_array(0)
    base = np.arange(5.0)
    f1, f2 = make_lookup(base), make_lookup(base[::-2] * 10)
    for i in (0, 2, -3, 7):
        check(f1, i)
        check(f2, i)
    check(make_lookup(np.array([3, 1, 2], dtype=np.int16)), 1)
    before = f1(1)
    base[1] = 100.0  # after the first compile: frozen, as numba
    assert f1(1) == before
    assert make_lookup(base)(1) == 100.0 + 4.0 * 5
