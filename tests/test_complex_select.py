"""`np.where(cond, x, y)` with complex128 operands (arrays, Python complex numbers, real arrays and
numbers beside them) against NumPy bit for bit, fused with the expressions around it; a complex
condition (an array or a number) is true where a part is nonzero. `np.array_equal` of complex128 arrays (both parts; `equal_nan=`
takes a NaN in either part, as NumPy's `isnan`); `np.isclose` of complex arrays and scalars."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import njit


@njit
def chosen(a, m):
    return (np.where(a.real > 0, a, 0j), np.where(a.real > 0, a, 0), np.where(a.imag > 0, 1.5, a), np.where(m.real > 0, m, m[::-1]),
            np.where(m.real > 0, m, np.arange(3.0)), np.where(np.abs(a) > 1, a / np.abs(a), a * 2 - 1j))


@njit
def complex_condition(a):
    return np.where(a, a, 0)


def test_where():
    a = np.array([1 + 2j, -0.0 - 1j, np.nan + 0j, complex(-np.inf, 0.5), 0.25 - 0.0j, 3j])
    check(chosen, a, a.reshape(2, 3))
    check(chosen, a[::-1], np.asfortranarray(a.reshape(2, 3)))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), min_size=6, max_size=6))
def test_where_hypothesis(values):
    a = np.array(values, dtype=np.complex128)
    with np.errstate(all="ignore"):
        check(chosen, a, a.reshape(2, 3))


@njit
def complex_scalar_condition(z):
    return np.where(z, 1.0, 2.0)


def test_complex_condition_is_a_nonzero_part():
    # NumPy's truth of a complex element: a nonzero part (a NaN part is nonzero).
    a = np.array([1 + 2j, -0.0 - 0.0j, complex(np.nan, 0), complex(0, -0.0), 0.25j, 0j])
    check(complex_condition, a)
    check(complex_condition, a.reshape(2, 3).T)
    check(complex_condition, a.astype(np.complex64)[::-1])
    # A complex number alone: NumPy's 0-d array of the choice.
    for z in [1j, 0j, complex(0, -0.0), complex(np.nan, 0), np.complex128(0), np.complex64(1j), np.complex64(0)]:
        check(complex_scalar_condition, z)
        check(where_of_any_condition, z, np.arange(3.0), 1.5)


@njit
def equal(a, b, m):
    return (np.array_equal(a, b), np.array_equal(a, b, equal_nan=True), np.array_equal(a, a.real), np.array_equal(m, a),
            np.array_equal(b.real + 0j, b.real))


def test_array_equal():
    a = np.array([1 + 2j, complex(np.nan, 1), complex(2, np.nan), -0.0j])
    for b in [a.copy(), np.array([1 + 2j, complex(np.nan, 5), complex(7, np.nan), 0j]), a[::-1].copy(), np.array([1 + 2j, 1j, 2 + 0j, 0j])]:
        check(equal, a, b, a.reshape(2, 2))
    check(equal, a.real + 0j, a.real + 0j, a[:2])


@njit
def traces(m):
    return np.trace(m), np.trace(m, 1), np.trace(m, -1), m.trace(), np.trace(m[::-1, ::2])


def test_trace_is_the_pairwise_sum_of_the_diagonal():
    rng = np.random.default_rng(5)
    for shape in [(3, 3), (4, 6), (40, 37), (0, 3)]:
        m = rng.standard_normal(shape) * 10.0 ** rng.integers(-8, 8, shape) + 1j * rng.standard_normal(shape)
        for x in (m, np.asfortranarray(m)):
            for got, expected in zip(traces(x), traces.py_func(x)):
                assert type(got) is np.complex128 and repr(got) == repr(expected)
    special = np.array([[complex(-0.0, -0.0), 1], [2, complex(-0.0, np.nan)]])
    for got, expected in zip(traces(special), traces.py_func(special)):
        assert repr(got) == repr(expected)


@njit
def spreads(a, ddof):
    return np.var(a), np.std(a), a.var(ddof=ddof), np.std(a, ddof=ddof)


def test_var_std_of_complex_arrays():
    rng = np.random.default_rng(7)
    for n in [1, 5, 8, 9, 130, 1000]:
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 6, n) + 1j * rng.standard_normal(n)
        with np.errstate(all="ignore"):
            for x, ddof in [(a, 1), (a[::-1], 0), (a[::3], 2), (a.reshape(-1, 1) if n > 1 else a, n)]:
                check(spreads, x, ddof)
    m = (rng.standard_normal(24) + 1j * rng.standard_normal(24)).reshape(4, 6)
    check(spreads, m, 1)
    check(spreads, np.asfortranarray(m), 3)
    special = np.array([complex(np.inf, 0), 1j, complex(-0.0, np.nan), 2 + 0j])
    with np.errstate(all="ignore"):
        check(spreads, special, 0)
        check(spreads, special[1:2], 5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=False, allow_infinity=False, max_magnitude=1e150), min_size=1, max_size=40), st.integers(0, 3))
def test_var_std_hypothesis(values, ddof):
    with np.errstate(all="ignore"):
        check(spreads, np.array(values, dtype=np.complex128), ddof)


@njit
def along(m):
    return np.sum(m, axis=0), np.sum(m, axis=1), np.mean(m, axis=0), np.mean(m, axis=-1), m.sum(axis=1), m.mean(axis=0)


@njit
def along3(t):
    return np.sum(t, axis=1), np.mean(t, axis=2), np.sum(t, axis=0)


def test_sums_and_means_along_an_axis():
    # Pairwise where NumPy walks the line innermost, element by element otherwise, each from 0.
    rng = np.random.default_rng(11)
    for r, c in [(1, 1), (3, 9), (17, 5), (2, 130), (40, 33)]:
        m = rng.standard_normal((r, c)) * 10.0 ** rng.integers(-8, 8, (r, c)) + 1j * rng.standard_normal((r, c))
        for x in (m, np.asfortranarray(m), m[::-1], m[:, ::2], m.T):
            check(along, x)
        if r % 2 == 0:
            t = m.reshape(2, r // 2, c)
            for x in (t, np.asfortranarray(t), t[:, ::-1]):
                check(along3, x)
    zeros = np.full((2, 2), complex(-0.0, -0.0))
    check(along, zeros)


@njit
def products_along(m):
    return np.prod(m, axis=0), np.prod(m, axis=1), m.prod(axis=-1)


def test_products_along_an_axis():
    # NumPy's reduce loop (each product rounded) along a line walked innermost, its element-wise
    # loop (fused multiply-adds) across lines otherwise, from 1 + 0j.
    rng = np.random.default_rng(13)
    special = np.array([complex(np.inf, 0), complex(0, np.inf), complex(-0.0, -0.0), complex(np.nan, 1), complex(1, -0.0), 2j])
    for r, c in [(1, 1), (3, 4), (9, 2), (5, 11)]:
        m = rng.standard_normal((r, c)) + 1j * rng.standard_normal((r, c))
        s = rng.choice(special, (r, c))
        with np.errstate(all="ignore"):
            for x in (m, s):
                for y in (x, np.asfortranarray(x), x[::-1], x.T, x[:, ::2]):
                    check(products_along, y)


@njit
def extremes(a, b, c):
    np.maximum(a, b[::-1], out=c)
    return np.maximum(a, b), np.minimum(a, b), np.maximum(a, 1.5), np.minimum(a.real, b), np.maximum(a, b[::-1]) * 2, c


def test_maximum_minimum_lexicographic_with_nans_first():
    import itertools
    vals = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), 1 + 1j, 1 - 1j, complex(np.nan, 0), complex(0, np.nan), complex(1, np.inf),
            complex(-np.inf, 2), 1.5 + 0j, complex(np.nan, np.nan)]
    pairs = list(itertools.product(vals, vals))
    a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    with np.errstate(all="ignore"):
        check(extremes, a, b, np.zeros(len(a), complex))


@njit
def closeness(a, b):
    return (np.isclose(a, b), np.isclose(a, b, equal_nan=True), np.isclose(a, b, 1e-3, 1e-6), np.isclose(a.real, b), np.isclose(a, 1.0),
            np.allclose(a, a), np.allclose(a, b, equal_nan=True))


def test_isclose_allclose():
    import itertools
    vals = [0j, 1 + 1j, 1 + 1.0000001j, complex(1.00001, 1), complex(np.nan, 0), complex(0, np.nan), complex(np.inf, 0), complex(np.inf, 1),
            complex(-np.inf, 0), 1e-9j, 1.5 + 0j]
    pairs = list(itertools.product(vals, vals))
    a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    with np.errstate(all="ignore"):
        check(closeness, a, b)
    rng = np.random.default_rng(3)
    a = rng.standard_normal(64) + 1j * rng.standard_normal(64)
    check(closeness, a, a + (rng.standard_normal(64) + 1j * rng.standard_normal(64)) * 10.0 ** rng.integers(-12, -3, 64))


@njit
def scalar_closeness(x, y):
    return np.isclose(x, y), np.isclose(x, y, rtol=1e-3, atol=0.0, equal_nan=True)


def test_isclose_of_complex_scalars():
    # Python complex numbers take CPython's abs (OverflowError where finite parts overflow), NumPy
    # scalars NumPy's scalar abs; both give np.bool_.
    import itertools
    vals = [1 + 2j, 1 + 2.00000001j, complex(np.nan, 1), complex(np.inf, 0), complex(np.inf, 1), 0j, -0j, 1e308 + 1e308j,
            complex(-1e308, 1e308), 1.0, 3, np.complex128(1 + 2j), np.complex128(complex(np.nan, 0)), np.float64(1.0)]
    with np.errstate(all="ignore"):
        for x, y in itertools.product(vals, vals):
            if isinstance(x, complex) or isinstance(y, complex):
                check(scalar_closeness, x, y)


@njit
def where_of_any_condition(c, x, y):
    return np.where(c, x, y)


@pytest.mark.parametrize("cond", [np.array([1.0, 0.0, np.nan]), np.array([2, 0, -1], np.int64), np.array([True, False, True])])
@pytest.mark.parametrize("dtypes", [(np.complex64, np.complex64), (np.complex64, np.float32), (np.float32, np.complex64),
                                    (np.complex64, np.float64), (np.complex64, np.int8), (np.complex128, np.complex64)])
def test_where_result_dtype_ignores_the_condition(cond, dtypes):
    # The condition's dtype (a float64 array here) takes no part in the result's: complex64 stays.
    x, y = np.full(3, 4, dtypes[0]), np.full(3, 9, dtypes[1])
    check(where_of_any_condition, cond, x, y)
    check(where_of_any_condition, cond.reshape(3, 1), x, np.asfortranarray(np.tile(y, (3, 1))))
