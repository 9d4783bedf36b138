"""Stacks of matrices, differential against NumPy: batched `@`/`np.matmul` (broadcast stack axes,
1-D promotion, every real dtype), `np.dot`/`np.inner` of n-D operands, `np.trace` over any axes, `np.linalg` on stacks
(one LAPACK call per member, as NumPy loops), `norm` over axis pairs and with `keepdims`,
`matrix_power` of integer matrices (exact, wrapping as NumPy's), `np.random.random_integers`.

Float products are compared to 1e-12 relative (NumPy's BLAS may add in another order), LAPACK
results to LAPACK tolerance (`test_linalg.close`, vectors up to sign); integers and bools exactly;
exceptions by type and message."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import check, jit_source
from hasten import njit
# The kernels of the 2-D tests, run here on stacks.
from test_linalg import _compare, _unsign, close, dot, eigh, inner, inv, outer, pinv, power, qr, rank, solve, svd, svd_reduced, svd_values

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint8, np.uint64, np.bool_]


@njit
def matmul_op(a, b):
    return a @ b


@njit
def matmul_fn(a, b):
    return np.matmul(a, b)


@njit
def vdot(a, b):
    return np.vdot(a, b)


def same_product(got, want):
    """Equal type, dtype and shape; ints and bools exactly, floats to 1e-12 (1e-5 for float32)."""
    assert type(got) is type(want), f"{type(got)} != {type(want)}"
    assert np.asarray(got).dtype == np.asarray(want).dtype and np.shape(got) == np.shape(want)
    if np.asarray(want).dtype.kind == "f":
        tol = 1e-5 if np.asarray(want).dtype == np.float32 else 1e-12
        assert np.allclose(got, want, rtol=tol, atol=tol)
    else:
        assert np.array_equal(got, want)


def sample(rng, shape, dtype):
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if np.dtype(dtype).kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -100), min(info.max, 100), size=shape, endpoint=True).astype(dtype)


def view(x, how):
    """`x` itself, or an equal non-contiguous view of a copy: reversed, or strided."""
    if how == 0 or x.ndim == 0:
        return x
    if how == 1:
        return np.ascontiguousarray(x[..., ::-1])[..., ::-1]
    padded = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), x.dtype)
    padded[..., ::2] = x
    return padded[..., ::2]


stack_len = st.sampled_from([0, 1, 1, 2, 3])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(stack_len, max_size=3), st.lists(stack_len, max_size=3),
    st.integers(0, 4), st.integers(0, 4), st.integers(0, 4),
    st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.integers(0, 2), st.integers(0, 2**32 - 1),
)
def test_batched_matmul_broadcasts_stacks(sa, sb, n, k, m, da, db, how, seed):
    rng = np.random.default_rng(seed)
    # Make the stacks broadcastable, keeping lengths of 1 and 0 on either side.
    sb = list(sb)
    for i in range(1, min(len(sa), len(sb)) + 1):
        if sa[-i] != 1 and sb[-i] != 1:
            sb[-i] = sa[-i]
    a = view(sample(rng, tuple(sa) + (n, k), da), how)
    b = view(sample(rng, tuple(sb) + (k, m), db), how)
    for f in (matmul_op, matmul_fn):
        same_product(f(a, b), a @ b)
    # 1-D operands: a row of `a`, a column of `b`, removed from the result.
    a1, b1 = sample(rng, (k,), da), sample(rng, (k,), db)
    same_product(matmul_op(a1, b), a1 @ b)
    same_product(matmul_op(a, b1), a @ b1)


def test_matmul_errors_are_numpys():
    for sa, sb in [((2, 3), (2, 2)), ((2, 2, 3), (3, 3, 4)), ((2, 2, 3), (3, 4, 4)), ((3,), (2,)), ((5, 2, 3), (3,)), ((2,), (4, 3, 3))]:
        check(matmul_op, np.ones(sa), np.ones(sb))
        check(matmul_fn, np.ones(sa, np.int64), np.ones(sb, np.int8))


def test_matmul_integers_wrap_as_numpys():
    a = np.full((3, 2, 4), 100, np.int8)
    check(matmul_op, a, np.full((4, 3), 7, np.int8))
    check(matmul_op, np.full((2, 2, 2), 2**62, np.int64), np.full((2, 2), 3, np.int64))
    check(matmul_op, np.ones((2, 3, 3), np.uint8) * 200, np.ones((3, 3), np.uint8))


@pytest.mark.parametrize("stack", [(3,), (2, 2), (1,), (0,)])
def test_large_float64_members_go_through_blas(stack):
    rng = np.random.default_rng(7)
    a = rng.standard_normal(stack + (64, 80))
    b = rng.standard_normal((80, 48))
    same_product(matmul_op(a, b), a @ b)
    same_product(matmul_op(a[..., ::2, :], b.T.copy().T), a[..., ::2, :] @ b)
    bt = rng.standard_normal((1,) + (48, 80)).transpose(0, 2, 1)
    same_product(matmul_op(a, bt), a @ bt)
    same_product(dot(a, b), np.dot(a, b))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=3), st.lists(st.integers(0, 3), min_size=0, max_size=2),
    st.integers(0, 3), st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.integers(0, 2), st.integers(0, 2**32 - 1),
)
def test_dot_and_inner_of_nd(a_lead, b_lead, k, da, db, how, seed):
    rng = np.random.default_rng(seed)
    a = view(sample(rng, tuple(a_lead) + (k,), da), how)
    if b_lead:
        b = view(sample(rng, tuple(b_lead[:-1]) + (k, b_lead[-1]), db), how)
    else:
        b = view(sample(rng, (k,), db), how)
    same_product(dot(a, b), np.dot(a, b))
    bi = np.ascontiguousarray(np.swapaxes(b, -1, -2)) if b.ndim >= 2 else b
    same_product(inner(a, bi), np.inner(a, bi))
    same_product(vdot(a, a), np.vdot(a, a))
    same_product(outer(a, b), np.outer(a, b))


def test_dot_and_inner_errors_are_numpys():
    for sa, sb in [((2, 3, 4), (5, 6)), ((2, 3, 4), (5,)), ((2, 3), (4, 2, 5)), ((3,), (2, 4, 2))]:
        check(dot, np.ones(sa), np.ones(sb))
    for sa, sb in [((2, 3), (5, 6, 7)), ((2, 4, 3), (5, 6, 7)), ((3,), (5, 6, 7)), ((2, 4, 3), (7,)), ((2, 3), (2, 4))]:
        check(inner, np.ones(sa), np.ones(sb))


def trace_of(args):
    return jit_source(f"def f(a):\n    return np.trace(a{args})\n", np=np)


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4), (2, 0, 3), (3, 1, 2, 2)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int8, np.uint16, np.bool_])
def test_trace_offsets_and_axes(shape, dtype):
    a = view(sample(np.random.default_rng(1), shape, dtype), 2)
    nd = len(shape)
    for args in ["", ", 1", ", -2", ", offset=5"] + [f", {k}, {i}, {j}" for k in (0, 1, -1) for i in range(-nd, nd) for j in range(nd) if i % nd != j]:
        check(trace_of(args), a)
    check(trace_of(", axis2=0, axis1=1"), a)


def test_trace_axis_errors():
    a = np.ones((2, 3, 4))
    for args, message in [(", 0, 1, 1", "axis1 and axis2 cannot be the same"), (", 0, 3", "out of bounds")]:
        with pytest.raises(Exception, match=message):
            trace_of(args)(a)


# --- np.linalg on stacks ------------------------------------------------------------------


@njit
def dets(a):
    sign, log = np.linalg.slogdet(a)
    return np.linalg.det(a), sign, log


@njit
def eigvalsh_upper(a):
    return np.linalg.eigvalsh(a, UPLO="U")


@njit
def cholesky(a):
    return np.linalg.cholesky(a), np.linalg.cholesky(a, upper=True)


@njit
def qr_r(a):
    return np.linalg.qr(a, mode="r")


@njit
def cond(a):
    return np.linalg.cond(a), np.linalg.cond(a, 1)


@njit
def power_minus_two(a):
    return np.linalg.matrix_power(a, -2)


def members(rng, stack, n, m=None, kind="general"):
    m = n if m is None else m
    x = rng.standard_normal(stack + (n, m))
    if kind == "spd":
        x = x @ np.swapaxes(x, -1, -2) + n * np.eye(n)
    elif kind == "well":
        x = x + max(n, 1) * np.eye(n, m)
    return x


STACKS = [(0,), (1,), (3,), (2, 3), (2, 0, 2), (1, 2, 1, 2)]


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("n", [0, 1, 3])
def test_square_functions_on_stacks(stack, n):
    rng = np.random.default_rng(len(stack) * 10 + n)
    a = members(rng, stack, n, kind="well")
    close(inv, a)
    close(dets, a)
    close(solve, a, rng.standard_normal(stack + (n, 2)))
    close(solve, a, rng.standard_normal((n,)))
    close(solve, a, rng.standard_normal((n, 1)))
    close(pinv, a)
    if n:
        close(cond, a)
        close(rank, a)
    close(power, a / max(n, 1), 3, rtol=1e-8)
    close(power, a, 0)
    s = members(rng, stack, n, kind="spd")
    close_members(eigh, s, stack)
    close(eigvalsh_upper, s)
    close(cholesky, s)


def close_members(f, a, stack):
    """`f` on a stack against NumPy: the same tuple of arrays (types, dtypes, shapes), and each
    member's items equal up to the signs of its vectors, as `test_linalg.close` compares one."""
    got, want = f(a), f.py_func(a)
    assert type(got) is tuple and len(got) == len(want)
    for g, w in zip(got, want):
        assert type(g) is np.ndarray and g.dtype == w.dtype and g.shape == w.shape
    for index in np.ndindex(*stack):
        g, w = _unsign(tuple(x[index] for x in got)), _unsign(tuple(x[index] for x in want))
        _compare(g, w, 1e-9)


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("shape", [(0, 0), (3, 2), (2, 3), (3, 3)])
def test_rectangular_functions_on_stacks(stack, shape):
    rng = np.random.default_rng(sum(shape) + len(stack))
    a = members(rng, stack, *shape)
    close(svd_values, a)
    close(pinv, a)
    for f in (svd, svd_reduced):
        close_members(f, a, stack)
    got, want = qr(a), qr.py_func(a)
    assert [(x.shape, x.dtype) for x in got] == [(x.shape, x.dtype) for x in want]
    assert np.allclose(got[0] @ got[1], a) and np.allclose(np.abs(got[1]), np.abs(want[1]))
    assert np.allclose(np.abs(qr_r(a)), np.abs(qr_r.py_func(a)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(stack_len, min_size=1, max_size=3), st.integers(0, 4),
    st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.uint8, np.bool_]), st.integers(0, 2), st.integers(0, 2**32 - 1),
)
def test_hypothesis_stacks(stack, n, dtype, how, seed):
    rng = np.random.default_rng(seed)
    stack = tuple(stack)
    a = members(rng, stack, n, kind="well")
    a = view((a * 3).astype(dtype) if dtype != np.bool_ else a > 0, how)
    rtol = 1e-4 if dtype == np.float32 else 1e-7
    close(dets, a, rtol=rtol)
    close(svd_values, a, rtol=rtol)
    close(solve, a, view(rng.standard_normal(stack[1:] + (n, 2)), how), rtol=rtol)
    close(inv, a, rtol=rtol)
    s = a + np.swapaxes(a, -1, -2) if dtype != np.bool_ else a | np.swapaxes(a, -1, -2)
    close(eigvalsh_upper, s, rtol=rtol)


