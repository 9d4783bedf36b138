"""`bin(x)`, `hex(x)`, `oct(x)` of ints, bools and NumPy ints (CPython's prefix after the sign, the
64-bit extremes included), and CPython's TypeError for floats. Differential against CPython."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check


@njit
def digits(x):
    return bin(x), hex(x), oct(x), bin(x).count("1"), bin(np.int64(x)), hex(x > 0), oct(np.int8(x % 100))


@njit
def of_float(x):
    return bin(x)


@settings(max_examples=100, deadline=None)
@given(st.integers(-2**63, 2**63 - 1))
def test_digits(x):
    check(digits, x)


@pytest.mark.parametrize("x", [0, -1, 255, -2**63, 2**63 - 1])
def test_edges(x):
    check(digits, x)


@pytest.mark.parametrize("x", [2.5, np.float64(1.0), np.float32(-3.0)])
def test_floats_are_type_errors(x):
    check(of_float, x)
