"""np.histogram (bins as an int or edges, range=), np.digitize (increasing and decreasing bins,
right=) and np.interp (left=/right=): differential against NumPy over dtypes, shapes, views, NaN
and infinities, with NumPy's exceptions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check


@njit
def hist(a):
    return np.histogram(a), np.histogram(a, 3), np.histogram(a, bins=7, range=(-2, 5.5))


@njit
def hist_edges(a, e):
    return np.histogram(a, e), np.histogram(a, bins=e, range=(0, 1))


@njit
def hist_range(a, lo, hi):
    return np.histogram(a, 4, (lo, hi))


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int8, np.uint16])
def test_histogram(dtype):
    a = np.array([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3], [5, 8, 9, 7, 9]]).astype(dtype)
    for x in (a, a.T, a[::-1, ::2], a[:0], a[1], np.full(4, 3, dtype)):
        check(hist, x)
        check(hist_edges, x, np.array([0, 2, 2.5, 9]))
        check(hist_edges, x, np.array([1, 3, 9], dtype=np.int32))
        check(hist_edges, x, np.array([5.0]))
        check(hist_edges, x, np.array([], dtype=np.float64))


def test_histogram_special_values_and_errors():
    a = np.array([0.1, 0.2, np.inf, -np.inf, 0.3, 1.0])
    check(hist_range, a, 0.0, 1.0)
    check(hist, np.array([1.0, np.nan]))
    check(hist, np.array([1.0, np.inf]))
    check(hist_range, np.array([np.nan, 0.5]), 0.0, 1.0)
    check(hist_range, a, 1.0, 0.0)
    check(hist_range, a, 0.0, np.inf)
    check(hist_edges, a, np.array([0.0, 1.0, 0.5]))
    check(hist_bins, a, 0)
    with pytest.raises(hasten.TypingError, match="`bins` must be 1d, when an array"):
        hist_edges(a, np.ones((2, 2)))


@njit
def hist_bins(a, n):
    return np.histogram(a, n)


@settings(max_examples=200, deadline=None)
# `+ 0.0` turns -0.0 into 0.0: which zero NumPy's min/max pick among -0.0 and 0.0 depends on its
# SIMD lane layout (not on the values), so the sign of a zero autodetected edge is left unspecified.
@given(hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(-1e6, 1e6).map(lambda v: v + 0.0)), st.integers(1, 30),
       st.floats(-1e3, 1e3), st.floats(0, 1e3))
def test_histogram_hypothesis(a, n, lo, width):
    check(hist_bins, a, n)
    check(hist_range, a, lo, lo + width)
    check(hist_edges, a, np.sort(np.concatenate([a[:5], [lo, lo + width]])))


@njit
def digitize(x, bins):
    return np.digitize(x, bins), np.digitize(x, bins, right=True), np.digitize(x, bins, True)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.float32, np.int16])
def test_digitize(dtype):
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 10.0, np.nan, np.inf])
    for bins in (np.array([0, 1, 2, 3]), np.array([3, 2, 2, 0]), np.array([1, 1, 1]), np.array([], dtype=np.int64), np.array([0.5])):
        bins = bins.astype(dtype)
        check(digitize, x, bins)
        check(digitize, x[::-2].reshape(5, 1), bins[::-1])
        check(digitize, 1.0, bins)
        check(digitize, 2, bins)
    check(digitize, x, np.array([1.0, 3.0, 2.0]))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 10), elements=st.integers(-5, 5)), hnp.arrays(np.int64, st.integers(0, 8), elements=st.integers(-5, 5)),
       st.booleans())
def test_digitize_hypothesis(x, bins, down):
    bins = np.sort(bins)
    check(digitize, x, bins[::-1] if down else bins)


SPECIAL = st.sampled_from([0.0, -0.0, 1.0, 2.0, 3.5, np.nan, np.inf, -np.inf])


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 6), elements=SPECIAL), hnp.arrays(np.float64, st.integers(0, 8), elements=SPECIAL),
       st.sampled_from(["up", "down", "as drawn"]))
def test_digitize_and_searchsorted_with_nan_and_inf(x, bins, order):
    # NumPy's monotonicity test skips repeats of the first bin from the second one on, so one
    # NaN bin (never equal to itself) still counts as increasing.
    bins = {"up": np.sort(bins), "down": np.sort(bins)[::-1], "as drawn": bins}[order]
    check(digitize, x, bins)
    if order == "up":
        check(sorted_search, bins, x)


@njit
def sorted_search(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="right")


@njit
def interp(x, xp, fp):
    return np.interp(x, xp, fp), np.interp(x, xp, fp, left=-1.0, right=100), np.interp(x, xp, fp, 7)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.float32])
def test_interp(dtype):
    xp = np.array([0, 1, 2, 4, 8]).astype(dtype)
    fp = np.array([1, 3, -2, 0, 5]).astype(dtype)
    x = np.array([-1, 0, 0.5, 1, 3, 7.9, 8, 9, np.nan, np.inf, -np.inf])
    check(interp, x, xp, fp)
    check(interp, x.reshape(11, 1)[::-1], xp, fp)
    check(interp, 2.5, xp, fp)
    check(interp, 3, xp[:1], fp[:1])
    check(interp, x, xp[:1], fp[:1])
    check(interp, x, xp, fp[:4])
    check(interp, x, xp[:0], fp[:0])
    check(interp, np.array([0.5, 1.5]), np.array([0.0, 1.0, 2.0]), np.array([np.inf, np.inf, 1.0]))


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 10), elements=st.floats(-10, 10)), st.integers(1, 8), st.data())
def test_interp_hypothesis(x, m, data):
    xp = np.sort(data.draw(hnp.arrays(np.float64, m, elements=st.floats(-10, 10), unique=True)))
    fp = data.draw(hnp.arrays(np.float64, m, elements=st.floats(-1e3, 1e3)))
    check(interp, x, xp, fp)


@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (0.1, 0.7), (-3.3, 1e-3), (1e15, 1e15 + 7.0), (-1e-300, 1e-300), (5e-324, 1e-320),
                                    (-1e300, 1e300), (0.0, 1e308)])
@pytest.mark.parametrize("n", [1, 3, 7, 10, 49, 100, 997])
def test_histogram_values_on_and_next_to_the_edges(lo, hi, n):
    # hasten estimates the bin by a product where NumPy divides; the edge corrections must make
    # every value at, just below and just above an edge land in NumPy's bin.
    edges = np.linspace(lo, hi, n + 1)
    # hasten skips the corrections for values whose estimate is far from a bin's end: values 2^k
    # ulps from the edges probe that margin on both sides.
    near = [edges + m * np.spacing(edges) for k in range(1, 40, 3) for m in (2.0**k, -(2.0**k))]
    a = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf), np.linspace(lo, hi, 3 * n + 5), *near])
    check(hist_range, a, lo, hi)
    check(hist_bins, a, n)


@njit
def bin_edges(a, e):
    return np.histogram_bin_edges(a), np.histogram_bin_edges(a, 3, (0, 5)), np.histogram_bin_edges(a, bins=e), np.histogram_bin_edges(a, range=(-1.5, 2))


@pytest.mark.parametrize("a", [np.array([1.0, 2.5, 3.0, 4.0, -1.0, 7.0]), np.arange(6).reshape(2, 3), np.zeros(0), np.array([3.0, 3.0]), np.array([np.nan, 1.0])])
def test_histogram_bin_edges(a):
    check(bin_edges, a, np.array([0.0, 1.0, 5.0]))


def test_histogram_bin_edges_bad_range():
    check(njit(lambda a: np.histogram_bin_edges(a, range=(2, 1))), np.arange(3.0))


@njit
def interp_plain(x, xp, fp):
    return np.interp(x, xp, fp)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(-5, 25) | st.just(np.nan)),
       st.integers(1, 30), st.randoms(use_true_random=False))
def test_interp_with_unordered_sample_points(x, m, rnd):
    # NumPy does not check that xp increases: its answers then follow its search (a short scan,
    # or bisection starting from the previous value's place), which compiled code takes too.
    xp = np.arange(float(m)) * 0.75
    rnd.shuffle(xp)
    fp = np.sin(np.arange(float(m)))
    check(interp_plain, x, xp, fp)
    check(interp_plain, np.sort(x), xp, fp)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 30), elements=st.floats(-5, 25) | st.sampled_from([np.nan, np.inf, -np.inf])),
       hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-5, 25) | st.sampled_from([np.nan, np.inf, -np.inf])),
       st.randoms(use_true_random=False))
def test_interp_with_non_finite_sample_points(x, xp, rnd):
    # NumPy's search tests `key < xp[j]` and takes the other branch otherwise: where xp[j] is NaN
    # that is not `key >= xp[j]` (numba's test_interp_stress_tests shuffles NaNs into xp).
    fp = np.cos(np.arange(float(len(xp))))
    fp[rnd.randrange(len(fp))] = rnd.choice([np.nan, np.inf, -np.inf])
    check(interp_plain, x, xp, fp)
    check(interp_plain, np.sort(x), np.sort(xp), fp)


def test_interp_stress_unordered():
    rng = np.random.default_rng(11)
    xp = np.linspace(0, 10, 2001)
    fp = np.sin(xp / 2.0)
    x = rng.uniform(-1, 11, 3000)
    for _ in range(3):
        check(interp_plain, x, xp, fp)
        rng.shuffle(xp)
        rng.shuffle(fp)


# --- np.interp of complex values ----------------------------------------------------------------


@njit
def interp_complex(x, xp, fp):
    return np.interp(x, xp, fp), np.interp(x, xp, fp, left=1j, right=np.complex128(2 - 1j)), np.interp(x, xp, fp, 3.0, None)


COMPLEX_FP = np.array([1 + 1j, 2 + np.inf * 1j, 3j, -1 - 2j, complex(np.nan, 1.0)])


@pytest.mark.parametrize("x", [np.array([1.5, np.nan, -1.0, 9.0, 2.0, 3.7, 4.2]), 2.5, np.nan, np.linspace(0.0, 6.0, 13).reshape(13, 1), np.arange(5)])
@pytest.mark.parametrize("fp", [COMPLEX_FP, COMPLEX_FP.astype(np.complex64), COMPLEX_FP[::-1]])
def test_interp_complex(x, fp):
    check(interp_complex, x, np.array([1.0, 2.0, 3.5, 4.0, 5.0]), fp)
    check(interp_complex, x, np.array([2.0]), fp[:1])


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 30), elements=st.floats(-2, 12) | st.just(np.nan)), st.integers(1, 25),
       st.randoms(use_true_random=False), st.booleans())
def test_interp_complex_hypothesis(x, m, rnd, ordered):
    xp = np.arange(float(m)) * 0.5
    if not ordered:
        rnd.shuffle(xp)
    parts = np.array([rnd.choice([rnd.uniform(-3, 3), np.inf, -np.inf, np.nan, -0.0]) for _ in range(2 * m)])
    check(interp_plain, x, xp, parts[:m] + 1j * parts[m:])


def test_interp_complex_sides_of_real_values_are_refused():
    with pytest.raises(hasten.TypingError, match="expected a number or None, got complex"):
        njit(interp_left_complex)(np.arange(3.0))


def interp_left_complex(x):
    return np.interp(x, x, x, left=1j)
