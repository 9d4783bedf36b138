"""NumPy's ufuncs on complex128 arrays and Python complex numbers in compiled code, differentially
against NumPy, bit for bit: the C library's complex functions (`exp`, `log`, `sqrt`, the
trigonometric and hyperbolic functions and their inverses, the general `power`) are the ones
NumPy's loops call, and NumPy's own steps around them (`log10`/`log2` scaling, `power`'s small
integer exponents, `sign`, `square`, `reciprocal`, `array ** x`'s fast cases) are repeated
exactly. Results compare by dtype, shape and the bits of both parts (any NaN equals any NaN).

A NumPy complex128 scalar result is a Python `complex` in compiled code (`np.complex128` is a
subclass of `complex` with the same value): the reference turns NumPy's scalars into `complex`."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import TypingError, UnsupportedError, njit
from conftest import check, jit_source

S = settings(max_examples=60, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -1.5, 0.5, math.inf, -math.inf, math.nan, 5e-324, 1e308, -1e-300, 710.0]
parts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL), st.floats(-30, 30))
complexes = st.builds(complex, parts, parts)

UNARY = [
    "exp", "log", "log10", "log2", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos",
    "arctan", "arcsinh", "arccosh", "arctanh", "square", "reciprocal", "negative", "positive", "absolute", "abs",
    "conjugate", "conj", "real", "imag", "angle", "isnan", "isinf", "isfinite", "sign", "exp2", "expm1", "log1p", "rint",
]  # fmt: skip


# NumPy's AVX-512 kernels for these (complex absolute value, arctan2) differ from the C library's
# hypot and atan2 in the last bit (conftest's `NUMPY_AVX512`).
AVX512_ULPS = {"abs": 2, "absolute": 2, "angle": 2}


def check_c(f, *args, ulps=0):
    with np.errstate(all="ignore"):
        return check(f, *args, avx512_ulps=ulps)


unary = {name: jit_source(f"def f(a):\n    return np.{name}(a)\n", np=np) for name in UNARY}


def grid(m, n):
    re = np.linspace(-3, 3, m * n).reshape(m, n)
    return re - 1j * (re[::-1] / 3 + 0.25)


def layouts():
    """The same values as C, Fortran, strided, reversed, transposed, empty and 0-d arrays."""
    a = grid(4, 6)
    return [a, np.asfortranarray(a), a[::2, 1::2], a[::-1, ::-2], a.T, a[:0], a[1], np.array(0.5 - 2j)]


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("k", range(8))
def test_unary_ufuncs_of_every_layout(name, k):
    check_c(unary[name], layouts()[k], ulps=AVX512_ULPS.get(name, 0))


@pytest.mark.parametrize("name", UNARY)
def test_unary_ufuncs_of_python_complex_numbers(name):
    for z in [1.5 - 2j, complex(-0.0, 0.0), complex(math.inf, -1), complex(2, math.nan), 1e300 + 1e300j]:
        check_c(unary[name], z, ulps=AVX512_ULPS.get(name, 0))


@S
@given(st.lists(complexes, max_size=12), st.sampled_from(UNARY))
def test_special_values_follow_numpy(values, name):
    a = np.array(values, dtype=np.complex128)
    check_c(unary[name], a, ulps=AVX512_ULPS.get(name, 0))
    check_c(unary[name], a[::-2], ulps=AVX512_ULPS.get(name, 0))


@S
@given(complexes, st.sampled_from(UNARY))
def test_scalar_special_values_follow_numpy(z, name):
    check_c(unary[name], z, ulps=AVX512_ULPS.get(name, 0))


binary = {
    name: jit_source(f"def f(a, b):\n    return np.{name}(a, b)\n", np=np) for name in ["power", "add", "subtract", "multiply", "divide"]
}
power_op = jit_source("def f(a, b):\n    return a ** b\n")


def power_operands():
    a = grid(3, 4)
    return [
        (a, a[::-1]),
        (a, np.arange(12.0).reshape(3, 4) - 5),
        (np.arange(4.0), a[:, ::-1]),
        (a.T, 2.5),
        (a, 1 - 0.5j),
        (2, a),
        (1j, a),
        (a, np.arange(-3, 1)),
        (a[0], a),
        (a[:0], 1j),
        (a, np.array(-2 + 0j)),
    ]


@pytest.mark.parametrize("name", ["power", "add", "subtract", "multiply", "divide"])
@pytest.mark.parametrize("k", range(11))
def test_binary_ufuncs(name, k):
    check_c(binary[name], *power_operands()[k])
    if name == "power":
        check_c(power_op, *power_operands()[k])


EXPONENTS = [0, 1, 2, 3, -1, -2, 7, -13, 99, 100, -100, 0.5, 2.0, -1.0, 0.0, 1.5, -0.5, math.nan, math.inf, 1j, 2 + 0j, 0.5 + 0j, True]


@pytest.mark.parametrize("y", EXPONENTS, ids=repr)
def test_powers_take_numpys_special_exponents(y):
    """`array ** x` takes `square` for a Python int 2, `reciprocal` for -1 and `sqrt` for a
    Python float 0.5; `np.power` takes npymath's own integer powers, then `cpow`."""
    a = np.array([1 + 2j, -0.5 + 3j, 0j, complex(-0.0, 0.0), complex(math.inf, 1), complex(math.nan, 2), 1e200 + 1e200j, 3e-200j, 0.1 - 0.7j])
    check_c(power_op, a, y)
    check_c(power_op, a[::-2], y)
    check_c(binary["power"], a, y)
    if not (isinstance(y, float) and not math.isfinite(y)):
        literal = jit_source(f"def f(a):\n    return a ** {y!r}, np.power(a, {y!r})\n", np=np)
        check_c(literal, a)


