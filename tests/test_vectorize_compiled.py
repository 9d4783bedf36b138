"""A `@vectorize` ufunc with a signature list called on arrays from compiled code: NumPy's loop
selection (array dtypes cast safely, Python scalars weakly), broadcasting, and the result dtype the
selected signature gives, against numba's ufunc (a real `np.ufunc`) on the same operands."""

import warnings

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, vectorize
from conftest import assert_same, floats


def axpy(x, y):
    return 2 * x + y


def fma3(x, y, z):
    return x * y + z


def positive(x):
    return x > 0


SIGS = ["int8(int8, int8)", "float32(float32, float32)", "int64(int64, int64)", "float64(float64, float64)"]
H_AXPY, N_AXPY = vectorize(SIGS)(axpy), numba.vectorize(SIGS)(axpy)
H_FMA, N_FMA = (v(["float64(float64, float64, float64)"])(fma3) for v in (vectorize, numba.vectorize))
H_POS, N_POS = (v(["boolean(float64)", "boolean(int64)"])(positive) for v in (vectorize, numba.vectorize))
H_LAZY = vectorize(axpy)


@njit
def call_axpy(a, b):
    return H_AXPY(a, b)


@njit
def call_fma(a, b, c):
    return H_FMA(a, b, c)


@njit
def call_pos(a):
    return H_POS(a)


def same(got_call, expected_call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = expected_call()
        except Exception as e:  # noqa: BLE001 -- the same exception is expected
            with pytest.raises(type(e)):
                got_call()
            return
    assert_same(got_call(), expected)


OPERANDS = [
    np.arange(6.0).reshape(3, 2),
    np.arange(2.0),
    np.arange(3, dtype=np.int32),
    np.arange(3, dtype=np.float32)[::-1],
    np.ones((2, 1), np.int8),
    np.ones(3, np.int8),
    np.ones(3, bool),
    np.arange(12, dtype=np.uint64).reshape(3, 4)[:, ::2],
    np.zeros((0, 2)),
    2,
    2.5,
    True,
    np.float32(1.5),
    np.int8(3),
]


@pytest.mark.parametrize("a", OPERANDS)
@pytest.mark.parametrize("b", OPERANDS[:9] + [OPERANDS[10]])
def test_binary_loops_and_broadcasting(a, b):
    same(lambda: call_axpy(a, b), lambda: N_AXPY(a, b))
    same(lambda: call_axpy(b, a), lambda: N_AXPY(b, a))


@settings(max_examples=50, deadline=None)
@given(st.lists(floats, max_size=12), floats, st.sampled_from([np.float64, np.float32, np.int64, np.int8]))
def test_hypothesis_values(xs, y, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = np.array(xs).astype(dtype)
    same(lambda: call_axpy(a, y), lambda: N_AXPY(a, y))
    same(lambda: call_fma(a, y, a[::-1]), lambda: N_FMA(a, y, a[::-1]))
    same(lambda: call_pos(a.astype(np.float64)), lambda: N_POS(a.astype(np.float64)))


def test_three_operands_and_bool_results():
    a, b, c = np.arange(6.0).reshape(2, 3), np.arange(3), 0.5
    same(lambda: call_fma(a, b, c), lambda: N_FMA(a, b, c))
    same(lambda: call_fma(c, c, b), lambda: N_FMA(c, c, b))
    same(lambda: call_pos(np.arange(-3, 3)), lambda: N_POS(np.arange(-3, 3)))
    same(lambda: call_fma(a, np.arange(4), c), lambda: N_FMA(a, np.arange(4), c))


def test_no_loop_is_numpys_type_error():
    h = vectorize(["float32(float32)"])(positive)

    @njit
    def call(a):
        return h(a)

    with pytest.raises(TypeError, match="not supported for the input types"):
        call(np.arange(3))


def test_lazy_ufunc_on_arrays_refused_by_name():
    @njit
    def call(a):
        return H_LAZY(a, a)

    with pytest.raises(hasten.UnsupportedError, match="on arrays from compiled code needs a signature list"):
        call(np.ones(3))


ZERO_D = [np.array(2.5), np.array(3, np.int8), np.array(1.5, np.float32), np.array(-4), np.array(True)]


@pytest.mark.parametrize("a", ZERO_D)
@pytest.mark.parametrize("b", ZERO_D + [2, 2.5, True, np.float32(1.5), np.int8(3), np.arange(3.0), np.ones((2, 1), np.int8)])
def test_zero_d_array_operands(a, b):
    # Only 0-d arrays and scalars: NumPy's loop for scalars of those dtypes and a scalar result; with
    # an array of more dimensions, an array.
    same(lambda: call_axpy(a, b), lambda: N_AXPY(a, b))
    same(lambda: call_axpy(b, a), lambda: N_AXPY(b, a))


def test_zero_d_operands_of_three_and_bool_kernels():
    z = np.array(0.5)
    same(lambda: call_fma(z, z, z), lambda: N_FMA(z, z, z))
    same(lambda: call_fma(z, 2, np.array(3.0)), lambda: N_FMA(z, 2, np.array(3.0)))
    for v in (np.array(1.5), np.array(-2), np.array(np.nan), np.array(-0.0)):
        same(lambda: call_pos(v), lambda: N_POS(v))
    h = vectorize(["float32(float32)"])(positive)

    @njit
    def call(a):
        return h(a)

    with pytest.raises(TypeError, match="not supported for the input types"):
        call(np.array(3))


# ---- out= from compiled code ---------------------------------------------------------------------

_add2 = vectorize(["float64(float64, float64)", "int64(int64, int64)"])(axpy)


@njit
def into_out(a, b, out):
    r = _add2(a, b, out=out)
    return out, r


def into_out_numpy(a, b, out):
    r = np.add(np.multiply(2, a), b, out=out)
    return out, r


@pytest.mark.parametrize("a, b, out", [
    (np.arange(5.0), np.ones(5), np.zeros(5)),
    (np.arange(5.0), 1.5, np.zeros((2, 5))),
    (np.arange(5), np.ones(5, np.int64), np.zeros(5)),
    (np.arange(6.0).reshape(2, 3), np.ones(3), np.zeros((3, 2)).T),
])
def test_out_is_written_and_returned(a, b, out):
    expected_out = out.copy()
    got, r = into_out(a, b, out)
    into_out_numpy(a, b, expected_out)
    assert_same(got, expected_out)
    assert got is out and r is out


def test_out_casting_and_shape_errors():
    with pytest.raises(hasten.TypingError, match="Cannot cast ufunc 'axpy' output from dtype\\('float64'\\) to dtype\\('int64'\\)"):
        into_out(np.arange(5.0), np.ones(5), np.zeros(5, np.int64))
    with pytest.raises(ValueError):
        into_out(np.arange(5.0), np.ones(5), np.zeros(3))


@njit
def reduce_in_compiled(a):
    return _add2.reduce(a)


def test_ufunc_methods_are_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match=r"`\.reduce\(\.\.\.\)`\) is not supported in compiled code"):
        reduce_in_compiled(np.arange(3.0))
