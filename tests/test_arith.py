import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import INT64_MAX, INT64_MIN, assert_same, check, check_int, floats, ints

S = settings(max_examples=150, deadline=None)


@njit
def add(a, b):
    return a + b


@njit
def sub(a, b):
    return a - b


@njit
def mul(a, b):
    return a * b


@njit
def truediv(a, b):
    return a / b


@njit
def floordiv(a, b):
    return a // b


@njit
def mod(a, b):
    return a % b


@njit
def power(a, b):
    return a**b


@njit
def band(a, b):
    return a & b


@njit
def bor(a, b):
    return a | b


@njit
def bxor(a, b):
    return a ^ b


@njit
def lshift(a, b):
    return a << b


@njit
def rshift(a, b):
    return a >> b


@njit
def neg(a):
    return -a


@njit
def pos(a):
    return +a


@njit
def inv(a):
    return ~a


@njit
def lnot(a):
    return not a


INT_OPS = [add, sub, mul, truediv, floordiv, mod, band, bor, bxor]
FLOAT_OPS = [add, sub, mul, truediv, floordiv, mod]


@pytest.mark.parametrize("op", INT_OPS, ids=lambda f: f.__name__)
@S
@given(a=ints, b=ints)
def test_int_binops(op, a, b):
    check_int(op, a, b)


@pytest.mark.parametrize("op", [truediv, floordiv, mod])
@pytest.mark.parametrize("a", [7, -7, 0, 6, -6, 2**62, -(2**63)])
@pytest.mark.parametrize("b", [3, -3, 1, -1, 0, 2**40 + 1])
def test_int_division_signs(op, a, b):
    # floor toward -inf, % takes the divisor's sign, x/0 and x%0 raise, -2**63 // -1 overflows
    check_int(op, a, b)


@pytest.mark.parametrize("op", FLOAT_OPS + [power], ids=lambda f: f.__name__)
@S
@given(a=floats, b=floats)
def test_float_binops(op, a, b):
    if op is power and a < 0 and not float(b).is_integer() and math.isfinite(b):
        return  # CPython gives a complex number
    check(op, a, b)


@pytest.mark.parametrize("a", [5e-324, 1e-300, 0.5, 1.0, 2.0, 1e300, math.inf, math.nan, 0.0, -0.0, -2.0, -math.inf])
@pytest.mark.parametrize("b", [2.0, -2.0, 0.5, 1025.0, -1075.0, 1e10, -1e10, math.inf, -math.inf, math.nan, 0.0])
def test_float_power_edges(a, b):
    # A positive finite base with a finite exponent calls libm inline; overflow, and every
    # other base or exponent, take CPython's rules in the runtime.
    if a < 0 and math.isfinite(b) and not b.is_integer():
        return  # CPython gives a complex number
    check(power, a, b)


@pytest.mark.parametrize("op", [floordiv, mod, truediv])
@pytest.mark.parametrize("a", [7.5, -7.5, 0.0, -0.0, 1e-300, math.inf, -math.inf])
@pytest.mark.parametrize("b", [2.0, -2.0, 0.0, -0.0, math.inf, -math.inf, 1e300])
def test_float_division_signs(op, a, b):
    check(op, a, b)


@pytest.mark.parametrize("op", FLOAT_OPS, ids=lambda f: f.__name__)
@S
@given(a=ints, b=floats)
def test_mixed_int_float(op, a, b):
    check(op, a, b)
    check(op, b, a)


@pytest.mark.parametrize("a", [0, 1, -1, 2, -3, 10, 2**31])
@pytest.mark.parametrize("b", [0, 1, 2, 3, 10, 40, 63, 64, 100])
def test_int_power(a, b):
    check_int(power, a, b)


@njit
def pow_neg_const(x):
    return x ** (-2)


@njit
def pow_consts():
    return 2 ** (-2), 2**10, (-2) ** 3, 2.0**0.5, 10 ** (-1)


def test_int_pow_negative_exponent():
    for x in [1, 2, 3, -3, 10, 2**20, -(2**40)]:
        check(pow_neg_const, x)
    assert pow_neg_const(2) == 0.25 and type(pow_neg_const(2)) is float
    check(pow_consts)
    check(pow_neg_const, 0)  # ZeroDivisionError
    for a, b in [(0, 0), (0.0, -1.0), (0.0, -1), (-0.0, -1.0), (-8.0, 3.0), (2.0, 1024.0), (10.0, -400.0), (-0.0, 3.0), (math.nan, 0.0), (1.0, math.nan)]:
        check(power, a, b)


def test_documented_pow_differences():
    # int ** n with a negative n known only at run time: ValueError (the result type must be static)
    for a, b in [(2, -1), (-2, -3), (5, -1), (0, -1)]:
        with pytest.raises(ValueError):
            power(a, b)
    # negative float ** non-integer: ValueError (CPython returns a complex number)
    with pytest.raises(ValueError):
        power(-8.0, 1.0 / 3.0)
    with pytest.raises(ValueError):
        power(-0.5, 0.5)


