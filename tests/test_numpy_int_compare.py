"""NumPy 2 compares a NumPy integer scalar with a Python int by value, also when the Python int does
not fit the NumPy type."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


@njit
def compare_all(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b, b < a, b == a


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(INT_DTYPES), st.integers(0, 2**64 - 1), st.integers(-(2**63), 2**63 - 1))
def test_numpy_int_against_python_int(dtype, raw, other):
    info = np.iinfo(dtype)
    value = dtype(info.min + raw % (int(info.max) - int(info.min) + 1))
    check(compare_all, value, other)


def test_examples():
    check(compare_all, np.uint8(3), -2)
    check(compare_all, np.int8(5), 261)
    check(compare_all, np.uint64(2**64 - 1), -1)
