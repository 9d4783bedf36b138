"""Joining arrays: np.concatenate, np.stack, np.vstack, np.hstack, np.column_stack of tuples of
arrays, differential against NumPy (dtype promotion, shapes, strided and Fortran inputs, NumPy's
errors with its messages)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check


@njit
def concat0(a, b):
    return np.concatenate((a, b))


@njit
def concat1(a, b, c):
    return np.concatenate((a, b, c), axis=1)


@njit
def concat_last(a, b):
    return np.concatenate((a, b), axis=-1)


@njit
def stacks(a, b):
    return np.stack((a, b)), np.stack((a, b), axis=1), np.stack((b, a), axis=-1)


@njit
def vh(a, b):
    return np.vstack((a, b)), np.hstack((a, b)), np.column_stack((a, b))


@njit
def of_expressions(a, b):
    return np.concatenate((a * 2, b + 1.5, a[::-1]))


@njit
def tuple_local(a, b):
    t = (a, b, a)
    return np.vstack(t)


DTYPES = [np.float64, np.float32, np.int64, np.int8, np.uint16, np.bool_]


@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", [np.float64, np.int32, np.bool_])
def test_concatenate_promotes_dtypes(da, db):
    a = np.arange(6).astype(da)
    b = (np.arange(4) - 2).astype(db)
    check(concat0, a, b)
    check(concat0, a.reshape(2, 3), b[:3].reshape(1, 3))
    check(concat1, a.reshape(3, 2), a.reshape(3, 2).T.copy().reshape(3, 2), b[:3].reshape(3, 1))
    check(concat_last, a.reshape(2, 3), b.reshape(2, 2))
    check(vh, a[:4], b)


def test_layouts_and_empty_inputs():
    m = np.arange(12.0).reshape(3, 4)
    check(concat0, m, np.asfortranarray(m))
    check(concat0, m[::2, ::-1], m[1:, :])
    check(concat1, m, m[:, :0], m.T[:3, :2])
    check(concat0, np.zeros(0), np.ones(3))
    check(concat0, m[:0], m)
    check(stacks, m, m.T.copy().T)
    check(stacks, np.arange(3.0), np.arange(3))
    check(vh, m, m[::-1])
    check(vh, np.arange(4.0), np.arange(4))
    check(vh, m[:, :1], m[:, 1:2])
    check(of_expressions, np.arange(5.0), np.ones(5))
    check(tuple_local, np.arange(3), np.arange(3))


def test_shape_mismatches_raise_numpys_errors():
    check(concat0, np.ones((2, 3)), np.ones((2, 2)))
    check(concat1, np.ones((2, 3)), np.ones((3, 2)), np.ones((2, 1)))
    check(concat1, np.ones((2, 3)), np.ones((2, 2)), np.ones((4, 1)))
    check(stacks, np.ones(3), np.ones(2))
    check(stacks, np.ones((2, 3)), np.ones((3, 2)))
    check(vh, np.ones(3), np.ones(2))
    check(vh, np.ones((2, 1)), np.ones((3, 1)))


def test_static_errors_are_typing_errors_with_numpys_message():
    with pytest.raises(hasten.TypingError, match="all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension"):
        concat0(np.ones((2, 3)), np.ones(3))
    with pytest.raises(hasten.TypingError, match="axis 1 is out of bounds for array of dimension 1"):
        concat1(np.ones(2), np.ones(2), np.ones(2))
    with pytest.raises(hasten.TypingError, match="zero-dimensional arrays cannot be concatenated"):
        concat0(np.zeros(()), np.zeros(()))


@njit
def concat_dtype(a, b):
    return np.concatenate((a, b), dtype=np.float32)


def test_unsupported_arguments_are_named():
    with pytest.raises(hasten.UnsupportedError, match="dtype="):
        concat_dtype(np.ones(2), np.ones(2))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.float64, np.int16, np.bool_]), st.sampled_from([np.float32, np.int64]),
       hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), st.integers(0, 4), st.data())
def test_joins_hypothesis(da, db, shape, extra, data):
    a = data.draw(hnp.arrays(da, shape))
    bshape = shape[:-1] + (extra,)
    b = data.draw(hnp.arrays(db, bshape))
    check(concat_last, a, b)
    check(stacks, a, data.draw(hnp.arrays(db, shape)))
    if len(shape) <= 2:
        check(vh, a, data.draw(hnp.arrays(db, shape)))


@njit
def joined_along(a, b, k):
    return np.concatenate((a, b * 2), axis=k), np.concatenate([a, b, a], k)


@njit
def joined_flat(a, b):
    return np.concatenate((a, b), axis=None), np.concatenate([a, a.T], None)


@pytest.mark.parametrize("k", [0, 1, -1, -2, 2, -3])
def test_concatenate_along_an_axis_known_at_run_time(k):
    # NumPy's checks and messages (AxisError, the mismatched dimension), a C-ordered result.
    m = np.arange(12.0).reshape(3, 4)
    check(joined_along, m, m[::-1], k)
    check(joined_along, m, np.arange(8.0).reshape(2, 4), k)
    check(joined_along, m[:, ::2], np.asfortranarray(m[:, 1::2]), k)
    got, want = joined_along(m, m, 0)[0], joined_along.py_func(m, m, 0)[0]
    assert got.flags.c_contiguous and want.flags.c_contiguous


def test_concatenate_flattened():
    m = np.arange(12.0).reshape(3, 4)
    check(joined_flat, m, np.arange(8.0).reshape(2, 4))
    check(joined_flat, np.asfortranarray(m), m[::2])
