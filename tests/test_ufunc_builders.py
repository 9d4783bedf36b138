"""`@vectorize` and `@guvectorize`: hasten's ufuncs against NumPy's semantics. References: the same
kernels built by numba (real NumPy ufuncs, so NumPy itself does the broadcasting, loop selection,
reduce and accumulate), np.frompyfunc over the Python kernel, and NumPy's own equivalents."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import guvectorize, njit, vectorize
from conftest import assert_same, floats

numba = pytest.importorskip("numba")

SIGS = ["float64(float64, float64)", "float32(float32, float32)", "int64(int64, int64)"]


def axpy(a, b):
    return a * 2 + b


def safe_div(a, b):
    if b == 0:
        return 0.0
    return a / b


H_AXPY = vectorize(SIGS)(axpy)
N_AXPY = numba.vectorize(SIGS)(axpy)
H_AXPY_PAR = vectorize(SIGS[:1], target="parallel")(axpy)
H_LAZY = vectorize(axpy)
H_DIV = vectorize(["float64(float64, float64)"], identity=None)(safe_div)
N_DIV = numba.vectorize(["float64(float64, float64)"])(safe_div)


def same_call(h, n, *args, **kw):
    """Result or exception type of the hasten and the NumPy ufunc agree."""
    try:
        expected = n(*args, **kw)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)):
            h(*args, **kw)
        return None
    got = h(*args, **kw)
    assert_same(got, expected)
    return got


X = np.arange(12.0).reshape(3, 4) - 5
OPERANDS = [
    (X, 1.5), (X, X[0]), (X[:, :1], X[0]), (X.T, 2), (X[::2, ::-1], X[0, ::-1]), (1, 2), (1.5, 2), (True, 3),
    (np.int32(3), 2), (np.float32(2), 1.5), (np.float32(2), np.float32(1)), (np.arange(4, dtype=np.float32), 2),
    (np.arange(4, dtype=np.float32), 2.5), (np.arange(4, dtype=np.int16), np.arange(4, dtype=np.int8)),
    (np.arange(5), 7), (np.arange(5, dtype=np.uint64), 1), (np.zeros((0, 3)), 1.0), (np.array(2.0), np.array(3.0)),
    (X, np.arange(3.0)), (np.arange(3, dtype=np.int32), np.float32(1)),
]


@pytest.mark.parametrize("args", OPERANDS, ids=range(len(OPERANDS)))
def test_broadcasting_and_loop_selection(args):
    same_call(H_AXPY, N_AXPY, *args)
    same_call(H_DIV, N_DIV, *args)
    a = [np.asarray(x, dtype=np.float64) if not isinstance(x, (int, float)) else x for x in args]
    same_call(H_AXPY_PAR, numba.vectorize(SIGS[:1])(axpy), *a)


def test_out_argument():
    for out in (np.zeros((3, 4)), np.zeros((3, 4), np.float32), np.zeros((2, 3, 4)), np.zeros((3, 4), np.int64),
                np.zeros(4), np.zeros((3, 4))[:, ::-1]):
        h, n = out.copy(), out.copy()
        try:
            r = N_AXPY(X, 1.0, out=n)
        except Exception as e:  # noqa: BLE001
            with pytest.raises(type(e)):
                H_AXPY(X, 1.0, out=h)
            continue
        assert H_AXPY(X, 1.0, out=h) is h and r is n
        assert_same(h, n)
    a, b = X.copy(), X.copy()
    H_AXPY(a, a[::-1], a)
    N_AXPY(b, b[::-1], b)
    assert_same(a, b)
    ro = np.zeros((3, 4))
    ro.flags.writeable = False
    with pytest.raises(ValueError):
        H_AXPY(X, 1.0, out=ro)


def test_no_loop_errors_and_keywords():
    same_call(H_DIV, N_DIV, np.arange(3, dtype=np.uint64), np.arange(3, dtype=np.int64))
    same_call(H_AXPY, N_AXPY, np.array([1 + 2j]), 1)
    with pytest.raises(TypeError):
        H_AXPY(1.0)
    with pytest.raises(hasten.UnsupportedError, match="where="):
        H_AXPY(X, X, where=True)


@pytest.mark.parametrize("args", [(np.arange(5), 2), (np.arange(4, dtype=np.float32), np.float32(2)), (X, X),
                                  (np.arange(3, dtype=np.int8), True), (7, 2.5)])
def test_lazy_compiles_per_input_dtypes(args):
    """Without signatures: one loop per input dtypes, the result dtype the kernel's."""
    ref = np.frompyfunc(axpy, 2, 1)
    got = H_LAZY(*args)
    expected = ref(*[np.asarray(a) for a in args])
    np.testing.assert_array_equal(np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64))
    assert len(H_LAZY.types) >= 1


