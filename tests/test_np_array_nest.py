"""`np.array(x)` of nests (lists, tuples and arrays of numbers at any depth), of arrays (a copy in
their memory order) and with `dtype=` that narrows: NumPy's dtypes, shapes, values and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import check, floats
from hasten import njit


@njit
def literal_2d():
    return np.array([[1.0, 2.0], [3.0, 4.0]])


@njit
def literal_mixed(x, y):
    # Each number keeps its own type: ints and floats in one nest give float64, as NumPy's.
    return np.array([[x, 0], [y, 1.5]])


@njit
def literal_ints_bools():
    return np.array([[1, 0], [0, True]])


@njit
def literal_f32(x):
    # NumPy discovers a Python float as float64 inside np.array: float32 with it is float64.
    return np.array([x, 0.1])


@njit
def literal_f32_only(x):
    return np.array([[x, x], [x, x]])


@njit
def tuple_rows():
    return np.array([(1, 2.5), (3, 4)])


@njit
def tuple_of_arrays(a, b):
    return np.array((a, b))


@njit
def list_of_list_vars(n):
    row = [0.5 * k for k in range(n)]
    return np.array([row, row, row])


@njit
def points(n):
    pts = []
    for i in range(n):
        pts.append((i, i * 0.5))
    return np.array(pts)


@njit
def rows_of(a):
    rows = [[a[i, j] for j in range(a.shape[1])] for i in range(a.shape[0])]
    return np.array(rows)


@njit
def ragged(k):
    rows = [[1.0, 2.0], [3.0, 4.0]]
    rows[1].append(5.0 + k)
    return np.array(rows)


@njit
def ragged_deep():
    return np.array([[[1.0]], [[2.0, 3.0]]])


@njit
def ragged_literal():
    return np.array([[1.0, 2.0], [3.0]])


@njit
def arrays_differ(a, b):
    return np.array([a, b])


@njit
def empties():
    return np.array(()), np.array([[]]), np.array([(), ()])


@njit
def with_dtype(x):
    return np.array([[x, 2.0], [3.0, 4.0]], dtype=np.float32), np.array([x, 2.5], dtype=np.int64)


@njit
def into_uint8(v):
    return np.array([v, 1], dtype=np.uint8)


@njit
def scalars_into_uint8(a):
    return np.array([a[0], a[1]], dtype=np.uint8)


@njit
def copy_of(a):
    c = np.array(a)
    c[0] = 7
    return c


@njit
def cast_of(a):
    return np.array(a, dtype=np.float32)


@njit
def list_of_tuples_of_arrays(a):
    return np.array([(a, a), (a, a + 1.0)])


def test_literals_take_numpys_dtypes():
    check(literal_2d)
    check(literal_mixed, 2, 3.5)
    check(literal_ints_bools)
    check(literal_f32, np.float32(0.25))
    check(literal_f32_only, np.float32(0.1))
    check(tuple_rows)
    check(empties)


def test_nests_of_variables():
    a, b = np.arange(3.0), np.arange(3.0) * -1
    check(tuple_of_arrays, a, b)
    check(tuple_of_arrays, np.ones((2, 2), np.int32), np.zeros((2, 2), np.int32))
    check(tuple_of_arrays, np.arange(3, dtype=np.int16), np.arange(3.0, dtype=np.float32)[::-1])
    check(list_of_list_vars, 4)
    check(points, 5)
    check(list_of_tuples_of_arrays, np.arange(4.0))


def test_inhomogeneous_shapes_raise_numpys_error():
    check(ragged, 1.0)
    check(ragged_deep)
    check(ragged_literal)
    check(arrays_differ, np.ones(2), np.ones(3))
    check(arrays_differ, np.ones((2, 2)), np.ones((2, 3)))


def test_empty_lists_under_a_list_refused_at_run_time():
    # NumPy's result has fewer axes than the nest's type (shape (0,)): a ValueError that says so.
    assert points.py_func(0).shape == (0,)
    with pytest.raises(ValueError, match="fewer dimensions"):
        points(0)


def test_dtype_converts_as_numpy_stores():
    check(with_dtype, 1.75)
    check(with_dtype, float("nan"))  # ValueError: cannot convert float NaN to integer
    # OverflowError in the int64 array (float32's is inf); hasten's message names its 64-bit ints.
    check(with_dtype, 1e300, message=False)
    check(into_uint8, 255)
    check(into_uint8, 300)  # OverflowError: Python integer 300 out of bounds for uint8
    check(into_uint8, -1)
    check(scalars_into_uint8, np.array([300, -1]))  # NumPy scalars wrap


def test_array_argument_is_copied_in_its_order():
    for a in (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(10.0)[::2]):
        got = check(copy_of, a)
        assert got.flags["C_CONTIGUOUS"] == copy_of.py_func(a).flags["C_CONTIGUOUS"]
        assert got.flags["F_CONTIGUOUS"] == copy_of.py_func(a).flags["F_CONTIGUOUS"]
        check(cast_of, a)
    check(cast_of, np.arange(5))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5), elements=floats))
def test_rows_built_in_compiled_code(a):
    check(rows_of, a)
    check(rows_of, a.T)


@njit
def rows_from_tuples(n, k):
    r = np.zeros((n, k))
    for i in range(n):
        r[i] = (i, i * 2, i * 3)
    r[0, :2] = [7.5, True]
    return r


@njit
def int_rows(n):
    r = np.zeros((n, 2), dtype=np.int64)
    for i in range(n):
        r[i] = (i * 1.5, -i)  # NumPy casts the sequence's float64 array unsafely into the row
    return r


def test_sequences_stored_into_rows():
    check(rows_from_tuples, 3, 3)
    check(rows_from_tuples, 2, 4)  # ValueError: could not broadcast input array from shape (3,) into shape (4,)
    check(int_rows, 4)
