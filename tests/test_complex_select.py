"""`np.where(cond, x, y)` with complex128 operands (arrays, Python complex numbers, real arrays and
numbers beside them) against NumPy bit for bit, fused with the expressions around it; a complex
condition is refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import njit, UnsupportedError


@njit
def chosen(a, m):
    return (np.where(a.real > 0, a, 0j), np.where(a.real > 0, a, 0), np.where(a.imag > 0, 1.5, a), np.where(m.real > 0, m, m[::-1]),
            np.where(m.real > 0, m, np.arange(3.0)), np.where(np.abs(a) > 1, a / np.abs(a), a * 2 - 1j))


@njit
def complex_condition(a):
    return np.where(a, a, 0)


def test_where():
    a = np.array([1 + 2j, -0.0 - 1j, np.nan + 0j, complex(-np.inf, 0.5), 0.25 - 0.0j, 3j])
    check(chosen, a, a.reshape(2, 3))
    check(chosen, a[::-1], np.asfortranarray(a.reshape(2, 3)))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), min_size=6, max_size=6))
def test_where_hypothesis(values):
    a = np.array(values, dtype=np.complex128)
    with np.errstate(all="ignore"):
        check(chosen, a, a.reshape(2, 3))


def test_complex_condition_refused():
    with pytest.raises(UnsupportedError, match="np.where"):
        complex_condition(np.ones(2, complex))
