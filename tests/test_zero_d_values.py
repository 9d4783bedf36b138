"""0-d arrays as NumPy makes them (`np.where` of numbers, `np.asarray(x)`) in scalar contexts,
differentially against NumPy: `np.where` of numbers gives a 0-d array (real and complex), and
arithmetic, comparisons, unary operators, `float()`/`int()`/`abs()`, augmented assignments and
stores into array elements compute with its element, giving NumPy's scalars."""

import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def where_of_numbers(c, x, y):
    return np.where(c, x, y)


@pytest.mark.parametrize("c", [True, False, np.bool_(True), 0, 2.5])
@pytest.mark.parametrize("x, y", [(1.0, 2.0), (1, 2), (np.float32(1), np.float32(2)), (1j, 2.0), (np.complex128(1 + 2j), 3)])
def test_where_of_numbers_is_a_0d_array(c, x, y):
    check(where_of_numbers, c, x, y)


@njit
def in_scalar_contexts(x, y):
    w = np.where(x > y, x, y)
    return w * 2, 1 - w, w > 1, w == y, -w, +w, abs(w), float(w), int(w), bool(w), w.item()


@pytest.mark.parametrize("x, y", [(2.0, 1.5), (-1.0, 0.25), (3, 7), (np.float32(0.5), np.float32(-2))])
def test_0d_arrays_in_scalar_contexts(x, y):
    check(in_scalar_contexts, x, y)


@njit
def accumulated(a):
    s = 0.0
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        s += np.where(a[i] > 0, a[i], 0.0)
        out[i] = np.where(a[i] > 0, a[i], -1.0)
    return s, out


def test_augmented_assignments_and_stores_of_0d_arrays():
    check(accumulated, np.array([1.0, -2.0, 3.0, np.nan, -0.0]))


@njit
def of_asarray(x):
    a = np.asarray(x)
    return a + 1, a < 2, -a, float(a)


@pytest.mark.parametrize("x", [1.5, 3, np.float32(2.5)])
def test_0d_arrays_of_asarray(x):
    check(of_asarray, x)
