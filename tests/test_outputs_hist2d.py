"""np.copyto (casting rules, where=), reductions with out=, np.average with weights= along an axis
and np.histogram2d, against NumPy: values, dtypes, mutated arguments, exceptions and messages."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from conftest import check, floats
from hasten import njit


@njit
def copyto(dst, src):
    np.copyto(dst, src)


@njit
def copyto_where(dst, src, mask):
    np.copyto(dst, src, where=mask)


@njit
def copyto_unsafe(dst, src):
    np.copyto(dst, src, casting="unsafe")


@njit
def copyto_safe(dst, src):
    np.copyto(dst, src, casting="safe")


@njit
def copyto_no(dst, src):
    np.copyto(dst, src, casting="no")


def test_copyto_broadcasts_and_casts_same_kind():
    check(copyto, np.zeros((3, 4)), np.arange(4.0))
    check(copyto, np.zeros((3, 4)), np.arange(3.0))  # NumPy's broadcast ValueError
    check(copyto, np.zeros(5, np.float32), np.linspace(0, 1, 5))
    check(copyto, np.zeros(5, np.int8), np.arange(5))  # int64 -> int8 is 'same_kind'
    check(copyto, np.zeros(5, np.uint8), np.arange(5))
    check(copyto, np.zeros(5, np.int64), np.ones(5))  # float -> int: TypeError
    check(copyto, np.zeros(5, np.float64), np.ones(5, np.complex128))
    check(copyto, np.zeros(4), 2.5)
    check(copyto, np.zeros(4, np.int64), 2)
    check(copyto, np.zeros(4, np.int64), 2.5)  # TypeError, "scalar"
    check(copyto, np.zeros(4, np.complex128), True)
    check(copyto, np.zeros((2, 3))[:, ::2], np.array([1.0, 2.0]))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 5)), elements=floats), st.data())
def test_copyto_where(src, data):
    dst = data.draw(hnp.arrays(np.float64, src.shape, elements=floats))
    mask = data.draw(hnp.arrays(np.bool_, src.shape))
    check(copyto_where, dst, src, mask)
    check(copyto_where, dst, src, mask[:1])  # the mask broadcasts
    check(copyto_where, dst.astype(np.float32), src, mask)


def test_copyto_casting_rules():
    big = np.array([2**40 + 1, -(2**40) - 3])
    check(copyto_unsafe, np.zeros(2, np.int32), big)
    check(copyto_unsafe, np.zeros(2, np.int64), np.array([1.9, -2.7]))
    kinds = [np.bool_, np.uint8, np.uint16, np.uint32, np.uint64, np.int8, np.int16, np.int32, np.int64,
             np.float32, np.float64, np.complex64, np.complex128]
    for dst in kinds:
        for src in kinds:
            check(copyto_safe, np.zeros(2, dst), np.ones(2, src))
            check(copyto, np.zeros(2, dst), np.ones(2, src))
    check(copyto_no, np.zeros(2, np.float32), np.ones(2))
    check(copyto_no, np.zeros(2), np.ones(2))


@njit
def sums_out(a, o):
    r = np.sum(a, axis=0, out=o)
    return r.sum(), o


@njit
def reductions_out(a):
    o = np.empty(a.shape[1])
    m = np.empty(a.shape[1], np.int64)
    k = np.empty((1, a.shape[1]))
    b = np.empty(a.shape[1], np.bool_)
    s = np.empty(())
    np.mean(a, axis=0, out=o)
    r1 = o.copy()
    a.max(axis=0, out=o)
    r2 = o.copy()
    np.min(a, 0, out=o)
    r3 = o.copy()
    np.std(a, axis=0, ddof=1, out=o)
    r4 = o.copy()
    np.argmax(a, axis=0, out=m)
    np.prod(a, axis=0, keepdims=True, out=k)
    np.any(a > 0.5, axis=0, out=b)
    np.sum(a, out=s)
    return r1, r2, r3, r4, m, k, b, s


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=floats))
def test_reductions_out(a):
    check(reductions_out, a)
    check(reductions_out, a.T)
    check(sums_out, a, np.zeros(a.shape[1]))


def test_reduction_out_errors():
    a = np.ones((4, 5))
    check(sums_out, a, np.zeros((1, 5)))  # wrong number of dimensions
    check(sums_out, a, np.zeros(4), message=False)  # NumPy names the remapped shapes
    with pytest.raises(hasten.UnsupportedError, match="out= of another dtype"):
        sums_out(a, np.zeros(5, np.float32))

    @njit
    def argmax_out(a, m):
        np.argmax(a, axis=1, out=m)
        return m

    check(argmax_out, a, np.zeros(3, np.int64))
    check(argmax_out, a, np.zeros(4, np.int32))
    check(argmax_out, a, np.zeros(4, np.int16))
    check(argmax_out, a, np.zeros(4, np.float64))
    check(argmax_out, a, np.zeros(4, np.uint64))


@njit
def average_axis(a, w):
    return np.average(a, axis=0, weights=w), np.average(a, axis=-1, weights=w.T), np.average(a, 1, w.T, True)


@njit
def average_1d_weights(a, w0, w1):
    return np.average(a, axis=0, weights=w0), np.average(a, axis=1, weights=w1, returned=True)


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 12)), elements=st.floats(-1e3, 1e3)), st.data())
def test_average_axis(a, data):
    w = data.draw(hnp.arrays(np.float64, a.shape, elements=st.floats(0.5, 4)))
    check(average_axis, a, w.T.T)
    check(average_axis, a.astype(np.int32), w)
    check(average_axis, a.astype(np.float32), w.astype(np.float32))
    w0 = data.draw(hnp.arrays(np.float64, a.shape[0], elements=st.floats(-4, 4)))
    w1 = data.draw(hnp.arrays(np.int64, a.shape[1], elements=st.integers(-3, 3)))
    check(average_1d_weights, a, w0, w1)  # weights summing to zero: ZeroDivisionError
    check(average_1d_weights, a.T.copy().T, w0, w1)


def test_average_axis_errors():
    a = np.ones((3, 4))
    check(average_1d_weights, a, np.ones(4), np.ones(4))  # ValueError: weights' shape
    check(average_axis, a, np.ones((4, 3)))


@njit
def hist2d(x, y):
    return np.histogram2d(x, y)


@njit
def hist2d_options(x, y, w):
    return (np.histogram2d(x, y, bins=(3, 4), range=((0.0, 1.0), (-1.0, 2.0)), weights=w),
            np.histogram2d(x, y, bins=5, density=True),
            np.histogram2d(x, y, bins=[np.array([0.0, 0.3, 0.5, 1.0]), np.array([-2.0, 0.0, 2.0])]))


@njit
def hist2d_edges(x, y, e):
    return np.histogram2d(x, y, bins=e)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 40).flatmap(lambda n: st.tuples(
    hnp.arrays(np.float64, n, elements=st.floats(-2, 3)), hnp.arrays(np.float64, n, elements=st.floats(-2, 3)),
    hnp.arrays(np.float64, n, elements=st.floats(0, 5)))))
def test_histogram2d(xyw):
    x, y, w = xyw
    check(hist2d, x, y)
    check(hist2d_options, x, y, w)
    check(hist2d, x.astype(np.int64), y)
    check(hist2d_edges, x, y, np.linspace(-1.0, 2.0, 7))


def test_histogram2d_edges_and_errors():
    x = np.array([0.0, 0.5, 1.0, 1.0])
    check(hist2d, x, x)  # samples on the last edge count in the last bin
    check(hist2d, x, x[:3])
    check(hist2d, np.array([np.nan, 1.0]), np.array([1.0, 2.0]))
    check(hist2d_edges, x, x, np.array([0.0, 1.0]))
    check(hist2d_edges, x, x, np.array([0.0]))
    check(hist2d_edges, x, x, np.array([0.0, 2.0, 1.0]))
    with pytest.raises(hasten.UnsupportedError, match="array of integers"):
        hist2d_edges(x, x, np.array([0, 1, 2]))


@njit
def extremes_with_initial(a):
    return (np.max(a, axis=0, initial=0.5), np.min(a, axis=1, initial=0.25), a.max(axis=-1, initial=-1.0),
            np.min(a, 0, initial=np.inf))


@njit
def int_extremes_with_initial(a, v):
    return np.max(a, axis=0, initial=v), np.min(a, axis=1, initial=4.5)


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 5)), elements=floats))
def test_initial_along_an_axis(a):
    check(extremes_with_initial, a)
    check(extremes_with_initial, a.T)
    check(int_extremes_with_initial, np.nan_to_num(a).astype(np.int64) % 7, 3)
    check(int_extremes_with_initial, (np.nan_to_num(a).astype(np.int64) % 7).astype(np.int8), 300)  # OverflowError


@njit
def extremes_with_initial_3d(a):
    return np.min(a, axis=0, initial=0.5), np.max(a, axis=1, initial=-0.5), np.min(a, axis=-1, initial=np.inf)


def test_initial_keeps_numpys_walk_of_the_axis():
    # NumPy folds a line it walks innermost in its SIMD loop and other lines element by element;
    # they pick differently between -0.0 and 0.0 (found by hypothesis on a Fortran-ordered array).
    a = np.array([[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, -0.0, 0.0, 1.0, 1.0]])
    check(extremes_with_initial, a.T)
    zeros = np.where(np.arange(60) % 3 == 1, -0.0, 0.0).reshape(3, 4, 5)
    for x in (zeros, zeros.T, zeros.transpose(1, 0, 2), zeros[:, ::-1], zeros[::2, :, 1:], np.asfortranarray(zeros), zeros[:, :1]):
        check(extremes_with_initial_3d, x)
        check(extremes_with_initial_3d, -x)
