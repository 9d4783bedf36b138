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
