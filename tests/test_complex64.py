"""complex64 arrays and `np.complex64` scalars in compiled code, differentially against NumPy:
arguments and results of any layout, element reads and writes, views, constructors with
`dtype=np.complex64`, `astype`, parts and `abs`, and `+ - * / == !=` with NumPy 2's promotion
(NEP 50). Values are compared bitwise in both parts (NaN, infinities, signed zeros), with the
dtype and the scalar type.

NumPy computes complex64 in float32: its array loop fuses each part's second product into a
multiply-add, its scalar arithmetic rounds every product, and both divide by Smith's method; its
ufunc `abs` is its SIMD loop's `larger * sqrt(1 + ratio**2)`, while the scalar `abs` is the C
library's `hypotf`. The tests below hold compiled code to each.

What hasten does not compute with complex64 yet must raise UnsupportedError naming complex64."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import TypingError, UnsupportedError, njit
from conftest import check, jit_source

S = settings(max_examples=80, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -1.5, math.inf, -math.inf, math.nan, 1e-45, 3e38, 1e-30, 0.1]
f32 = st.one_of(st.floats(width=32, allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL))
c64 = st.builds(lambda re, im: np.complex64(complex(re, im)), f32, f32)


def c64_array(values):
    return np.array(values, dtype=np.complex64)


arrays = st.lists(c64, min_size=0, max_size=12).map(c64_array)
pairs = st.integers(0, 12).flatmap(lambda n: st.tuples(*[st.lists(c64, min_size=n, max_size=n).map(c64_array)] * 2))


def grid(m, n):
    re = np.arange(m * n, dtype=np.float32).reshape(m, n)
    return (re - 1j * (re / 3 + 0.5)).astype(np.complex64)


def layouts():
    """The same values as C, Fortran, strided, reversed, transposed and empty arrays."""
    a = grid(4, 6)
    return [a, np.asfortranarray(a), a[::2, 1::2], a[::-1, ::-2], a.T, a[:0], a[1]]


# -- arguments, results, elements ------------------------------------------------------------


@njit
def identity(a):
    return a


@njit
def first_last(a):
    return a[0], a[-1]


@njit
def total_loop(a):
    s = np.complex64(0)
    for i in range(a.shape[0]):
        s = s + a[i]
    return s


@njit
def iterate(a):
    s = np.complex64(1)
    for z in a:
        s = s * z - z / np.complex64(3 - 1j)
    return s


@njit
def write_elements(a, v):
    a[0] = v
    a[-1] = 2
    a[1:3] = 1.5
    return a


@njit
def scalar_arg(z):
    return z, z.real, z.imag, z.conjugate(), abs(z), -z, +z


@pytest.mark.parametrize("a", layouts(), ids=range(len(layouts())))
def test_array_arguments_and_results(a):
    check(identity, a)
    check(lambda_views, a)


@njit
def lambda_views(a):
    return a.T, a[::-1], a.real, a.imag, a.shape, a.size, a.ndim, a.itemsize, a.copy(), np.ravel(a)


def test_elements_are_complex64_scalars():
    a = grid(1, 5)[0]
    check(first_last, a)
    assert type(first_last(a)[0]) is np.complex64


@njit
def enumerate_zip(a, b):
    s = np.complex64(0)
    for i, z in enumerate(a):
        s = s + z * i
    for x, y in zip(a, b):
        s = s - x / y
    return s


@given(arrays)
@S
def test_accumulating_loops(a):
    with np.errstate(all="ignore"):
        check(total_loop, a)
        check(iterate, a)
        check(enumerate_zip, a, a[::-1])


@given(arrays.filter(lambda a: a.size >= 3), c64)
@S
def test_stores(a, v):
    check(write_elements, a, v)
    check(write_elements, a, complex(v))
    check(write_elements, a, float(v.real))


@given(c64)
@S
def test_scalar_arguments(z):
    check(scalar_arg, z)


def test_parts_are_writable_views():
    @njit
    def f(a):
        a.real[0] = 7
        a.imag[1:] = -1
        return a

    check(f, grid(2, 3)[0])


# -- construction and casts ------------------------------------------------------------------


@njit
def constructors(n, fill):
    return (
        np.zeros(n, dtype=np.complex64),
        np.ones((2, n), np.complex64),
        np.full(n, fill, dtype=np.complex64),
        np.full(n, np.complex64(fill)),
        np.empty(n, np.complex64).shape,
    )


@njit
def like(a):
    return np.zeros_like(a), np.ones_like(a), np.full_like(a, 2 - 1j), np.zeros_like(a, dtype=np.complex64)


@njit
def scalar_ctor(x):
    return np.complex64(x)


@pytest.mark.parametrize("fill", [1.5, -2j, 3, complex(math.inf, math.nan), 0.1 + 0.2j])
def test_constructors(fill):
    check(constructors, 3, fill)


def test_like_constructors():
    for a in layouts():
        check(like, a)


@pytest.mark.parametrize("x", [1, 2.5, 0.1, -0.0, 1e300, complex(0.1, -0.2), True, np.float32(0.1), np.int8(-3), np.float64(0.1), np.complex64(1 - 2j), np.complex128(0.1 + 1e300j)])
def test_scalar_constructor(x):
    check(scalar_ctor, x)


@njit
def casts(a):
    return a.astype(np.complex64), a.astype(np.complex128)


@njit
def narrow(a):
    return a.astype(np.complex64)


def test_astype():
    for a in layouts():
        check(casts, a)
        check(casts, a.real.copy())
        check(narrow, a.astype(np.complex128) * (1 + 1e-9j))
    check(casts, np.arange(5, dtype=np.int16))
    check(narrow, np.array([1e300, -1e-300, math.nan], dtype=np.complex128))


# -- parts and abs ---------------------------------------------------------------------------


@njit
def array_parts(a):
    return a.real, a.imag, a.conjugate(), np.real(a), np.imag(a), np.conj(a), np.abs(a)


@njit
def predicates(a):
    return np.isnan(a), np.isinf(a), np.isfinite(a)


@given(arrays)
@S
def test_array_parts_and_abs(a):
    check(array_parts, a)
    check(predicates, a)


def test_abs_wide_range():
    rng = np.random.default_rng(5)
    n = 4000
    scale = rng.choice([1e-38, 1e-20, 1.0, 1e20, 3e38], n)
    z = (rng.standard_normal(n) * scale + 1j * rng.standard_normal(n) * scale[::-1]).astype(np.complex64)
    check(array_parts, z)

    @njit
    def scalar_abs(a):
        out = np.empty(a.shape[0], np.float32)
        for i in range(a.shape[0]):
            out[i] = abs(a[i])
        return out

    # NumPy's scalar abs is hypotf, unlike its array loop.
    check(scalar_abs, z, reference=lambda a: np.array([abs(x) for x in a], dtype=np.float32))


# -- arithmetic ------------------------------------------------------------------------------


@njit
def arithmetic(a, b):
    return a + b, a - b, a * b, a / b, a == b, a != b, -a


@njit
def mixed(a, b):
    return a + b, a - b, a * b, a / b, a == b, a != b


@given(pairs)
@S
def test_array_arithmetic(ab):
    a, b = ab
    check(arithmetic, a, b)
    check(arithmetic, a[::-1], b)


@given(c64, c64)
@S
def test_scalar_arithmetic(x, y):
    check(arithmetic, x, y)


def test_products_round_like_numpy():
    """NumPy's array product fuses a multiply-add per part; its scalar product does not."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(3000) + 1j * rng.standard_normal(3000)).astype(np.complex64)
    y = (rng.standard_normal(3000) + 1j * rng.standard_normal(3000)).astype(np.complex64)
    check(arithmetic, x, y)

    @njit
    def scalar_products(a, b):
        out = np.empty_like(a)
        for i in range(a.shape[0]):
            out[i] = a[i] * b[i]
        return out

    check(scalar_products, x, y)


