"""NumPy's own element functions: logaddexp, logaddexp2, nextafter, spacing, ldexp (a float and an
integer exponent), and the integer gcd/lcm. Compared with NumPy on every dtype (result dtype,
shape, values bit for bit: NaN, ±inf, -0.0, integers at the edges of their range), with Python
numbers (NEP 50), broadcasting, inside fused expressions and with out=. The tuple-valued ufuncs
(frexp, modf, divmod) are tested in test_ufunc_pairs.py."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from conftest import check, jit_source
from test_ufuncs_more import binary, check_quiet, unary, values

FLOAT_BINARY = ["logaddexp", "logaddexp2", "nextafter"]
INT_BINARY = ["gcd", "lcm"]
PAIRS = [(np.float64, np.float64), (np.float32, np.float32), (np.float32, np.float64), (np.int64, np.int64),
         (np.int8, np.int8), (np.uint8, np.int16), (np.int64, np.float64), (np.bool_, np.bool_),
         (np.uint64, np.uint64), (np.int32, np.uint32), (np.int16, np.int16), (np.uint64, np.int64)]


@pytest.mark.parametrize("name", FLOAT_BINARY + INT_BINARY)
@pytest.mark.parametrize("da, db", PAIRS)
def test_binary(name, da, db):
    f = binary(name)
    a, b = values(da), values(db)
    a2, b2 = np.repeat(a, b.size), np.tile(b, a.size)  # every pair
    check_quiet(f, a2, b2)
    check_quiet(f, a[:, None], b[None, :])  # broadcasting
    check_quiet(f, a[::-2], b[: a[::-2].size] if b.size >= a[::-2].size else b[0])  # reversed views
    check_quiet(f, a[1], b[2])


@pytest.mark.parametrize("name", FLOAT_BINARY + INT_BINARY)
def test_binary_with_python_numbers(name):
    f = binary(name)
    for arr in (values(np.float64), values(np.int64)[:8], values(np.uint8), values(np.float32)):
        for s in (2, 0, 2.5, -0.0, float("nan"), float("inf"), True):
            check_quiet(f, arr, s)
            check_quiet(f, s, arr)
    for x, y in ((3, 2), (-12, 18), (2.5, -1.5), (5, 2.0), (0, 0), (-0.0, 0.0), (1.0, float("inf"))):
        check_quiet(f, x, y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int16, np.uint8, np.bool_])
def test_spacing(dtype):
    f = unary("spacing")
    check_quiet(f, values(dtype))
    check_quiet(f, values(dtype)[::-1])
    check_quiet(f, values(dtype)[2])
    for x in (1.0, -0.0, float("inf"), float("nan"), 3, True):
        check_quiet(f, x)


LDEXP_EXPONENTS = np.array([0, 1, -1, 3, 1023, 1024, -1022, -1074, -1075, 2000, -2000, 2**31 - 1, -(2**31),
                            2**40, -(2**40), 2**63 - 1, -(2**63)], dtype=np.int64)


@pytest.mark.parametrize("da", [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8])
@pytest.mark.parametrize("di", [np.int64, np.int32, np.int8, np.uint8, np.uint32, np.bool_, np.float64, np.uint64])
def test_ldexp(da, di):
    f = binary("ldexp")
    a = values(da)
    e = LDEXP_EXPONENTS.astype(di) if np.dtype(di).kind in "iu" else values(di)
    a2, e2 = np.repeat(a, e.size), np.tile(e, a.size)
    check_quiet(f, a2, e2)
    check_quiet(f, a[:, None], e[None, :])
    check_quiet(f, a, 3)
    check_quiet(f, 1.5, e)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FLOAT_BINARY), st.sampled_from([np.float64, np.float32]), hnp.array_shapes(max_dims=2, max_side=5), st.data())
def test_float_binary_hypothesis(name, dtype, shape, data):
    elements = hnp.from_dtype(np.dtype(dtype), allow_nan=True, allow_infinity=True, allow_subnormal=True)
    a = data.draw(hnp.arrays(dtype, shape, elements=elements))
    b = data.draw(hnp.arrays(dtype, shape[-1:], elements=elements))
    check_quiet(binary(name), a, b)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(INT_BINARY), st.sampled_from([np.int64, np.int32, np.int8, np.uint64, np.uint16]), hnp.array_shapes(max_dims=2, max_side=5), st.data())
def test_int_binary_hypothesis(name, dtype, shape, data):
    a = data.draw(hnp.arrays(dtype, shape))
    b = data.draw(hnp.arrays(dtype, shape[-1:]))
    check_quiet(binary(name), a, b)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), hnp.array_shapes(max_dims=2, max_side=6),
                  elements={"allow_nan": True, "allow_infinity": True, "allow_subnormal": True}))
def test_spacing_hypothesis(a):
    check_quiet(unary("spacing"), a)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 6)), st.integers(-(2**63), 2**63 - 1))
def test_ldexp_hypothesis(a, e):
    check_quiet(binary("ldexp"), a, np.int64(e))


@hasten.njit
def fused(a, b, i):
    return np.logaddexp(a, b) - np.nextafter(a, b) * np.spacing(b) + np.ldexp(a, i) + np.gcd(i, 6)


def test_fuse_into_one_loop():
    a = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    b = np.cos(a) * 4
    i = np.arange(12).reshape(3, 4) - 6
    check(fused, a, b, i)
    check(fused, a.T, b.T, i.T)
    fused(a, b, i)
    before = hasten.alloc_stats()["allocations"]
    fused(a, b, i)
    assert hasten.alloc_stats()["allocations"] - before == 1, "only the result is allocated"


@hasten.njit
def with_out(a, b, i, o, k):
    np.logaddexp2(a, b, out=o)
    np.lcm(i, 4, out=k)
    return o, k


def test_out_argument():
    a, b = np.array([1.5, -2.5, 0.0, np.nan]), np.array([-1.0, np.inf, -0.0, 2.0])
    i = np.array([3, -6, 0, 10])
    check(with_out, a, b, i, np.zeros(4), np.zeros(4, dtype=np.int64))
    check(with_out, a, b, i, np.zeros(4, dtype=np.float32), np.zeros(4, dtype=np.float64))


@pytest.mark.parametrize("src", ["np.gcd(a, 2.5)", "np.ldexp(a, 1.5)", "np.gcd(a > 0, a > 1)", "np.lcm(np.ones(3), 2)"])
def test_refused_operand_types(src):
    with pytest.raises(hasten.TypingError):
        jit_source(f"def f(a):\n    return {src}\n", np=np)(np.arange(3))