def test_stacks_with_views_and_dtypes():
    rng = np.random.default_rng(3)
    a = members(rng, (4,), 3, kind="well")
    for x in (a[::-1], a[::2], np.swapaxes(a, -1, -2), a.astype(np.float32), (a * 10).astype(np.int64)):
        close(inv, x, rtol=1e-5)
        close(dets, x, rtol=1e-5)
    b = rng.standard_normal((3, 2))
    close(solve, a.astype(np.float32), b.astype(np.float32), rtol=1e-5)


def test_singular_members_raise_linalgerror():
    a = np.stack([np.eye(3), np.zeros((3, 3)), np.eye(3)])
    close(inv, a)
    close(solve, a, np.ones((3,)))
    close(dets, a)
    close(cholesky, -a)
    close(rank, a)


def test_stack_errors_are_numpys():
    close(inv, np.ones((2, 3, 4)))
    close(solve, np.ones((2, 3, 3)), np.ones((3, 3, 1)))
    close(solve, np.ones((2, 3, 3)), np.ones((3, 4, 1)))
    close(solve, np.ones((2, 3, 3)), np.ones((2, 4)))
    close(solve, np.ones((2, 3, 3)), np.ones((4,)))
    close(solve, np.ones((2, 3, 4)), np.ones((3, 3, 1)))
    close(power, np.ones((2, 2, 3)), 2)


