"""`np.diff(a, prepend=..., append=...)` (each end a scalar broadcast to one step along the axis, or
an array, joined to `a` before the differences, as NumPy does) and list displays with starred
items (`[*a, x, *b]`: the lists of the iterables and the items, in order). Differential against
NumPy and CPython."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def diffs_1d(a):
    return (np.diff(a, prepend=0), np.diff(a, append=a[-1]), np.diff(a, n=2, prepend=1.5, append=-1),
            np.diff(a, prepend=np.array([7, 8])))


@njit
def diffs_2d(m):
    return np.diff(m, axis=0, prepend=0), np.diff(m, axis=1, append=m[:, :1]), np.diff(m, prepend=-1.0)


@njit
def complex_ends(a):
    return np.diff(a, prepend=1j), np.diff(a, append=np.complex128(2 - 1j)), np.diff(a, prepend=np.float32(0.5))


def test_diff_ends_of_complex_and_numpy_scalars():
    check(complex_ends, np.array([1 + 1j, 2.0, -1j]))
    check(complex_ends, np.array([1.0, 2.0]))


@njit
def unpacked(a, n):
    xs = [1.0, 2.0]
    # (`[*a, 9.5]` would hold np.float64 items only: a list keeps one item type.)
    return [*xs, 3.0, *xs], [*range(n), n], [*[w * 2 for w in xs]], [*a, a[0]][-2:]


@pytest.mark.parametrize("a", [np.array([3, 1, 4, 1, 5]), np.array([2.5, -1.0, 0.0]), np.arange(6.0)[::2]])
def test_diff_ends_1d(a):
    check(diffs_1d, a)


@pytest.mark.parametrize("m", [np.arange(12).reshape(3, 4), np.asfortranarray(np.arange(6.0).reshape(2, 3))])
def test_diff_ends_2d(m):
    check(diffs_2d, m)


@pytest.mark.parametrize("n", [0, 3])
def test_starred_list_displays(n):
    check(unpacked, np.array([0.5, 1.5]), n)
