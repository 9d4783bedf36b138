"""What types decide at compile time: `isinstance` with constant classes, `type(x) is T`, and
`x is None` / `is not None` for optional arguments (a `None` default), whose ruled-out branch is
never typed, as CPython never runs it."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def kind(x):
    if isinstance(x, bool):
        return 0
    elif isinstance(x, int):
        return 1
    elif isinstance(x, (float, np.floating)):
        return 2
    elif isinstance(x, np.integer):
        return 3
    elif isinstance(x, np.ndarray):
        return 4
    elif isinstance(x, tuple):
        return 5
    return 6


@njit
def exact(x):
    return (type(x) is int, type(x) == float, type(x) is not bool, type(x) != np.float32,
            type(x) is np.ndarray, isinstance(x, np.number), isinstance(x, np.signedinteger),
            isinstance(x, np.unsignedinteger), isinstance(x, np.generic), isinstance(x, np.float64),
            isinstance(x, np.inexact), isinstance(x, np.complexfloating), isinstance(x, np.floating))


VALUES = [True, 3, -2.5, np.float64(1.5), np.float32(2), np.int16(-3), np.uint8(7), np.bool_(True),
          np.ones(2), (1, 2.0), [1, 2], 1j, np.complex64(1j), np.complex128(2)]


@pytest.mark.parametrize("x", VALUES, ids=lambda v: type(v).__name__)
def test_isinstance_and_type_fold(x):
    check(kind, x)
    check(exact, x)


@njit
def optional(a, b=None):
    if b is None:
        return a
    return a + b


@njit
def optional_expr(a, scale=None, shift=None):
    s = 1.0 if scale is None else scale
    t = shift is not None and shift > 0
    if scale is not None and scale < 0:
        return -1.0
    return a * s + (shift if shift is not None else 0) + t


@pytest.mark.parametrize("args", [(1,), (1, 2), (1.5, None), (2.0, -0.0), (3, np.int32(4))])
def test_none_defaults_resolved_per_call_type(args):
    check(optional, *args)


@pytest.mark.parametrize("args", [(2.0,), (2.0, 3), (2.0, None, 5), (2.0, -1.0, 2), (1, 0.5, None), (1, None, -3)])
def test_none_tests_in_expressions(args):
    check(optional_expr, *args)


@njit
def typed_by_type(x):
    if isinstance(x, np.ndarray):
        return x.sum()
    return x * 2


def test_branch_ruled_out_by_type_is_not_typed():
    check(typed_by_type, np.arange(4.0))
    check(typed_by_type, 3)


@njit
def dynamic_class(x, cls):
    return isinstance(x, cls)


def test_non_constant_class_is_refused():
    with pytest.raises((hasten.UnsupportedError, hasten.UnsupportedArgumentError)):
        dynamic_class(1, int)


@njit
def assigned_only_in_dead_branches(x, flag=None):
    if False:
        t = 0
    if flag is not None:
        u = 1.5
        return u + x
    return x


def test_locals_of_ruled_out_branches():
    check(assigned_only_in_dead_branches, 2)
    check(assigned_only_in_dead_branches, 2, True)


@njit
def literal_false(c):
    if False:
        t = 0
    if c:
        return t
    return 1


def test_a_literal_condition_still_types_both_branches():
    # Only types prune: a local assigned under `if False:` is still a local, unbound when read.
    check(literal_false, False)
    check(literal_false, True)
