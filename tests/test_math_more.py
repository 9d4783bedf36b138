"""The `math` functions beyond libm's basics: erf/erfc (the C library's, as CPython calls it),
gamma/lgamma (CPython's own Lanczos code, bit for bit), degrees/radians, frexp/modf/ldexp, isclose,
asinh/acosh/atanh/exp2/cbrt (the C library's, with CPython's domain and range errors),
nextafter/ulp, and the exact integer functions factorial/comb/perm/isqrt/gcd/lcm on 64-bit ints. Each is compared
with CPython on the same arguments: values bit for bit (sign of zero included), exception types and
messages; where CPython's int result leaves 64 bits, hasten raises OverflowError (`check_int`)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import INT64_MAX, INT64_MIN, check, check_int, floats, ints, jit_source

S = settings(max_examples=200, deadline=None)

FLOAT1 = ["erf", "erfc", "gamma", "lgamma", "degrees", "radians", "frexp", "modf", "asinh", "acosh", "atanh", "exp2", "cbrt", "ulp"]
EDGES = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 1e-20, -1e-20, 1e-320, -1e-320, 23.0, 24.0, 171.0, 171.7,
         172.0, 200.5, -200.5, 140.5, -140.5, -201.5, 1e308, -1e308, math.inf, -math.inf, math.nan, 5.5, -5.5,
         -0.999, 30.0, 26.6, -26.6, 1e-300, 6e-8]
FUNCS = {name: jit_source(f"def f(x):\n    return math.{name}(x)\n", math=math) for name in FLOAT1}


@pytest.mark.parametrize("name", FLOAT1)
@pytest.mark.parametrize("x", EDGES)
def test_float_functions_at_the_edges(name, x):
    check(FUNCS[name], x)


@pytest.mark.parametrize("name", FLOAT1)
@S
@given(x=floats)
def test_float_functions(name, x):
    check(FUNCS[name], x)


@njit
def nextafter(x, y):
    return math.nextafter(x, y)


@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 1.7976931348623157e308, math.inf, -math.inf, math.nan, 3])
@pytest.mark.parametrize("y", [0.0, -0.0, 2.0, -2.0, math.inf, -math.inf, math.nan, 1])
def test_nextafter(x, y):
    check(nextafter, x, y)


@S
@given(x=st.floats(-180.0, 180.0))
def test_gamma_is_cpythons_bit_for_bit_across_its_branches(x):
    check(FUNCS["gamma"], x)
    check(FUNCS["lgamma"], x)


@pytest.mark.parametrize("name", ["gamma", "lgamma", "erf", "degrees", "frexp", "modf"])
@pytest.mark.parametrize("x", [0, 3, -4, 25, True, 2**62])
def test_float_functions_of_ints(name, x):
    check(FUNCS[name], x)


@njit
def m_ldexp(x, i):
    return math.ldexp(x, i)


@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -1.5, 1e-310, 1e308, math.inf, -math.inf, math.nan, 3])
@pytest.mark.parametrize("i", [0, 1, -1, 1023, 1024, -1074, -1075, 2000, -2000, 2**31, -(2**31) - 1, INT64_MAX, INT64_MIN])
def test_ldexp(x, i):
    check(m_ldexp, x, i)


@S
@given(x=floats, i=ints)
def test_ldexp_hypothesis(x, i):
    check(m_ldexp, x, i)


@njit
def m_isclose(a, b):
    return math.isclose(a, b)


@njit
def m_isclose_tol(a, b, r, t):
    return math.isclose(a, b, rel_tol=r, abs_tol=t)


@njit
def m_isclose_abs(a, b, t):
    return math.isclose(a, b, abs_tol=t)


@S
@given(a=floats, b=floats)
def test_isclose(a, b):
    check(m_isclose, a, b)
    check(m_isclose, a, a + a * 1e-10)


@pytest.mark.parametrize("r,t", [(1e-9, 0.0), (0.5, 0.0), (0.0, 1e-3), (-1.0, 0.0), (0.0, -1e-9), (math.inf, 0.0), (math.nan, 0.0)])
@pytest.mark.parametrize("a,b", [(1.0, 1.0), (1.0, 1.0001), (0.0, 1e-4), (math.inf, math.inf), (math.inf, -math.inf), (math.nan, math.nan), (1.0, 2.0)])
def test_isclose_tolerances(a, b, r, t):
    check(m_isclose_tol, a, b, r, t)
    check(m_isclose_abs, a, b, t)


def test_isclose_tolerances_are_keyword_only():
    with pytest.raises(hasten.TypingError, match="exactly 2 positional"):
        jit_source("def f(a, b):\n    return math.isclose(a, b, 0.1)\n", math=math)(1.0, 1.0)


INT1 = ["factorial", "isqrt"]
INT2 = ["comb", "perm"]
INT_FUNCS = {name: jit_source(f"def f(n):\n    return math.{name}(n)\n", math=math) for name in INT1 + ["perm"]}
INT2_FUNCS = {name: jit_source(f"def f(n, k):\n    return math.{name}(n, k)\n", math=math) for name in INT2}
# CPython computes these exactly (no value where it would build an astronomically large int).
SMALL = [0, 1, 2, 5, 20, 21, 25, 66, 67, 68, 100, 1000, -1, -5, INT64_MIN, True, False]
BIG = [2**31, 2**62, INT64_MAX]


@pytest.mark.parametrize("name", INT1 + ["perm"])
@pytest.mark.parametrize("n", SMALL)
def test_one_int_functions(name, n):
    check_int(INT_FUNCS[name], n)


@pytest.mark.parametrize("n", BIG)
def test_one_int_functions_of_big_values(n):
    check_int(INT_FUNCS["isqrt"], n)
    for name in ("factorial", "perm"):
        with pytest.raises(OverflowError):
            INT_FUNCS[name](n)


@pytest.mark.parametrize("name", INT2)
@pytest.mark.parametrize("n", SMALL + BIG)
@pytest.mark.parametrize("k", [0, 1, 2, 3, 10, 33, 34, 60, -1, INT64_MIN])
def test_two_int_functions(name, n, k):
    check_int(INT2_FUNCS[name], n, k)


@pytest.mark.parametrize("n", SMALL + BIG)
@pytest.mark.parametrize("d", [0, 1, 2, 40])
def test_comb_near_n(n, d):
    # comb(n, n - d) is comb(n, d); perm(n, k) for k beyond n is 0.
    if n >= d:
        check_int(INT2_FUNCS["comb"], n, n - d)
    if n < INT64_MAX:
        check_int(INT2_FUNCS["perm"], n, INT64_MAX)
    check_int(INT2_FUNCS["comb"], n, INT64_MAX)


@S
@given(n=st.integers(0, 200), k=st.integers(0, 200))
def test_comb_perm_small(n, k):
    check_int(INT2_FUNCS["comb"], n, k)
    check_int(INT2_FUNCS["perm"], n, k)


@S
@given(n=ints)
def test_isqrt(n):
    check_int(INT_FUNCS["isqrt"], abs(n))


@njit
def m_perm_none(n):
    return math.perm(n, None)


def test_perm_of_none_is_factorial():
    check_int(m_perm_none, 6)
    check_int(m_perm_none, -1)


@njit
def m_gcd0():
    return math.gcd(), math.lcm()


@njit
def m_gcd1(a):
    return math.gcd(a), math.lcm(a)


@njit
def m_gcd2(a, b):
    return math.gcd(a, b), math.lcm(a, b)


@njit
def m_gcd3(a, b, c):
    return math.gcd(a, b, c), math.lcm(a, b, c)


def test_gcd_lcm_of_any_number_of_arguments():
    check(m_gcd0)
    for a in [0, 7, -12, INT64_MAX, INT64_MIN, True]:
        check_int(m_gcd1, a)


@S
@given(a=ints, b=ints, c=ints)
def test_gcd_lcm(a, b, c):
    check_int(m_gcd2, a, b)
    check_int(m_gcd3, a, b, c)


@pytest.mark.parametrize("a,b", [(INT64_MIN, 0), (INT64_MIN, INT64_MIN), (INT64_MIN, 6), (INT64_MAX, INT64_MAX - 1), (2**32, 2**31 + 1), (-4, 6), (0, 0)])
def test_gcd_lcm_edges(a, b):
    check_int(m_gcd2, a, b)


@pytest.mark.parametrize("src", ["math.factorial(2.0)", "math.gcd(1, 2.5)", "math.comb(5)", "math.isqrt(1.0)", "math.ldexp(1.0, 2.0)"])
def test_refused_argument_types(src):
    # CPython raises TypeError at the call; hasten refuses to compile the call.
    with pytest.raises(hasten.TypingError):
        jit_source(f"def f():\n    return {src}\n", math=math)()


@njit
def loop_gamma(n):
    s = 0.0
    for i in range(1, n):
        s += math.lgamma(i * 0.5) + math.erf(i * 0.01)
    return s


def test_in_loops():
    check(loop_gamma, 50)
