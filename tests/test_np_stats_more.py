"""np.cov, np.corrcoef and the nan* functions NumPy defines through others (nanprod, nancumsum,
nancumprod, nanpercentile, nanquantile), and np.partition/argpartition: differential against
NumPy. cov and corrcoef are compared within a few ulps (NumPy's mean sums in another order)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check, run


def close(f, *args):
    """Like `check`, with floats equal within 1e-12 relative (or both NaN)."""
    expected, pexc, _ = run(f.py_func, *args)
    got, hexc, _ = run(f, *args)
    if pexc is not None:
        assert type(hexc) is type(pexc), f"{hexc!r} != {pexc!r}"
        assert str(hexc) == str(pexc)
        return
    if hexc is not None:
        raise hexc
    same_within(got, expected)


def same_within(got, expected):
    assert type(got) is type(expected), f"{type(got)} != {type(expected)}"
    if isinstance(expected, tuple):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            same_within(g, e)
        return
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14, equal_nan=True)


@njit
def cov1(m):
    return np.cov(m)


@njit
def cov_kw(m, y):
    return np.cov(m, y, rowvar=False, bias=True)


@njit
def cov_ddof(m):
    return np.cov(m, ddof=2), np.cov(m, rowvar=False, ddof=0)


@njit
def corr1(m):
    return np.corrcoef(m)


@njit
def corr2(x, y):
    return np.corrcoef(x, y)


M = np.array([[1.0, 2.0, 4.0, 7.0], [3.0, 1.0, 0.0, -2.0], [2.0, 2.5, 5.0, 1.0]])


@pytest.mark.parametrize("m", [M, M[:, ::-1], M.T.copy(), M.astype(np.float32), np.arange(12).reshape(3, 4), M[0], M[1, ::-1]])
def test_cov_corrcoef(m):
    close(cov1, m)
    close(corr1, m)
    close(cov_ddof, m)


def test_cov_with_y_and_options():
    close(cov_kw, M, M[::-1] * 2)
    close(cov_kw, M[0], M[1])
    close(corr2, M[0], M[2])
    close(corr2, M, M)


def test_cov_edge_cases():
    close(cov1, np.array([1.0]))  # one observation: divides by zero, as NumPy (inf/nan)
    close(cov1, np.array([1.0, np.nan, 3.0]))
    close(corr1, np.array([2.0, 2.0, 2.0]))  # zero variance: nan
    close(cov1, np.ones((2, 2, 2)))  # ValueError


@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 4), st.integers(2, 6)), elements=st.floats(-1e3, 1e3)))
@settings(max_examples=40, deadline=None)
def test_cov_hypothesis(m):
    close(cov1, m)
    close(corr1, m)


@njit
def nan_family(a):
    return np.nanprod(a), np.nancumsum(a), np.nancumprod(a), np.nanpercentile(a, 30.0), np.nanquantile(a, 0.75)


@njit
def nan_axis(a):
    return np.nanprod(a, axis=0), np.nancumsum(a, axis=1), np.nancumprod(a, axis=0)


@pytest.mark.parametrize("a", [
    np.array([1.0, np.nan, 3.0, 4.0]), np.array([np.inf, -0.0, np.nan, 2.0])[::-1],
    np.array([1.5, 2.5, -1.0], np.float32), np.array([3, 1, 2]),
])
def test_nan_family(a):
    check(nan_family, a)


def test_nan_family_axis():
    a = np.array([[1.0, np.nan, 3.0], [np.nan, 2.0, -1.0]])
    check(nan_axis, a)
    check(nan_axis, a.astype(np.float32))


@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(allow_infinity=False) | st.just(np.nan)))
@settings(max_examples=50, deadline=None)
def test_nan_family_hypothesis(a):
    if np.isnan(a).all():
        return  # NumPy warns and returns nan for the quantiles
    check(nan_family, a)


@njit
def parts(a, k):
    return np.partition(a, k), np.argpartition(a, k)


@njit
def parts_axis(a):
    return np.partition(a, 1, axis=0), np.argpartition(a, [0, 2]), np.partition(a, -1, axis=None)


def partition_property(got, a, k, axis=-1):
    """`got` is a partition of `a` at `k` along `axis`: NumPy's element at k, nothing larger before
    it, nothing smaller after it."""
    want = np.partition(a, k, axis=axis)
    assert got.dtype == want.dtype and got.shape == want.shape
    ks = np.atleast_1d(k)
    g, w = np.moveaxis(got, axis, -1), np.moveaxis(want, axis, -1)
    for kk in ks:
        assert np.array_equal(g[..., kk], w[..., kk], equal_nan=True)
        assert np.all(np.sort(g[..., :kk], axis=-1) == np.sort(w[..., :kk], axis=-1))


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-100, 100)), st.data())
@settings(max_examples=50, deadline=None)
def test_partition_hypothesis(a, data):
    k = data.draw(st.integers(-a.shape[0], a.shape[0] - 1))
    p, ip = parts(a, k)
    partition_property(p, a, k)
    assert ip.dtype == np.int64
    partition_property(a[ip], a, k)


def test_partition_axis_and_errors():
    a = np.array([[3.0, 1.0, 2.0], [0.5, 9.0, -1.0]])
    p0, ip, flat = parts_axis(a)
    partition_property(p0, a, 1, axis=0)
    partition_property(np.take_along_axis(a, ip, -1), a, [0, 2])
    partition_property(flat, a.ravel(), -1)
    check(parts, np.arange(4.0), 4)
    check(parts, np.arange(4.0), -5)


def test_partition_kind_refused():
    @njit
    def f(a):
        return np.partition(a, 1, order="x")

    with pytest.raises(hasten.UnsupportedError, match="order"):
        f(np.arange(3.0))


@njit
def unwraps(p):
    return np.unwrap(p), np.unwrap(p, discont=4.0), np.unwrap(p, period=3.0)


@njit
def unwrap_axis(p):
    return np.unwrap(p, axis=0), np.unwrap(p)


@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), st.integers(0, 10), elements=st.floats(-20, 20, width=32)))
@settings(max_examples=60, deadline=None)
def test_unwrap_hypothesis(p):
    check(unwraps, p)


def test_unwrap_ints_and_axes():
    check(unwraps, np.array([0, 5, 10, 2, -7]))
    check(unwraps, np.array([0.0, np.pi, -np.pi, np.nan, 7.0, -0.0]))
    p = np.array([[0.0, 4.0, 8.0], [6.5, -1.0, 3.0]])
    check(unwrap_axis, p)
    check(unwrap_axis, p[:, ::-1])


def test_nanquantile_axis_refused():
    @njit
    def f(a):
        return np.nanquantile(a, 0.5, axis=0)

    with pytest.raises(hasten.UnsupportedError, match="nanquantile"):
        f(np.ones((2, 2)))


@njit
def quantiles_of_sequences(a, b):
    return (np.percentile(b, (10.0, 50.0)), np.percentile(b, [10, 95.5]), np.quantile(b, (0.1, 0.5)),
            np.nanpercentile(a, [10.0, 50.0]), np.nanpercentile(a, (10.0, 50.0)), np.nanquantile(a, [0.1, 0.5]))


def test_quantiles_of_lists_and_tuples():
    check(quantiles_of_sequences, np.array([1.0, 2.5, np.nan, 3.0, 7.0]), np.array([1.0, 2.5, 3.0, 7.0, -0.0]))
    check(quantiles_of_sequences, np.array([np.nan, np.nan]), np.arange(5))


@njit
def nan_quantiles_of_nothing(a):
    return np.nanpercentile(a, 30.0), np.nanquantile(a, 0.3)


@njit
def nan_quantiles_of_nothing_several(a):
    return np.nanquantile(a, np.array([0.3, 0.5])), np.nanpercentile(a, [10.0])


@pytest.mark.parametrize("a", [np.array([np.nan, np.nan]), np.zeros(0), np.array([np.nan], np.float32), np.zeros(0, np.float32),
                               np.zeros(0, np.int64), np.full((2, 2), np.nan)])
def test_nan_quantiles_of_all_nan_or_empty_arrays_are_nan(a):
    # NumPy's NaN for each q (with a RuntimeWarning), not the IndexError of np.quantile([]).
    check(nan_quantiles_of_nothing, a)
    if a.size and a.dtype == np.float64:
        check(nan_quantiles_of_nothing_several, a)
    else:
        # NumPy's result type then depends on the values: one NaN scalar for an empty array,
        # float32 NaNs where a float32 array with values gives float64 quantiles.
        with pytest.raises(NotImplementedError, match="NumPy returns"):
            nan_quantiles_of_nothing_several(a)
