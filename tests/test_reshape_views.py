"""`reshape` of arrays that are not C-contiguous: a view where NumPy makes one (writes through it
reach the original, as in NumPy), a copy where NumPy copies; compared with NumPy, mutated
arguments included."""
import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def write_through(a, shape):
    v = a.reshape(shape)
    v[0] = -1.0
    return v


@njit
def write_last(a, shape):
    v = np.reshape(a, shape)
    v[-1] = 7.0
    return v.sum(), v.shape


@njit
def reversed_flat(a):
    b = a[::-1].reshape(-1)
    b[0] = 100.0
    return a


@njit
def rows_of_strided(a, n):
    return a[::2].reshape(n, -1) * 2.0


SHAPES_1D = [(-1,), (2, -1), (3, 1, -1), (1, 6), (6, 1)]


@pytest.mark.parametrize("shape", SHAPES_1D)
def test_strided_vectors(shape):
    base = np.arange(24.0)
    for a in (base[::4], base[::-4], base[2::4][::-1], base[:6]):
        check(write_through, a, shape)
        check(write_last, a, shape)


def test_views_of_views_write_to_the_base():
    check(reversed_flat, np.arange(5.0))
    check(rows_of_strided, np.arange(12.0), 3)


@pytest.mark.parametrize("shape", [(12,), (2, 2, 3), (4, 3), (3, 4), (2, 6)])
def test_transposes_view_or_copy_as_numpy(shape):
    m = np.arange(12.0).reshape(3, 4)
    check(write_through, m.T, shape)
    check(write_through, np.asfortranarray(m), shape)
    check(write_last, m[:, ::2], (6,))
    check(write_last, m[::-1, 1:], (-1,))
