"""Storing one number into an integer array (`a[i] = v`, `a[:] = v`, `a.fill(v)`) as NumPy 2 does:
a Python int or float, or any NumPy scalar into a signed array, goes through a Python int checked
against the dtype (OverflowError, ValueError for NaN); a NumPy scalar into an unsigned array is cast
as C casts it (wrapping). Out-of-range float casts into unsigned arrays are left out: NumPy's own
results for them differ between its scalar and array paths."""

import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def store_item(a, v):
    a[0] = v


@njit
def store_all(a, v):
    a[:] = v


@njit
def fill(a, v):
    a.fill(v)


VALUES = [300, -1, 127, 300.7, -1.5, np.int64(-1), np.int64(300), np.int64(127), np.int16(-300), np.uint16(300),
          np.uint64(5), np.uint64(2**63), np.float64(-3.5), np.float32(200.5), np.float64(100.25), np.bool_(True)]
DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_number_into_an_integer_array(dtype):
    for v in VALUES:
        for f in (store_item, store_all, fill):
            check(f, np.zeros(3, dtype), v)
