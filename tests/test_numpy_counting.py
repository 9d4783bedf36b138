"""np.count_nonzero (a reduction), np.isclose (an element-wise function: NumPy's formula, fused like
a ufunc) and np.allclose (a Python bool), differential against NumPy over dtypes, shapes,
tolerances and NaN/inf."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check

SPECIAL = np.array([0.0, -0.0, 1.0, 1.0 + 1e-9, 1.0 + 1e-4, -2.5, 1e-9, 1e300, np.inf, -np.inf, np.nan, 3.0])


@njit
def count(a):
    return np.count_nonzero(a)


@njit
def count_axis(a):
    return np.count_nonzero(a, axis=0), np.count_nonzero(a, axis=-1)


@njit
def count_expr(a, b):
    return np.count_nonzero(a > b), np.count_nonzero(np.isnan(a - b))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8, np.uint16, np.bool_])
def test_count_nonzero(dtype):
    with np.errstate(invalid="ignore", over="ignore"):
        a = SPECIAL.astype(dtype)
    check(count, a)
    check(count, a[::2])
    check(count, a[:0])
    check(count, a.reshape(3, 4))
    check(count, a.reshape(3, 4).T)
    check(count_axis, a.reshape(3, 4))
    check(count_axis, a.reshape(4, 3).T)


def test_count_nonzero_of_expressions_allocates_nothing():
    a, b = np.linspace(-1, 1, 50), np.zeros(50)
    b[::7] = np.nan
    check(count_expr, a, b)
    count_expr(a, b)
    before = hasten.alloc_stats()["allocations"]
    count_expr(a, b)
    assert hasten.alloc_stats()["allocations"] == before


@njit
def close(a, b):
    return np.isclose(a, b)


@njit
def close_tol(a, b, rtol, atol):
    return np.isclose(a, b, rtol, atol, True), np.isclose(a, b, atol=atol), np.isclose(a, b, equal_nan=True, rtol=rtol)


@njit
def all_close(a, b):
    return np.allclose(a, b), np.allclose(a, b, 1e-3), np.allclose(a, b, equal_nan=True, atol=0.5)


def pairs(dtype_a, dtype_b):
    a = np.repeat(SPECIAL, SPECIAL.size)
    b = np.tile(SPECIAL, SPECIAL.size)
    with np.errstate(invalid="ignore", over="ignore"):
        return a.astype(dtype_a), b.astype(dtype_b)


@pytest.mark.parametrize("da, db", [(np.float64, np.float64), (np.float32, np.float32), (np.float32, np.float64),
                                    (np.float64, np.float32), (np.int64, np.float64), (np.float64, np.int64),
                                    (np.int32, np.int32), (np.bool_, np.float64)])
def test_isclose_and_allclose(da, db):
    a, b = pairs(da, db)
    check(close, a, b)
    check(close_tol, a, b, 1e-3, 1e-6)
    check(close_tol, a, b, 0.0, 0.0)
    check(close, a.reshape(12, 12), b[:12])  # broadcasting
    check(all_close, a, b)
    check(all_close, a, a)
    check(all_close, b, b.copy())
    check(all_close, a[:0], b[:0])
    for i in (0, 3, 10):
        check(close, a[i], b[i])  # NumPy scalars give np.bool_


def test_isclose_of_python_numbers():
    for x, y in ((1.0, 1.0 + 1e-9), (1, 1.0), (0.0, -0.0), (3, 4), (float("nan"), float("nan")), (1e300, float("inf"))):
        check(close, x, y)
        check(close_tol, x, y, 0.5, 0.0)
        check(all_close, x, y)
    check(close, np.float32(1.0), 1.0 + 1e-7)
    check(close, np.arange(5, dtype=np.float32), 2)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), hnp.array_shapes(max_dims=2, max_side=5)),
       st.floats(0, 1), st.floats(0, 1))
def test_isclose_hypothesis(a, rtol, atol):
    b = np.nextafter(a, np.inf) if a.size else a
    with np.errstate(all="ignore"):
        check(close_tol, a, b, rtol, atol)
        check(close_tol, a, a * 1.001, rtol, atol)
        check(all_close, a, b)


@njit
def close_out(a, b, o):
    return np.isclose(a, b, out=o)


def test_refused_arguments():
    with pytest.raises(hasten.TypingError, match="out"):
        close_out(np.ones(2), np.ones(2), np.zeros(2, dtype=np.bool_))
