import math
from math import atan2, copysign, floor, sqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check, check_int, floats, ints

S = settings(max_examples=150, deadline=None)

UNARY = ["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos", "atan",
         "sinh", "cosh", "tanh", "floor", "ceil", "trunc", "fabs", "isnan", "isinf", "isfinite"]
BINARY = ["atan2", "copysign", "pow", "hypot"]

@njit
def m_sqrt(x):
    return math.sqrt(x)


@njit
def m_exp(x):
    return math.exp(x)


@njit
def m_log(x):
    return math.log(x)


@njit
def m_log2(x):
    return math.log2(x)


@njit
def m_log10(x):
    return math.log10(x)


@njit
def m_log1p(x):
    return math.log1p(x)


@njit
def m_expm1(x):
    return math.expm1(x)


@njit
def m_sin(x):
    return math.sin(x)


@njit
def m_cos(x):
    return math.cos(x)


@njit
def m_tan(x):
    return math.tan(x)


@njit
def m_asin(x):
    return math.asin(x)


@njit
def m_acos(x):
    return math.acos(x)


@njit
def m_atan(x):
    return math.atan(x)


@njit
def m_sinh(x):
    return math.sinh(x)


@njit
def m_cosh(x):
    return math.cosh(x)


@njit
def m_tanh(x):
    return math.tanh(x)


@njit
def m_floor(x):
    return math.floor(x)


@njit
def m_ceil(x):
    return math.ceil(x)


@njit
def m_trunc(x):
    return math.trunc(x)


@njit
def m_fabs(x):
    return math.fabs(x)


@njit
def m_isnan(x):
    return math.isnan(x)


@njit
def m_isinf(x):
    return math.isinf(x)


@njit
def m_isfinite(x):
    return math.isfinite(x)


@njit
def m_atan2(x, y):
    return math.atan2(x, y)


@njit
def m_copysign(x, y):
    return math.copysign(x, y)


@njit
def m_pow(x, y):
    return math.pow(x, y)


@njit
def m_hypot(x, y):
    return math.hypot(x, y)


_ns = globals()

SPECIAL = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 1e-310, 710.0, -745.5, 1e300, -1e300, math.pi, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("name", UNARY)
@S
@given(x=floats)
def test_math_unary_floats(name, x):
    check_int(_ns["m_" + name], x)


@pytest.mark.parametrize("name", UNARY)
def test_math_unary_special(name):
    f = _ns["m_" + name]
    for x in SPECIAL:
        check_int(f, x)  # floor/ceil/trunc of inf raise OverflowError, of nan ValueError; domain errors ValueError
    for x in [0, 1, -1, 7, 2**53 + 1]:
        check_int(f, x)  # int arguments
    check(f, True)


@pytest.mark.parametrize("name", BINARY)
@S
@given(x=floats, y=floats)
def test_math_binary(name, x, y):
    check(_ns["m_" + name], x, y)


@pytest.mark.parametrize("name", BINARY)
def test_math_binary_special(name):
    f = _ns["m_" + name]
    for x in SPECIAL[:8] + [math.inf, -math.inf, math.nan, 3]:
        for y in SPECIAL[:8] + [math.inf, -math.inf, math.nan, -2]:
            check(f, x, y)


def test_math_errors():
    check(_ns["m_sqrt"], -1.0)
    check(_ns["m_log"], 0.0)
    check(_ns["m_log"], -1)
    check(_ns["m_exp"], 1000.0)
    check(_ns["m_acos"], 2.0)
    check(_ns["m_pow"], 0.0, -1.0)
    check(_ns["m_pow"], 10.0, 400.0)
    check(_ns["m_cosh"], 1000.0)
    with pytest.raises(ValueError, match="math domain error"):
        _ns["m_sqrt"](-1.0)
    with pytest.raises(OverflowError, match="math range error"):
        _ns["m_exp"](1000.0)
    r = _ns["m_floor"](2.5)
    assert type(r) is int and r == 2
    r = _ns["m_ceil"](-2.5)
    assert type(r) is int and r == -2


@njit
def from_imports(x, y):
    return sqrt(x), floor(x), atan2(x, y), copysign(x, y)


@njit
def constants():
    return math.pi, math.e, math.tau, math.inf, -math.inf, math.nan


def test_from_import_and_constants():
    check(from_imports, 2.5, -1.0)
    check(from_imports, 9, 3)
    check(constants)


@njit
def b_abs(x):
    return abs(x)


@njit
def b_min2(a, b):
    return min(a, b)


@njit
def b_max2(a, b):
    return max(a, b)


