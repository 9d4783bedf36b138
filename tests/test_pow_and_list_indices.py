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


def test_pow_errors_and_refusals():
    check(powers, 0, 0.0)  # ZeroDivisionError: 0.0 cannot be raised to a negative power

    @njit
    def modular(n):
        return pow(n, 3, 7)

    with pytest.raises(hasten.UnsupportedError, match="modulus"):
        modular(2)


def test_list_indices():
    check(by_lists, np.arange(4.0))
    check(by_lists, np.arange(8.0)[::2])
    check(by_lists, np.arange(3.0))  # IndexError: the index 3 is out of bounds... (mask of 4 on 3)
