"""`getattr(x, "name")`, `getattr(x, "name", default)` and `hasattr(x, "name")` with a constant
name, differentially against CPython: attributes of arrays, numbers, NumPy scalars, containers,
strings, modules and named tuples (their fields), decided at compile time from the value's class (or, for a
global, from the object itself) as CPython decides them at run time. A name known only at run
time, and values whose class hasten does not name, are refused by name."""

import math
from collections import namedtuple

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check

Pair = namedtuple("Pair", "x y")


@njit
def attributes(a, p):
    return getattr(a, "ndim"), getattr(np, "pi"), getattr(np, "cos")(1.0), getattr(p, "y"), getattr(a, "shape")[0]


def test_constant_attributes():
    check(attributes, np.ones((2, 3)), Pair(1, 2.5))


@njit
def has(x):
    return (hasattr(x, "shape"), hasattr(x, "real"), hasattr(x, "imag"), hasattr(x, "append"),
            hasattr(x, "keys"), hasattr(x, "__len__"), hasattr(x, "conjugate"), hasattr(x, "bit_length"),
            hasattr(x, "is_integer"), hasattr(x, "upper"), hasattr(x, "T"), hasattr(x, "dtype"),
            hasattr(x, "item"), hasattr(x, "add"), hasattr(x, "nope"))


VALUES = [
    1, -3, True, 2.5, 1 + 2j, "text", (1, 2), (1.5, "a"), [1, 2], {1: 2.5}, {3, 4},
    np.ones(3), np.zeros((2, 2), np.int32), np.ones(2, np.complex128)[::-1],
    np.float64(1), np.float32(2), np.int8(3), np.uint64(4), np.bool_(True), np.complex64(1j),
]


@pytest.mark.parametrize("x", VALUES, ids=lambda v: type(v).__name__)
def test_hasattr_of_values(x):
    check(has, x)


@njit
def of_named_tuple(p):
    return hasattr(p, "y"), hasattr(p, "z"), hasattr(p, "_asdict"), hasattr(p, "count"), getattr(p, "x", -1.0), getattr(p, "z", -1.0)


def test_hasattr_of_named_tuples():
    check(of_named_tuple, Pair(1.5, 2.5))


@njit
def with_defaults(x):
    return getattr(x, "ndim", -1), getattr(x, "nope", 3.5)


@pytest.mark.parametrize("x", [np.ones((2, 3)), np.float32(2), 7, 2.5], ids=lambda v: type(v).__name__)
def test_getattr_with_default(x):
    check(with_defaults, x)


@njit
def branch_on_attribute(x):
    # The arm the answer rules out is not typed: `x.shape` of an int never is.
    if hasattr(x, "shape"):
        return x.shape[0]
    return -1


@njit
def in_inner_functions(a, n):
    shaped = lambda x: hasattr(x, "shape")

    def size_or(x, d):
        return getattr(x, "size", d)

    return shaped(a), shaped(n), size_or(a, -1), size_or(n, -1)


def test_inner_functions():
    check(in_inner_functions, np.ones(3), 4)


def test_hasattr_prunes_the_other_branch():
    check(branch_on_attribute, np.ones(4))
    check(branch_on_attribute, 4)


@njit
def of_modules():
    return hasattr(math, "tau"), hasattr(np, "not_a_thing"), getattr(math, "pi", 3.0), getattr(math, "nope", 2.5)


@njit
def trapezoid_of_any_numpy(y):
    # NumPy 2 renamed np.trapz np.trapezoid (and 2.4 removed the old name): the arm that names
    # what this NumPy lacks is never compiled.
    if hasattr(np, "trapezoid"):
        t = np.trapezoid(y, dx=0.5)
    else:
        t = np.trapz(y, dx=0.5)
    return t, np.trapz(y) if hasattr(np, "trapz") else np.trapezoid(y)


def test_module_attributes():
    check(of_modules)
    check(trapezoid_of_any_numpy, np.arange(5.0))


@njit
def run_time_name(a, name):
    return getattr(a, name)


@njit
def run_time_hasattr(a, name):
    return hasattr(a, name)


@njit
def hasattr_of_none(x):
    return hasattr(x, "real")


@njit
def hasattr_of_a_call(a):
    return hasattr(np.sqrt(a), "shape")


def test_refusals_are_named():
    with pytest.raises(hasten.UnsupportedError, match="known only at run time"):
        run_time_name(np.ones(2), "ndim")
    with pytest.raises(hasten.UnsupportedError, match="known only at run time"):
        run_time_hasattr(np.ones(2), "ndim")
    with pytest.raises(hasten.UnsupportedError, match="hasattr\\(\\) and getattr\\(\\) with a default of a none value"):
        hasattr_of_none(None)
    with pytest.raises(hasten.UnsupportedError, match="side effects"):
        hasattr_of_a_call(np.ones(2))