# --- norm over axis pairs, keepdims -------------------------------------------------------


def norm_of(ord_, axis, keepdims):
    src = f"def f(x):\n    return np.linalg.norm(x, {ord_}, {axis!r}, {keepdims})\n".replace("inf", "np.inf")
    return jit_source(src, np=np)


@pytest.mark.parametrize("shape", [(3,), (3, 4), (2, 3, 4), (2, 0, 3), (1, 2, 3, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_norm_axes_and_keepdims(shape, keepdims):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape)
    nd = len(shape)
    cases = [("None", None)]
    cases += [(o, a) for o in ("None", "1", "inf", "0", "-1", "3") for a in range(-nd, nd)]
    if nd >= 2:
        pairs = [(0, 1), (1, 0), (nd - 1, 0), (-1, -2)]
        cases += [(o, p) for o in ("None", "'fro'", "'nuc'", "1", "-1", "2", "-2", "inf", "-inf") for p in pairs]
    for ord_, axis in cases:
        if nd > 2 and axis is None:
            continue
        close(norm_of(ord_, axis, keepdims), x)


def test_norm_errors():
    x = np.ones((2, 3, 4))
    with pytest.raises(Exception, match="Duplicate axes given."):
        norm_of("None", (0, 0), False)(x)
    with pytest.raises(Exception, match="Improper number of dimensions to norm."):
        norm_of("2", None, False)(x)
    assert norm_of("None", None, False)(x) == np.linalg.norm(x)


# --- matrix_power of integer matrices -----------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64, np.bool_])
@pytest.mark.parametrize("stack", [(), (3,), (0,), (2, 1)])
def test_integer_matrix_power_is_exact_and_wraps(dtype, stack):
    rng = np.random.default_rng(5)
    for n in (0, 1, 3):
        a = sample(rng, stack + (n, n), dtype)
        for k in (0, 1, 2, 3, 5, 8, 13):
            check(power, a, k)
    check(power, np.full((2, 2), 3, dtype), 70)
    check(power, np.ones((2, 3), dtype), 2)


def test_integer_matrix_power_negative():
    a = np.array([[2, 1], [1, 1]], np.int64)
    close(power_minus_two, a)
    with pytest.raises(ValueError, match="negative"):
        power(a, -1)


# --- np.random.random_integers ------------------------------------------------------------


@njit
def draws_integers(seed, low, high, n):
    np.random.seed(seed)
    one = np.random.random_integers(low)
    two = np.random.random_integers(low, high)
    return one, two, np.random.random_integers(low, high, n), np.random.random_integers(high, size=(2, n))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 10**6), st.integers(0, 10**6), st.integers(0, 5))
def test_random_integers_is_numpys_stream(seed, low, span, n):
    high = low + span
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        rs = np.random.RandomState(seed)
        want = (rs.random_integers(low), rs.random_integers(low, high), rs.random_integers(low, high, n), rs.random_integers(high, size=(2, n)))
    got = draws_integers(seed, low, high, n)
    for g, w in zip(got, want):
        assert type(g) is type(w)
        assert np.array_equal(g, w) and np.asarray(g).dtype == np.asarray(w).dtype


def test_random_integers_bad_range():
    f = jit_source("def f():\n    return np.random.random_integers(5, 3)\n", np=np)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError) as want:
            np.random.random_integers(5, 3)
    with pytest.raises(ValueError) as got:
        f()
    assert str(got.value) == str(want.value)
