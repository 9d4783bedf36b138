"""`*args` parameters, differentially against CPython: the positional arguments after the others
arrive as one tuple (typed by the call's arguments, so each count and type specialises the
function), from Python and from compiled code, with keyword-only parameters after them and
`f(*args)` forwarding them. `**kwargs` is refused by name."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def total(x, *rest):
    s = x
    for r in rest:
        s += r
    return s, len(rest), rest


@njit
def scaled(a, *rest, scale=2):
    return a * scale + len(rest)


@njit
def calls_from_compiled_code(a, b):
    return total(a), total(a, b), total(a, b, 3), scaled(a), scaled(a, b, scale=10), total(*(a, b, b))


@njit
def forward(*args):
    return total(*args)


@njit
def summed(*arrays):
    out = np.zeros_like(arrays[0])
    for a in arrays:
        out += a
    return out


@njit
def mixed(*items):
    first, *others = items
    return first, others, items[-1]


@pytest.mark.parametrize("args", [(1,), (1, 2, 3), (1.5, 2.5), (True, 2)])
def test_from_python(args):
    check(total, *args)


def test_keyword_only_after_varargs():
    check(scaled, 1, 2, 3)
    check(scaled, 4)
    assert scaled(4, scale=5) == scaled.py_func(4, scale=5)


def test_from_compiled_code_and_forwarded():
    check(calls_from_compiled_code, 1, 2)
    check(calls_from_compiled_code, 0.5, -1.5)
    check(forward, 1.5, 2.5)
    check(forward, 7)


def test_arrays_and_heterogeneous_items():
    check(summed, np.ones(3), np.arange(3.0))
    check(summed, np.ones((2, 2)))
    check(mixed, 1, 2, 3)


def test_binding_errors_are_cpythons():
    with pytest.raises(TypeError, match="missing a required argument: 'x'"):
        total()
    # in compiled code the binding is checked when the call is compiled
    with pytest.raises(hasten.TypingError, match="missing required argument: 'x'"):
        forward()


def test_kwargs_parameters_are_refused_by_name():
    @njit
    def named(**kw):
        return 0

    with pytest.raises(hasten.UnsupportedError, match=r"\*\*kwargs parameters"):
        named(a=1)
