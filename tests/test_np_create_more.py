"""np.logspace, np.geomspace, the windows (bartlett, blackman, hamming, hanning), np.sinc,
np.float_power, np.nan_to_num, np.select, np.tril_indices/triu_indices(_from), np.indices,
np.finfo/np.iinfo attributes, the set operations (intersect1d, setdiff1d, setxor1d, union1d),
and NumPy scalars from ufuncs and operators on 0-d arrays: differential against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check

FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)


@njit
def spaces(a, b, n):
    return np.logspace(a, b, n), np.logspace(a, b, n, endpoint=False, base=2.0), np.geomspace(1.0, 1000.0, n)


@njit
def geom(a, b, n):
    return np.geomspace(a, b, n), np.geomspace(a, b, n, endpoint=False, dtype=np.float32)


def test_logspace_geomspace():
    # NumPy's np.power of 10 to the linspace is computed bit for bit as hasten's (the C library's
    # pow), except by NumPy's AVX-512 kernel (conftest's `NUMPY_AVX512`).
    check(spaces, 0.0, 3.0, 7, avx512_ulps=2)
    check(spaces, -2, 2, 5, avx512_ulps=2)
    check(spaces, 1.0, 2.0, 1, avx512_ulps=2)
    check(geom, 1.0, 1000.0, 4, avx512_ulps=2)
    check(geom, -1.0, -1000.0, 5, avx512_ulps=2)
    check(geom, 2.0, 3.0, 0)
    check(geom, 0.0, 3.0, 4)  # ValueError


@njit
def windows(m):
    return np.bartlett(m), np.blackman(m), np.hamming(m), np.hanning(m)


@pytest.mark.parametrize("m", [-1, 0, 1, 2, 3, 10, 51])
def test_windows(m):
    check(windows, m)


@njit
def sincs(x):
    return np.sinc(x)


@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), st.integers(0, 8), elements=st.floats(-10, 10, width=32) | st.sampled_from([0.0, -0.0, np.inf, np.nan])))
@settings(max_examples=60, deadline=None)
def test_sinc_hypothesis(x):
    if x.dtype == np.float64:
        check(sincs, x)
    else:  # NumPy's float32 sin (its own SIMD loop) may differ from hasten's by an ulp
        np.testing.assert_allclose(sincs(x), np.sinc(x), rtol=1e-6, atol=1e-7, equal_nan=True)
        assert sincs(x).dtype == np.float32


def test_sinc_ints_scalars():
    check(sincs, np.arange(-3, 4))
    check(sincs, 0.0)
    check(sincs, 0.25)
    check(sincs, [0.0, 0.5])


COMPLEX_SINC = [0j, complex(-0.0, -0.0), 0.5 + 1j, 1e-30j, complex(np.nan, 0), complex(3, np.inf), 2.0 + 0j, -1.5 - 0.25j]


def test_sinc_of_complex_values():
    # NumPy puts 1e-20 in place of a complex zero (its epsilon is for floats); a number is
    # computed as a 0-d array (here a one-element one).
    z = np.array(COMPLEX_SINC)
    with np.errstate(all="ignore"):
        for a in (z, z.astype(np.complex64), z[:6].reshape(2, 3).T):
            check(sincs, a)
        for v in COMPLEX_SINC:
            check(sincs, v)
            check(sincs, np.complex64(v))


@njit
def fpow(a, b):
    return np.float_power(a, b)


def test_float_power():
    check(fpow, np.array([1, 2, 3]), 2)
    check(fpow, np.array([1.0, 2.0], np.float32), np.array([0.5, -1.0]))
    check(fpow, 2, -1)
    check(fpow, np.array([-0.0, np.inf, np.nan]), 3.0)


@njit
def nan_to_nums(x):
    return np.nan_to_num(x), np.nan_to_num(x, nan=5.0, posinf=7.0, neginf=-7.0)


@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), st.integers(0, 6), elements=st.floats(width=32)))
@settings(max_examples=60, deadline=None)
def test_nan_to_num_hypothesis(x):
    check(nan_to_nums, x)


@njit
def nan_to_num_in_place(x):
    y = np.nan_to_num(x, copy=False, nan=-1.5)
    return y, x


COMPLEX_SPECIALS = [complex(a, b) for a in (np.nan, np.inf, -np.inf, 1.5) for b in (np.nan, np.inf, -np.inf, -0.0)]


def test_nan_to_num_of_complex_values_and_in_place():
    # Each part replaced on its own (a wrong answer before: complex values came back unchanged);
    # copy=False replaces in the argument and returns it.
    for dtype in (np.complex128, np.complex64):
        z = np.array(COMPLEX_SPECIALS, dtype=dtype)
        check(nan_to_nums, z)
        check(nan_to_nums, z.reshape(4, 4)[::2, ::-1])
        check(nan_to_num_in_place, z)
        check(nan_to_num_in_place, z[::3])
    check(nan_to_nums, complex(np.nan, -np.inf))
    check(nan_to_nums, np.zeros(0, np.complex128))
    check(nan_to_num_in_place, np.array([[np.nan, 1.0], [np.inf, -np.inf]], order="F"))
    check(nan_to_num_in_place, np.array([1, 2], np.int32))


def test_nan_to_num_ints_and_scalars():
    check(nan_to_nums, np.array([1, 2], np.int16))
    check(nan_to_nums, np.array([True, False]))
    check(nan_to_nums, float("nan"))
    check(nan_to_nums, np.arange(6.0).reshape(2, 3)[:, ::-1])


@njit
def selects(x):
    return np.select([x > 2, x > 1], [x, -x], 0.5), np.select([x < 0], [x * 2])


def test_select():
    check(selects, np.array([0.5, 1.5, 2.5, 3.5]))
    check(selects, np.arange(-3, 4))


@njit
def tri_indices(n, k, a):
    return np.tril_indices(n), np.tril_indices(n, k, n + 1), np.triu_indices(n, k), np.tril_indices_from(a, k), np.triu_indices_from(a)


@pytest.mark.parametrize("k", [-2, 0, 1, 5])
def test_tri_indices(k):
    check(tri_indices, 4, k, np.ones((3, 5)))
    check(tri_indices, 0, k, np.ones((0, 2)))


def test_tri_indices_from_1d():
    check(tri_indices, 3, 0, np.ones(3))  # ValueError: input array must be 2-d


@njit
def index_grids(n, m):
    return np.indices((n,)), np.indices((n, m)), np.indices((m, n, 2))


def test_indices():
    check(index_grids, 3, 4)
    check(index_grids, 0, 2)


@njit
def infos():
    return (np.finfo(np.float64).eps, np.finfo(np.float32).eps, np.finfo(np.float32).max, np.finfo(np.float64).min,
            np.finfo(np.float64).tiny, np.finfo(np.float32).bits, np.iinfo(np.int8).max, np.iinfo(np.int16).min,
            np.iinfo(np.uint32).max, np.iinfo(np.int64).bits, np.iinfo(np.uint8).min)


def test_finfo_iinfo():
    check(infos)


def test_info_refused_as_value():
    @njit
    def f():
        return np.finfo(np.float64)

    with pytest.raises(hasten.UnsupportedError, match="finfo"):
        f()


@njit
def set_ops(a, b):
    return np.union1d(a, b), np.intersect1d(a, b), np.setdiff1d(a, b), np.setxor1d(a, b), np.intersect1d(a, b, assume_unique=True)


@given(hnp.arrays(np.int64, st.integers(0, 10), elements=st.integers(-3, 3)), hnp.arrays(np.int64, st.integers(0, 10), elements=st.integers(-3, 3)))
@settings(max_examples=60, deadline=None)
def test_set_ops_hypothesis(a, b):
    check(set_ops, np.unique(a), np.unique(b))
    check(set_ops, a, b[::-1])


def test_set_ops_floats():
    # (No signed zeros: which of 0.0 and -0.0 np.unique keeps depends on its sort's order.)
    a = np.array([np.nan, 1.0, 0.0, 2.0, np.inf])
    b = np.array([np.nan, 0.0, 2.0], np.float32)
    check(set_ops, a, b)
    check(set_ops, a.reshape(5, 1), np.array([[1.0, 3.0]]))


@njit
def zero_d(x, y):
    return np.sqrt(x), x + 1.0, x * y, np.add(x, 2), np.where(x > 0, x, y), np.maximum(x, y)


def test_ufuncs_of_0d_arrays_give_scalars():
    check(zero_d, np.array(2.0), np.array(3.0, np.float32))
    check(zero_d, np.array(4, np.int32), np.array(-1, np.int32))
    check(zero_d, np.array(4.0)[()] * np.ones(()), np.array(7, np.uint16))


@njit
def overflow_int8(a):
    return a + 300


def test_python_int_out_of_bounds_for_int8():
    check(overflow_int8, np.array([1, 2], np.int8))
    check(overflow_int8, np.array([1, 2], np.int8)[::-1])


@njit
def kaisers(m, beta):
    return np.kaiser(m, beta)


@pytest.mark.parametrize("m, beta", [(0, 1.0), (1, 3.0), (2, 0.0), (5, 2.0), (12, 8.6), (51, 50.0), (7, -3.0)])
def test_kaiser(m, beta):
    # I0 by its power series: within a few ulps of NumPy's Chebyshev expansion.
    got, want = kaisers(m, beta), np.kaiser(m, beta)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


@njit
def chkfinite(a):
    return np.asarray_chkfinite(a)


def test_asarray_chkfinite():
    check(chkfinite, np.arange(3.0))
    check(chkfinite, np.array([1.0, np.inf]))
    check(chkfinite, np.array([1, 2], np.int8))


@njit
def full_of_python_int(n, v):
    return np.full(n, v, dtype=np.int8), np.full_like(np.zeros(n, np.uint16), v), np.full((n, 2), v, np.uint64)


def test_full_refuses_python_ints_out_of_the_dtype():
    # NumPy 2 converts the fill value first: OverflowError, also for an empty array.
    for n in (0, 3):
        for v in (5, 127, 128, -129, 300, 70000, -1):
            check(full_of_python_int, n, v)


@njit
def too_many_axes():
    a = np.zeros((1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1))
    return (a.T + a).sum()


def test_more_than_64_axes_raise_numpys_value_error():
    # Was a crash (the runtime's scratch for axis orders holds NumPy's 64 axes); NumPy refuses
    # such arrays.
    with pytest.raises(ValueError, match="maximum supported dimension for an ndarray is currently 64, found 66"):
        too_many_axes.py_func()
    with pytest.raises(ValueError, match="maximum supported dimension for an ndarray is currently 64, found 66"):
        too_many_axes()