def test_products_in_every_layout():
    """NumPy's complex64 product rounds each product where an input steps backwards along the
    inner axis (its fused loop takes the others)."""
    rng = np.random.default_rng(4)
    big = (rng.standard_normal((6, 8)) * 1e19 + 1j * rng.standard_normal((6, 8)) * 1e19).astype(np.complex64)
    big[0, :3] = np.complex64(complex(-math.inf, 3e38))
    big[1, :3] = np.complex64(complex(-2, -1))
    with np.errstate(all="ignore"):
        for x in [big, np.asfortranarray(big), big.T]:
            check(arithmetic, x, x)
            check(arithmetic, x, x[0, 0])
            check(arithmetic, x, x[0].copy())
        for x in [big, big[::2, 1::2], big[::-1, ::-2], big.T, big[:, ::-1], big[::-1]]:
            for k in range(x.shape[0] - 1):
                check(arithmetic, x[k], x[k + 1])
                check(arithmetic, x[k, ::-1], x[k + 1])
                check(arithmetic, x[k], x[k + 1, ::-1])
                check(arithmetic, x[k, :1], x[k + 1, ::-1][:1])
            check(arithmetic, x[:, 0], x[0, 0])


def test_strided_nd_products_are_refused():
    a = grid(3, 4)
    with pytest.raises(UnsupportedError, match="complex64"):
        arithmetic(a[::-1], a)


