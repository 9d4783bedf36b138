"""np.searchsorted (side='left'/'right'; scalar and n-d values; NaN sorted last as NumPy orders it;
mixed dtypes compared in their common type; each search starting from the previous one's bounds as
NumPy's, so unsorted arrays give NumPy's answers), differential against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check


@njit
def search(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="right"), np.searchsorted(a, v, "left")


SORTED = np.array([-np.inf, -2.0, -0.0, 0.0, 0.0, 1.5, 1.5, 1.5, 3.0, np.inf, np.nan, np.nan])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8, np.uint16])
def test_searchsorted(dtype):
    with np.errstate(invalid="ignore"):
        a = np.sort(SORTED.astype(dtype))
    probes = np.array([-np.inf, -3.0, -2.0, -0.0, 0.0, 1.0, 1.5, 2.9, 3.0, 100.0, np.inf, np.nan])
    check(search, a, probes)
    check(search, a, probes.reshape(3, 4))
    check(search, a, probes.reshape(4, 3).T)
    check(search, a[::2], probes[::-1])
    check(search, a, 1.5)
    check(search, a, 2)
    check(search, a, np.float32(1.5))
    check(search, a[:0], probes)
    check(search, a, probes[:0])
    with np.errstate(invalid="ignore"):
        check(search, a, probes.astype(dtype))


def test_errors():
    with pytest.raises(hasten.TypingError, match="search side must be 'left' or 'right' \\(got 'middle'\\)"):
        bad_side(np.arange(3.0), 1.0)
    with pytest.raises(hasten.TypingError, match="object too deep"):
        search(np.ones((2, 2)), 1.0)
    with pytest.raises(hasten.UnsupportedError, match="sorter="):
        with_sorter(np.arange(3.0), 1.0)


@njit
def bad_side(a, v):
    return np.searchsorted(a, v, side="middle")


@njit
def with_sorter(a, v):
    return np.searchsorted(a, v, sorter=np.arange(3))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.int32]), st.integers(0, 20),
                  elements=st.integers(-5, 5)), hnp.arrays(np.float64, st.integers(0, 10),
                                                            elements=st.one_of(st.floats(-6, 6), st.just(np.nan))))
def test_searchsorted_hypothesis(a, v):
    check(search, np.sort(a), v)


# NumPy starts each search of an array of values from the bounds the previous one left, which an
# unsorted array (its result is unspecified, but NumPy's own) shows; numba copies it, so must we.
@settings(max_examples=300, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.int32]), st.integers(0, 25),
                  elements=st.integers(-5, 5)),
       hnp.arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(1, 4)),
                  elements=st.one_of(st.integers(-6, 6).map(float), st.sampled_from([np.nan, np.inf, -np.inf]))))
def test_searchsorted_of_an_unsorted_array_is_numpys(a, v):
    check(search, a, v)
    check(search, a, v.T)


@njit
def counts(x):
    return np.bincount(x)


@njit
def counts_weighted(x, w, n):
    return np.bincount(x, w), np.bincount(x, weights=w, minlength=n), np.bincount(x, minlength=n)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.uint64, np.bool_])
def test_bincount(dtype):
    x = np.array([0, 3, 1, 3, 3, 7, 0], dtype=dtype)
    check(counts, x)
    check(counts, x[::-2])
    check(counts, x[:0])
    for w in (np.array([0.5, -1.0, 2.0, np.nan, 1e300, 3.0, -0.0]), np.arange(7, dtype=np.int32), np.ones(7, dtype=np.float32)):
        for n in (0, 3, 12):
            check(counts_weighted, x, w, n)
    # NumPy returns int64 zeros for an empty x even with weights (a dtype chosen at run time);
    # hasten's result keeps the weighted dtype, float64.
    got = counts_weighted(x[:0], np.zeros(0), 4)
    assert [g.dtype for g in got] == [np.float64, np.float64, np.int64] and [g.size for g in got] == [0, 4, 4]


def test_bincount_errors():
    check(counts, np.array([1, -1, 2]))
    check(counts_weighted, np.array([1, 2]), np.ones(3), 0)
    check(counts_weighted, np.array([1, 2]), np.ones(2), -1)
    with pytest.raises(hasten.TypingError, match="Cannot cast array data from dtype\\('float64'\\)"):
        counts(np.ones(3))
    with pytest.raises(hasten.TypingError, match="object too deep"):
        counts(np.ones((2, 2), dtype=np.int64))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.int64, st.integers(1, 30), elements=st.integers(0, 40)), st.integers(0, 50))
def test_bincount_hypothesis(x, n):
    check(counts, x)
    check(counts_weighted, x, np.linspace(-1, 1, x.size), n)
