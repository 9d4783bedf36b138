"""Python complex numbers in compiled code, differentially against CPython: arithmetic (CPython's
own division and power algorithms, so results agree bit for bit, NaN, infinities and signed zeros
included), comparisons, `abs`, the parts, `complex(...)`, `str`/`repr`, and the `cmath` module.

The `cmath` functions call the C library's complex functions, which may differ from CPython's own
implementations in the last bits of finite results: those are compared with a relative tolerance
of 1e-13 of the larger part (the special values of non-finite arguments, and every exception,
exactly). NumPy's complex scalars and arrays are not supported yet and must be refused by name."""

import cmath
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import TypingError, UnsupportedError, njit
from conftest import assert_same, check, jit_source

S = settings(max_examples=200, deadline=None)

parts = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, math.inf, -math.inf, math.nan, 1e308, -1e308, 5e-324]),
)
complexes = st.builds(complex, parts, parts)
small = st.builds(complex, st.floats(-10, 10), st.floats(-10, 10))
numbers = st.one_of(complexes, parts, st.integers(-(2**53), 2**53), st.booleans())

OPERATORS = ["+", "-", "*", "/", "**"]


def binary(op):
    return jit_source(f"def f(a, b):\n    return a {op} b\n")


BINARY = {op: binary(op) for op in OPERATORS}


@S
@given(complexes, numbers, st.sampled_from(OPERATORS), st.booleans())
def test_arithmetic_matches_cpython(z, x, op, swap):
    a, b = (x, z) if swap else (z, x)
    check(BINARY[op], a, b)


@S
@given(small, st.integers(-120, 120))
def test_integral_powers_use_repeated_squaring(z, n):
    check(BINARY["**"], z, n)
    check(BINARY["**"], z, float(n))


@pytest.mark.parametrize(
    "a, b",
    [(1j, 0), (1j, 0j), (0j, -0.0), (0j, -1), (0j, 1j), (0j, -2.5), (-1 + 0j, 1e308), (1e-200j, -2), (1e200 + 1e200j, 3), (10j, 400.5)],
)
def test_errors_of_division_and_power(a, b):
    f = BINARY["/"] if isinstance(b, int) and b == 0 or b == 0j and not isinstance(b, float) else BINARY["**"]
    check(f, a, b)
    check(BINARY["**"], a, b)


def test_division_by_zero_message():
    f = BINARY["/"]
    for a, b in [(1j, 0), (1j, 0.0), (1, 0j), (0.5, -0j)]:
        check(f, a, b)
    with pytest.raises(ZeroDivisionError, match="complex division by zero"):
        f(1j, 0)


@njit
def unary(z):
    return -z, +z, z.real, z.imag, z.conjugate(), abs(z), z == z, z != z, not z


@S
@given(complexes)
def test_unary_parts_and_abs(z):
    check(unary, z)


@njit
def equalities(a, b):
    return a == b, a != b, b == a, b != a


@S
@given(complexes, numbers)
def test_equality_with_every_number(z, x):
    check(equalities, z, x)
    check(equalities, z, complex(x))


def test_equality_with_ints_is_exact():
    check(equalities, complex(2**53 + 1), 2**53 + 1)
    check(equalities, complex(2.0**63), 2**63 - 1)
    check(equalities, complex(3, 0.0), 3)
    check(equalities, complex(3, -0.0), True)


def test_abs_overflow_raises_like_cpython():
    check(unary, complex(1.7e308, 1.7e308))
    with pytest.raises(OverflowError, match="absolute value too large"):
        unary(complex(1.7e308, 1.7e308))


@njit
def parts_of_reals(i, x, b):
    return i.real, i.imag, i.conjugate(), x.real, x.imag, x.conjugate(), b.real, b.imag


@given(st.integers(-(2**62), 2**62), parts, st.booleans())
def test_parts_of_real_numbers(i, x, b):
    check(parts_of_reals, i, x, b)


CONSTRUCTORS = ["complex()", "complex(a)", "complex(b)", "complex(a, b)", "complex(b, a)", "complex(a, a)", "complex(b, b)", "complex(1, 2)", "2 + 3j", "-3j", "1j * 1j", "-0.0 - 0j"]


@S
@given(complexes, numbers)
def test_constructors_and_literals(a, b):
    for src in CONSTRUCTORS:
        check(jit_source(f"def f(a, b):\n    return {src}\n"), a, b)


def test_a_complex_local_rebound_from_numbers():
    @njit
    def f(n, c):
        z = 0
        for _ in range(n):
            z = z * z + c
            z += 1
            z -= 0.5
            z *= 1j
            z /= 2
            z **= 1
        return z

    for c in [0.1 + 0.2j, -1j, complex(math.inf, 0)]:
        check(f, 7, c)


def test_truth_and_conditions():
    @njit
    def f(z):
        n = 0
        if z:
            n += 1
        while z:
            z = 0j
            n += 10
        return n, bool(z), -z if z else z

    for z in [0j, -0j, complex(0, -0.0), 1j, complex(math.nan, 0), complex(0, math.inf)]:
        check(f, z)