@njit
def b_minmax3(a, b, c):
    return min(a, b, c), max(a, b, c), min(c, b, a), max(c, a, b)


@njit
def b_conv(x):
    return int(x), float(x), bool(x)


@njit
def b_round(x):
    return round(x)


@njit
def b_round_n(x, n):
    return round(x, n)


@njit
def b_divmod(a, b):
    return divmod(a, b)


@S
@given(x=st.one_of(ints, floats, st.booleans()))
def test_abs_conv(x):
    check_int(b_abs, x)
    check_int(b_conv, x)  # int(nan) ValueError, int(inf) OverflowError, int(1e300) overflows int64


def test_abs_edges():
    check(b_abs, -0.0)
    check(b_abs, -math.inf)
    with pytest.raises(OverflowError):
        b_abs(-(2**63))


@S
@given(a=st.one_of(ints, floats), b=st.one_of(ints, floats), c=st.one_of(ints, floats))
def test_min_max_same_kind(a, b, c):
    if isinstance(a, float) == isinstance(b, float) == isinstance(c, float):
        check(b_min2, a, b)
        check(b_max2, a, b)
        check(b_minmax3, a, b, c)


def test_min_max_nan_and_zero_order():
    vals = [math.nan, 1.0, -1.0, 0.0, -0.0, math.inf]
    for a in vals:
        for b in vals:
            check(b_min2, a, b)
            check(b_max2, a, b)
            for c in [math.nan, 0.0, 2.0]:
                check(b_minmax3, a, b, c)


def test_min_max_mixed_int_float():
    # documented difference: mixed int/float arguments give the unified type, float
    for a, b in [(1, 2.0), (2, 1.0), (3, 3.0), (3.0, 3), (-1, -0.5), (-(2**40), 0.5)]:
        for f in (b_min2, b_max2):
            r = f(a, b)
            assert type(r) is float and r == float(f.py_func(a, b))
    r = b_minmax3(1, 2.5, -3)
    assert r == (-3.0, 2.5, -3.0, 2.5) and all(type(v) is float for v in r)


@S
@given(x=floats)
def test_round_float(x):
    check_int(b_round, x)  # round(nan) ValueError, round(inf) OverflowError


def test_round_half_even():
    for x in [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.4999999999999996, 4503599627370497.0, -0.0, 0.49999999999999994]:
        check(b_round, x)
    assert b_round(2.5) == 2 and type(b_round(2.5)) is int
    for x in [7, -7, 0, 2**62]:
        check(b_round, x)


@pytest.mark.parametrize("n", [-3, -1, 0, 1, 2, 3, 5, 10, 17, 300, -400])
def test_round_ndigits(n):
    for x in [2.675, 1.005, 0.125, -0.125, 2.5, 1234.5678, -0.0, 1e-300, 1e300, 5e-324, 1.7976931348623157e308, math.inf, math.nan, 0.1 + 0.2]:
        check(b_round_n, x, n)
    assert b_round_n(2.675, 2) == 2.67


@pytest.mark.parametrize("n", [-3, -1, 0, 2])
def test_round_int_ndigits(n):
    for x in [1234, -1250, 0, 15, 2**62]:
        check(b_round_n, x, n)


@S
@given(x=floats, n=st.integers(-20, 20))
def test_round_ndigits_hyp(x, n):
    check(b_round_n, x, n)


@S
@given(a=st.one_of(ints, floats), b=st.one_of(ints, floats))
def test_divmod(a, b):
    check_int(b_divmod, a, b)


def test_divmod_zero():
    check(b_divmod, 5, 0)
    check(b_divmod, 5.0, 0.0)
    check(b_divmod, -7, 2)
    check(b_divmod, -7.0, -0.0)


@njit
def len_array(a):
    return len(a)


def test_len_array():
    check(len_array, np.zeros((4, 3)))
    check(len_array, np.zeros(7, np.int8)[::2])


@njit
def nan_signs(x, y):
    return math.copysign(1.0, math.atan2(x, y)), math.copysign(1.0, math.pow(x, y))


def test_nan_results_of_atan2_and_pow_have_cpythons_sign():
    # found by the fuzzer: CPython's atan2 answers a positive NaN for any NaN argument, and
    # math.pow returns a NaN operand itself (libm's results differed in the sign bit)
    nan = float("nan")
    for x, y in [(-nan, 1.0), (1.0, -nan), (-nan, -nan), (nan, 2.0), (2.0, nan), (-nan, 0.0), (1.0, -nan)]:
        check(nan_signs, x, y)