def test_lazy_refuses_other_dtypes_by_name():
    with pytest.raises(hasten.UnsupportedError, match="not float16"):
        H_LAZY(np.ones(2, np.float16), 1.0)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_reduce_and_accumulate(axis):
    for a in (X, X.astype(np.float32), np.arange(12).reshape(3, 4), X[:, ::-1], np.zeros((3, 0))):
        same_call(H_AXPY.reduce, N_AXPY.reduce, a, axis=axis)
        same_call(H_AXPY.reduce, N_AXPY.reduce, a, axis=axis, keepdims=True)
        same_call(H_AXPY.reduce, N_AXPY.reduce, a, axis=axis, initial=3.0)
        if axis is not None:
            same_call(H_AXPY.accumulate, N_AXPY.accumulate, a, axis=axis)
    same_call(H_AXPY.reduce, N_AXPY.reduce, np.arange(5.0))
    same_call(H_AXPY.accumulate, N_AXPY.accumulate, np.arange(5.0))
    with pytest.raises(ValueError, match="only supported for binary functions"):
        vectorize(["float64(float64)"])(_neg).reduce(X)


def _neg(x):
    return -x


def test_identity_reduce_of_empty():
    h = vectorize(["float64(float64, float64)"], identity=0)(axpy)
    n = numba.vectorize(["float64(float64, float64)"], identity=0)(axpy)
    same_call(h.reduce, n.reduce, np.zeros(0))
    same_call(h.reduce, n.reduce, X, axis=None)
    same_call(H_AXPY.reduce, N_AXPY.reduce, np.zeros(0))


