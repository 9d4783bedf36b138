"""`dtype=` on sums, products, means and running totals (`np.sum`, `np.prod`, `np.mean`,
`np.nansum`, `np.nanmean`, `np.cumsum`, `np.cumprod` and the array methods): NumPy casts each
element to the dtype (unsafely) and computes in it, the float and complex sums in its buffered
pieces of 8192 elements, bools by `or` and `and`. Differential against NumPy: values bit for bit,
dtypes, shapes."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def sums(a):
    return (np.sum(a, dtype=np.float64), np.sum(a, dtype=np.float32), np.sum(a, dtype=np.int32),
            np.sum(a, dtype=np.int8), np.sum(a, dtype=np.uint16), a.sum(dtype=np.int64))


@njit
def products(a):
    return np.prod(a, dtype=np.float64), np.prod(a, dtype=np.int16), a.prod(dtype=np.float32)


@njit
def means(a):
    return np.mean(a, dtype=np.float32), a.mean(dtype=np.float64), np.mean(a, dtype=float)


@njit
def nan_family(a):
    return np.nansum(a, dtype=np.float32), np.nanmean(a, dtype=np.float32), np.nansum(a, dtype=np.float64)


@njit
def along_axes(m):
    return (np.sum(m, axis=0, dtype=np.int32), m.sum(1, np.int8), np.mean(m, axis=1, dtype=np.float64),
            np.sum(m, axis=0, dtype=m.dtype, keepdims=True), np.prod(m, 0, np.float64))


@njit
def along_the_only_axis(a):
    return np.sum(a, axis=0, dtype=np.float32), np.mean(a, 0, np.float32), np.nansum(a, axis=-1, dtype=np.float32)


@njit
def running(a):
    return np.cumsum(a, dtype=np.float32), np.cumprod(a, dtype=np.int32), a.cumsum(dtype=np.int8), np.cumsum(a, dtype=None)


@njit
def running_axis(m):
    return np.cumsum(m, axis=1, dtype=np.float32), np.cumprod(m, 0, np.float64)


@njit
def of_expression(a):
    return np.sum(a * 3, dtype=np.float32), np.mean(a + 1, dtype=np.float32), np.sum(a > 0, dtype=np.int8)


@njit
def positional(a):
    return np.sum(a, None, np.float32), np.sum(a, 0, np.float64)


RNG = np.random.default_rng(7)
INTS = [
    np.arange(-5, 40, dtype=np.int64),
    RNG.integers(-1000, 1000, 20000),
    RNG.integers(0, 200, 30, dtype=np.uint8),
    np.array([], dtype=np.int32),
    np.arange(50, dtype=np.int16)[::-3],
    RNG.integers(0, 2, 100).astype(np.bool_),
]
FLOATS = [
    RNG.standard_normal(20000) * 1e3,
    RNG.standard_normal(17),
    RNG.standard_normal(9000).astype(np.float32),
    np.array([1.5, -2.25, 1e10, 3.0]),
    np.array([], dtype=np.float64),
    (RNG.standard_normal(30000) * 10)[::2],
]


@pytest.mark.parametrize("a", INTS + FLOATS, ids=range(len(INTS + FLOATS)))
def test_sums_products_running(a):
    check(sums, a)
    check(products, a[:12])
    check(running, a[:40])
    check(of_expression, a)
    check(positional, a)
    check(along_the_only_axis, a)


@pytest.mark.parametrize("a", INTS + FLOATS, ids=range(len(INTS + FLOATS)))
def test_means(a):
    check(means, a)


@pytest.mark.parametrize("a", FLOATS, ids=range(len(FLOATS)))
def test_nan_family(a):
    b = a.copy()
    b[::5] = np.nan
    check(nan_family, b)


MATRICES = [
    RNG.integers(-50, 50, (300, 40)),
    RNG.integers(-50, 50, (9000, 2)).astype(np.float64),
    np.asfortranarray(RNG.integers(-50, 50, (40, 300))),
    RNG.standard_normal((100, 200)),
    RNG.standard_normal((200, 90))[::2, ::3],
    np.asfortranarray(RNG.standard_normal((9000, 3))),
    np.zeros((0, 4)),
]


@pytest.mark.parametrize("m", MATRICES, ids=range(len(MATRICES)))
def test_along_axes(m):
    check(along_axes, m)
    check(running_axis, m[:, :6])


def test_refusals():
    def int_mean(a):
        return np.mean(a, dtype=np.int64)

    def complex_along_an_axis(a):
        return np.sum(a, axis=0, dtype=np.complex128)

    def complex_of_a_fortran_array(a):
        return np.mean(a, dtype=np.complex128)

    def complex_to_real(z):
        return np.sum(z, dtype=np.float64)

    with pytest.raises(hasten.UnsupportedError, match="integer dtype="):
        njit(int_mean)(np.ones(3))
    with pytest.raises(hasten.UnsupportedError, match="complex dtype= converting the elements of a sum, mean or product along an axis"):
        njit(complex_along_an_axis)(np.ones((2, 3)))
    with pytest.raises(hasten.UnsupportedError, match="not C-contiguous"):
        njit(complex_of_a_fortran_array)(np.ones((2, 3)).T)
    with pytest.raises(hasten.UnsupportedError, match="ComplexWarning"):
        njit(complex_to_real)(np.ones(3, dtype=np.complex128))


@njit
def logical(a):
    # NumPy adds bools by `or` and multiplies them by `and`, after casting each element (NaN is true).
    return (np.sum(a, dtype=np.bool_), a.prod(dtype=bool), np.cumsum(a, dtype=bool), np.cumprod(a, dtype=np.bool_),
            np.sum(a, axis=0, dtype=bool), np.cumprod(a, axis=-1, dtype=bool))


@pytest.mark.parametrize("a", [np.array([[1.0, -1.0, 0.0], [np.nan, -0.0, 0.5]]), np.array([[1, -1], [2, -2], [0, 0]]),
                               np.array([[3, 255], [0, 1]], dtype=np.uint8), np.array([[True, False]]), np.zeros((0, 2)),
                               np.array([[1 + 0j, 0j, 1j]])])
def test_bool_dtype_is_logical(a):
    check(logical, a)
    check(logical, a.T)


@njit
def complex_totals(a, dt):
    return (np.sum(a, dtype=np.complex128), np.mean(a, dtype=np.complex128), a.sum(dtype=np.complex64), np.prod(a[:6], dtype=np.complex128),
            a.sum(dtype=dt), a.mean(axis=0, dtype=dt), np.cumsum(a, dtype=dt), np.cumprod(a[:6], dtype=np.complex128))


@pytest.mark.parametrize("n", [1, 7, 8192, 8193, 20001])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.bool_, np.complex64, np.complex128])
def test_complex_dtype_converts_then_sums_in_numpys_pieces(n, dtype):
    # Elements converted to a complex dtype are summed in NumPy's buffers of 8192, as floats are.
    a = wide_range(n, np.float64, n)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * wide_range(n, np.float64, n + 1)
    a = a.astype(dtype)
    for view in (a, a[::-2]):
        check(complex_totals, view, np.complex128)
        check(complex_totals, view, np.complex64)


@njit
def own_dtype(z):
    # No cast, so no buffers: NumPy sums the array whole.
    return np.sum(z.astype(np.complex128), dtype=np.complex128), z.sum(dtype=np.complex128), np.mean(z, dtype=z.dtype)


def test_complex_dtype_of_a_complex_array_of_that_dtype_sums_it_whole():
    z = wide_range(20001, np.float64, 4) + 1j * wide_range(20001, np.float64, 5)
    check(own_dtype, z)


@njit
def complex_whole_and_running(m):
    return np.sum(m, dtype=np.complex128), np.mean(m, dtype=np.complex64), np.cumsum(m, axis=0, dtype=np.complex128), np.cumsum(m.T, axis=1, dtype=np.complex64)


@pytest.mark.parametrize("shape", [(3, 4), (3, 9000), (0, 5)])
def test_complex_dtype_of_matrices(shape):
    m = wide_range(shape, np.float64, 3)
    check(complex_whole_and_running, m)
    check(complex_whole_and_running, m.astype(np.float32))


@njit
def converted_lines(a, axis):
    return (np.sum(a, axis=axis, dtype=np.float64), a.sum(axis=axis, dtype=np.float32),
            np.mean(a, axis=axis, dtype=np.float64), np.nansum(a, axis=axis, dtype=np.float64))


@njit
def converted_planes(a):
    return np.sum(a, axis=(0, 1), dtype=np.float64), np.mean(a, axis=(1, 2), dtype=np.float32)


def wide_range(shape, dtype, seed):
    # Magnitudes over 16 decades: the order of the additions shows in the last bits.
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 10.0 ** rng.uniform(-8, 8, shape)).astype(dtype)


@pytest.mark.parametrize("shape", [(40, 30), (3, 9000), (9000, 3), (1, 17000), (2, 3, 8193)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_along_an_axis_converting(shape, dtype):
    # NumPy converts in buffers: lines it walks innermost are summed pairwise in pieces of 8192
    # elements (one line per piece run), the others element by element, for every layout.
    a = wide_range(shape, dtype, len(shape) + shape[-1])
    for view in (a, np.asfortranarray(a), a[..., ::-1], a[::-1]):
        for axis in range(a.ndim):
            check(converted_lines, view, axis)
    if a.ndim == 3:
        check(converted_planes, a)


@njit
def python_types_as_dtypes(n):
    a = np.zeros(n, dtype=float) + np.ones(n, int)
    b = np.arange(n, dtype=float).astype(int)
    c = np.full(n, 1, dtype=bool)
    z = np.zeros(2, complex)
    return a, b, c, z, np.sum(b, dtype=float), np.cumsum(b, dtype=float)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_python_types_as_dtypes(n):
    check(python_types_as_dtypes, n)


@njit
def dtype_names(n):
    a = np.zeros(n, dtype="float32")
    b = np.ones((n, 2), "i4")
    c = np.arange(n, dtype="uint8")
    d = np.full(n, 2, dtype="<f8").astype("int16")
    e = np.zeros(2, dtype="complex") + np.ones(2, "D")
    return a, b, c, d, e, np.sum(c, dtype="int64"), np.empty(0, "?").dtype == np.bool_


@pytest.mark.parametrize("n", [0, 3])
def test_dtype_names(n):
    check(dtype_names, n)


def test_dtype_names_refused():
    def half(n):
        return np.zeros(n, dtype="float16")

    with pytest.raises(hasten.UnsupportedError, match="dtype 'float16' is not supported"):
        njit(half)(2)


@njit
def float32_stats(a):
    return a.mean(), np.mean(a), np.nanmean(a), np.var(a), np.std(a), np.var(a, ddof=1), np.mean(a, dtype=np.float32)


@njit
def float32_axis_stats(a):
    return a.mean(axis=0), np.nanmean(a, axis=1), np.var(a, axis=0)


def test_float32_means_divide_by_the_count_in_float64():
    # NumPy divides a float32 total by its count as an intp, in float64, then rounds: with 2**24 + 1
    # elements the count itself is no float32, so dividing in float32 would differ in the last bit.
    n = 2**24 + 1
    a = np.zeros(n, dtype=np.float32)
    a[0] = 2**24 - 1
    check(float32_stats, a)
    b = np.zeros((n, 2), dtype=np.float32)
    b[0] = 2**24 - 1
    check(float32_axis_stats, b)
