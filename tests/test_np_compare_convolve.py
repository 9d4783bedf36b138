"""np.meshgrid, np.isin, np.array_equal, np.convolve and np.correlate, differentially against NumPy
over shapes including empty ones, strided and reversed views, NaN, infinities and signed zeros."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import assert_same, check

VALUES = st.one_of(st.integers(-4, 4).map(float), st.sampled_from([0.5, -0.0, np.nan, np.inf, -np.inf]))
DTYPES = [np.float64, np.float32, np.int64, np.int16, np.uint8, np.bool_]


@st.composite
def vectors(draw, min_size=0, max_size=6, dtypes=DTYPES, values=VALUES):
    """A 1-d array of a drawn dtype, possibly a strided or reversed view."""
    xs = draw(st.lists(values, min_size=min_size, max_size=max_size))
    dtype = draw(st.sampled_from(dtypes))
    with np.errstate(all="ignore"):
        raw = np.array(xs, dtype=np.float64)
        if np.dtype(dtype).kind not in "f":
            raw = np.nan_to_num(raw, nan=1.0, posinf=3.0, neginf=-3.0)
            raw = np.abs(raw) if np.dtype(dtype).kind == "u" else raw
        a = raw.astype(dtype)
    view = draw(st.sampled_from(["plain", "step", "reversed"]))
    if view == "step":
        return np.repeat(a, 2)[::2]
    if view == "reversed":
        return a[::-1].copy()[::-1]
    return a


# --- meshgrid ------------------------------------------------------------------------------------


@njit
def grids2(x, y):
    return np.meshgrid(x, y), np.meshgrid(x, y, indexing="ij"), np.meshgrid(x), np.meshgrid(y, indexing="ij")


@njit
def grids3(x, y, z):
    return np.meshgrid(x, y, z), np.meshgrid(x, y, z, indexing="ij", sparse=False, copy=True)


@settings(max_examples=60, deadline=None)
@given(vectors(), vectors(), vectors(max_size=3))
def test_meshgrid(x, y, z):
    check(grids2, x, y)
    check(grids3, x, y, z)


def test_meshgrid_ravels_and_copies():
    @njit
    def f(x, y):
        xx, yy = np.meshgrid(x, y)
        xx[0, 0] = 100.0
        return xx, yy, x

    check(f, np.arange(6.0).reshape(2, 3), np.arange(4.0)[::-1])


def test_meshgrid_options():
    @njit
    def bad(x):
        return np.meshgrid(x, indexing="xx")

    @njit
    def sparse(x):
        return np.meshgrid(x, sparse=True)

    with pytest.raises(hasten.TypingError, match="Valid values for `indexing` are 'xy' and 'ij'."):
        bad(np.ones(2))
    with pytest.raises(hasten.UnsupportedError, match="sparse="):
        sparse(np.ones(2))


# --- isin and array_equal ------------------------------------------------------------------------


@njit
def isins(a, t):
    return np.isin(a, t), np.isin(a, t, invert=True)


@njit
def isin_unique(a, t):
    return np.isin(a, t, assume_unique=True), np.isin(a, t, True, True)


@settings(max_examples=100, deadline=None)
@given(vectors(), vectors())
def test_isin(a, t):
    check(isins, a, t)
    check(isins, a.reshape(-1, 1) if a.size else a.reshape(0, 2), t.reshape(1, -1) if t.size else t)
    # assume_unique=True promises unique inputs (NumPy's result is unspecified otherwise).
    check(isin_unique, np.unique(a), np.unique(t))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 200), st.integers(0, 60), st.sampled_from([np.int64, np.float64, np.float32, np.uint8]), st.sampled_from([np.int64, np.float64, np.int8]))
def test_isin_larger_sets(n, m, ed, td):
    # Many elements against a test set with duplicates and gaps: the binary search's edges.
    rng = np.random.default_rng(n * 1000 + m)
    a = rng.integers(-20, 20, n).astype(ed) if np.dtype(ed).kind != "u" else rng.integers(0, 40, n).astype(ed)
    t = rng.integers(-25, 25, m).astype(td)
    check(isins, a, t)
    check(isins, a / 2 if np.dtype(ed).kind == "f" else a, t[::-1])


@njit
def equals(a, b):
    return np.array_equal(a, b), np.array_equal(a, b, equal_nan=True), np.array_equal(a, a), np.array_equal(a, b[::-1])


@settings(max_examples=150, deadline=None)
@given(vectors(max_size=4), vectors(max_size=4), st.booleans())
def test_array_equal(a, b, same_values):
    if same_values:
        b = a.astype(b.dtype) if np.can_cast(a.dtype, b.dtype) else a.copy()
    check(equals, a, b)


def test_array_equal_shapes():
    @njit
    def f(a, b):
        return np.array_equal(a, b)

    check(f, np.zeros((2, 3)), np.zeros((3, 2)))
    check(f, np.zeros((2, 3)), np.zeros((2, 3)))
    check(f, np.zeros((2, 3)), np.zeros(6))
    check(f, np.zeros((0, 3)), np.zeros((0, 3), np.int32))
    check(f, np.array([np.nan]), np.array([np.nan]))


# --- convolve and correlate ----------------------------------------------------------------------


@njit
def slides(a, v):
    return (
        np.convolve(a, v),
        np.convolve(a, v, "same"),
        np.convolve(a, v, mode="valid"),
        np.correlate(a, v),
        np.correlate(a, v, "same"),
        np.correlate(a, v, mode="full"),
    )


INTS = [np.int64, np.int32, np.int8, np.uint8, np.bool_]


@settings(max_examples=150, deadline=None)
@given(vectors(dtypes=INTS), vectors(dtypes=INTS))
def test_convolve_correlate_integers(a, v):
    # Empty operands raise NumPy's ValueError (message compared).
    check(slides, a, v)


@settings(max_examples=100, deadline=None)
@given(vectors(min_size=1, dtypes=[np.float64, np.float32, np.int32], values=st.floats(-100, 100)), vectors(min_size=1, dtypes=[np.float64, np.float32], values=st.floats(-100, 100)))
def test_convolve_correlate_floats(a, v):
    # NumPy sums each output with BLAS's dot for float64, whose order of additions differs from the
    # plain loop: values agree to rounding, dtypes and shapes exactly.
    got, want = slides(a, v), slides.py_func(a, v)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-5 if g.dtype == np.float32 else 1e-12, atol=1e-3 if g.dtype == np.float32 else 1e-9)


def test_convolve_exact_small_floats():
    # Sums of exactly representable products are exact in any order.
    check(slides, np.array([1.0, 2.0, -3.0, 0.5]), np.array([0.25, -1.0]))
    check(slides, np.array([1.0]), np.array([2.0, 3.0, 4.0]))


@st.composite
def complex_vectors(draw, min_size=1, max_size=8):
    parts = st.lists(st.floats(-100, 100), min_size=2 * min_size, max_size=2 * max_size).filter(lambda p: len(p) % 2 == 0)
    p = draw(parts)
    a = np.array(p[0::2]) + 1j * np.array(p[1::2])
    return a if draw(st.booleans()) else a[::-1]


@settings(max_examples=100, deadline=None)
@given(complex_vectors(), complex_vectors(), st.sampled_from(["complex", "left real", "right real"]))
def test_convolve_correlate_complex(a, v, kinds):
    # NumPy's complex dot is BLAS's zdotu: values agree to rounding, dtypes and shapes exactly.
    if kinds == "left real":
        a = a.real.copy()
    elif kinds == "right real":
        v = v.real.copy()
    got, want = slides(a, v), slides.py_func(a, v)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-9)


def test_convolve_correlate_complex_exactly():
    # Small integer parts: every sum is exact in any order, so these are NumPy's bits; `correlate`
    # conjugates its second operand whichever operand is the longer.
    a = np.array([1 + 2j, -3j, 2 - 1j, 0.5 + 0.5j])
    v = np.array([2 - 1j, 1j, -1.0 + 0j])
    for x, y in [(a, v), (v, a), (a, a.real.copy()), (a.real.copy(), v), (a[::-2], v[::-1])]:
        check(slides, x, y)
    # Infinities and NaNs meet zeros: the full complex product, as NumPy's loop computes it.
    check(slides, np.array([1 + 1j, np.inf + 0j, complex(0, np.nan)]), np.array([1j, -0.0 + 0j]))


def test_convolve_needs_1d():
    with pytest.raises(hasten.UnsupportedError, match="np.convolve is supported for 1-d arrays"):
        slides(np.ones((2, 2)), np.ones(2))


def test_convolve_modes_by_number():
    @njit
    def f(a, v):
        return np.convolve(a, v, 2), np.correlate(a, v, 1), np.correlate(a, v, mode=0)

    check(f, np.arange(5), np.arange(3))
    assert_same(f(np.arange(2), np.arange(4)), f.py_func(np.arange(2), np.arange(4)))


def test_convolve_mode_names_are_exact():
    @njit
    def f(a, v):
        return np.convolve(a, v, "FULL")

    with pytest.raises(hasten.TypingError, match="Use one of 'valid', 'same', or 'full' for convolve/correlate mode"):
        f(np.arange(5), np.arange(3))


# --- trapezoid and kron --------------------------------------------------------------------------


@njit
def trapezoids(y, x, dx):
    return np.trapezoid(y), np.trapezoid(y, x), np.trapezoid(y, dx=dx), np.trapezoid(y, x=x, axis=-1), np.trapezoid(y, None, dx, 0)


@settings(max_examples=150, deadline=None)
@given(
    vectors(max_size=40, dtypes=[np.float64, np.float32, np.int64, np.int8, np.bool_]),
    vectors(max_size=40, dtypes=[np.float64, np.float32, np.int32]),
    st.sampled_from([1.0, 0.5, -0.0, 2, np.nan]),
)
def test_trapezoid(y, x, dx):
    # Lengths that do not broadcast raise NumPy's ValueError; longer ones exercise pairwise sums.
    with np.errstate(all="ignore"):
        check(trapezoids, y, x, dx)
        check(trapezoids, y, x[: len(y)], dx)
        check(trapezoids, y, x[:2], dx)


def test_trapezoid_long_pairwise():
    rng = np.random.default_rng(1)
    y, x = rng.standard_normal(1000), np.cumsum(rng.random(1000))
    check(trapezoids, y, x, 0.1)
    check(trapezoids, y.astype(np.float32), x.astype(np.float32), 0.1)


def test_trapezoid_with_x_needs_1d():
    with pytest.raises(hasten.UnsupportedError, match="np.trapezoid with x= is supported for 1-d y and x"):
        trapezoids(np.ones((2, 2)), np.ones(2), 1.0)


@njit
def trapezoids_along(y, k, dx):
    return np.trapezoid(y), np.trapezoid(y, axis=0), np.trapezoid(y, dx=dx, axis=k)


def _layouts(a):
    return [a, np.asfortranarray(a), a[::2, ::-1], a.T, np.moveaxis(a, 0, -1) if a.ndim > 2 else a[:, ::3]]


@pytest.mark.parametrize("shape", [(3, 5), (40, 30), (9, 10, 11), (0, 4), (1, 7)])
@pytest.mark.parametrize("kind", ["float64", "float32", "int64", "complex128", "complex"])
def test_trapezoid_of_arrays_of_several_axes(shape, kind):
    # NumPy's formula, its terms laid out as the array is (a Fortran array sums its lines in
    # memory order), along any axis (one known only at run time too).
    rng = np.random.default_rng(7)
    a = rng.standard_normal(shape)
    if kind == "complex":
        a = a + 1j * rng.standard_normal(shape)
        if a.size:
            a[tuple(0 for _ in shape[:-1])][:2] = [complex(np.inf, 1), complex(np.nan, -2)][: a.shape[-1]]
    else:
        a = (a * 10).astype(kind)
    for y in _layouts(a):
        with np.errstate(all="ignore"):
            for k in range(-y.ndim, y.ndim + 1):
                check(trapezoids_along, y, k, 0.5)


@njit
def complex_trapezoids(y, x, dx):
    return np.trapezoid(y), np.trapezoid(y, x), np.trapezoid(y, dx=dx), np.trapezoid(y, x=x, axis=-1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), max_size=20), st.sampled_from([1.0, 0.5, -0.0, 2, np.nan]))
def test_trapezoid_of_complex_values(values, dx):
    y = np.array(values, dtype=np.complex128)
    x = np.cumsum(np.arange(len(values), dtype=np.float64)) * 0.25
    with np.errstate(all="ignore"):
        check(complex_trapezoids, y, x, dx)
        check(complex_trapezoids, y.astype(np.complex64), x, dx)
        check(complex_trapezoids, y[::-1], x[::-1], dx)


@njit
def krons(a, b):
    return np.kron(a, b), np.kron(b, a), np.kron(a, a)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=3),
    st.lists(st.integers(0, 3), min_size=1, max_size=2),
    st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.uint8, np.bool_]),
    st.sampled_from([np.float64, np.int16, np.bool_]),
)
def test_kron(sa, sb, da, db):
    a = (np.arange(int(np.prod(sa))).reshape(sa) * 1.5 - 2).astype(da)
    b = (np.arange(int(np.prod(sb))).reshape(sb)[..., ::-1] - 1).astype(db)
    with np.errstate(all="ignore"):
        check(krons, a, b)
        check(krons, a.T, b)


# --- np.average(returned=True) -------------------------------------------------------------------


@njit
def averages_returned(a, w):
    return np.average(a, weights=w, returned=True), np.average(a, None, w, True), np.average(a, weights=w, returned=False)


@settings(max_examples=80, deadline=None)
@given(vectors(min_size=1, dtypes=[np.float64, np.float32, np.int64, np.bool_]), st.sampled_from([np.float64, np.float32, np.int32]))
def test_average_returned(a, wd):
    w = (np.arange(len(a)) % 3).astype(wd)
    with np.errstate(all="ignore"):
        # Weights summing to zero raise NumPy's ZeroDivisionError.
        check(averages_returned, a, w)
        check(averages_returned, a.reshape(1, -1), w.reshape(1, -1)[:, ::-1])


def test_average_returned_needs_weights():
    @njit
    def f(a):
        return np.average(a, returned=True)

    with pytest.raises(hasten.UnsupportedError, match="returned=True is supported with weights= only"):
        f(np.ones(3))