@S
@given(st.lists(st.tuples(complexes, complexes), min_size=1, max_size=8))
def test_power_of_special_values(pairs):
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    check_c(binary["power"], a, b)
    check_c(power_op, a, b[::-1])
    check_c(power_op, a, complex(pairs[0][1]))


@S
@given(st.lists(complexes, min_size=1, max_size=8), st.integers(-120, 120))
def test_integer_powers(values, n):
    a = np.array(values, dtype=np.complex128)
    check_c(power_op, a, n)
    check_c(binary["power"], a, n)
    check_c(binary["power"], a, float(n))


@pytest.mark.parametrize("fn", ["exp", "sqrt", "square", "sign", "abs", "isnan", "reciprocal"])
def test_out_arguments(fn):
    f = jit_source(f"def f(a, out):\n    r = np.{fn}(a, out=out)\n    return r, out\n", np=np)
    a = grid(3, 4)
    want = np.asarray(getattr(np, fn)(a)).dtype
    check_c(f, a, np.zeros((3, 4), want))
    check_c(f, a[::-1], np.zeros((6, 8), want)[::2, ::-2])
    check_c(f, a[0], np.zeros((3, 4), want))
    if want == np.float64:
        check_c(f, a, np.zeros((3, 4), np.complex128))


def test_out_argument_of_a_complex_result_refuses_real_arrays():
    f = jit_source("def f(a, out):\n    return np.exp(a, out=out)\n", np=np)
    with pytest.raises(TypingError, match="Cannot cast ufunc 'exp' output from dtype\\('complex128'\\) to dtype\\('float64'\\)"):
        f(grid(2, 2), np.zeros((2, 2)))


def test_power_with_out():
    f = jit_source("def f(a, b, out):\n    np.power(a, b, out=out)\n    return out\n", np=np)
    check_c(f, grid(2, 3), 1.5 + 1j, np.zeros((2, 3), np.complex128))
    check_c(f, np.arange(6.0).reshape(2, 3), 1j, np.zeros((2, 3), np.complex128))


@pytest.mark.parametrize("k", range(5))
def test_fused_expressions(k):
    f = jit_source("def f(a):\n    return np.exp(a * 1j) + np.sqrt(a) ** 2 - np.abs(np.log(a)) * np.sign(a)\n", np=np)
    check_c(f, layouts()[k])


def test_reductions_of_complex_ufuncs():
    f = jit_source("def f(a):\n    return np.sum(np.exp(a * 1j)), np.mean(np.sqrt(a))\n", np=np)
    check_c(f, grid(3, 5)[1])


def test_parallel_elementwise():
    from hasten import njit

    def f(a):
        return np.exp(a) * np.conj(a) + a ** 2

    g = njit(parallel=True)(f)
    a = grid(200, 100)
    check_c(g, a)