@njit(error_model="numpy")
def np_model_div(a, b):
    return a / b, a // b, a % b


def test_error_model_numpy():
    # float division by zero follows NumPy: inf/nan instead of ZeroDivisionError
    with np.errstate(all="ignore"):
        for a in [1.0, -1.0, 0.0, -0.0, math.nan]:
            for b in [0.0, -0.0]:
                x = np.float64(a)
                expected = (float(x / b), float(x // b), float(x % b))
                assert_same(np_model_div(a, b), expected)
    assert_same(np_model_div(7.0, 2.0), (3.5, 3.0, 1.0))


@pytest.mark.parametrize("a", [0, 1, -1, 5, -5, 2**40, -(2**40), 2**62])
@pytest.mark.parametrize("b", [0, 1, 3, 21, 62, 63, 64, 100, -1])
def test_shifts(a, b):
    check_int(lshift, a, b)
    check_int(rshift, a, b)


@S
@given(a=ints)
def test_unary_int(a):
    check(neg, a)
    check(pos, a)
    check(inv, a)
    check(lnot, a)


@S
@given(a=floats)
def test_unary_float(a):
    check(neg, a)
    check(pos, a)
    check(lnot, a)


def test_unary_bool():
    for v in [True, False]:
        check(neg, v)
        check(pos, v)
        check(lnot, v)
        check(add, v, True)
        check(mul, v, 3)
        check(add, v, 0.5)
        check(band, v, True)
        check(bor, v, False)
        check(bxor, v, True)


@njit
def cmp_all(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


@njit
def chained(r, h):
    return 0 <= r < h


@njit
def chained3(a, b, c):
    return a < b <= c != a


@S
@given(a=ints, b=ints)
def test_compare_ints(a, b):
    check(cmp_all, a, b)


@S
@given(a=floats, b=floats)
def test_compare_floats(a, b):
    check(cmp_all, a, b)


@S
@given(a=ints, b=floats)
def test_compare_mixed(a, b):
    check(cmp_all, a, b)
    check(cmp_all, b, a)


def test_compare_mixed_exact():
    # Python compares int and float exactly, not by converting the int to float
    for a, b in [(2**53 + 1, float(2**53)), (2**62 + 1, 2.0**62), (-(2**62) - 1, -(2.0**62)), (2**63 - 1, 2.0**63), (3, math.nan), (1, math.inf)]:
        check(cmp_all, a, b)
        check(cmp_all, b, a)


def test_chained():
    for r in [-1, 0, 3, 5, 6]:
        check(chained, r, 5)
    check(chained, 0.5, 1)
    for args in [(1, 2, 2), (1, 2, 1), (2, 1, 3), (1, 1, 1), (0, 1, 5)]:
        check(chained3, *args)


@njit
def or_default(x):
    return x or 5


@njit
def and_value(x, y):
    return x and y


@njit
def or_float(x, y):
    return x or y


@njit
def cond_expr(x):
    return x * 2 if x > 3 else -x


@njit
def bool_ops(a, b, c):
    return (a and not b) or c, not (a or b), a and b and c


def test_and_or_values():
    for x in [0, 3, -1]:
        check(or_default, x)
    for x, y in [(0, 7), (2, 7), (-1, 0)]:
        check(and_value, x, y)
    for x, y in [(0.0, 2.5), (-0.0, 1.0), (math.nan, 1.0), (1.5, 2.5)]:
        check(or_float, x, y)
        check(and_value, x, y)
    for x in [0, 3, 4, -10]:
        check(cond_expr, x)
    for a in [True, False]:
        for b in [True, False]:
            for c in [True, False]:
                check(bool_ops, a, b, c)


@njit
def nan_prop(x, y):
    return x + y, x * y, x - y, x / y if y != 0 else 0.0, -x, x * 0.0, 0.0 * -1.0, -0.0 + 0.0, -0.0 - 0.0


def test_special_float_propagation():
    vals = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0]
    for x in vals:
        for y in vals:
            check(nan_prop, x, y)


# ---- documented difference: ints are 64-bit, overflow raises OverflowError ----

@njit
def big_pow():
    return 2**63


@njit
def pow_var(a, b):
    return a**b


@njit
def lshift_var(a, b):
    return a << b


def test_int_overflow_raises():
    with pytest.raises(OverflowError):
        add(2**62, 2**62)
    with pytest.raises(OverflowError):
        sub(-(2**62), 2**62 + 1)
    with pytest.raises(OverflowError):
        mul(2**32, 2**31)
    with pytest.raises(OverflowError):
        pow_var(2, 63)
    with pytest.raises(OverflowError):
        pow_var(-3, 41)
    with pytest.raises(OverflowError):
        lshift_var(1, 63)
    with pytest.raises(OverflowError):
        lshift_var(3, 62)
    with pytest.raises(OverflowError):
        neg(-(2**63))
    with pytest.raises(OverflowError):
        floordiv(-(2**63), -1)
    with pytest.raises(OverflowError):
        big_pow()
    # the edges still work
    assert add(2**62, 2**62 - 1) == 2**63 - 1
    assert pow_var(2, 62) == 2**62 and pow_var(-2, 63) == -(2**63)
    assert lshift_var(1, 62) == 2**62 and lshift_var(-1, 63) == -(2**63)
    assert lshift_var(0, 200) == 0
    assert mod(-(2**63), -1) == 0


# ---- NumPy scalars follow NumPy 2 / NEP 50 ----

NP_SCALARS = [np.bool_(True), np.int8(-7), np.uint8(200), np.int16(-300), np.uint16(60000), np.int32(-70000), np.uint32(4000000000), np.int64(-(2**40)), np.uint64(2**63 + 5), np.float32(1.5), np.float64(-2.25)]
PY_OPERANDS = [3, -2, 2.5, True]


@pytest.mark.parametrize("x", NP_SCALARS, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("op", [add, sub, mul, truediv, floordiv, mod], ids=lambda f: f.__name__)
def test_numpy_scalar_with_python(x, op):
    for y in PY_OPERANDS:
        if op is sub and isinstance(x, np.bool_) and y is True:
            continue  # NumPy raises TypeError for boolean subtract
        # unsigned op -2: NumPy 2 raises OverflowError "Python integer -2 out of bounds for uint8"
        check(op, x, y)
        check(op, y, x)


@pytest.mark.parametrize("x", NP_SCALARS, ids=lambda v: type(v).__name__)
def test_numpy_scalar_pairs(x):
    for y in NP_SCALARS:
        check(add, x, y)
        check(mul, x, y)
        check(truediv, x, y)
        check(cmp_all, x, y)


def test_nep50_examples():
    r = add(np.float32(1.5), 1.0)
    assert type(r) is np.float32 and r == np.float32(2.5)
    r = add(np.int8(3), 1)
    assert type(r) is np.int8 and r == 4
    check(add, np.int8(127), np.int8(1))  # wraps to -128 (with a RuntimeWarning)
    check(add, np.uint8(3), -1)  # OverflowError: Python integer -1 out of bounds for uint8
    check(mul, np.float32(3.0), np.float64(0.1))
    check(sub, np.uint8(0), np.uint8(1))
    check(neg, np.int8(5))
    check(neg, np.float32(-0.0))
    check(floordiv, np.int32(7), np.int32(0))  # NumPy: 0 with a RuntimeWarning, no exception
    check(truediv, np.float64(1.0), 0.0)  # NumPy: inf with a RuntimeWarning
    check(mod, np.float32(-7.5), np.float32(2.0))


# With a literal operand the overflow test is a comparison with a bound (`Lower::checked`): each
# form is run at and beside the edges of int64 and of its bound, and on arbitrary ints.

@njit
def add_lit(x):
    return x + 7


@njit
def lit_add(x):
    return 7 + x


@njit
def add_neg_lit(x):
    return x + -7


@njit
def sub_lit(x):
    return x - 7


@njit
def sub_neg_lit(x):
    return x - -7


@njit
def zero_minus(x):
    return 0 - x


@njit
def negate(x):
    return -x


@njit
def mul_lit(x):
    return x * 3


@njit
def lit_mul(x):
    return 3 * x


@njit
def mul_neg_lit(x):
    return x * -3


@njit
def mul_minus_one(x):
    return x * -1


@njit
def add_max(x):
    return x + 9223372036854775807


@njit
def sub_max(x):
    return x - 9223372036854775807


@njit
def mul_big(x):
    return x * 4611686018427387904


LITERAL_FORMS = [add_lit, lit_add, add_neg_lit, sub_lit, sub_neg_lit, zero_minus, negate, mul_lit, lit_mul,
                 mul_neg_lit, mul_minus_one, add_max, sub_max, mul_big]
EDGES = sorted({e + d for e in [INT64_MIN, INT64_MAX, 0, INT64_MAX // 3, INT64_MIN // 3, INT64_MAX - 7,
                                INT64_MIN + 7, -1, 1, -2, 2]
                for d in (-1, 0, 1) if INT64_MIN <= e + d <= INT64_MAX})


@pytest.mark.parametrize("f", LITERAL_FORMS, ids=lambda f: f.__name__)
def test_literal_operand_overflow_edges(f):
    for x in EDGES:
        check_int(f, x)


@settings(max_examples=200, deadline=None)
@given(ints)
def test_literal_operands_any_value(x):
    for f in LITERAL_FORMS:
        check_int(f, x)


@njit
def int_power(x, y):
    return x ** y


@njit
def int_product(x, y):
    return x * y


def test_int_overflow_message_is_the_same_for_power_and_product():
    with pytest.raises(OverflowError) as power:
        int_power(2, 63)
    with pytest.raises(OverflowError) as product:
        int_product(2**62, 2)
    assert str(power.value).splitlines()[0] == str(product.value).splitlines()[0]
    assert "hasten ints are 64-bit" in str(power.value)