def test_globals_and_tuples():
    c = 1.5 - 2j
    pair = (1j, 2)
    f = jit_source("def f(z):\n    return z * C, PAIR, (z, z + 1)\n", C=c, PAIR=pair)
    check(f, 3 + 4j)


UNARY_CMATH = ["exp", "log", "log10", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "asinh", "acosh", "atanh"]
CMATH = {name: jit_source(f"def f(z):\n    return cmath.{name}(z)\n", cmath=cmath) for name in UNARY_CMATH}


def close(got, expected):
    """NaNs, infinities and signed zeros exactly; finite parts within 1e-13 of the larger part of
    CPython's value (1e-300 near the subnormals, which CPython's formulas flush where the C
    library keeps them)."""
    scale = 0.0
    for g, e in ((got.real, expected.real), (got.imag, expected.imag)):
        if math.isnan(e) or math.isinf(e) or math.isnan(g) or math.isinf(g):
            if not ((math.isnan(g) and math.isnan(e)) or g == e):
                return False
        elif g == 0.0 and e == 0.0 and math.copysign(1, g) != math.copysign(1, e):
            return False
        elif math.isfinite(e):
            scale = max(scale, abs(e))
    for g, e in ((got.real, expected.real), (got.imag, expected.imag)):
        if math.isfinite(e) and abs(g - e) > 1e-13 * scale + 1e-300:
            return False
    return True


def check_close(f, *args):
    """CPython's value within the C library's last bits (see the module's docstring), or its
    exception exactly."""
    try:
        expected = f.py_func(*args)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)) as got:
            f(*args)
        assert str(got.value) == str(e)
        return
    got = f(*args)
    assert type(got) is type(expected)
    if isinstance(expected, complex):
        assert close(got, expected), f"{f.py_func.__name__}{args}: {got!r} != {expected!r}"
    else:
        assert_same(got, expected)


SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.0, math.inf, -math.inf, math.nan, -math.nan, 800.0, -800.0, 1e308]


@pytest.mark.parametrize("name", UNARY_CMATH)
def test_cmath_special_values_and_errors(name):
    for x in SPECIAL:
        for y in SPECIAL:
            check_close(CMATH[name], complex(x, y))


@S
@given(complexes, st.sampled_from(UNARY_CMATH))
def test_cmath_functions(z, name):
    check_close(CMATH[name], z)


@njit
def cmath_rest(z, r, phi):
    return cmath.phase(z), cmath.polar(z), cmath.isnan(z), cmath.isinf(z), cmath.isfinite(z), cmath.rect(r, phi)


@S
@given(complexes, parts, parts)
def test_phase_polar_rect_and_predicates(z, r, phi):
    check(cmath_rest, z, r, phi)


def test_phase_underflow_is_cpythons_overflow_error():
    for z in [2 + 5e-324j, 1e300 - 1e-300j, 1 + 1e-320j, -2 + 5e-324j, 5e-324 + 0j, complex(math.inf, 1e-300)]:
        check(cmath_rest, z, 1.0, 0.5)


def test_rect_special_values():
    for r in SPECIAL:
        for phi in SPECIAL:
            check(cmath_rest, 1j, r, phi)


@njit
def log_base(z, b):
    return cmath.log(z, b)


@given(complexes, st.one_of(complexes, parts))
def test_log_with_a_base(z, b):
    check_close(log_base, z, b)


def test_log_with_a_base_errors():
    for z, b in [(1 + 1j, 1), (0j, 2), (1j, 0), (0j, 0j)]:
        check_close(log_base, z, b)


def test_cmath_constants_and_real_arguments():
    f = jit_source(
        "def f(x, n):\n    return cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.nan, cmath.infj, cmath.nanj, cmath.sqrt(x), cmath.exp(n), cmath.phase(x)\n",
        cmath=cmath,
    )
    for x, n in [(-4.0, 0), (2.0, 1), (-0.0, -1)]:
        check(f, x, n)


def test_cmath_functions_imported_by_name():
    from cmath import exp, sqrt

    f = jit_source("def f(z):\n    return exp(z) + sqrt(z)\n", exp=exp, sqrt=sqrt)
    check_close(f, 1 + 2j)


def test_print_of_complex(capsys):
    @njit
    def f(z):
        print(z, -z, 1j, (z, 2.5j))

    f(complex(1, -0.0))
    f.py_func(complex(1, -0.0))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == out[1]


@njit
def texts(z):
    return str(z), repr(z), f"{z}", f"{z!r}", format(z), format(z, ""), "<" + str(z) + ">"


@S
@given(complexes)
def test_str_and_repr_are_cpythons(z):
    check(texts, z)


def test_str_and_repr_special_cases():
    for z in [complex(1, math.nan), complex(-math.nan, 1), complex(0.0, math.nan), complex(-0.0, 1), complex(0.0, -0.0), complex(1e16, 1e-5), complex(1.5, -math.inf), complex(2, 0), 1j, -1j]:
        check(texts, z)