@settings(max_examples=60, deadline=None)
@given(st.lists(floats, min_size=0, max_size=20), floats)
def test_hypothesis_floats(xs, y):
    a = np.array(xs, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same_call(H_AXPY, N_AXPY, a, y)
        same_call(H_DIV, N_DIV, a, y)
        same_call(H_DIV, N_DIV, y, a[::-1])


def test_called_from_compiled_code():
    @njit
    def use(x, n):
        s = 0.0
        for i in range(n):
            s += H_AXPY(x, i) + H_LAZY(x, 1.0)
        return s, H_AXPY(3, 4), H_AXPY(np.int32(3), np.int32(4)), H_AXPY(np.float32(3), np.float32(4)), H_LAZY(2, 3)

    got = use(1.5, 4)
    s = 0.0
    for i in range(4):
        s += N_AXPY(1.5, i) + axpy(1.5, 1.0)
    expected = (s,
                N_AXPY(3, 4), N_AXPY(np.int32(3), np.int32(4)), N_AXPY(np.float32(3), np.float32(4)), 7)
    assert_same(got, expected)


def test_targets():
    with pytest.raises(hasten.UnsupportedError, match="cuda"):
        vectorize(SIGS, target="cuda")(axpy)
    with pytest.raises(ValueError):
        vectorize(SIGS, target="gpu")(axpy)


# guvectorize -------------------------------------------------------------------------------------

GSIGS = ["void(float64[:], float64, float64[:])", "void(float32[:], float32, float32[:])"]


def scale(a, s, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * s


def dot(a, b, out):
    acc = 0.0
    for i in range(a.shape[0]):
        acc += a[i] * b[i]
    out[0] = acc


def matvec(m, v, out):
    for i in range(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * v[j]
        out[i] = acc


H_SCALE = guvectorize(GSIGS, "(n),()->(n)")(scale)
N_SCALE = numba.guvectorize(GSIGS, "(n),()->(n)")(scale)
H_DOT = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")(dot)
H_DOT_PAR = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()", target="parallel")(dot)
H_MATVEC = guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")(matvec)

R = np.random.default_rng(0)
A3 = R.standard_normal((2, 3, 4))


@pytest.mark.parametrize("args", [(A3, 2.0), (A3, np.arange(3.0)[:, None]), (np.arange(4, dtype=np.float32), 2),
                                  (A3[:, ::2, ::-1], np.array([1.0, 2.0])[:, None, None]), (np.zeros((0, 4)), 1.0),
                                  (A3[0, 0], 3), (np.arange(4), 2)])
def test_guvectorize_broadcasting(args):
    same_call(H_SCALE, N_SCALE, *args)


def python_dot(a, b):
    """CPython's reference: the kernel on each pair of broadcast core vectors."""
    shape = np.broadcast_shapes(a.shape[:-1], b.shape[:-1])
    a, b = np.broadcast_to(a, shape + a.shape[-1:]), np.broadcast_to(b, shape + b.shape[-1:])
    out = np.empty(shape + (1,))
    for idx in np.ndindex(*shape):
        dot(a[idx], b[idx], out[idx])
    return out[..., 0] if shape else out[0]


def test_guvectorize_against_numpy():
    for a, b in [(A3, A3), (A3, A3[0]), (A3[0, 0], A3[1, 2]), (A3[:, :1], A3[0])]:
        assert_same(H_DOT(a, b), python_dot(a, b))
        assert_same(H_DOT_PAR(a, b), python_dot(a, b))
        np.testing.assert_allclose(H_DOT(a, b), np.vecdot(a, b), rtol=1e-12)
    M = R.standard_normal((5, 3, 4))
    v = R.standard_normal(4)
    np.testing.assert_allclose(H_MATVEC(M, v), M @ v, rtol=1e-12)
    w = R.standard_normal((5, 4))
    np.testing.assert_allclose(H_MATVEC(M, w), np.einsum("kij,kj->ki", M, w), rtol=1e-12)
    out = np.zeros((2, 3))
    assert H_DOT(A3, A3, out=out) is out
    assert_same(out, python_dot(A3, A3))


def test_guvectorize_errors_match_numpy():
    for a, b in [(np.arange(3.0), np.arange(4.0)), (np.float64(1), np.arange(3.0)), (np.ones((2, 3)), np.ones((3, 3)))]:
        try:
            np.vecdot(a, b)
        except Exception as e:  # noqa: BLE001
            with pytest.raises(type(e)) as info:
                H_DOT(a, b)
            assert str(info.value).split(":", 1)[1] == str(e).split(":", 1)[1]
    with pytest.raises(ValueError, match="not a gufunc signature"):
        guvectorize(GSIGS, "(n),()")(scale)


def test_through_dask_threads():
    """dask calls the objects on each chunk from its worker threads (`apply_gufunc`, `map_blocks`)."""
    da = pytest.importorskip("dask.array")
    x = R.standard_normal((100, 8))
    dx = da.from_array(x, chunks=(30, 8))
    got = da.apply_gufunc(H_DOT, H_DOT.signature, dx, dx, output_dtypes=float).compute(scheduler="threads")
    assert_same(got, python_dot(x, x))
    lazy = vectorize(axpy)
    got = da.map_blocks(lazy, dx, dx[:, ::-1]).compute(scheduler="threads")
    assert_same(got, N_AXPY(x, x[:, ::-1]))
