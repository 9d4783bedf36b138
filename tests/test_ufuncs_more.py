"""The ufuncs beyond the arithmetic operators: float functions, rounding, signs, predicates, logical
and bitwise operations, comparisons, NaN-ignoring extrema. Each is compared with NumPy on arrays and
scalars of every dtype (result dtype, shape, values; NaN, ±inf and -0.0 included), inside fused
expressions and with out=.

NumPy computes the transcendental functions with its own SIMD code where the CPU has AVX-512, which
differs from the C library in the last bits; hasten calls the C library as NumPy's loops do
elsewhere. Those functions are checked bit for bit against the C library (through ctypes) and
within a few units in the last place against NumPy, with special values exactly."""

import ctypes
import ctypes.util
import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from conftest import assert_same, check, jit_source

LIBM = ctypes.CDLL(ctypes.util.find_library("m"))

# name in NumPy -> name in the C library (None: computed inline, compared bit for bit with NumPy).
FLOAT_FUNCTIONS = {
    "tan": "tan", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sinh": "sinh", "cosh": "cosh",
    "tanh": "tanh", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "log2": "log2",
    "log10": "log10", "log1p": "log1p", "expm1": "expm1", "exp2": "exp2", "cbrt": "cbrt",
}
EXACT_UNARY = ["floor", "ceil", "trunc", "rint", "sign", "fabs", "positive", "reciprocal", "deg2rad", "radians",
               "rad2deg", "degrees", "isinf", "isfinite", "signbit", "isposinf", "isneginf", "logical_not", "invert",
               "bitwise_not"]
EXACT_BINARY = ["hypot", "copysign", "fmod", "fmin", "fmax", "heaviside", "logical_and", "logical_or", "logical_xor",
                "greater", "greater_equal", "less", "less_equal", "equal", "not_equal", "bitwise_and",
                "bitwise_or", "bitwise_xor", "left_shift", "right_shift", "remainder", "mod", "floor_divide"]
DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int16, np.int8, np.uint8, np.uint64, np.bool_]

SPECIAL = np.array([0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.5, -2.5, 3.0, 0.75, -0.999, 1e-300, 5e-324,
                    10.0, -7.25, 100.0, 710.0, -745.0, 1e300, np.inf, -np.inf, np.nan])


@functools.cache
def unary(name):
    return jit_source(f"def f(a):\n    return np.{name}(a)\n", np=np)


@functools.cache
def binary(name):
    return jit_source(f"def f(a, b):\n    return np.{name}(a, b)\n", np=np)


def values(dtype):
    if np.dtype(dtype).kind == "f":
        with np.errstate(over="ignore"):
            return SPECIAL.astype(dtype)
    if dtype == np.bool_:
        return np.array([True, False, True])
    info = np.iinfo(dtype)
    vals = [0, 1, 2, 3, 7, 100, info.max, info.max - 1]
    if info.min < 0:
        vals += [-1, -2, -7, info.min, info.min + 1]
    return np.array(vals, dtype=dtype)


def numpy_or_error(f, *args):
    """f.py_func's result, or None when NumPy refuses the operand types: hasten must then raise
    TypingError at compile time (NumPy's TypeError has no counterpart among hasten's errors), and
    UnsupportedError where NumPy computes in float16."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            expected = f.py_func(*args)
        except TypeError:
            expected = None
        if expected is None:
            with pytest.raises(hasten.TypingError):
                f(*args)
            return None
        if getattr(expected, "dtype", None) == np.float16:
            with pytest.raises(hasten.UnsupportedError, match="float16"):
                f(*args)
            return None
        return expected


def check_quiet(f, *args):
    if numpy_or_error(f, *args) is None:
        return
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if f.py_func.__code__.co_names[-1] in ("fmin", "fmax"):
            check(f, *args, reference=zero_sign_of_first(f.py_func))
        else:
            check(f, *args)


def zero_sign_of_first(fn):
    """NumPy's fmin and fmax pick either of two equal zeros depending on the position of the
    element in its SIMD loop; hasten always keeps the first operand, as NumPy's scalar loop does."""

    def reference(a, b):
        r = fn(a, b)
        both_zero = (np.asarray(a) == 0) & (np.asarray(b) == 0)
        if not np.any(both_zero):
            return r
        first = np.broadcast_to(np.asarray(a, dtype=np.result_type(r)), np.shape(r))
        fixed = np.where(both_zero, first, r).astype(np.result_type(r))
        return fixed if isinstance(r, np.ndarray) else fixed[()]

    return reference


def libm_reference(cname, x):
    single = x.dtype == np.float32
    fn = getattr(LIBM, cname + ("f" if single else ""))
    t = ctypes.c_float if single else ctypes.c_double
    fn.restype, fn.argtypes = t, [t]
    return np.array([fn(float(v)) for v in x.ravel()], dtype=x.dtype).reshape(x.shape)


