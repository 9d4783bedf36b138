"""`None` / `np.newaxis` in array indices (a new axis of length 1, stride 0, as NumPy's) with
slices and integers, read, broadcast and stored through; tuples sliced by constants."""

import numpy as np
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

from conftest import check, floats
from hasten import njit


@njit
def outer(a, b):
    return a[:, None] * b[None, :], a[:, np.newaxis] - b


@njit
def shapes(a, m):
    return (a[None].shape, a[None, 1:3].strides, a[1:3, None].strides, m[None].shape, m[:, None, 1:].shape,
            m[1, None].shape, m[None, 1, None, ::-1].shape)


@njit
def views(m):
    v = m[:, None, ::-1]
    return v.copy(), v.sum(axis=1), m[None, -1]


@njit
def store(m, a):
    m[:, None] = 0.5
    m[None, 0, :] = a[: m.shape[1]]
    return m


@njit
def pairwise(x):
    d = x[:, None, :] - x[None, :, :]
    return np.sqrt((d * d).sum(axis=-1))


@njit
def tuple_slices(n):
    t = (1, 2.5, "x", n)
    return t[::-1], t[1:3], t[-2:], t[::2], t[5:], t[:-10]


def test_broadcasting():
    check(outer, np.arange(4.0), np.arange(3.0) - 1.5)
    check(outer, np.arange(6.0)[::-2], np.ones(0))
    check(pairwise, np.arange(12.0).reshape(4, 3) % 5)


def test_shapes_and_strides():
    m = np.arange(6.0).reshape(2, 3)
    check(shapes, np.arange(5.0), m)
    check(shapes, np.arange(10.0)[::2], np.asfortranarray(m))
    check(views, m)
    check(views, m.T)
    check(store, m.copy(), np.arange(5.0))


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=4), elements=floats))
def test_pairwise_distances(x):
    check(pairwise, x)


def test_tuple_slices():
    check(tuple_slices, 3)
