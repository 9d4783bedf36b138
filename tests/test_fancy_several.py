"""Several integer index arrays in one index (`a[rows, cols]`): NumPy's results for reads, stores
and in-place updates (duplicates updated once), negative indices, broadcasting of the index arrays
against each other (shapes aligned at their last axes), beside integers and slices, and NumPy's
IndexError texts; a boolean mask among them is refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import njit
from conftest import check


@njit
def take2(a, r, c):
    return a[r, c]


@njit
def take3(a, r, c, d):
    return a[r, c, d]


@njit
def store(a, r, c, v):
    a[r, c] = v
    return a


@njit
def bump(a, r, c):
    a[r, c] += 1.5
    return a


@njit
def bump_by(a, r, c, v):
    a[r, c] -= v
    return a


def index_arrays(n, size):
    return st.lists(st.integers(-n - 1, n), min_size=size, max_size=size)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 7), st.data())
@settings(max_examples=120, deadline=None)
def test_reads_stores_and_updates(n, m, size, data):
    a = np.arange(n * m, dtype=np.float64).reshape(n, m) * 0.5
    dtype = data.draw(st.sampled_from([np.int64, np.int32, np.int8, np.uint8, np.uint64]))
    r = np.array(data.draw(index_arrays(n, size)), dtype=np.int64)
    c = np.array(data.draw(index_arrays(m, size)), dtype=np.int64)
    if not np.issubdtype(dtype, np.signedinteger):
        r, c = np.abs(r), np.abs(c)
    r, c = r.astype(dtype), c.astype(dtype)
    check(take2, a, r, c)
    check(take2, a[:, ::-1], r, c)
    check(store, a, r, c, 7.0)
    check(store, a, r, c, np.arange(size, dtype=np.float64))
    check(store, a, r, c, np.arange(size + 1, dtype=np.float64))
    check(bump, a, r, c)
    check(bump_by, a, r, c, np.arange(size, dtype=np.float64))


def test_broadcasting_index_arrays_and_rows():
    a = np.arange(24.0).reshape(3, 4, 2)
    check(take2, a, np.array([[0], [2]]), np.array([[1, 3, 0]]))
    check(take2, a, np.array([0, -1]), np.array([1, 2]))
    check(take2, a, np.array([[0, 1]]), np.array([[3], [0]]))
    check(take2, a, np.array([0, 1, 2]), np.array([1]))
    check(take2, a, np.array([0, 1, 2]), np.array([1, 2]))
    check(take2, a, np.zeros((0,), dtype=np.int64), np.array([1]))
    # Broadcast to nothing: no index is checked, an out-of-bounds one included (fuzzer, seed 1607).
    check(take2, a, np.array([7]), np.arange(0))
    check(store, a, np.array([[7]]), np.zeros((1, 0), dtype=np.int64), 1.0)
    check(take3, a, np.array([0, 2]), np.array([1, 3]), np.array([-1, 0]))
    check(store, a, np.array([[0], [2]]), np.array([[1, 3]]), np.ones((2, 2, 2)))
    check(store, a, np.array([0, 2]), np.array([1, 3]), np.ones(3))


def test_out_of_bounds_writes_nothing():
    a = np.zeros((3, 4))
    check(store, a, np.array([0, 1, 3]), np.array([0, 1, 2]), 1.0)
    check(bump, a, np.array([0, 1, 2]), np.array([0, 1, 4]))


@njit
def with_slice(a, r, c):
    return a[r, c, :]


@njit
def with_int(a, r):
    return a[r, 1, r]


@njit
def with_mask(a, r, m):
    return a[r, m]


@njit
def mixed_dims(a, r, c):
    return a[r, c]


def test_with_slices_integers_and_arrays_of_other_dimensions():
    a = np.arange(24.0).reshape(3, 4, 2)
    check(with_slice, a, np.array([0, 2]), np.array([1, 3]))
    check(with_int, a, np.array([0, 1]))
    check(mixed_dims, a[:, :, 0], np.array([0, 1]), np.array([[1], [3]]))


def test_refusals_name_the_construct():
    with pytest.raises(hasten.UnsupportedError, match="a boolean mask among several index arrays"):
        with_mask(np.zeros((3, 4)), np.array([0]), np.array([True, False, True, False]))