def test_division_special_values():
    vals = [0.0, -0.0, 1.0, math.inf, -math.inf, math.nan, 3e38, 1e-45]
    zs = c64_array([complex(a, b) for a in vals for b in vals])
    a = np.repeat(zs, zs.size)
    b = np.tile(zs, zs.size)
    with np.errstate(all="ignore"):
        check(arithmetic, a, b)


OTHERS = {
    "c64": np.complex64(1.5 - 0.1j),
    "c128": np.complex128(0.1 + 1j),
    "f32": np.float32(0.1),
    "f64": np.float64(0.1),
    "i8": np.int8(-3),
    "i16": np.int16(300),
    "u8": np.uint8(200),
    "u16": np.uint16(60000),
    "i32": np.int32(70000),
    "i64": np.int64(1 << 40),
    "u32": np.uint32(1 << 31),
    "bool": np.bool_(True),
    "py_int": 3,
    "py_float": 0.1,
    "py_bool": True,
}


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_promotion_table(name):
    """complex64 with every other kind of operand, as arrays and as scalars, both sides."""
    other = OTHERS[name]
    a = grid(2, 3)[1]
    others = [other]
    if isinstance(other, np.generic):
        others.append(np.full(3, other))
    for o in others:
        check(mixed, a, o)
        check(mixed, o, a)
        check(mixed, a[0], o)
        check(mixed, o, a[0])


def test_python_complex_literals_are_weak():
    @njit
    def f(a, x):
        return a * 1j, a + (2 - 0.1j), (0.1 + 0.2j) - a, a == 0.1 + 0j, x * 1j

    check(f, grid(2, 3)[1], np.float32(0.1))
    check(f, grid(2, 3)[1].real.copy(), np.complex64(0.1))


def test_float32_arrays_with_a_complex_literal_give_complex64():
    @njit
    def f(a):
        return a * 1j, a == 0.1 + 0j

    check(f, np.array([0.1, -2.5, math.inf], dtype=np.float32))


@njit
def updates(a, w):
    s = np.complex64(1)
    t = np.complex64(0)
    for z in a:
        s *= z
        s /= np.complex64(2 - 1j)
        t += z * w
        t -= 0.5j
    return s, t


@given(arrays, st.sampled_from([0.5, 2, np.float32(-1.5), np.int8(3), np.complex64(1j)]))
@S
def test_in_place_operators_on_scalars(a, w):
    with np.errstate(all="ignore"):
        check(updates, a, w)


@njit
def array_updates(a, b, x):
    a += b
    a -= x
    a *= b
    a /= 2 - 1j
    a[1:] *= x
    a[::2] += 1.5j
    return a


@njit
def scalar_updates(a, x):
    a *= x
    a[::-1] *= x
    a -= 1j
    a /= x
    return a


@given(pairs, c64)
@S
def test_in_place_operators_on_arrays(ab, x):
    a, b = ab
    with np.errstate(all="ignore"):
        check(array_updates, a, b, x)
        check(array_updates, a, b[:1].copy(), np.float32(x.real))
        check(array_updates, a, b, 3)
        check(scalar_updates, a[::-1], x)
        check(scalar_updates, a[::2], 3)


def test_in_place_operators_on_2d_arrays():
    f = jit_source("def f(a, b, r):\n    a += r\n    a *= b\n    a[1:, ::2] -= r\n    a[0] /= b[1]\n    return a\n", np=np)
    for a in [grid(3, 4), np.asfortranarray(grid(3, 4)), grid(3, 4).T.copy().T]:
        check(f, a, grid(3, 4) + 1, grid(3, 4)[0].copy())