def assert_within_ulps(got, expected, ulps):
    assert got.dtype == expected.dtype and got.shape == expected.shape
    nan = np.isnan(expected)
    assert np.array_equal(np.isnan(got), nan), f"NaNs differ\n{got}\n{expected}"
    finite = np.isfinite(expected)
    assert np.array_equal(got[~finite & ~nan], expected[~finite & ~nan]), "infinities differ"
    assert np.array_equal(np.signbit(got[expected == 0]), np.signbit(expected[expected == 0])), "signs of zero differ"
    e, g = expected[finite], got[finite]
    assert np.all(np.abs(g.astype(np.float64) - e) <= ulps * np.spacing(np.abs(e))), f"beyond {ulps} ulps\n{g}\n{e}"


@pytest.mark.parametrize("name", sorted(FLOAT_FUNCTIONS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_float_functions_are_the_c_librarys(name, dtype):
    f = unary(name)
    rng = np.random.default_rng(0)
    with np.errstate(all="ignore"):
        x = np.concatenate([SPECIAL, rng.uniform(-3, 3, 200), rng.uniform(0.9, 40, 100)]).astype(dtype)
        got = f(x)
        assert_same(got, libm_reference(FLOAT_FUNCTIONS[name], x))
        assert_within_ulps(got, f.py_func(x), 4)
        # Strided and 2-d operands, scalars of the dtype.
        assert_same(f(x[::3]), libm_reference(FLOAT_FUNCTIONS[name], x[::3]))
        x2 = x[:300].reshape(20, 15).T
        assert_same(f(x2), libm_reference(FLOAT_FUNCTIONS[name], x2))
        for v in (0.25, 2.0):
            s = f(dtype(v))
            assert_same(s, libm_reference(FLOAT_FUNCTIONS[name], np.array([v], dtype))[0])


@pytest.mark.parametrize("name", sorted(FLOAT_FUNCTIONS))
def test_float_functions_of_ints_and_python_numbers(name):
    f = unary(name)
    with np.errstate(all="ignore"):
        for x in (np.array([1, 2, 3], dtype=np.int64), np.array([1, 2], dtype=np.int16), np.array([1], dtype=np.uint32)):
            got, expected = f(x), f.py_func(x)
            assert got.dtype == expected.dtype
            assert_within_ulps(got, expected, 4)
        for x in (0.5, 2, np.int32(3)):
            got, expected = f(x), f.py_func(x)
            assert type(got) is type(expected)
            assert_within_ulps(np.array([got]), np.array([expected]), 4)
    for bad in (np.array([1], dtype=np.int8), np.array([True]), True):
        with pytest.raises(hasten.UnsupportedError, match="float16"):
            f(bad)


@pytest.mark.parametrize("name", EXACT_UNARY)
@pytest.mark.parametrize("dtype", DTYPES)
def test_exact_unary_ufuncs(name, dtype):
    f = unary(name)
    x = values(dtype)
    check_quiet(f, x)
    check_quiet(f, x[::-2])
    check_quiet(f, x[0])
    if x.size >= 6:
        check_quiet(f, x[:6].reshape(2, 3).T)


@pytest.mark.parametrize("name", EXACT_UNARY)
def test_exact_unary_ufuncs_of_python_numbers(name):
    f = unary(name)
    for x in (-2.5, 0.5, -0.0, float("nan"), float("inf"), 3, -4, 0, True, False):
        check_quiet(f, x)


@pytest.mark.parametrize("name", EXACT_BINARY + ["arctan2"])
@pytest.mark.parametrize("da, db", [(np.float64, np.float64), (np.float32, np.float32), (np.float32, np.float64),
                                    (np.int64, np.int64), (np.int8, np.int8), (np.uint8, np.int16),
                                    (np.int64, np.float64), (np.bool_, np.bool_), (np.uint64, np.uint64),
                                    (np.int32, np.uint32)])
def test_binary_ufuncs(name, da, db):
    f = binary(name)
    a, b = values(da), values(db)
    n = min(a.size, b.size)
    a2, b2 = np.repeat(a, b.size), np.tile(b, a.size)  # every pair
    if name == "arctan2":
        if numpy_or_error(f, a2, b2) is not None:
            with np.errstate(all="ignore"):
                assert_within_ulps(f(a2, b2), f.py_func(a2, b2), 4)
        return
    check_quiet(f, a2, b2)
    check_quiet(f, a[:n], b[:n][::-1])
    check_quiet(f, a[:, None], b[None, :n])  # broadcasting
    check_quiet(f, a[1], b[2])


@pytest.mark.parametrize("name", EXACT_BINARY)
def test_binary_ufuncs_with_python_numbers(name):
    f = binary(name)
    for arr in (values(np.float64), values(np.int64)[:8], values(np.uint8), values(np.float32), values(np.bool_)):
        for s in (2, -3, 0, 2.5, -0.0, float("nan"), True):
            if arr.dtype.kind in "ub" and s == -3:
                continue  # NumPy's OverflowError for a Python int out of the array's range
            check_quiet(f, arr, s)
            check_quiet(f, s, arr)
    for x, y in ((3, 2), (-7, 2), (2.5, -1.5), (True, False), (5, 2.0), (0, 0), (-0.0, 0.0)):
        check_quiet(f, x, y)


finite = st.floats(allow_nan=True, allow_infinity=True, width=64)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(EXACT_BINARY), st.sampled_from([np.float64, np.float32, np.int64, np.int16, np.uint8]),
       hnp.array_shapes(max_dims=2, max_side=5), st.data())
def test_binary_ufuncs_hypothesis(name, dtype, shape, data):
    elements = hnp.from_dtype(np.dtype(dtype), allow_nan=True) if np.dtype(dtype).kind == "f" else None
    a = data.draw(hnp.arrays(dtype, shape, elements=elements))
    b = data.draw(hnp.arrays(dtype, shape[-1:], elements=elements))
    check_quiet(binary(name), a, b)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(EXACT_UNARY), hnp.arrays(st.sampled_from([np.float64, np.float32, np.int32, np.uint16]),
                                                hnp.array_shapes(max_dims=2, max_side=6)))
