"""Products of float64 or float32 vectors and matrices, bit for bit with NumPy: `np.dot`, `np.inner`,
`np.matmul`/`@` and `np.vdot` call NumPy's own BLAS where NumPy does (its blocked, fused sums) and add
in order where NumPy does (`hasten_runtime::linalg::dot`, `gemv`, `matmat`)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from conftest import check
from hasten import njit


@njit
def dot(a, b):
    return np.dot(a, b)


@njit
def inner(a, b):
    return np.inner(a, b)


@njit
def matmul(a, b):
    return np.matmul(a, b)


@njit
def at(a, b):
    return a @ b


@njit
def vdot(a, b):
    return np.vdot(a, b)


@njit
def sliding(q, s):
    out = np.empty(s.shape[0] - q.shape[0] + 1)
    for i in range(out.shape[0]):
        out[i] = np.dot(q, s[i:i + q.shape[0]])
    return out


FUNCTIONS = [dot, inner, matmul, at, vdot]


def layouts(n, dtype, seed):
    """Pairs of vectors of length n: contiguous, strided, reversed, broadcast (zero stride), rows
    and columns of matrices."""
    rng = np.random.default_rng(seed)
    a = (rng.random(3 * n) - 0.5).astype(dtype)
    b = (rng.random(3 * n) - 0.5).astype(dtype)
    m = (rng.random((n, 3)) - 0.5).astype(dtype)
    yield a[:n], b[:n]
    yield a[::3], b[1::3]
    yield a[:n][::-1], b[:n]
    yield a[n:2 * n], b[:n][::-1]
    yield np.broadcast_to(a[:1], (n,)), b[:n]
    yield m[:, 1], b[:n]
    yield np.asfortranarray(m)[:, 2], m[:, 0]


@pytest.mark.parametrize("f", FUNCTIONS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 17, 64, 1000])
def test_bits_equal_numpy(f, dtype, n):
    for x, y in layouts(n, dtype, n):
        check(f, x, y)


@pytest.mark.parametrize("n", [0, 1, 2, 17, 1000])
def test_vdot_of_matrices_is_of_their_raveled_items(n):
    for dtype in (np.float64, np.float32):
        x, y = next(layouts(n, dtype, n))
        check(vdot, x.reshape(1, -1), y)


@pytest.mark.parametrize("f", FUNCTIONS)
def test_signed_zero_of_one_item(f):
    check(f, np.array([-0.0]), np.array([1.0]))
    check(f, np.array([-0.0], dtype=np.float32), np.array([2.0], dtype=np.float32))


def test_in_a_loop_over_windows():
    rng = np.random.default_rng(3)
    check(sliding, rng.random(64), rng.random(500))
    check(sliding, rng.random(5).astype(np.float32), rng.random(40).astype(np.float32))


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(0, 40), elements=st.floats(allow_nan=True, allow_infinity=True, width=64)), st.integers(0, 2))
def test_hypothesis_values(a, step):
    b = a[::-1].copy()
    if step:
        a, b = a[::step + 1], b[::step + 1]
    for f in FUNCTIONS:
        check(f, a, b)


def matrices(m, n, dtype, seed):
    """(m, n) matrices in several layouts: C, Fortran, transposed, strided rows and columns,
    reversed, a block of a wider array."""
    rng = np.random.default_rng(seed)
    k = 2 * max(m, n) + 1
    base = (rng.random((k, k)) - 0.5).astype(dtype)
    c = base[:m, :n].copy()
    yield c
    yield np.asfortranarray(c)
    yield base[: 2 * m : 2, :n]
    yield base[:m, : 2 * n : 2]
    yield base[:m, :n][::-1]
    yield base[:m, :n][:, ::-1]
    yield base[:m, :n]
    yield np.ascontiguousarray(base[:n, :m].T)


def vectors(k, dtype, seed):
    rng = np.random.default_rng(seed + 1)
    v = (rng.random(2 * k + 1) - 0.5).astype(dtype)
    yield v[:k]
    yield v[: 2 * k : 2]
    yield v[:k][::-1]
    yield np.broadcast_to(v[:1], (k,))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("m, n", [(5, 7), (33, 64), (1, 9), (9, 1), (1, 1), (0, 4), (4, 0), (2, 2)])
def test_matrix_times_vector_bits_equal_numpy(dtype, m, n):
    for a in matrices(m, n, dtype, m * 100 + n):
        for v in vectors(n, dtype, n):
            for f in (dot, matmul, at, inner):
                check(f, a, v)
        for w in vectors(m, dtype, m):
            for f in (dot, matmul, at):
                check(f, w, a)
        for w in vectors(n, dtype, n + 3):
            check(inner, w, a)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(0, 6), st.integers(0, 6)), elements=st.floats(allow_nan=True, allow_infinity=True, width=64)), st.booleans())
def test_matrix_vector_hypothesis(a, fortran):
    if fortran:
        a = np.asfortranarray(a)
    v = np.linspace(-1.0, 1.0, a.shape[1])
    w = np.linspace(2.0, -1.0, a.shape[0])
    for f in (dot, matmul):
        check(f, a, v)
        check(f, w, a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("m, k, n", [(5, 7, 3), (33, 40, 17), (1, 6, 4), (6, 1, 4), (4, 6, 1), (1, 1, 5), (5, 1, 1), (1, 5, 1), (1, 1, 1), (0, 3, 2), (3, 0, 2), (2, 2, 2)])
def test_matrix_times_matrix_bits_equal_numpy(dtype, m, k, n):
    lefts = list(matrices(m, k, dtype, 7 * m + k))
    rights = list(matrices(k, n, dtype, 5 * k + n))
    for i, a in enumerate(lefts):
        for b in rights[i % 3::3]:
            for f in (dot, matmul, at):
                check(f, a, b)
        check(inner, a, np.ascontiguousarray(rights[i].T))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_matrix_times_its_transpose(dtype):
    # NumPy computes these with syrk (one triangle, mirrored) rather than gemm.
    for a in matrices(9, 13, dtype, 3):
        for f in (dot, matmul, at):
            check(f, a, a.T)
            check(f, a.T, a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("stack", [(2,), (3, 2), (1,)])
@pytest.mark.parametrize("m, k, n", [(5, 7, 3), (17, 33, 9), (1, 6, 4), (4, 6, 1), (1, 1, 1), (3, 0, 2), (64, 64, 64)])
def test_stacked_matmul_bits_equal_numpy(dtype, stack, m, k, n):
    # Each matrix of the stack goes through NumPy's matmul loop (gemm, syrk, gemv, dot, copies).
    rng = np.random.default_rng(m * 7 + k * 3 + n)
    a = (rng.random(stack + (m, k)) - 0.5).astype(dtype)
    b = (rng.random(stack + (k, n)) - 0.5).astype(dtype)
    for f in (matmul, at):
        check(f, a, b)
        check(f, a, b[0])  # a 2-D operand broadcast over the stack
        check(f, a[0], b)
        check(f, np.asfortranarray(a), b)
        check(f, a, np.swapaxes(np.swapaxes(b, -1, -2).copy(), -1, -2))
        check(f, a, np.swapaxes(a, -1, -2))  # syrk, matrix by matrix
        check(f, a[..., ::2, :], b)
        if stack[0] > 1:
            check(f, a[::-1], b[:1])  # a reversed stack, and a length-1 stack axis broadcast


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("sa, sb", [((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (2, 4, 3)), ((2, 3, 40), (40,)),
                                    ((40,), (2, 40, 3)), ((5, 6, 70), (70, 9)), ((2, 2, 3, 4), (4,)), ((2, 1, 4), (3, 4, 2))])
def test_stacked_products_with_vectors_and_dot_bits_equal_numpy(dtype, sa, sb):
    # np.dot/np.inner of n-D operands take each element from NumPy's DOUBLE_dot; @ with a vector
    # beside a stack goes through the matmul loop's matrix-vector cases, core by core.
    rng = np.random.default_rng(len(sa) * 10 + len(sb))
    a = (rng.random(sa) - 0.5).astype(dtype)
    b = (rng.random(sb) - 0.5).astype(dtype)
    for f, np_f in ((dot, np.dot), (inner, np.inner), (matmul, np.matmul)):
        try:
            np_f(a, b)
        except ValueError:
            continue
        check(f, a, b)
        check(f, a[..., ::-1], b[..., ::-1] if b.ndim == 1 or f is inner else b[..., ::-1, :])
