"""np.eye and np.identity, differential against NumPy: shapes, diagonals k above and below (also
past the edges), dtypes, NumPy's error for negative sizes."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def eyes(n, m, k):
    return np.eye(n), np.eye(n, m), np.eye(n, m, k), np.eye(n, k=k), np.eye(n, M=m, k=k, dtype=np.int32), np.eye(n, dtype=np.bool_)


@njit
def identities(n):
    return np.identity(n), np.identity(n, np.int64), np.identity(n, dtype=np.float32)


@pytest.mark.parametrize("n, m", [(0, 0), (1, 1), (3, 3), (3, 5), (5, 3), (4, 0)])
def test_eye(n, m):
    for k in (-6, -3, -1, 0, 1, 2, 4, 7):
        check(eyes, n, m, k)
    check(identities, n)


def test_negative_sizes_raise_numpys_error():
    check(eyes, -1, 3, 0)
    check(eyes, 2, -3, 0)
    check(identities, -2)


@njit
def eye_order(n):
    return np.eye(n, order="F")


def test_unsupported_arguments_are_named():
    with pytest.raises(hasten.UnsupportedError, match="order="):
        eye_order(3)


@njit
def traces(a, k):
    return np.trace(a), np.trace(a, k), np.trace(a, offset=-k)


@njit
def diags(v, k):
    return np.diag(v), np.diag(v, k), np.diag(v, k=-k)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.uint8, np.bool_])
def test_trace_and_diag(dtype):
    m = (np.arange(20) - 7).reshape(4, 5).astype(dtype)
    for k in (-5, -2, -1, 0, 1, 3, 6):
        check(traces, m, k)
        check(traces, m.T, k)
        check(traces, m[::-1, ::2], k)
        check(diags, m, k)
        check(diags, m.T, k)
        check(diags, m[0], k)
        check(diags, m[:, 1], k)
        check(diags, m[0, :0], k)


def test_diag_errors():
    with pytest.raises(hasten.TypingError, match="Input must be 1- or 2-d."):
        diags(np.ones((2, 2, 2)), 0)
    with pytest.raises(hasten.TypingError, match="at least two dimensions"):
        traces(np.ones(2), 0)


@njit
def diagonal_then_write(m):
    d = np.diag(m)
    m[0, 0] = 5.0
    m[1, 1] = -0.0
    return d[0], d


def test_diag_of_a_matrix_is_a_view():
    # NumPy's read-only view: later writes to the matrix show through it.
    check(diagonal_then_write, np.ones((3, 3)))
    check(diagonal_then_write, np.asfortranarray(np.ones((2, 3))))


@njit
def along_run_time_axis(a, axis):
    return np.cumsum(a, axis), a.cumsum(axis=axis), np.sort(a, axis)


def test_run_time_axis_results_are_new_writeable_arrays():
    a = np.arange(12.0).reshape(3, 4)[:, ::-1]
    for axis in (0, 1, -1):
        check(along_run_time_axis, a, axis)