def test_strided_in_place_products_are_refused():
    refused("def f(a, b):\n    a *= b\n    return a", grid(2, 3)[0], grid(2, 3)[1][::-1])
    refused("def f(a, b):\n    a *= b\n    return a", grid(2, 3)[0][::-1], grid(2, 3)[1])
    refused("def f(a, b):\n    a[::-1, :] *= b\n    return a", grid(2, 3), grid(2, 3))
    refused("def f(a, b):\n    a += b\n    return a", np.zeros(3, np.float32), grid(2, 3)[0])


def test_other_types_in_loops():
    @njit
    def f(a, w):
        s = np.complex64(0)
        t = 0.0
        for i in range(a.shape[0]):
            s = s + a[i] * w
            t = t + abs(a[i])
        return s, t

    check(f, grid(3, 4).ravel(), 0.5)
    check(f, grid(3, 4).ravel(), np.float32(0.5))
    check(f, grid(3, 4).ravel(), np.int16(-3))


# -- ufuncs ----------------------------------------------------------------------------------

UFUNCS = ["exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh"]
SPECIAL_GRID = c64_array([complex(a, b) for a in [0.0, -0.0, 1.0, -2.5, math.inf, -math.inf, math.nan, 1e30] for b in [0.0, -0.0, 0.5, -3.0, math.inf, -math.inf, math.nan, 1e-30]])


# NumPy's complex128 formulas in float32 (`log10` scales `clogf`, `expm1` from `expm1f`...);
# `square` fuses its products in the SIMD loop, not for a scalar or a 1-d array read backwards.
FORMULAS = ["log10", "log2", "exp2", "expm1", "log1p", "rint", "sign", "square"]


@pytest.mark.parametrize("name", UFUNCS + FORMULAS)
def test_ufuncs_call_the_single_precision_c_functions(name):
    """NumPy's complex64 loops are the C library's `cexpf`... (checked equal on this platform)."""
    f = jit_source(f"def f(a, z):\n    return np.{name}(a), np.{name}(a[::-2]), np.{name}(z), np.{name}(a * 2), np.{name}(a[::3])\n", np=np)
    rng = np.random.default_rng(len(name))
    z = (rng.standard_normal(300) * 3 + 1j * rng.standard_normal(300) * 3).astype(np.complex64)
    with np.errstate(all="ignore"):
        check(f, np.concatenate([z, SPECIAL_GRID]), z[7])
        for x in SPECIAL_GRID:
            check(f, SPECIAL_GRID[:3], x)


@njit
def powers(a, b, n):
    return np.power(a, b), np.power(a, 2), np.power(a, -3), np.power(a, n), np.power(a[::-1], 0.5), np.power(a, np.complex64(0.5 - 1j)), np.power(a[0], b[0])


@given(pairs, st.integers(-120, 120))
@S
def test_power_of_complex64(ab, n):
    """npymath's `npy_cpowf`: zero and small integer exponents by repeated products (a reciprocal
    by Smith's division for negative ones), `cpowf` otherwise."""
    a, b = ab
    if a.size:
        with np.errstate(all="ignore"):
            check(powers, a, b, n)


@njit
def power_operators(a, n, x, z):
    return (a ** 2, a ** -1, a ** 0.5, a ** 3, a ** 2.0, a ** n, a ** x, a ** a[::-1], z ** 2, z ** n,
            z ** np.complex64(0.5 - 1j))


@pytest.mark.parametrize("n, x", [(2, 0.5), (-1, 2.0), (5, 0.25), (0, -1.5)])
def test_power_operator(n, x):
    # NumPy's `array ** number` takes square (unfused for a 1-d array read backwards),
    # reciprocal and sqrt for a Python 2, -1 and 0.5, npy_cpowf otherwise and for scalars.
    rng = np.random.default_rng(n + 10)
    z = ((rng.standard_normal(60) + 1j * rng.standard_normal(60)) * 3).astype(np.complex64)
    a = np.concatenate([z, SPECIAL_GRID])
    with np.errstate(all="ignore"):
        for v in (a, a[::-1], a[::3], a[:64].reshape(8, 8).T):
            check(power_operators, v, n, x, z[5])


# -- sums and products -----------------------------------------------------------------------


@njit
def along_axis(a, axis):
    return (np.sum(a, axis=axis), np.mean(a, axis=axis), a.max(axis=axis), np.min(a, axis=axis),
            np.nanmax(a, axis=axis), np.nanmin(a, axis=axis))


