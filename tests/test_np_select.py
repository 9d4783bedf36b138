"""np.unique (return_index/inverse/counts), np.nonzero / a.nonzero() / one-argument np.where,
np.flatnonzero, np.argwhere, np.take (a.take), np.compress, np.extract: differential against NumPy
over dtypes, shapes (empty, 0-d where NumPy allows), strided and reversed views, NaN and signed
zeros, with NumPy's exceptions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check

DTYPES = [np.int64, np.float64, np.bool_, np.float32, np.int8, np.uint16]


@njit
def uniq(a):
    return np.unique(a)


@njit
def uniq_all(a):
    return np.unique(a, return_index=True, return_inverse=True, return_counts=True)


@njit
def uniq_some(a):
    return np.unique(a, True), np.unique(a, return_counts=True), np.unique(a, return_inverse=True), np.unique(a, False, True, False)


def samples(dtype):
    base = np.array([[3, 1, 2, 0], [1, 0, 3, 3], [7, 7, 1, 2]])
    a = base.astype(dtype)
    return [a, a.T, a[::-1, ::2], a[:, 1], a[:0], a.ravel()[::-3], np.array(5, dtype=dtype)]


@pytest.mark.parametrize("dtype", DTYPES)
def test_unique(dtype):
    for a in samples(dtype):
        check(uniq, a)
        check(uniq_all, a)
        check(uniq_some, a)


def test_unique_nan_and_zeros():
    # NaNs are one group (equal_nan=True); -0.0 and 0.0 are one group, the first in the stable
    # order giving the value (NumPy's mergesort when return_index is asked for).
    a = np.array([np.nan, 1.0, np.nan, 0.0, -0.0, -np.inf, np.inf, 1.0])
    check(uniq_all, a)
    check(uniq_all, a.astype(np.float32)[::-1])
    # Without return_index NumPy sorts with its unstable quicksort, whose SIMD kernels pick a
    # zero that depends on the CPU; hasten keeps the first occurrence. The values agree.
    for b in (a, a.astype(np.float32)[::-1]):
        got, want = uniq(b), np.unique(b)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
        assert np.signbit(got[got == 0]).tolist() == [bool(np.signbit(b[b == 0][0]))]


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(st.sampled_from([np.int64, np.float64, np.int32]), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6),
                  elements=st.integers(-4, 4)))
def test_unique_hypothesis(a):
    check(uniq_all, a)
    check(uniq, a)


@njit
def nonzeros(a):
    return np.nonzero(a), a.nonzero(), np.where(a), np.flatnonzero(a), np.argwhere(a)


@njit
def nonzero_0d(a):
    return np.nonzero(a)


@njit
def flat_argwhere_0d(a):
    return np.flatnonzero(a), np.argwhere(a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_nonzero(dtype):
    for a in samples(dtype)[:-1]:
        check(nonzeros, a)
    check(nonzeros, np.array([np.nan, -0.0, 0.0, np.inf]).astype(dtype) if dtype in (np.float64, np.float32) else np.zeros(3, dtype))
    check(nonzeros, np.ones((2, 0, 3), dtype))
    check(flat_argwhere_0d, np.array(3, dtype))
    check(flat_argwhere_0d, np.array(0, dtype))


def test_nonzero_0d_refused():
    with pytest.raises(hasten.TypingError, match="Calling nonzero on 0d arrays is not allowed"):
        nonzero_0d(np.array(1.0))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5),
                  elements=st.sampled_from([0.0, -0.0, 1.0, np.nan])))
def test_nonzero_hypothesis(a):
    check(nonzeros, a)
    check(nonzeros, a[..., ::-1])


@njit
def take(a, i):
    return np.take(a, i), a.take(i)


@njit
def take_axis(a, i):
    return np.take(a, i, axis=0), np.take(a, i, axis=-1), np.take(a, i, 1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_take(dtype):
    a = np.arange(24).reshape(2, 3, 4).astype(dtype)
    # A tuple of ints is NumPy's index array of it (numba's test_np_take passes them so).
    for i in (np.array([0, -1, 1]), np.array([[1, 0], [0, -2]], dtype=np.int32), np.array([], dtype=np.int64), 1, -2, np.array(1), np.array([True, False]),
              (1, 0, -1), (1,)):
        check(take, a, i)
        check(take, a[:, ::-1, 1::2], i)
        check(take_axis, a, i)
        check(take_axis, a[::-1].T, i)
    check(take, a, 24)
    check(take, a, np.array([0, -25]))
    check(take_axis, a, np.array([0, 2]))
    check(take_axis, a[:, :0], np.array([0]))


def test_take_float_indices_refused():
    with pytest.raises(hasten.TypingError, match="Cannot cast array data from dtype\\('float64'\\)"):
        take(np.arange(3), np.array([1.0]))


@njit
def compress(c, a):
    return np.compress(c, a), np.compress(c, a, axis=0), np.extract(c, a)


@njit
def compress_axis1(c, a):
    return np.compress(c, a, axis=1), np.compress(c, a, -1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_compress_extract(dtype):
    a = np.arange(12).reshape(3, 4).astype(dtype)
    for c in (np.array([1, 0, 1]), np.array([True, False]), np.array([0.0, np.nan, -0.0]), np.array([], dtype=bool)):
        check(compress, c, a)
        check(compress, c, a[::-1, ::-2])
    check(compress_axis1, np.array([True, False, True, True]), a)
    check(compress_axis1, np.array([False, True]), a.T)
    check(compress_axis1, np.array([0, 0, 0, 0, 1]), a)
    check(compress, np.array([0, 0, 0, 1]), a)
    check(compress, np.ones(13), a)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5), elements=st.integers(-3, 3)),
       st.data())
def test_take_compress_hypothesis(a, data):
    n = a.shape[0]
    i = data.draw(hnp.arrays(np.int64, st.integers(0, 5), elements=st.integers(-n - 1, n)))
    check(take_axis, a, i) if a.ndim > 1 else None
    check(take, a, i)
    c = data.draw(hnp.arrays(np.bool_, st.integers(0, n + 1)))
    check(compress, c, a)


@njit
def argwhere_of(x):
    return np.argwhere(x)


@pytest.mark.parametrize("x", [np.nan, 0, 1, False, True, 2.5, (0.0, 1.0, 0.0, -6.0), (True, False, True)], ids=repr)
def test_argwhere_of_numbers_and_tuples(x):
    # A number was refused ("expected an array here"); NumPy takes its 0-d array: one row of no
    # indices when it is true, none when false.
    want, got = argwhere_of.py_func(x), argwhere_of(x)
    assert got.dtype == want.dtype and got.shape == want.shape and got.strides == want.strides
    np.testing.assert_array_equal(got, want)
