"""The ufuncs of two outputs, np.frexp, np.modf and np.divmod, compared with NumPy: the tuple of
two NumPy scalars or two arrays, their dtypes (frexp's int32 exponent, float32 kept, 16-bit ints
in float32, divmod in floor_divide's dtype under NEP 50), values bit for bit (nan, ±inf, -0.0,
subnormals, integer division by zero), broadcasting, strided and reversed views, empty arrays,
inside loops; operand types with no float loop but float16 are an UnsupportedError."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from conftest import check, jit_source
from test_ufuncs_more import binary, unary, values


def check_pair(f, *args):
    """check(f, *args), or a TypingError where NumPy has no loop (TypeError) or gives float16."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            expected = f.py_func(*args)
        except TypeError:
            expected = None
        except (ValueError, OverflowError):
            expected = ()
        if expected is None:
            with pytest.raises(hasten.TypingError):
                f(*args)
            return
        if getattr(expected[:1] and expected[0], "dtype", None) == np.float16:
            with pytest.raises(hasten.UnsupportedError, match="float16"):
                f(*args)
            return
        check(f, *args)


DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint16, np.int8, np.uint8, np.uint64, np.bool_]


@pytest.mark.parametrize("name", ["frexp", "modf"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_pairs(name, dtype):
    f = unary(name)
    a = values(dtype)
    check_pair(f, a)
    check_pair(f, a[::-2])
    check_pair(f, a[:0])
    check_pair(f, a[1])
    check_pair(f, np.stack([a, a[::-1]]).T)


@pytest.mark.parametrize("name", ["frexp", "modf"])
def test_unary_pairs_of_python_numbers(name):
    f = unary(name)
    for x in (1.5, -0.0, 0.0, -2.0, 1e-310, 5e-324, 1e308, float("inf"), float("-inf"), float("nan"), 3, -7, 0, True):
        check_pair(f, x)


PAIRS = [(np.float64, np.float64), (np.float32, np.float32), (np.float32, np.float64), (np.int64, np.int64),
         (np.int8, np.int8), (np.uint8, np.int16), (np.int64, np.float64), (np.bool_, np.bool_),
         (np.uint64, np.uint64), (np.int32, np.uint32), (np.uint64, np.int64), (np.int16, np.float32)]


@pytest.mark.parametrize("da, db", PAIRS)
def test_divmod(da, db):
    f = binary("divmod")
    a, b = values(da), values(db)
    check_pair(f, np.repeat(a, b.size), np.tile(b, a.size))  # every pair, zero divisors included
    check_pair(f, a[:, None], b[None, :])  # broadcasting
    check_pair(f, a[::-1], b[0])
    check_pair(f, a[-1], b)
    check_pair(f, a[1], b[2])
    check_pair(f, a[:0], b[:1])


def test_divmod_with_python_numbers():
    f = binary("divmod")
    for arr in (values(np.float64), values(np.int64), values(np.uint8), values(np.float32), values(np.int8)):
        for s in (2, -3, 0, 2.5, -0.0, float("nan"), float("inf"), True):
            check_pair(f, arr, s)
            check_pair(f, s, arr)
    for x, y in ((7, 2), (-7, 2), (7, -2), (7, 0), (5.5, 2), (-5.5, 2.0), (0.0, -1.0), (1.0, 0.0), (-0.0, 0.0), (True, True)):
        check_pair(f, x, y)


def test_broadcast_mismatch():
    check_pair(binary("divmod"), np.ones(3), np.ones(4))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["frexp", "modf"]), hnp.arrays(st.sampled_from([np.float64, np.float32]), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
                                                     elements={"allow_nan": True, "allow_infinity": True, "allow_subnormal": True}))
def test_unary_pairs_hypothesis(name, a):
    check_pair(unary(name), a)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.float64, np.float32, np.int64, np.int16, np.uint32]), hnp.array_shapes(max_dims=2, max_side=5), st.data())
def test_divmod_hypothesis(dtype, shape, data):
    elements = hnp.from_dtype(np.dtype(dtype), allow_nan=True, allow_infinity=True, allow_subnormal=True) if np.dtype(dtype).kind == "f" else None
    a = data.draw(hnp.arrays(dtype, shape, elements=elements))
    b = data.draw(hnp.arrays(dtype, shape[-1:], elements=elements))
    check_pair(binary("divmod"), a, b)
    check_pair(binary("divmod"), a.T[::-1], b[:1])


def test_float32_divmod_is_computed_in_float32():
    # NumPy divides float32 operands in float32; rounding the float64 quotient differs by an ulp.
    a, b = np.array([8.768607e22], np.float32), np.array([2.733417e15], np.float32)
    check_pair(binary("divmod"), a, b)
    rng = np.random.default_rng(5)
    x = (rng.standard_normal(2000) * 10.0 ** rng.integers(-30, 30, 2000)).astype(np.float32)
    y = (rng.standard_normal(2000) * 10.0 ** rng.integers(-30, 30, 2000)).astype(np.float32)
    check_pair(binary("divmod"), x, y)


@hasten.njit
def loop_of_pairs(xs):
    total = 0.0
    count = 0
    for x in xs:
        m, e = np.frexp(x)
        frac, whole = np.modf(x)
        q, r = np.divmod(x, 0.75)
        total += m + frac + whole + q + r
        count += e
    return total, count


def test_scalar_pairs_in_a_loop():
    check(loop_of_pairs, np.linspace(-5.0, 5.0, 11))


@hasten.njit
def unpacked(a, b):
    m, e = np.frexp(a * 2.0)
    q, r = np.divmod(a + 1, b)
    return m, e, q * 2, r


def test_operand_expressions_are_evaluated_once():
    a = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    check(unpacked, a, np.array([1.5, -2.0, 0.0, 3.0]))


def test_out_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="out="):
        jit_source("def f(a, o):\n    return np.modf(a, out=o)\n", np=np)(np.ones(3), np.ones(3))