@pytest.mark.parametrize("src", ["a < b", "a >= b", "a // b", "a % b", "a & b", "min(a, b)", "int(a)", "float(a)", "round(a)"])
def test_refused_as_cpython_refuses(src):
    f = jit_source(f"def f(a, b):\n    return {src}\n")
    with pytest.raises(TypeError):
        f.py_func(1j, 2j)
    with pytest.raises(TypingError):
        f(1j, 2j)


@pytest.mark.parametrize("src", ["np.float64(1.5) * a", "a == np.int64(1)", "np.ones(2, np.float32) + a", "np.int8(3) + a", "a / np.float64(b.imag - 2)", "a - np.bool_(True)", "np.float64(2) ** a"])
def test_python_complex_with_numpy_reals_is_np_complex128(src):
    # NEP 50: the Python complex is weak, the NumPy real strong: NumPy's complex128 arithmetic (its
    # division by zero gives infinities and NaNs, not ZeroDivisionError).
    import numpy as np

    f = jit_source(f"def f(a, b):\n    return {src}\n", np=np)
    with np.errstate(all="ignore"):
        for a, b in [(1j, 2j), (1.5 - 2j, 3 + 0j), (complex(math.nan, 1), -1j), (0j, 2j)]:
            check(f, a, b)


@pytest.mark.parametrize(
    "src", ["format(a, '.2f')", "f'{a:>10}'", "'%s' % (a,)", "{a: 1}", "np.float64(a)", "sum(a * i for i in range(3))"]
)
def test_unsupported_uses_name_what_is_missing(src):
    import numpy as np

    f = jit_source(f"def f(a, b):\n    return {src}\n", np=np)
    with pytest.raises(UnsupportedError):
        f(1j, 2j)


def test_numpy_complex_scalars_keep_their_type():
    import numpy as np

    @njit
    def f(z):
        return z

    assert type(f(np.complex128(1j))) is np.complex128
    assert type(f(1j)) is complex
    # np.complex64 is a NumPy scalar of its own (tests/test_complex64.py).
    assert type(f(np.complex64(1j))) is np.complex64


@pytest.mark.parametrize(
    "src", ["np.float64(a)", "np.cumprod(np.ones(2, dtype=np.complex64))"]
)
def test_numpy_complex_dtypes_are_refused_by_name(src):
    import numpy as np

    f = jit_source(f"def f(a):\n    return {src}\n", np=np, A=np.ones(2, dtype=np.complex128))
    with pytest.raises(UnsupportedError, match="complex"):
        f(1j)


def test_arguments_and_results_keep_their_type():
    @njit
    def f(z, x):
        return z, complex(x), (z * 2, [x])

    r = f(1 + 2j, 3.0)
    assert type(r[0]) is complex and type(r[1]) is complex
    check(f, complex(math.nan, -0.0), -0.0)


def test_prange_captures_complex_and_refuses_complex_reductions():
    import numpy as np

    from hasten import prange

    @njit(parallel=True)
    def captured(n, c):
        a = np.zeros(n)
        s = 0.0
        for i in prange(n):
            z = c * i
            a[i] = z.imag
            s += abs(z)
        return a, s

    check(captured, 50, 3 + 4j)

    @njit(parallel=True)
    def reduced(n):
        s = 0j
        for i in prange(n):
            s += 1j * i
        return s

    with pytest.raises(UnsupportedError):
        reduced(10)


def test_closures_and_conditional_values():
    @njit
    def f(z, k):
        def g(w):
            return w * z

        return g(2j), (z if k else 1j), (z * 2 if k else z)

    for k in [True, False]:
        check(f, 1 + 1j, k)


def test_a_conditional_of_a_real_and_a_complex_is_complex():
    # One type per expression, as for int and float (numba's rule): the real side becomes complex.
    @njit
    def f(z, k):
        return 1.5 if k else z

    assert f(1j, True) == 1.5 and type(f(1j, True)) is complex
    assert_same(f(1j, False), 1j)


LOOPS = {
    "accumulate": "def f(n, c):\n    s = 0j\n    for i in range(n):\n        s += c * i\n    return s\n",
    "invariant power": "def f(n, c):\n    s = 0.0\n    for i in range(n):\n        s += (c ** 2.5).real + cmath.exp(c).imag + i\n    return s\n",
    "unrolled": "def f(n, c):\n    s = 0j\n    for i in range(4):\n        s = s * c + i\n    return s\n",
    "if-converted": "def f(n, c):\n    s = 0j\n    for i in range(n):\n        if i % 2 == 0:\n            s = s + c\n        else:\n            s = s - 1j\n    return s\n",
    "raising late": "def f(n, c):\n    s = 0j\n    for i in range(n):\n        s += c / 0 if i > 100 else 1\n    return s\n",
}


@pytest.mark.parametrize("name", LOOPS)
def test_loop_passes_keep_complex_values(name):
    """The loop passes (hoisting, unrolling, if-conversion, vectorising) meet complex locals."""
    f = jit_source(LOOPS[name], cmath=cmath)
    for n in [0, 1, 5, 37, 200]:
        check(f, n, 0.3 - 1.2j)
