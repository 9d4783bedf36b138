"""`int.bit_length()` and `int.bit_count()` of Python ints and bools, differential against CPython (int64's extremes);
NumPy ints have none."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit

from conftest import check


@njit
def bits(n, a):
    return n.bit_length(), (n > 0).bit_length(), int(a[0]).bit_length()


@njit
def ones(n, a):
    return n.bit_count(), (n < 0).bit_count(), int(a[0]).bit_count()


@settings(max_examples=100, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1))
def test_bit_count(n):
    check(ones, n, np.array([n], dtype=np.int64))
    for edge in (0, -1, 2**63 - 1, -(2**63), -(2**63) + 1):
        check(ones, edge, np.array([edge], dtype=np.int64))


@njit
def numpy_bits(a):
    return a[0].bit_length()


@settings(max_examples=100, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1))
def test_bit_length(n):
    check(bits, n, np.array([n], dtype=np.int64))


@pytest.mark.parametrize("n", [0, 1, -1, 255, 256, -(2**63), 2**63 - 1])
def test_edges(n):
    check(bits, n, np.array([n], dtype=np.int64))


def test_numpy_ints_have_no_bit_length():
    # NumPy's int64 has no bit_length (CPython: AttributeError); hasten refuses it by name.
    from hasten import UnsupportedError

    with pytest.raises(AttributeError):
        numpy_bits.py_func(np.array([5]))
    with pytest.raises(UnsupportedError, match="bit_length"):
        numpy_bits(np.array([5]))
