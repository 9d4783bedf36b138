"""`np.add.at(a, indices, values)` and the other binary ufuncs' `at` (NumPy's unbuffered loop:
repeated indices accumulate; each step in NumPy's promotion, stored with any cast), and
`np.gradient(f, h)` / `np.gradient(f, x)` (a spacing, or coordinates: NumPy's non-uniform formula
unless their differences are equal), and `np.pad` with the modes that copy values ('edge',
'reflect', 'symmetric', 'wrap'; pads wider than the array included). Differential against NumPy,
bit for bit."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check


@njit
def at_add(a, idx, v):
    np.add.at(a, idx, v)
    return a


@njit
def at_all(a, idx):
    np.subtract.at(a, idx, 1)
    np.multiply.at(a, idx[:2], 1.5)
    np.maximum.at(a, idx, a[::-1][: len(idx)])
    np.minimum.at(a, idx, 0.5)
    np.add.at(a, 0, 2)
    return a


@njit
def grad_h(f, h):
    return np.gradient(f, h)


@njit
def grad_x(f, x):
    return np.gradient(f, x)


@njit
def grad_const(f):
    return np.gradient(f, 0.3), np.gradient(f, 2)


@pytest.mark.parametrize("a, idx, v", [
    (np.zeros(4), np.array([0, 0, 3, -1]), np.array([1.0, 2.0, 3.0, 4.0])),
    (np.zeros(4, np.int64), np.array([1, 1]), 1.5),
    (np.zeros(3, np.int8), np.array([0, 0]), 200),
    (np.zeros(3, np.float32), np.array([0, 1]), np.array([0.1, 1e300])),
    (np.ones(3, np.bool_), np.array([0]), 5),
    (np.arange(3.0), np.array([0, 1]), np.array([np.nan, -1.0])),
    (np.zeros(4), np.array([5]), 1.0),
    (np.zeros(4), np.array([-5]), 1.0),
    (np.zeros(4), np.array([0, 1]), np.array([1.0, 2.0, 3.0])),
])
def test_add_at(a, idx, v):
    check(at_add, a, idx, v)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.float32])
def test_other_ufuncs_at(dtype):
    check(at_all, np.arange(6).astype(dtype), np.array([1, 3, 3, -2]))


floats = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(floats, min_size=2, max_size=12), st.sampled_from([0.5, 0.3, 3.0, -2.0]), st.sampled_from([np.float64, np.float32]))
def test_gradient_with_a_spacing(ys, h, dtype):
    check(grad_h, np.array(ys, dtype), h)
    check(grad_const, np.array(ys, dtype))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(floats, st.floats(0.01, 10)), min_size=2, max_size=12), st.sampled_from([np.float64, np.float32]))
def test_gradient_with_coordinates(pairs, dtype):
    ys = np.array([p[0] for p in pairs], dtype)
    xs = np.cumsum([p[1] for p in pairs])
    check(grad_x, ys, xs)
    check(grad_x, ys, np.arange(len(pairs)) * 2)
    check(grad_x, ys, np.arange(len(pairs), dtype=np.float32) * 0.5)


def test_gradient_errors():
    check(grad_x, np.arange(4.0), np.arange(3.0))
    check(grad_x, np.arange(4.0), np.ones((2, 2)))


@njit
def pads_1d(a):
    return (np.pad(a, 5, mode="edge"), np.pad(a, 5, mode="reflect"), np.pad(a, 5, mode="symmetric"),
            np.pad(a, 5, mode="wrap"), np.pad(a, (0, 3), mode="reflect"), np.pad(a, (4,), "symmetric"))


@njit
def pads_2d(a):
    return (np.pad(a, ((1, 2), (3, 1)), mode="reflect"), np.pad(a, (2, 1), "edge"),
            np.pad(a, ((2, 0),), mode="wrap"), np.pad(a, 1, mode="symmetric"), np.pad(a, 4, mode="wrap"))


@njit
def pad_edge(a):
    return np.pad(a, 1, mode="edge")


@pytest.mark.parametrize("a", [np.array([1, 2, 3]), np.array([7.5]), np.arange(4.0)[::-1], np.arange(5, dtype=np.int8)])
def test_pad_modes_1d(a):
    check(pads_1d, a)


@pytest.mark.parametrize("a", [np.arange(6).reshape(2, 3), np.ones((1, 1)), np.arange(12.0).reshape(3, 4)[:, ::2]])
def test_pad_modes_2d(a):
    check(pads_2d, a)


@njit
def pad_nothing(a):
    return np.pad(a, 0, mode="edge"), np.pad(a, 0, mode="reflect")


def test_pad_of_an_empty_axis():
    check(pad_edge, np.zeros(0))
    check(pad_edge, np.zeros((2, 0)))
    check(pad_nothing, np.zeros(0, np.int64))
    check(pad_nothing, np.zeros((0, 3)))


def test_gradient_of_too_few_points():
    check(grad_x, np.zeros(0), np.zeros(0))
    check(grad_x, np.ones(1), np.ones(1))
    check(grad_h, np.ones(1), 0.5)
