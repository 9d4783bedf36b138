"""`np.put` (values repeated cyclically, negative indices, each index written before the next is
checked, as NumPy) and `np.take_along_axis` of 1-D to 3-D arrays (NumPy's own definition: index
arrays along the axis and `arange`s along the others, so its errors are that indexing's).
Differential against NumPy, mutated arguments included."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def put(a, ind, v):
    np.put(a, ind, v)
    return a


@njit
def along(a, idx, axis):
    return np.take_along_axis(a, idx, axis=axis)


@njit
def along_none(a, idx):
    return np.take_along_axis(a, idx, axis=None)


@njit
def sorted_rows(m):
    return np.take_along_axis(m, np.argsort(m, axis=1), axis=1), np.take_along_axis(m, np.argmax(m, axis=0).reshape(1, -1), axis=0)


@pytest.mark.parametrize("a, ind, v", [
    (np.zeros(4), np.array([0, 9]), np.array([1.0])),
    (np.zeros(0), np.array([0]), np.array([1.0])),
    (np.zeros(4), np.array([1, -1]), np.array([], dtype=np.float64)),
    (np.zeros(4), 2, 7.5),
    (np.zeros(3, dtype=np.int64), np.array([0, 1, 2]), np.array([1.7, 2.2])),
    (np.zeros((2, 2)), np.array([3, -4]), 5.0),
    (np.zeros(5), [0, 2, 4, 2], [1.0, 2.0]),
    (np.zeros((3, 4))[:, ::2], np.array([0, 5, -1]), np.array([1.0, 2.0, 3.0])),
    (np.zeros(3), np.array([-4]), 1.0),
])
def test_put(a, ind, v):
    check(put, a, ind, v)


A2 = np.arange(6.0).reshape(2, 3)
A3 = np.arange(24).reshape(2, 3, 4)


@pytest.mark.parametrize("a, idx, axis", [
    (A2, np.array([[0], [2]]), 1),
    (A2, np.array([[0, 5]]), 1),
    (A2, np.array([[1, 0, 1]]), 0),
    (A2, np.array([[1], [0], [1]]), 1),
    (A2, np.array([[-1, 0]]), -1),
    (A3, np.argsort(-A3, axis=-1), -1),
    (A3, np.zeros((1, 3, 4), dtype=np.int64), 0),
    (A3, np.ones((2, 1, 4), dtype=np.int64), 1),
    (np.arange(5.0), np.array([4, 0, -1]), 0),
])
def test_take_along_axis(a, idx, axis):
    check(along, a, idx, axis)


def test_take_along_axis_none_and_sorted_rows():
    check(along_none, A2, np.array([5, 0, -2]))
    m = np.random.default_rng(4).random((5, 6))
    check(sorted_rows, m)
    check(sorted_rows, np.asfortranarray(m))


def test_take_along_axis_out_of_bounds_axis():
    # NumPy raises its AxisError, a ValueError; the library raises ValueError with its message.
    with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
        along(A2, np.array([[0]]), 2)


@njit
def flattened(a):
    return a.flatten(), a.flatten("F"), a.flatten(order="C"), a.T.flatten("F")


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(12).reshape(3, 4)), np.arange(24).reshape(2, 3, 4)[:, ::2]])
def test_flatten_orders(a):
    check(flattened, a)
