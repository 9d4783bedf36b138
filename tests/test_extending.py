"""`hasten.extending.register_jitable`: a plain function for Python callers (not compiled), compiled
when compiled code calls it, with njit's options when given."""

import numpy as np
import pytest

import hasten
from hasten import njit
from hasten.extending import register_jitable
from conftest import check


@register_jitable
def clamp(x, lo, hi):
    return min(max(x, lo), hi)


@register_jitable(error_model="numpy")
def ratio(a, b):
    return a / b


@register_jitable
def needs_python(x):
    return str(type(x))  # type() of a value as a string: Python only


@njit
def clamp_all(a, lo, hi):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = clamp(a[i], lo, hi)
    return out


@njit
def ratios(a, b):
    return ratio(a, b), ratio(1.0, 0.0)


@njit
def calls_python_only(x):
    return needs_python(x)


def test_python_callers_get_the_plain_function():
    assert clamp(5, 0, 3) == 3
    assert needs_python(1) == "<class 'int'>"
    assert clamp.__name__ == "clamp" and clamp.py_func.__name__ == "clamp"


def test_compiled_callers_compile_it():
    check(clamp_all, np.array([-2.0, 0.5, 7.0, np.nan]), 0.0, 1.0)
    check(clamp_all, np.arange(-3, 4), -1, 2)
    assert ratios(3.0, 4.0) == (0.75, np.inf)


def test_what_cannot_compile_is_reported():
    with pytest.raises((hasten.TypingError, hasten.UnsupportedError)):
        calls_python_only(1)
