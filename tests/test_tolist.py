"""`a.tolist()`: nested lists of Python numbers (NumPy's `item()` of each element) for every
layout, dtype and dimension; used as lists in compiled code and returned to Python."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

from conftest import check, floats
from hasten import njit


@njit
def to_list(a):
    return a.tolist()


@njit
def total_of_rows(a):
    t = 0.0
    for row in a.tolist():
        for x in row:
            t += x
    return t


@njit
def grown(a):
    l = a.tolist()
    l.append(l[0] * 2)
    return l


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4), elements=floats))
def test_floats_any_shape(a):
    check(to_list, a)
    check(to_list, a.T)


def test_dtypes_and_layouts():
    for d in (np.int8, np.uint8, np.int32, np.int64, np.uint32, np.float32, np.bool_):
        a = (np.arange(12) % 7).astype(d).reshape(3, 4)
        check(to_list, a)
        check(to_list, a[::-1, 1::2])
        check(to_list, np.asfortranarray(a))
    check(to_list, np.array([2**63, 1], dtype=np.uint64)[1:])
    check(total_of_rows, np.arange(6.0).reshape(2, 3))
    check(grown, np.arange(4))
    check(grown, np.array([0.1, np.float32(0.1)], dtype=np.float32))


def test_uint64_beyond_int64_raises_hasten_overflow():
    with pytest.raises(OverflowError, match="64-bit"):
        to_list(np.array([2**63], dtype=np.uint64))