def test_stores_into_complex_views():
    f = jit_source("def f(a, b):\n    a[1:, ::2] = 1j\n    a[0] = b[0]\n    a[:, 0] = 2.5\n    a[-1] = np.arange(6)\n    return a\n", np=np)
    check_c(f, grid(3, 6), grid(2, 6)[::-1])


@pytest.mark.parametrize(
    "src, exc, name",
    [
        ("np.cumprod(np.zeros(3, np.float32) * 1j)", UnsupportedError, "complex64"),
        ("np.power(np.zeros(3, np.float32), 1j)", UnsupportedError, "complex64"),
        ("np.floor(a)", TypingError, "ufunc 'floor' not supported"),
        ("np.arctan2(a, a)", TypingError, "ufunc 'arctan2' not supported for the input types"),
        ("np.signbit(a)", TypingError, "ufunc 'signbit' not supported"),
        ("b[:2] = a[0, :2]", UnsupportedError, "real array"),
    ],
)
def test_missing_loops_are_refused_by_name(src, exc, name):
    body = src if src.startswith("b[") else f"return {src}"
    f = jit_source(f"def f(a):\n    b = np.zeros(3)\n    {body}\n    return b\n", np=np)
    with pytest.raises(exc, match=name):
        f(grid(3, 4))


CLIP_VALUES = [complex(1, 1), complex(1, math.nan), complex(math.nan, 0), complex(2, 0), complex(1, 3), -0.0j, complex(-math.inf, 2), 0.5, 2]


@njit
def clipped(a, lo, hi):
    return np.clip(a, lo, hi), a.clip(lo, hi), np.clip(a[0], lo, hi)


@pytest.mark.parametrize("lo", CLIP_VALUES)
def test_clip_of_complex_orders_as_numpys_clip_loop(lo):
    # NumPy's clip loop: `x` where it has a NaN part or orders beyond the bound (real parts, then
    # imaginary parts), else the bound; the lower bound first.
    a = np.array(CLIP_VALUES[:7])
    for hi in CLIP_VALUES:
        check_c(clipped, a, lo, hi)
        check_c(clipped, a[::-2], lo, hi)


@pytest.mark.parametrize("x", [2.5, -3, True, np.arange(-2.0, 3.0), np.arange(-3, 3), np.float32([-1.5, 2.0]), 1 - 1j])
def test_angle_of_real_numbers_and_arrays(x):
    f = jit_source("def f(x):\n    return np.angle(x), np.angle(x, deg=True), np.angle(x, True)\n", np=np)
    check_c(f, x)


@njit
def conjugate_into(x, out, other):
    r = np.conjugate(x, out)
    s = np.conj(x, out=other)
    return r, s, out, other, np.float_power(x.real, 2, np.empty(x.shape))


@pytest.mark.parametrize("x", [np.array([1 + 2j, 3 - 4j, -0.0 - 0.0j]), np.arange(3.0)])
def test_conjugate_and_float_power_with_out(x):
    # the ufuncs' output argument: the result stored there, and that array returned
    check(conjugate_into, x, np.empty(3, complex), np.zeros(3, complex))


@njit
def rounded(a):
    return np.round(a, 2), np.round(a), np.around(a, -1), a.round(3), np.round(a * 2, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True)), min_size=1, max_size=8))
def test_round_of_complex_arrays(parts):
    # Each part as NumPy rounds a float64 array (scale, rint, unscale).
    a = np.array([complex(r, i) for r, i in parts])
    with np.errstate(all="ignore"):
        check(rounded, a)
        check(rounded, a[::-1])


@njit
def squares_of_elements(z, w):
    return np.square(z[1]), np.square(z[::-1]), np.square(w), np.square(z[1:2])


def test_square_of_an_element_is_numpys_scalar_square():
    """`z[i]` is a NumPy scalar, which NumPy squares rounding each product; a 0-d array and a
    1-element array take its SIMD loop, with fused multiply-adds (these values tell them apart)."""
    rng = np.random.default_rng(3)
    for dtype in (np.complex128, np.complex64):
        z = (rng.standard_normal(200) + 1j * rng.standard_normal(200)).astype(dtype)
        for i in range(0, 199, 7):
            check(squares_of_elements, z[i:i + 3], np.array(z[i]))
