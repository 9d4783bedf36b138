"""np.polynomial.polynomial.polyval/polyadd/polysub/polymul/polydiv/polyint and
np.polynomial.polyutils.as_series/trimseq (numba's 1-d forms), np.cross and the np.iscomplex family,
differentially against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NUMPY_AVX512, check
from hasten import njit

P = np.polynomial.polynomial
PU = np.polynomial.polyutils


@njit
def polyadd(a, b):
    return np.polynomial.polynomial.polyadd(a, b)


@njit
def polysub(a, b):
    return np.polynomial.polynomial.polysub(a, b)


@njit
def polymul(a, b):
    return np.polynomial.polynomial.polymul(a, b)


@njit
def polydiv(a, b):
    return np.polynomial.polynomial.polydiv(a, b)


@njit
def polyval(x, c):
    return np.polynomial.polynomial.polyval(x, c)


@njit
def polyint(c, m):
    return np.polynomial.polynomial.polyint(c, m)


@njit
def polyint1(c):
    return np.polynomial.polynomial.polyint(c)


@njit
def as_series2(a, b):
    return np.polynomial.polyutils.as_series((a, b))


@njit
def as_series_rows(a):
    return np.polynomial.polyutils.as_series(a)


@njit
def as_series_untrimmed(a, b):
    return np.polynomial.polyutils.as_series((a, b), False)


@njit
def as_series_list(a, b):
    return np.polynomial.polyutils.as_series([a, b]), np.polynomial.polyutils.as_series([a, b], trim=False)


@njit
def trimseq(a):
    return np.polynomial.polyutils.trimseq(a)


SERIES = [
    np.array([1.0, 2.0, 3.0]),
    np.array([1.0, 2.0, 0.0, 0.0]),
    np.array([0.0]),
    np.array([0.0, 0.0]),
    np.array([-0.0, 1.5]),
    np.array([3, 1, 2]),
    np.array([2.5]),
    np.array([1.0, np.nan, np.inf]),
    np.array([1.0, 2.0], np.float32),
    np.array([], np.float64),
    np.arange(6.0)[::-2],
]


def test_binary_arithmetic():
    for a in SERIES:
        for b in SERIES:
            for f in (polyadd, polysub, polymul, polydiv):
                check(f, a, b)


def test_scalars_and_lists_as_series():
    check(polyadd, 1.5, np.array([1.0, 2.0]))
    check(polymul, np.array([1.0, 2.0]), 3)
    check(polyval, 2.0, np.array([1, 2, 3]))


def test_polyval():
    for c in SERIES:
        for x in [0.5, 2, -1.0, np.float64(3.0), np.arange(4.0), np.arange(6.0).reshape(2, 3), np.array([], np.float64)]:
            check(polyval, x, c)


def test_polyint():
    for c in SERIES:
        for m in [0, 1, 2, 3, -1]:
            check(polyint, c, m)
        check(polyint1, c)


def test_as_series_and_trimseq():
    for a in SERIES:
        for b in SERIES[:4]:
            check(as_series2, a, b)
            check(as_series_untrimmed, a, b)
            if a.dtype == b.dtype:
                check(as_series_list, a, b)
        check(trimseq, a)
    check(as_series_rows, np.arange(6.0).reshape(2, 3))
    check(as_series_rows, np.array([[1.0, 0.0], [0.0, 0.0]]))
    check(as_series_rows, np.arange(3.0))


def test_from_import_of_the_submodules():
    from numpy.polynomial import polynomial as PP
    from numpy.polynomial.polyutils import trimseq as ts

    @njit
    def f(a, b):
        return PP.polyadd(a, b), ts(a)

    check(f, np.array([1.0, 0.0]), np.array([2.0]))


floats = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(floats, min_size=1, max_size=6), st.lists(floats, min_size=1, max_size=6), floats)
def test_polynomials_hypothesis(a, b, x):
    a, b = np.array(a), np.array(b)
    for f in (polyadd, polysub, polydiv):
        check(f, a, b)
    # NumPy's polymul is `np.convolve`, whose dot is OpenBLAS's; its AVX-512 kernel fuses the
    # multiply-adds, which rounds differently from the plain loop (conftest's `NUMPY_AVX512`):
    # there, integer coefficients keep every product and sum exact.
    check(polymul, *((np.round(a), np.round(b)) if NUMPY_AVX512 else (a, b)))
    check(polyval, x, a)
    check(polyint, a, 2)


@njit
def cross(a, b):
    return np.cross(a, b)


@njit
def cross_axes(a, b):
    return np.cross(a, b, axisa=0, axisb=0, axisc=0)


@njit
def cross_axis(a, b):
    return np.cross(a, b, axis=0)


def test_cross():
    v = np.array([1.0, -2.0, 0.5])
    cases = [
        (np.arange(6.0).reshape(2, 3), v),
        (v, np.array([0.0, -0.0, 3.0])),
        (np.arange(4.0).reshape(2, 2), v),
        (v, np.arange(4.0).reshape(2, 2)),
        (np.arange(3), np.arange(3) + 1),
        (np.arange(3, dtype=np.int32), v),
        (np.zeros((0, 3)), v),
        (np.array([np.inf, 1.0, 0.0]), np.array([0.0, np.nan, 1.0])),
        (np.arange(12.0).reshape(4, 3)[::-1], np.ones((1, 3))),
        (np.arange(4.0).reshape(4, 1), v),
    ]
    with np.errstate(invalid="ignore"):
        for a, b in cases:
            check(cross, a, b)
        check(cross_axes, np.arange(6.0).reshape(3, 2), np.arange(6.0).reshape(3, 2) + 1)
        check(cross_axis, np.arange(6.0).reshape(3, 2), np.arange(6.0).reshape(3, 2) + 1)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_cross_of_two_2d_vectors_refused():
    with pytest.raises(ValueError, match="2-d vectors"):
        cross(np.arange(2.0), np.arange(2.0))


@njit
def kinds(x):
    return np.iscomplex(x), np.isreal(x), np.iscomplexobj(x), np.isrealobj(x)


def test_complex_kinds():
    for x in [np.arange(3.0), np.arange(4).reshape(2, 2), np.zeros(0, np.float32), np.array([True]), 1.5, 2, True, np.float64(2.0), np.int32(3),
              np.array([1 + 2j, 3 + 0j, -0.0j]), 1 + 0j, 2j]:
        check(kinds, x)


@njit
def roots(p):
    return np.roots(p)


@njit
def roots_of_literal(a, b):
    return np.roots([1.0, -(a + b), a * b])


def _same_roots(got, exp):
    # NumPy's LAPACK and SciPy's may differ in the last bits of an eigenvalue.
    assert type(got) is np.ndarray and got.dtype == exp.dtype and got.shape == exp.shape
    assert np.allclose(got, exp, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("p", [
    [1.0, -3.0, 2.0], [0.0, 0.0, 1.0, -3.0, 2.0, 0.0, 0.0], [0, 0], [], [5.0], [0.0, 5.0, 0.0], [1, -6, 11, -6],
    [True, False], [2.0, 1.0], [1, 0, 0, 0], np.array([1.0, 0.0, -4.0, 0.0, 0.0, 0.0])[::-1], [1.0, -10.0, 35.0, -50.0, 24.0],
])
def test_roots_real_spectrum(p):
    _same_roots(roots(np.asarray(p)), np.roots(p))


def test_roots_of_a_list_and_a_literal():
    _same_roots(roots([1.0, -5.0, 6.0]), np.roots([1.0, -5.0, 6.0]))
    _same_roots(roots_of_literal(2.0, 7.0), roots_of_literal.py_func(2.0, 7.0))


def test_roots_errors():
    check(roots, np.ones((2, 2)))
    with pytest.raises(ValueError, match="complex eigenvalues"):
        roots(np.array([1.0, 0.0, 1.0]))
    with pytest.raises(np.linalg.LinAlgError):
        roots(np.array([1.0, np.nan, 1.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_roots_of_float32_or_complex_refused(dtype):
    from hasten import UnsupportedError
    with pytest.raises(UnsupportedError, match="complex|np.roots of float32"):
        roots(np.array([1.0, -3.0, 2.0], dtype))


@njit
def cross_last(a, b):
    return np.cross(a, b)


@njit
def cross_first(a, b):
    return np.cross(a, b, axis=0)


@njit
def cross_out_first(a, b):
    return np.cross(a, b, axisc=0)


def test_cross_result_layout_is_numpys():
    # NumPy fills a C-contiguous array with the vectors along its last axis, then moves that axis.
    rng = np.random.default_rng(5)
    for f, a, b in [(cross_last, rng.random((2, 3)), rng.random((2, 3))), (cross_first, rng.random((3, 4)), rng.random((3, 4))),
                    (cross_out_first, rng.random((4, 3)), rng.random(2))]:
        got, want = f(a, b), f.py_func(a, b)
        assert np.array_equal(got, want) and got.strides == want.strides
