"""`np.empty_like`/`zeros_like`/`ones_like`/`full_like` of Fortran-ordered and strided arrays:
NumPy lays the new array out in its argument's memory order; elements written through indices
land where NumPy puts them (a Fortran result once took C-ordered writes: wrong elements)."""

import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def filled_by_index(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j] * 2
    return out


@njit
def likes(a):
    z = np.zeros_like(a)
    o = np.ones_like(a)
    f = np.full_like(a, 7.5)
    z[0, -1] = 3.0
    o[-1, 0] = 4.0
    f[0, 0] = 1.0
    return z, o, f, z.sum() + o[:, 0].sum() + f[-1].sum()


@njit
def like3(a):
    out = np.zeros_like(a)
    out[0, 1, 2] = 1.0
    out[1, 0, 1] = 2.0
    return out, out.ravel()


cases = [
    np.arange(12.0).reshape(3, 4),
    np.arange(12.0).reshape(3, 4).T,
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(24.0).reshape(4, 6)[::2, 1::2],
    np.arange(24.0).reshape(4, 6).T[::-1],
]


@pytest.mark.parametrize("k", range(len(cases)))
def test_layouts_follow_numpy(k):
    a = cases[k]
    for f in (filled_by_index, likes):
        got = check(f, a)
        expected = f.py_func(a)
        for g, e in zip(got if isinstance(got, tuple) else (got,), expected if isinstance(expected, tuple) else (expected,)):
            if isinstance(e, np.ndarray):
                assert g.strides == e.strides


def test_three_dimensions():
    a = np.arange(24.0).reshape(2, 3, 4)
    for b in (a, a.transpose(2, 0, 1), np.asfortranarray(a), a.transpose(1, 2, 0)):
        check(like3, b.transpose(1, 0, 2) if b.shape[0] == 3 else b)


@njit
def copies(a):
    return np.copy(a), a.copy(), np.copy(a).sum(axis=0)


@pytest.mark.parametrize("a", [np.asfortranarray(np.random.default_rng(3).random((40, 30))), np.random.default_rng(4).random((40, 30)),
                               np.asfortranarray(np.arange(12.0).reshape(3, 4)) + 1j, np.asfortranarray(np.ones((2, 3), np.int8))])
def test_np_copy_keeps_memory_order(a):
    # np.copy is order='K' (a Fortran array's copy is Fortran, and sums along an axis follow its
    # memory order); a.copy() is C-ordered.
    got, want = copies(a), copies.py_func(a)
    check(copies, a)
    assert [g.strides for g in got[:2]] == [w.strides for w in want[:2]]