@pytest.mark.parametrize("shape", [(4, 5), (30, 40), (3, 200), (200, 3), (5, 4, 3)])
def test_reductions_along_an_axis(shape):
    # Lines NumPy walks innermost are summed pairwise, the others element by element; the mean
    # divides by the count as an np.intp (in complex128, rounded back); extremes fold in order.
    rng = np.random.default_rng(sum(shape))
    for scale in (1.0, 1e20):
        z = ((rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * scale).astype(np.complex64)
        z.flat[2] = complex(math.nan, 1.0)
        for v in (z, np.asfortranarray(z), z[::-1], z[..., ::-2], z.T):
            for axis in range(v.ndim):
                check(along_axis, v, axis)



@njit
def sums(a):
    return np.sum(a), a.sum(), np.mean(a), a.mean(), np.prod(a), a.prod()


@njit
def sums_of(a, b):
    return np.sum(a * b), np.mean(a + b)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 7, 8, 9, 16, 17, 127, 128, 129, 257, 1000, 4097, 100_000])
def test_sums_follow_numpy_pairwise_order(n):
    """NumPy sums complex64 pairwise over the interleaved float32 parts (bitwise, every length
    around its blocks of 8 and leaves of 128), multiplies in order, and divides the mean in
    complex128 (the count is an int64 scalar)."""
    rng = np.random.default_rng(n)
    z = (rng.standard_normal(n) * 1e3 + 1j * rng.standard_normal(n)).astype(np.complex64)
    w = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
    with np.errstate(all="ignore"):
        check(sums, z)
        check(sums, z[::-1])
        check(sums, z[::3])
        check(sums_of, z, w)
        check(sums, (z[:30] / 30).copy())


@given(arrays)
@S
def test_sums_of_special_values(a):
    with np.errstate(all="ignore"):
        check(sums, a)


def test_sums_of_2d_arrays():
    a = grid(5, 7)
    check(sums, a)
    check(sums, np.asfortranarray(a))


@njit
def extrema_and_choices(a, b):
    return np.maximum(a, b), np.minimum(a, b), np.fmax(a, b), np.fmin(a, b), np.where(a.real > b.real, a, b)


@given(pairs)
@S
def test_extrema_and_where_of_complex64(ab):
    # NumPy's order of complex numbers (real parts, then imaginary parts; NaNs propagate in
    # maximum/minimum and are skipped by fmax/fmin), exact in float32.
    a, b = ab
    check(extrema_and_choices, a, b)


@njit
def mixed_extrema(a, b):
    return np.maximum(a, b), np.fmin(b, a), np.where(np.ones(3, np.bool_), a, b)


@pytest.mark.parametrize(
    "b",
    [np.array([0.5, 2.5, -1.0]), np.array([1j, 2, 3 + 3j]), np.array([1, 2, 3], np.int32), np.array([1, 2, 3], np.int16), np.float32(2.5), np.float64(2.5), 2.5, 3],
)
def test_complex64_with_other_dtypes_computes_in_numpys_dtype(b):
    # complex64 with float64, complex128 or int32 computes in complex128; with float32, int16
    # or a Python number in complex64.
    check(mixed_extrema, np.array([1 + 2j, 3 - 1j, np.nan], np.complex64), b)


@njit
def scalar_extrema(x, y):
    return np.maximum(x, y), np.fmin(y, x), np.where(True, x, y), np.where(False, x, y)


@pytest.mark.parametrize("y", [np.complex64(1 + 2j), np.complex64(complex(np.nan, 0)), np.float32(3), 2.0])
def test_extrema_of_complex64_scalars(y):
    check(scalar_extrema, np.complex64(1 + 1j), y)


@njit
def into_outputs(a, b, out, wide):
    np.add(a, b, out)
    np.subtract(a, 2.0, out=wide)
    np.negative(b, out=a)
    np.sqrt(wide, wide)
    np.maximum(a, b, out=b)
    return out, wide, a, b


@given(pairs)
@S
def test_ufuncs_into_outputs(ab):
    # The result computed in complex64, then cast into `out` (complex128 too) as NumPy does.
    a, b = ab
    with np.errstate(all="ignore"):
        check(into_outputs, a, b, np.zeros(a.shape, np.complex64), np.zeros(a.shape, np.complex128))