def test_unary_ufuncs_hypothesis(name, a):
    check_quiet(unary(name), a)


@hasten.njit
def fused(a, b):
    return np.hypot(a, b) * np.sign(a) + np.floor(b) - np.fmin(a, b) + np.where(np.isfinite(a) & np.less(a, b), 1.0, 0.5)


def test_new_ufuncs_fuse_into_one_loop():
    a = np.linspace(-3.0, 3.0, 30).reshape(5, 6)
    b = np.cos(a) * 4
    b[1, 2] = np.nan
    check(fused, a, b)
    check(fused, a.T, b.T)
    check(fused, a, 2.0)
    fused(a, b)
    before = hasten.alloc_stats()["allocations"]
    fused(a, b)
    assert hasten.alloc_stats()["allocations"] - before == 1, "only the result is allocated"


@hasten.njit
def with_out(a, b, o, m):
    np.copysign(a, b, out=o)
    np.greater(a, b, out=m)
    np.trunc(a, o)
    return o, m


def test_out_argument():
    a, b = np.array([1.5, -2.5, 0.0, np.nan]), np.array([-1.0, 1.0, -0.0, 2.0])
    check(with_out, a, b, np.zeros(4), np.zeros(4, dtype=np.bool_))
    check(with_out, a, b, np.zeros(4), np.zeros(4))  # bool into float: same_kind allows it


@hasten.njit
def out_int(a, o):
    return np.floor(a, out=o)


def test_out_refuses_unsafe_casts():
    with pytest.raises(hasten.TypingError, match="Cannot cast ufunc 'floor' output from dtype\\('float64'\\) to dtype\\('int64'\\)"):
        out_int(np.ones(3), np.zeros(3, dtype=np.int64))


def test_refused_operand_types():
    with pytest.raises(hasten.TypingError, match="ufunc 'invert' not supported for the input types"):
        unary("invert")(np.ones(2))
    with pytest.raises(hasten.TypingError, match="ufunc 'sign' did not contain a loop"):
        unary("sign")(np.array([True]))
    with pytest.raises(hasten.TypingError):
        binary("bitwise_and")(np.ones(2), 1)


@hasten.njit
def rounded(a):
    return np.round(a), np.round(a, 1), np.around(a, 2), np.round(a, decimals=-1), np.round(a, -2), np.round(a, 10), a.round(3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8, np.int8])
def test_round_follows_numpys_scaling(dtype):
    rng = np.random.default_rng(1)
    with np.errstate(all="ignore"):
        x = np.concatenate([SPECIAL, [2.675, 1.005, 0.125, -0.125, 15.0, 25.0, -25.0, 1234.5678, 1e308],
                            rng.uniform(-1000, 1000, 100)]).astype(dtype)
        check(rounded, x)
        check(rounded, x[::-3])
        check(rounded, x[5])


@hasten.njit
def rounded_number(x):
    return np.round(x), np.round(x, 2), np.around(x, -1)


def test_round_of_python_numbers_and_refusals():
    with np.errstate(all="ignore"):
        for v in (2.5, -0.5, 2.675, 15, -25, 0):
            check(rounded_number, v)
    with pytest.raises(hasten.TypingError):
        rounded(np.array([True]))
    # Decimals known only at run time are computed too (test_transpose_round_fmod.py has more).
    f = jit_source("def f(a, d):\n    return np.round(a, d)\n", np=np)
    check(f, np.array([1.25, -2.675]), 1)
