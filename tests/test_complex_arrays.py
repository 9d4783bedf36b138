"""complex128 arrays in compiled code, differentially against NumPy: arguments and results of any
layout, element reads and writes, views, `len`/`.shape`, iteration, copies and the constructors
that take `dtype=np.complex128`.

An element read from a complex128 array is an `np.complex128`, as in NumPy. Arrays are compared
by dtype, shape and the bits of both parts (NaN, infinities and signed zeros included).

Ufuncs are tested in `test_complex_ufuncs.py`. The NumPy functions of complex arrays not
supported yet must raise UnsupportedError naming complex128, never a wrong answer."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import TypingError, UnsupportedError, njit
from conftest import check, jit_source

S = settings(max_examples=100, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -1.5, math.inf, -math.inf, math.nan, 5e-324, 1e308]
parts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL))
complexes = st.builds(complex, parts, parts)


def check_c(f, *args, ulps=0):
    return check(f, *args, avx512_ulps=ulps)


def grid(m, n):
    re = np.arange(m * n, dtype=np.float64).reshape(m, n)
    return re - 1j * (re / 3 + 0.5)


def layouts():
    """The same values as C, Fortran, strided, reversed, transposed and empty arrays."""
    a = grid(4, 6)
    return [a, np.asfortranarray(a), a[::2, 1::2], a[::-1, ::-2], a.T, a[:0], a[:, :0], a[1]]


@njit
def identity(a):
    return a


@pytest.mark.parametrize("k", range(8))
def test_arguments_and_results_keep_layout_and_values(k):
    a = layouts()[k]
    got = identity(a)
    assert got is a or (got.dtype == np.complex128 and got.shape == a.shape)
    check_c(identity, a)


def test_read_only_and_zero_d_arrays():
    a = grid(2, 3)
    a.flags.writeable = False
    check_c(identity, a)
    check_c(identity, np.array(1 - 2j))


@njit
def corners(a):
    return a[0, 0], a[-1, -1], a[1, -2], a.shape, len(a), a.size, a.ndim


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4])
def test_element_reads(k):
    got = check_c(corners, layouts()[k])
    assert type(got[0]) is np.complex128


@njit
def read_at(a, i, j):
    return a[i, j]


def test_out_of_bounds_reads_raise_numpy_errors():
    a = grid(3, 4)
    for i, j in [(3, 0), (0, -5), (-4, 1)]:
        check_c(read_at, a, i, j)


@njit
def writes(a, z, x, n, b):
    a[0, 0] = z
    a[0, 1] = x
    a[1, 0] = n
    a[1, 1] = b
    a[-1, -1] = np.float32(2.5)
    a[1, 2] += z
    a[0, 2] *= x
    a[1, 3] -= n
    a[0, 3] /= z
    return a


def test_element_writes_from_every_number():
    for a in layouts()[:5]:
        check_c(writes, a.copy(), 1.5 - 2j, -0.0, 7, True)
    check_c(writes, grid(2, 4), complex(math.nan, -0.0), math.inf, -(2**53), False)


@njit
def write_read_only(a):
    a[0, 0] = 1j
    return a


def test_writes_into_read_only_arrays_raise():
    a = grid(2, 2)
    a.flags.writeable = False
    check_c(write_read_only, a)


@njit
def views(a):
    v = a[1:, ::-1]
    v[0, 0] = 99 + 1j
    row = a[0]
    t = a.T
    return v, row, t, t[1, 0], a[:, 1], row[::-2]


def test_views_share_memory_with_their_base():
    for a in layouts()[:5]:
        check_c(views, a.copy())


@njit
def iterate(a):
    s = 0j
    n = 0
    for z in a:
        s += z * n
        n += 1
    return s


@njit
def iterate_rows(a):
    s = 0j
    for row in a:
        s = s * 2 + row[0]
    for i, z in enumerate(a[0]):
        s += z * i
    for x, z in zip(a[0], a[-1]):
        s -= x / (z + 1)
    return s


def test_iteration():
    a = grid(3, 5)
    check_c(iterate, a[1])
    check_c(iterate, a[::-1, 2])
    # `s` holds np.complex128 values, so it is one even where the loop does not run (as a float
    # local that takes np.float64 values is an np.float64).
    check(iterate, a[0, :0], reference=lambda x: np.complex128(iterate.py_func(x)))
    check_c(iterate_rows, a)
    check_c(iterate_rows, a[:, ::-2])


@njit
def copies(a):
    b = a.copy()
    c = a[::-1].copy()
    b[0, 0] = 5j
    return b, c, a


def test_copies_are_c_ordered_and_independent():
    for a in layouts()[:5]:
        got = check_c(copies, a.copy())
        assert got[0].flags.c_contiguous and got[1].flags.c_contiguous


CONSTRUCTORS = [
    "np.zeros(n, dtype=np.complex128)",
    "np.zeros((n, 2), np.complex128)",
    "np.ones((2, n), dtype=np.complex128)",
    "np.empty(0, dtype=np.complex128)",
    "np.full(n, 2 - 3j)",
    "np.full((n, 2), 1.5, dtype=np.complex128)",
    "np.full(n, -7, np.complex128)",
    "np.zeros_like(a)",
    "np.ones_like(a)",
    "np.full_like(a, 1j)",
    "np.full_like(a, 3.5)",
    "np.zeros_like(a.T)",
    "np.ones_like(np.zeros(n), dtype=np.complex128)",
    "np.full_like(np.zeros(n), 1j, dtype=np.complex128)",
    "np.zeros(n, dtype=np.complex128)[::2]",
]


@pytest.mark.parametrize("src", CONSTRUCTORS)
def test_constructors(src):
    f = jit_source(f"def f(a, n):\n    return {src}\n", np=np)
    a = grid(3, 4)
    got = f(a, 3)
    expected = eval(src, {"np": np, "a": a, "n": 3})
    assert got.dtype == expected.dtype == np.complex128 and got.shape == expected.shape
    if not src.startswith("np.empty"):
        check_c(f, a, 3)


@njit
def astype(a):
    return a.astype(np.complex128), a[::-1].astype(np.complex128)


def test_astype_complex128():
    for a in [np.arange(5.0), np.arange(6, dtype=np.int32).reshape(2, 3), np.array([True, False]), grid(2, 3)]:
        check_c(astype, a)


@njit
def scalar_ctor(x):
    return np.complex128(x)


def test_complex128_scalar_constructor():
    for x in [1.5, -0.0, 3, True, 2 - 1j, np.float32(0.25), np.int8(-3), complex(math.nan, -0.0)]:
        check_c(scalar_ctor, x)
    assert type(scalar_ctor(1.0)) is np.complex128


def test_numpy_complex128_scalar_arguments_are_complex():
    @njit
    def f(z, a):
        a[0] = z
        return z * 2, a

    check_c(f, np.complex128(1 - 2j), np.zeros(2, np.complex128))


@njit
def mandelbrot(c, out, limit):
    for i in range(c.shape[0]):
        for j in range(c.shape[1]):
            z = 0j
            n = 0
            while n < limit and abs(z) <= 2.0:
                z = z * z + c[i, j]
                n += 1
            out[i, j] = n
    return out


def test_mandelbrot_over_a_complex_grid():
    re, im = np.meshgrid(np.linspace(-2, 0.5, 17), np.linspace(-1.2, 1.2, 13))
    c = re + 1j * im
    check_c(mandelbrot, c, np.zeros(c.shape, np.int64), 40)
    check_c(mandelbrot, c.T, np.zeros(c.T.shape, np.int64), 40)


@S
@given(st.lists(complexes, max_size=12), st.integers(0, 3), st.booleans())
def test_values_survive_reads_writes_and_copies(values, step, reverse):
    a = np.array(values, dtype=np.complex128)
    a = a[:: -(step + 1) if reverse else step + 1]

    @njit
    def roundtrip(a):
        b = np.zeros_like(a)
        for i in range(len(a)):
            b[i] = a[i]
        s = 0j
        for z in a:
            s = s * 1j + z
        return b, a.copy(), s

    check_c(roundtrip, a) if len(a) else check(roundtrip, a, reference=lambda a: roundtrip.py_func(a)[:2] + (np.complex128(0j),))


ARITH_OPS = ["+", "-", "*", "/"]
arith = {op: jit_source(f"def f(a, b):\n    return a {op} b\n") for op in ARITH_OPS + ["==", "!="]}


def operands():
    """Complex arrays of every layout with complex, real and integer arrays and scalars."""
    a = grid(3, 4)
    return [
        (a, a[::-1]),
        (a, np.arange(12.0).reshape(3, 4)),
        (np.arange(4), a[:, ::-1]),
        (a.T, 2.5),
        (-3, a),
        (a, 1 - 0.5j),
        (True, a),
        (np.linspace(0, 1, 4), 1j),
        (np.arange(4, dtype=np.int8), -2j),
        (a[0], a),
        (a[:0], 1j),
        (np.float32(1.5), a),
        (a, np.zeros(4, np.float32)),
    ]


@pytest.mark.parametrize("op", ARITH_OPS + ["==", "!="])
@pytest.mark.parametrize("k", range(13))
def test_elementwise_arithmetic_follows_numpy(op, k):
    x, y = operands()[k]
    check_c(arith[op], x, y)


@S
@given(st.lists(st.tuples(complexes, complexes), min_size=1, max_size=8), st.sampled_from(ARITH_OPS + ["=="]))
def test_special_values_follow_numpy(pairs, op):
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    with np.errstate(all="ignore"):
        check_c(arith[op], a, b)
        check_c(arith[op], a[::-1], b.real)


def test_division_by_zero_gives_numpy_infinities_and_nans():
    a = np.array([1 + 1j, -1 + 0j, 0j, complex(math.nan, 1), complex(math.inf, -0.0)])
    with np.errstate(all="ignore"):
        for b in [0j, -0.0 + 0j, complex(-0.0, -0.0), 0.0, 0]:
            check_c(arith["/"], a, b)


@njit
def unary_ops(a):
    return -a, +a, -(a * 2 - 1j) / (a + 1)


def test_unary_operators():
    for a in layouts()[:5]:
        with np.errstate(all="ignore"):
            check_c(unary_ops, a)


@njit
def parts(a):
    return a.real, a.imag, a.conjugate(), np.real(a), np.imag(a[::-1]), np.conj(a.T), np.conjugate(a[1:])


@njit
def write_parts(a):
    a.real[0, 0] = 5.0
    a.imag[-1, 1] = -0.0
    im = a.imag
    im[1, 2] += 3
    return a


@njit
def scalar_parts(z, x, n):
    return np.real(z), np.imag(z), np.conj(z), np.real(x), np.imag(x), np.real(n), np.imag(n), np.real(np.arange(3.0))


@njit
def real_parts(x):
    return x.real, x.imag, x.conjugate(), np.imag(x[::-1]), np.conj(x.T)


def test_parts_of_real_arrays():
    for x in [np.arange(6.0).reshape(2, 3), np.arange(6, dtype=np.int16).reshape(3, 2)[::-1], np.array([[-0.0, np.inf]])]:
        check_c(real_parts, x)
        assert not real_parts(x)[1].flags.writeable


def test_real_imag_and_conjugate():
    for a in layouts()[:5]:
        check_c(parts, a)
        check_c(write_parts, a.copy())
    check_c(scalar_parts, 1 - 2j, 2.5, 3)


@njit
def predicates(a):
    return np.abs(a), np.absolute(a[::-1]), np.isnan(a), np.isinf(a), np.isfinite(a), np.abs(a * 2 + 1) + 1.0


@S
@given(st.lists(complexes, max_size=10))
def test_abs_and_predicates_follow_numpy(values):
    a = np.array(values, dtype=np.complex128)
    with np.errstate(all="ignore"):
        check_c(predicates, a, ulps=2)  # NumPy's AVX-512 complex absolute (conftest)


def test_abs_of_every_layout():
    for a in layouts()[:6]:
        check_c(predicates, a, ulps=2)  # NumPy's AVX-512 complex absolute (conftest)


@njit
def sums(a):
    return np.sum(a), a.sum(), np.mean(a), a.mean(), np.sum(a * 2j - 1), np.mean(a[::-1] + 1)


@njit
def plain_sums(a):
    return np.sum(a), a.sum(), np.mean(a), a.mean()


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 63, 64, 65, 127, 128, 129, 300, 1000, 4099])
def test_sums_and_means_follow_numpy_pairwise_order(n):
    rng = np.random.default_rng(n)
    a = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n) + 1j * rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    with np.errstate(all="ignore"):
        check_c(sums, a)
        check_c(sums, a[::-3])
        if n % 4 == 0 and n:
            check_c(plain_sums, a.reshape(4, -1))
            check_c(plain_sums, np.asfortranarray(a.reshape(4, -1)))


@S
@given(st.lists(complexes, max_size=20))
def test_sums_of_special_values(values):
    a = np.array(values, dtype=np.complex128)
    with np.errstate(all="ignore"):
        check_c(sums, a)


REFUSED = [
    ("np.prod(a, axis=(0, 1))", "complex128"),
    ("np.sum(a * 2, axis=(0, 1))", "complex128"),
    ("np.sum(a @ a.T)", "computed by this function"),
    ("np.array([1j, 2], dtype=np.int64)", "complex"),
    ("np.arange(3, dtype=np.complex128)", "complex128"),
    ("np.full(3, 1j, dtype=np.float64)", "complex"),
    ("np.cumprod(np.ones(3, np.complex64))", "complex64"),
]


@pytest.mark.parametrize("src, name", REFUSED)
def test_missing_features_are_refused_by_name(src, name):
    f = jit_source(f"def f(a):\n    return {src}\n", np=np)
    with pytest.raises(UnsupportedError, match=name):
        f(grid(3, 4))


@njit
def fancy(a, idx, mask):
    got = a[idx], a[mask], a[a.real > 2], a[idx[::-1]]
    a[idx] = 1j
    a[mask] = a[mask] * 2
    a[a.imag < -3] = 7
    a[idx[:1]] = np.arange(a.shape[1]) - 0.5j
    return got, a


def test_fancy_indexing_reads_and_writes():
    for a in layouts()[:5]:
        mask = np.zeros(a.shape[0], bool)
        mask[::2] = True
        idx = np.array([0, -1, 1, 0])
        check_c(fancy, a.copy(), idx, mask)


def test_fancy_indexing_errors_follow_numpy():
    a = grid(3, 4)
    check_c(fancy, a, np.array([0, 3]), np.ones(3, bool))
    check_c(fancy, a, np.array([0, 1]), np.ones(2, bool))


@pytest.mark.parametrize("stmt", ["a **= 2", "a[0, :] //= 2", "a[np.array([0])] **= 2"])
def test_unsupported_updates_are_refused_by_name(stmt):
    f = jit_source(f"def f(a):\n    {stmt}\n    return a\n", np=np)
    with pytest.raises(UnsupportedError, match="complex"):
        f(grid(3, 4))


def test_complex256_arrays_are_refused_at_the_call():
    with pytest.raises(UnsupportedError, match="complex256 arrays are not supported yet"):
        identity(np.zeros(3, np.clongdouble))


def test_operators_numpy_lacks_for_complex_are_typing_errors():
    f = jit_source("def f(a):\n    return a // 2\n")
    with pytest.raises(TypingError, match="//"):
        f(grid(2, 2))


@njit
def items(a, z):
    return a.item(), a[0].item(), a.reshape(1, 1).item(), z.item()


def test_item_of_complex_is_a_python_complex():
    for v in [1 - 2j, complex(math.nan, -0.0), 3j]:
        check_c(items, np.array([v]), np.complex128(v))
    check_c(items, np.array([1j, 2j])[::-1][:1], np.complex128(0j))
    with pytest.raises(ValueError, match="size 1"):
        items(np.array([1j, 2j]), np.complex128(1j))
