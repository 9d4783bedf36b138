"""Integer sums and counts run in vector lanes on tier 1 (`opt/int_sums.rs`): `s += a[i]` into a
NumPy integer (which wraps), `s += int(a[i])` into a Python int (exact: elements of at most 32
bits), and `if a[i]: c += k`. Results must equal CPython's bit for bit, wrap-around and the
OverflowError of a Python int that leaves 64 bits included; strided, offset and 2-D rows, and lengths
that leave a scalar tail, are all drawn."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check, check_int

INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


@njit
def wrapping_sum(a):
    s = a[0]
    for i in range(1, a.shape[0]):
        s += a[i]
    return s


@njit
def widening_sum(a, s):
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def python_sum(a, start):
    s = start
    for i in range(a.shape[0]):
        s += int(a[i])
    return s


@njit
def count(m, k):
    c = 0
    for i in range(m.shape[0]):
        if m[i]:
            c += 3
    return c * k


@njit
def two_counts_of_a_row(m, r):
    c = 0
    d = 0
    for i in range(m.shape[1] - 1):
        if m[r, i + 1]:
            c += 1
        if m[r, i]:
            d -= 2
    return c, d


def arrays(dtype, max_size=300):
    info = np.iinfo(dtype)
    return st.lists(st.integers(int(info.min), int(info.max)), min_size=1, max_size=max_size).map(lambda v: np.array(v, dtype=dtype))


@pytest.mark.parametrize("dtype", INT_DTYPES)
@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_wrapping_sums_equal_numpy_scalar_arithmetic(dtype, data):
    a = data.draw(arrays(dtype))
    check(wrapping_sum, a)
    check(wrapping_sum, a[::2])
    check(wrapping_sum, a[::-1])


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.int32, np.uint32])
@given(data=st.data())
@settings(max_examples=20, deadline=None)
def test_narrow_elements_widened_into_a_wider_numpy_int(dtype, data):
    a = data.draw(arrays(dtype, 2000))
    check(widening_sum, a, np.int64(data.draw(st.integers(-(2**63), 2**63 - 1))))
    check(widening_sum, a[1:], np.int64(0))


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.bool_])
@given(data=st.data())
@settings(max_examples=20, deadline=None)
def test_python_int_sums_are_exact(dtype, data):
    a = data.draw(arrays(dtype, 2000)) if dtype is not np.bool_ else np.array(data.draw(st.lists(st.booleans(), max_size=500)), dtype=bool)
    check_int(python_sum, a, data.draw(st.integers(-(2**62), 2**62)))
    # Elements of one sign carry a start at the edge of 64 bits out of them (OverflowError) or not.
    check_int(python_sum, a[a > 0], 2**63 - 1 - data.draw(st.integers(0, 2**40)))
    check_int(python_sum, a[a > 0], -(2**63))
    check_int(python_sum, a[a < 0] if dtype is not np.bool_ else a, -(2**63) + data.draw(st.integers(0, 2**40)))


def test_long_narrow_sums_cross_many_chunks():
    # int8 elements are summed in int16 lanes for 127 trips at a time, counts for 16383 trips.
    rng = np.random.default_rng(3)
    for dtype in (np.int8, np.uint8, np.int16):
        info = np.iinfo(dtype)
        for a in (np.full(70001, info.max, dtype=dtype), np.full(70001, info.min, dtype=dtype), rng.integers(info.min, info.max, 100003, dtype=dtype, endpoint=True)):
            check(widening_sum, a, np.int64(5))
            check_int(python_sum, a, 7)
    m = rng.random(1 << 20) < 0.9
    check(count, m, 1)
    check(count, np.ones(300001, dtype=bool), -2)


@given(st.lists(st.booleans(), max_size=400), st.integers(0, 5))
@settings(max_examples=50, deadline=None)
def test_counts(values, r):
    m = np.array(values, dtype=bool)
    check(count, m, 1)
    check(count, m[::3], 2)
    grid = np.resize(m, (6, max(len(values), 1))) if values else np.zeros((6, 1), dtype=bool)
    check(two_counts_of_a_row, grid, r)
    check(two_counts_of_a_row, grid, -1)


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_counts_of_nonzero_ints(dtype):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 3, 1000).astype(dtype)
    check(count, a, 1)


def test_bool_bytes_other_than_one():
    # A bool view of bytes 0, 1, 2 and 255: truth is "nonzero", whatever the byte.
    m = np.array([0, 1, 2, 255] * 9, dtype=np.uint8).view(np.bool_)
    check(count, m, 1)


def test_remarks():
    check(count, np.ones(5, dtype=bool), 1)
    assert "vectorised: 16 iterations at a time, summed exactly in i64x2 registers" in count.explain()
    check(wrapping_sum, np.arange(9, dtype=np.int32))
    assert "summed exactly in i32x4 registers" in wrapping_sum.explain()
    check(python_sum, np.arange(9, dtype=np.int64), 0)
    assert "is a sum of 64-bit elements into a Python int" in python_sum.explain()
