"""The builtin `pow(x, y)` (CPython's `x ** y`; with a modulus refused by name) and arrays indexed
by a list (`a[[0, 2]]`: NumPy's array of the list, integers or booleans), read and written."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, check_int
from hasten import njit


@njit
def powers(n, x):
    return pow(n, 3), pow(x, n), pow(n, -2), pow(2, n)


@njit
def by_lists(a):
    b = a.copy()
    b[[0, -1]] = -1.0
    b[[True, False, True, False]] += 10.0
    return a[[0, 2]], a[[-1, 1, 1]], b


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60), st.floats(-4, 4))
def test_pow(n, x):
    check_int(powers, n, x)


@njit
def modular(b, e, m):
    return pow(b, e, m)


@settings(max_examples=150, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1), st.integers(-5, 2**63 - 1) | st.integers(-(2**63), 2**63 - 1), st.integers(-(2**63), 2**63 - 1) | st.integers(-7, 7))
def test_pow_with_a_modulus(b, e, m):
    check(modular, b, e, m)  # ValueError for a zero modulus and for a base with no inverse


def test_pow_errors():
    check(powers, 0, 0.0)  # ZeroDivisionError: 0.0 cannot be raised to a negative power
    check(modular, 3, -1, 7)
    check(modular, 2, -1, 4)
    check(modular, 5, 0, 1)
    check(modular, True, 3, 5)

    @njit
    def floats(x):
        return pow(x, 2, 3)

    with pytest.raises(hasten.TypingError, match="all arguments are integers"):
        floats(1.5)


def test_list_indices():
    check(by_lists, np.arange(4.0))
    check(by_lists, np.arange(8.0)[::2])
    check(by_lists, np.arange(3.0))  # IndexError: the index 3 is out of bounds... (mask of 4 on 3)