@njit
def running_sums(a):
    return np.cumsum(a), a.cumsum(), np.cumsum(a, axis=0), np.cumsum(a, axis=-1)


@pytest.mark.parametrize("a", layouts())
def test_cumsum_of_complex64(a):
    # Each part added in float32, in NumPy's order (C order without an axis).
    with np.errstate(all="ignore"):
        check(running_sums, a)


@given(arrays)
@S
def test_cumsum_of_special_values(a):
    with np.errstate(all="ignore"):
        check(running_sums, a.reshape(-1, 1))


@njit
def identities(n):
    return np.identity(n, dtype=np.complex64), np.eye(n, n + 1, 1, dtype=np.complex64), np.eye(n, dtype=np.complex128), np.identity(n, np.complex128)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_identities_of_complex_dtypes(n):
    check(identities, n)


def test_products_into_outputs_are_refused():
    refused("def f(a, o):\n    return np.multiply(a, a, out=o)", grid(2, 3)[0], np.zeros(3, np.complex64))


def test_extrema_with_a_complex_value():
    # A Python complex is weak (complex64), an np.complex128 strong (complex128).
    for z in [1j, np.complex128(1j), complex(math.nan, 1)]:
        check(jit_source("def f(a, z):\n    return np.maximum(a, z)", np=np), grid(2, 3)[0], z)
        check(jit_source("def f(a, z):\n    return np.where(a == a, a, z)", np=np), grid(2, 3)[0], z)


# -- refusals --------------------------------------------------------------------------------


def refused(src, *args, match="complex64"):
    f = jit_source(src, np=np)
    with pytest.raises(UnsupportedError, match=match):
        f(*args)


@pytest.mark.parametrize(
    "src",
    [
        "def f(a):\n    return np.prod(a, axis=0)",
        "def f(a):\n    return np.cumprod(a)",
        "def f(a):\n    return np.dot(a, a)",
        "def f(a):\n    a **= 2\n    return a",
        "def f(a):\n    a += np.complex128(1)\n    return a",
        "def f(a):\n    a[0] += 1\n    return a",
        "def f(a):\n    return str(a[0])",
        "def f(a):\n    return a.astype(np.float32)",
        "def f(a):\n    return [a[0]]",
        "def f(a):\n    return a[a == a]",
        "def f(a):\n    return 1 if a[0] else 0",
    ],
)
def test_refused_with_a_name(src):
    f = jit_source(src, np=np)
    with pytest.raises((UnsupportedError, TypingError)) as e:
        f(grid(2, 3)[0])
    if e.type is UnsupportedError:
        assert "complex" in str(e.value)


def test_complex_values_beside_complex64_follow_nep50():
    # A Python complex is weak (complex64, and float32 with it), an np.complex128 strong.
    for z in [1j, np.complex128(1j), 0.5 - 2j]:
        check(jit_source("def f(a, z):\n    return a * z, a[0] / z, z - a[1]", np=np), grid(2, 3)[0], z)
        check(jit_source("def f(a, z):\n    return a == z, a * z", np=np), np.ones(3, np.float32), z)


def test_typing_errors_match_numpy():
    f = jit_source("def f(a, b):\n    return a // b", np=np)
    with pytest.raises(TypingError):
        f(grid(2, 3)[0], grid(2, 3)[1])


def test_typeof():
    import hasten

    assert hasten.typeof(np.complex64(1j)) == "np.complex64"
    assert hasten.typeof(grid(2, 3)) == "array(complex64, 2d, C)"


@njit
def reciprocals(a):
    return np.reciprocal(a), np.reciprocal(a[::-1]), np.reciprocal(a[0])


def test_reciprocal_of_complex64_is_numpys():
    # NumPy's complex reciprocal formula in the float32 parts (Smith's quotient of 1).
    rng = np.random.default_rng(4)
    for n in [1, 7, 64]:
        a = (rng.standard_normal(n) * 10.0 ** rng.integers(-20, 20, n) + 1j * rng.standard_normal(n) * 10.0 ** rng.integers(-20, 20, n)).astype(np.complex64)
        a[: min(n, 6)] = [complex(math.nan, 1), complex(math.inf, 2), 0j, complex(-0.0, -0.0), complex(3e38, 3e38), complex(1e-45, 1)][: min(n, 6)]
        with np.errstate(all="ignore"):
            check(reciprocals, a)
