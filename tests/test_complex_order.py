"""NumPy's order of complex numbers, differentially against NumPy: `np.sort`, `a.sort()` and
`np.argsort(kind='stable')` of complex128 and complex64 arrays (by real part, then imaginary
part, NaN parts last in NumPy's four classes), along an axis or flattened; `np.max`/`np.min`
(and the methods) of whole complex arrays, NumPy's `maximum`/`minimum` folded in memory order,
where the first NaN held wins; `np.argmax`/`np.argmin` (NumPy's `CDOUBLE_argmax`: the first
extreme, or the first element with a NaN part). Bits compared, signed zeros and NaNs included."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import njit
from conftest import check

SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf]


@njit
def sorted_copy(a):
    return np.sort(a)


@njit
def stable_order(a):
    return np.argsort(a, kind="stable")


@njit
def in_place(a):
    a.sort()
    return a


@njit
def along_axes(m):
    return np.sort(m, axis=0), np.sort(m), np.sort(m, axis=None), np.argsort(m, axis=0, kind="stable"), np.argsort(m, axis=None, kind="stable")


@njit
def extremes(a):
    return np.max(a), np.min(a), a.max(), a.min()


def complex_arrays(dtype, min_size=0):
    parts = st.lists(st.tuples(st.sampled_from(SPECIAL), st.sampled_from(SPECIAL)), min_size=min_size, max_size=12)
    return parts.map(lambda ps: np.array([complex(r, i) for r, i in ps], dtype=dtype))


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_sorts_in_numpys_order(dtype, data):
    a = data.draw(complex_arrays(dtype))
    # NumPy's default sort may order equal elements (0.0 and -0.0) differently: compared stable.
    check(sorted_copy, a, reference=lambda x: np.sort(x, kind="stable"))
    check(stable_order, a)
    check(in_place, a, reference=lambda x: (x.sort(kind="stable"), x)[1])
    check(sorted_copy, a[::-2], reference=lambda x: np.sort(x, kind="stable"))


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("order", ["C", "F"])
def test_sorts_along_axes(dtype, order):
    rng = np.random.default_rng(5)
    parts = rng.choice(SPECIAL, (2, 4, 3))
    m = np.empty((4, 3), dtype, order=order)
    m.real, m.imag = parts

    def reference(x):
        s = lambda *a, **k: np.sort(*a, kind="stable", **k)  # noqa: E731
        return s(x, axis=0), s(x), s(x, axis=None), np.argsort(x, axis=0, kind="stable"), np.argsort(x, axis=None, kind="stable")

    with np.errstate(invalid="ignore"):
        check(along_axes, m, reference=reference)
        check(along_axes, m[::-1, 1:], reference=reference)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_max_and_min_fold_as_numpys(dtype, data):
    a = data.draw(complex_arrays(dtype, min_size=1))
    as_dtype = lambda r: tuple(np.asarray(v, dtype) for v in r)  # noqa: E731
    got = as_dtype(extremes(a))
    want = as_dtype(extremes.py_func(a))
    assert [g.tobytes() for g in got] == [w.tobytes() for w in want], (a, got, want)
    m = np.asfortranarray(np.stack([a, a[::-1]]))
    got, want = as_dtype(extremes(m)), as_dtype(extremes.py_func(m))
    assert [g.tobytes() for g in got] == [w.tobytes() for w in want], (m, got, want)


def test_max_of_an_empty_complex_array_is_numpys_error():
    check(extremes, np.zeros(0, np.complex128))


@njit
def axis_extremes(m):
    return np.max(m, axis=0), m.min(axis=1), np.nanmax(m, axis=-1), np.nanmin(m, 0)


@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_extremes_along_an_axis_fold_each_line_in_order(data):
    a = data.draw(complex_arrays(np.complex128, min_size=6))[:6]
    m = a.reshape(2, 3)
    with np.errstate(invalid="ignore"):
        for x in [m, m.T, np.asfortranarray(m), m[::-1, ::2]]:
            check(axis_extremes, x)


def test_extremes_along_an_empty_axis_are_numpys_error():
    for shape in [(0, 3), (3, 0), (0, 0)]:
        check(njit(lambda m: m.max(axis=1)), np.zeros(shape, np.complex128))


@njit
def nan_extremes(a):
    return np.nanmax(a), np.nanmin(a)


@njit
def f_extrema(a, b):
    return np.fmax(a, b), np.fmin(a, b)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_nanmax_and_nanmin_fold_fmax_and_fmin(dtype, data):
    a = data.draw(complex_arrays(dtype, min_size=1))
    as_dtype = lambda r: tuple(np.asarray(v, dtype).tobytes() for v in r)  # noqa: E731
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert as_dtype(nan_extremes(a)) == as_dtype(nan_extremes.py_func(a)), a


@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_fmax_and_fmin_of_complex_arrays(data):
    a = data.draw(complex_arrays(np.complex128, min_size=1))
    b = data.draw(complex_arrays(np.complex128, min_size=len(a)))[:len(a)]
    with np.errstate(invalid="ignore"):
        check(f_extrema, a, b)


@njit
def nan_sums(a):
    return np.nansum(a), np.nanmean(a)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_nansum_and_nanmean_of_complex_arrays(dtype, data):
    a = data.draw(complex_arrays(dtype))
    as_bits = lambda r: tuple(np.asarray(v, dtype).tobytes() for v in r)  # noqa: E731
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert as_bits(nan_sums(a)) == as_bits(nan_sums.py_func(a)), a
        if len(a) > 1:
            m = np.asfortranarray(np.stack([a, a[::-1]]))
            assert as_bits(nan_sums(m)) == as_bits(nan_sums.py_func(m)), m


@njit
def uniques(a):
    return np.unique(a), np.unique(a, return_index=True, return_inverse=True, return_counts=True)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_unique_of_complex_arrays(dtype, data):
    # Every complex number with a NaN part is one group; the plain form keeps the input's first
    # NaN (NumPy hashes), the form with outputs the first in sorted order.
    a = data.draw(complex_arrays(dtype))
    got, want = uniques(a), uniques.py_func(a)
    assert got[0].tobytes() == want[0].tobytes(), (a, got[0], want[0])
    assert [g.tobytes() for g in got[1]] == [w.tobytes() for w in want[1]], (a, got[1], want[1])


@njit
def peak_to_peak(a):
    return np.ptp(a)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_ptp_of_complex_arrays(dtype, data):
    a = data.draw(complex_arrays(dtype, min_size=1))
    bits = lambda v: np.asarray(v, dtype).tobytes()  # noqa: E731
    with np.errstate(invalid="ignore", over="ignore"):
        assert bits(peak_to_peak(a)) == bits(peak_to_peak.py_func(a)), a
        m = np.asfortranarray(np.stack([a, a[::-1]]))
        assert bits(peak_to_peak(m)) == bits(peak_to_peak.py_func(m)), m
        for axis in (0, 1, -1):
            for view in (m, m[::-1, ::-1], np.ascontiguousarray(m).T):
                assert bits(peaks_along(view, axis)) == bits(peaks_along.py_func(view, axis)), (view, axis)


@njit
def peaks_along(a, axis):
    return np.ptp(a, axis=axis)


@njit
def searches(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="right"), np.searchsorted(a, v[0])


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_searchsorted_in_complex_order(dtype, data):
    a = data.draw(complex_arrays(dtype))
    v = data.draw(complex_arrays(dtype, min_size=1))
    check(searches, np.sort(a, kind="stable"), v)
    check(searches, a, v)
    check(searches, np.sort(a.real.copy()), v)


@njit
def extreme_indices(a):
    return np.argmax(a), np.argmin(a), a.argmax(), a.argmin()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SPECIAL), st.sampled_from(SPECIAL)), min_size=1, max_size=7))
def test_argmax_argmin(parts):
    a = np.array([complex(r, i) for r, i in parts])
    for x in (a, a.astype(np.complex64), a[::-1], a[::2]):
        check(extreme_indices, x)
    check(extreme_indices, np.array([complex(r, i) for r, i in parts] * 2).reshape(2, -1))


def test_argmax_of_empty_and_fortran():
    check(extreme_indices, np.zeros(0, complex))
    with pytest.raises(hasten.UnsupportedError, match="not C-contiguous"):
        extreme_indices(np.asfortranarray(np.ones((2, 3), complex)))


@njit
def sorted_complex(a):
    return np.sort_complex(a)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64, np.float64, np.float32, np.int64, np.int16, np.uint8, np.bool_])
def test_sort_complex(dtype):
    # Complex results: complex64 for NumPy's 'bhBH' integers, complex128 otherwise (float32 too).
    # No equal real numbers: NumPy's default sort may order ties (0.0 and -0.0) otherwise.
    parts = np.array([2.5, -1.0, 0.0, 4.0, np.nan, 7.0, -3.0])
    a = parts + 1j * parts[::-1] if np.dtype(dtype).kind == "c" else np.nan_to_num(parts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = a.astype(dtype)
    check(sorted_complex, a)
    check(sorted_complex, a[:6].reshape(2, 3))


@njit
def complex_median(z):
    return np.median(z), np.median(z, axis=None)


@pytest.mark.parametrize("z", [np.array([1 + 2j, 3 - 1j, -2 + 0.5j, 0.5 + 0.5j]), np.array([1 + 2j, 3 - 1j, -2 + 0.5j]), np.array([], complex),
                               np.array([1 + 1j, complex(np.nan, 1), 2j]), np.array([1 + 1j, complex(1, np.nan), 2j, 5]),
                               np.array([np.inf + 1j, -np.inf + 2j]), np.array([[1 + 1j, 2], [3j, 4]]), np.array([1 + 1j, 2 - 1j, 0.5j, 3], np.complex64),
                               np.array([1 + 1j, -0.0 - 0.0j, 0j, 2j])[::-1]])
def test_complex_median(z):
    # The mean of the middle values in NumPy's order of complex numbers; a NaN sorted last is the
    # answer; an empty array's is nan+nanj.
    check(complex_median, z)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), max_size=9))
def test_complex_median_hypothesis(values):
    with np.errstate(all="ignore"):
        check(complex_median, np.array(values, dtype=np.complex128))


def test_complex_median_along_an_axis_is_refused():
    with pytest.raises(hasten.UnsupportedError, match="np.median of complex values along an axis"):
        njit(median_of_rows)(np.ones((2, 2), complex))


def median_of_rows(z):
    return np.median(z, axis=0)
