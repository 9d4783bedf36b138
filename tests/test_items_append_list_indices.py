"""`a.item(i)` (a flat position, C order), `a.item(i, j)`, `x.item()` of NumPy scalars,
`np.array(x)`/`np.asarray(x)` of a number (a 0-d array), `np.append(a, v)` of numbers and lists,
and lists as index arrays in any position, read and stored through (`m[[0, 1], [2, 2]] += 5`).
Differential against NumPy, errors and messages included."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def items(a, m, i):
    return (a.item(i), m.item(i % m.shape[0], -1), m.T.item(i), m[:, ::2].item(i), a.sum().item(),
            np.int8(3).item(), np.bool_(True).item(), (a > 1).item(i), np.float32(0.1).item())


@njit
def flat_item(a, i):
    return a.item(i)


@njit
def element_item(m, i, j):
    return m.item(i, j)


@njit
def zero_d(x):
    return np.array(x), np.asarray(x, dtype=np.float32), np.array(np.int8(3)).dtype, np.array(x) + 1


@njit
def appended(a):
    return (np.append(a, 4), np.append(a, [5, 6]), np.append(a, np.arange(2.0)), np.append(a, 2.5),
            np.append(a.reshape(-1, 1), 1), np.append(a, True))


@njit
def list_indices(m):
    m[[0, 1], [2, 2]] += 5
    m[[0, 2]] = 7
    m[[1], [1]] = 3
    return m[[0, 1], [2, 1]], m[1, [0, 2]], m[[2, 0]][:, [1]]


@pytest.mark.parametrize("i", [0, 3, -1, -5])
def test_items(i):
    check(items, np.arange(5.0), np.arange(6).reshape(2, 3), i)


@pytest.mark.parametrize("i", [5, -6, 2])
def test_flat_item_bounds(i):
    check(flat_item, np.arange(5), i)


@pytest.mark.parametrize("i, j", [(1, 2), (-2, 0), (2, 0), (0, -4)])
def test_element_item(i, j):
    check(element_item, np.arange(6.0).reshape(2, 3), i, j)


@pytest.mark.parametrize("x", [4, 2.5, True, np.float32(1.5), np.int16(-3)])
def test_zero_d_arrays_of_numbers(x):
    check(zero_d, x)


@pytest.mark.parametrize("a", [np.array([1, 2, 3]), np.arange(3.0)[::-1], np.array([], dtype=np.int64)])
def test_append_numbers_and_lists(a):
    check(appended, a)


def test_lists_as_index_arrays():
    check(list_indices, np.zeros((3, 3), dtype=np.int64))
    check(list_indices, np.arange(9.0).reshape(3, 3))


@njit
def diagonals(a, b):
    d = np.diag_indices(3)
    a[d] = -1
    e = np.diag_indices_from(b)
    b[e] = 5
    t = np.triu_indices(3, 1)
    return a, b, a[t], np.diag_indices(4), np.diag_indices(2, 1)


@njit
def diag_from(a):
    return np.diag_indices_from(a)


def test_diag_indices_and_tuples_of_index_arrays():
    check(diagonals, np.ones((3, 3)), np.zeros((2, 2, 2)))
    check(diag_from, np.ones((2, 3)))
    check(diag_from, np.ones(3))
