"""Reductions along an axis known only at run time (`a.sum(axis=k)` with `k` an argument or a
local; also median, percentile, quantile, ptp, and cumsum/cumprod/sort/argsort, whose result's
last axis is put back, in C order as NumPy returns it), as numba takes them: the reduction of the last axis of a view with axis `k` moved last,
differentially against NumPy, bit for bit over C, Fortran, reversed and transposed layouts and
every axis, with NumPy's AxisError out of range."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import check


@njit
def reductions(a, k):
    return (a.sum(axis=k), np.mean(a, axis=k), np.max(a, k), a.argmin(axis=k), np.count_nonzero(a, axis=k),
            np.any(a > 0.5, axis=k), np.prod(a, axis=k), np.nansum(a, axis=k), np.nanmax(a, axis=k))


@njit
def spreads(a, k):
    return np.var(a, axis=k), np.std(a, k, ddof=1), np.nanstd(a, axis=k)


@njit
def order_statistics(a, k):
    return np.median(a, axis=k), np.percentile(a, 30, axis=k), np.quantile(a, 0.7, axis=k), np.ptp(a, axis=k), np.nanmedian(a, k)


@njit
def axes_kept(a, k):
    return np.cumsum(a, axis=k), np.cumprod(a, k), np.sort(a, axis=k), np.argsort(a, axis=k, kind="stable"), a.cumsum(axis=k)


@njit
def from_a_local(a, flip):
    k = 0
    if flip:
        k = -1
    return a.sum(axis=k), a.min(axis=k)


def layouts(a):
    return [a, np.asfortranarray(a), a[..., ::-1], a.T]


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (4, 1, 3)])
def test_every_axis_and_layout(shape):
    base = np.random.default_rng(sum(shape)).random(shape)
    for a in layouts(base):
        for k in range(-a.ndim, a.ndim):
            check(reductions, a, k)
            with np.errstate(all="ignore"):
                check(spreads, a, k)
            check(order_statistics, a, k)
            check(axes_kept, a, k)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.float32, np.bool_, np.complex128])
def test_dtypes(dtype):
    a = (np.random.default_rng(3).random((3, 5, 2)) * 10).astype(dtype)
    for k in range(-3, 3):
        check(sums, a, k)


@njit
def sums(a, k):
    return a.sum(axis=k), np.mean(a, axis=k), np.count_nonzero(a, axis=k)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
                  elements=st.floats(allow_nan=True, allow_infinity=True)), st.integers(-4, 3))
def test_hypothesis(a, k):
    with np.errstate(all="ignore"):
        check(sums, a, k)


def test_a_local_axis():
    check(from_a_local, np.arange(12.0).reshape(3, 4), True)
    check(from_a_local, np.arange(12.0).reshape(3, 4), False)


@njit
def with_a_default(a, axis=None):
    return a.sum(axis=axis), np.cumsum(a, axis=axis), np.median(a, axis=axis), np.max(a, axis)


def test_an_axis_argument_that_is_none():
    a = np.arange(12.0).reshape(3, 4)[:, ::-1]
    for axis in [None, 0, 1, -1]:
        check(with_a_default, a, axis)
    check(with_a_default, np.asfortranarray(a))


@njit
def caught_axis_error(a, k):
    # NumPy raises AxisError(axis, ndim, msg_prefix): its args are those three (fuzz seed 3603).
    try:
        return float(np.var(a, axis=k).sum()), (0, 0, "")
    except IndexError as e:
        return -1.0, (len(e.args), e.args[0], str(e))


@njit
def caught_swapaxes_error(a, k):
    try:
        return np.moveaxis(a, k, 0).shape[0], ""
    except ValueError as e:
        return -1, str(e)


def test_out_of_range_is_numpys_axis_error():
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds for array of dimension 2") as got:
        sums(np.ones((2, 3)), 2)
    assert got.value.args == (2, 2, None)
    with pytest.raises(np.exceptions.AxisError, match="axis -3 is out of bounds for array of dimension 2"):
        sums(np.ones((2, 3)), -3)
    for k in (2, -3, 1, 5):
        check(caught_axis_error, np.ones((2, 3)), k)
        check(caught_swapaxes_error, np.ones((2, 3)), k)


@njit
def swapped(a, i, j):
    return np.swapaxes(a, i, j), np.moveaxis(a, i, j)


@njit
def swapped_and_written(a, i, j):
    v = np.swapaxes(a, i, j)
    v[0, 1] = -1.0
    return v.copy()


@pytest.mark.parametrize("shape", [(2, 3), (2, 3, 4), (1, 4, 2, 3)])
def test_swapaxes_and_moveaxis_of_run_time_axes(shape):
    base = np.arange(float(np.prod(shape))).reshape(shape)
    n = len(shape)
    for a in (base, np.asfortranarray(base), base[..., ::-1]):
        for i in range(-n, n):
            for j in range(-n, n):
                check(swapped, a, i, j)


def test_swapaxes_view_writes_through():
    check(swapped_and_written, np.zeros((3, 4)), 0, 1)
    check(swapped_and_written, np.zeros((3, 4, 2)), 1, -1)


@pytest.mark.parametrize("i, j", [(2, 0), (0, -3), (-3, 1)])
def test_swapaxes_and_moveaxis_out_of_range(i, j):
    check(swapped, np.zeros((2, 3)), i, j)


@njit
def taken_along(a, k):
    return np.take(a, np.array([1, 0, -1]), axis=k), np.take(a, 1, axis=k), np.take(a, [0, 1], k), a.take(np.array([1]), axis=k)


@pytest.mark.parametrize("k", [0, 1, 2, -1, -3, 3, -4])
def test_take_along_an_axis_known_at_run_time(k):
    # NumPy's AxisError and IndexError (naming the axis as given), results in C order.
    a = np.arange(24.0).reshape(2, 3, 4)
    check(taken_along, a, k)
    check(taken_along, np.asfortranarray(a)[:, ::-1], k)
    check(njit(taken_out_of_bounds), a, k)


def taken_out_of_bounds(a, k):
    return np.take(a, np.array([0, 5]), axis=k)
