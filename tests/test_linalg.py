"""np.linalg inside compiled code, through SciPy's LAPACK, differential against NumPy.

NumPy and hasten call different builds of LAPACK (NumPy's bundled OpenBLAS, SciPy's), so values
are compared to LAPACK tolerance (scaled by the condition number for ill-conditioned systems),
while types, dtypes, shapes, exceptions and messages must be equal, and inputs unmodified.
Eigenvectors and singular vectors are compared up to the sign of each vector."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import copy_arg, jit_source
from hasten import njit, UnsupportedError
from numpy.linalg import solve as _solve

LinAlgError = np.linalg.LinAlgError


def _compare(got, exp, rtol, where="result"):
    assert type(got) is type(exp), f"{where}: type {type(got)} != {type(exp)}"
    if isinstance(exp, tuple):
        assert len(got) == len(exp)
        for k, (g, e) in enumerate(zip(got, exp)):
            _compare(g, e, rtol, f"{where}[{k}]")
        return
    if isinstance(exp, (np.ndarray, np.generic)):
        assert got.dtype == exp.dtype, f"{where}: dtype {got.dtype} != {exp.dtype}"
        assert np.shape(got) == np.shape(exp), f"{where}: shape {np.shape(got)} != {np.shape(exp)}"
        scale = max(1.0, float(np.max(np.abs(exp)))) if np.size(exp) and np.all(np.isfinite(exp)) else 1.0
        tol = max(rtol, 1e-5 if exp.dtype == np.float32 else 0)
        assert np.allclose(got, exp, rtol=tol, atol=tol * scale, equal_nan=True), f"{where}: {got!r} != {exp!r}"
        return
    if isinstance(exp, float):
        assert np.isclose(got, exp, rtol=rtol, equal_nan=True), f"{where}: {got} != {exp}"
        return
    assert got == exp, f"{where}: {got!r} != {exp!r}"


def _run(f, args):
    args = tuple(copy_arg(a) for a in args)
    try:
        return f(*args), None, args
    except Exception as e:  # noqa: BLE001
        return None, e, args


def close(f, *args, rtol=1e-9, signs=False):
    """f and f.py_func on copies of args: equal exceptions, or results equal to `rtol` (vectors
    up to sign when `signs`), and arguments left as they were."""
    expected, pexc, _ = _run(f.py_func, args)
    got, hexc, hargs = _run(f, args)
    if pexc is not None:
        assert hexc is not None, f"NumPy raised {type(pexc).__name__}({pexc}) but hasten returned {got!r}"
        assert type(hexc) is type(pexc), f"{type(hexc).__name__}({hexc}) != {type(pexc).__name__}({pexc})"
        assert str(hexc) == str(pexc)
        return None
    if hexc is not None:
        raise hexc
    if signs:
        got, expected = _unsign(got), _unsign(expected)
    _compare(got, expected, rtol)
    for h, a in zip(hargs, args):
        if isinstance(a, np.ndarray):
            assert np.array_equal(h, a, equal_nan=True), "an input was modified"
    return got


def _unsign(x):
    """Each column of each 2-D array (row for `vt`-like tuples' last item) with a non-negative largest entry."""
    if isinstance(x, tuple):
        items = [_unsign_matrix(v, rows=(k == len(x) - 1 and len(x) == 3)) for k, v in enumerate(x)]
        return tuple(items)
    return x


def _unsign_matrix(m, rows=False):
    if not isinstance(m, np.ndarray) or m.ndim != 2 or m.size == 0:
        return m
    m = m.T if rows else m
    idx = np.argmax(np.abs(m), axis=0)
    s = np.sign(m[idx, np.arange(m.shape[1])])
    s[s == 0] = 1
    m = m * s
    return m.T if rows else m


rng = np.random.default_rng(12345)


def well(n, m=None):
    return rng.standard_normal((n, n if m is None else m)) + (n * np.eye(n, n if m is None else m))


def ill(n):
    """A matrix with condition number about 1e10."""
    q1, _ = np.linalg.qr(rng.standard_normal((n, n)))
    q2, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return q1 @ np.diag(np.logspace(0, -10, n)) @ q2


def spd(n):
    a = rng.standard_normal((n, n))
    return a @ a.T + n * np.eye(n)


# --- solve, inv, det, slogdet -------------------------------------------------------------


@njit
def solve(a, b):
    return np.linalg.solve(a, b)


@njit
def inv(a):
    return np.linalg.inv(a)


@njit
def det(a):
    return np.linalg.det(a)


@njit
def slogdet(a):
    sign, logdet = np.linalg.slogdet(a)
    return sign, logdet


@pytest.mark.parametrize("n", [0, 1, 2, 5, 17])
def test_solve_inv_det_well_conditioned(n):
    a = well(n)
    close(solve, a, rng.standard_normal(n))
    close(solve, a, rng.standard_normal((n, 3)))
    close(inv, a)
    close(det, a)
    close(slogdet, a)


def test_ill_conditioned_within_condition_number():
    a = ill(8)
    tol = np.linalg.cond(a) * 1e-15
    close(solve, a, rng.standard_normal(8), rtol=tol)
    close(inv, a, rtol=tol)
    close(slogdet, a, rtol=1e-6)


@pytest.mark.parametrize("f", [solve, inv])
def test_singular_matrix_raises(f):
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    args = (a, np.ones(2)) if f is solve else (a,)
    close(f, *args)
    with pytest.raises(LinAlgError, match="Singular matrix"):
        f(*args)


def test_det_of_singular_is_zero_and_slogdet_is_minus_inf():
    a = np.zeros((3, 3))
    close(det, a)
    close(slogdet, a)


@pytest.mark.parametrize("shape", [(2, 3), (3,)])
def test_not_square_raises_numpys_linalgerror(shape):
    a = np.ones(shape)
    close(inv, a)
    close(det, a)
    close(slogdet, a)
    close(solve, a, np.ones(shape[0]))


def test_solve_mismatched_right_hand_side():
    close(solve, np.eye(2), np.ones(3))
    close(solve, np.eye(2), np.ones((3, 2)))


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.int32, np.bool_, np.uint8])
def test_dtypes_follow_numpy(dtype):
    a = (well(4) * 3).astype(dtype) if dtype is not np.bool_ else np.eye(4, dtype=bool)
    b = np.arange(4).astype(dtype)
    close(solve, a, b, rtol=1e-9)
    close(inv, a)
    close(det, a)
    close(norm_default, a)


def test_mixed_float32_float64_computes_in_float64():
    close(solve, well(3).astype(np.float32), np.ones(3))


def test_strided_fortran_and_transposed_inputs():
    big = well(12)
    for a in (big[::2, ::2], np.asfortranarray(big), big.T, big[1:7, 2:8], big[::-2, ::-2]):
        close(solve, a, big[0, : a.shape[0]])
        close(inv, a)
        close(det, a)
        close(eigh, a + a.T, signs=True)
        close(svd, a, signs=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 9), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_hypothesis_sizes(n, k, seed):
    r = np.random.default_rng(seed)
    a = r.standard_normal((n, n)) + n * np.eye(n)
    close(solve, a, r.standard_normal((n, k)))
    close(inv, a)
    close(slogdet, a)
    close(eigh, a + a.T, signs=True)
    m = r.integers(0, 9)
    b = r.standard_normal((m, n))
    close(svd, b, signs=True)
    close(svd_values, b)
    close(qr, b, signs=True)
    close(norms_matrix, b) if b.size else None


# --- norm -----------------------------------------------------------------------------------


@njit
def norm_default(x):
    return np.linalg.norm(x)


@njit
def norms_vector(x):
    return (np.linalg.norm(x), np.linalg.norm(x, 1), np.linalg.norm(x, 2), np.linalg.norm(x, np.inf),
            np.linalg.norm(x, -np.inf), np.linalg.norm(x, 0), np.linalg.norm(x, 3), np.linalg.norm(x, -1),
            np.linalg.norm(x, ord=0.5), np.linalg.norm(x, axis=0))


@njit
def norms_matrix(x):
    return (np.linalg.norm(x), np.linalg.norm(x, 'fro'), np.linalg.norm(x, 'nuc'), np.linalg.norm(x, 1),
            np.linalg.norm(x, -1), np.linalg.norm(x, 2), np.linalg.norm(x, -2), np.linalg.norm(x, np.inf),
            np.linalg.norm(x, -np.inf), np.linalg.norm(x, 1, axis=(1, 0)), np.linalg.norm(x, np.inf, (0, 1)))


@njit
def norms_axis(x):
    return (np.linalg.norm(x, axis=0), np.linalg.norm(x, axis=1), np.linalg.norm(x, 1, axis=-1),
            np.linalg.norm(x, np.inf, axis=0), np.linalg.norm(x, 3, axis=1))


def test_vector_norms():
    close(norms_vector, rng.standard_normal(7))
    close(norms_vector, np.array([3.0, -4.0, 0.0]))
    close(norms_vector, np.arange(5))
    close(norms_vector, rng.standard_normal(9).astype(np.float32))
    close(norms_vector, rng.standard_normal(20)[::3])


@njit
def sum_based_norms(x):
    return (np.linalg.norm(x), np.linalg.norm(x, 1), np.linalg.norm(x, 2), np.linalg.norm(x, axis=0),
            np.linalg.norm(x, 1, axis=0), np.linalg.norm(x, np.inf))


@njit
def sum_based_matrix_norms(m):
    return (np.linalg.norm(m), np.linalg.norm(m, 'fro'), np.linalg.norm(m, axis=0), np.linalg.norm(m, axis=1),
            np.linalg.norm(m, 1, axis=1), np.linalg.norm(m, 2, axis=0))


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 17, 64, 129, 1000])
def test_vector_norms_equal_numpys_bits(n):
    # NumPy's 2-norm without an axis is sqrt(x.dot(x)) (its BLAS), the others its pairwise sum.
    a = np.random.default_rng(n).random(n) - 0.5
    for x in (a, a[::2], a[::-1], (a * 100).astype(np.int64)):
        want, got = sum_based_norms.py_func(x), sum_based_norms(x)
        assert [np.float64(w).tobytes() for w in want] == [np.float64(g).tobytes() for g in got]


@pytest.mark.parametrize("shape", [(3, 4), (17, 9), (130, 7), (7, 130), (200, 300)])
def test_matrix_norms_equal_numpys_bits(shape):
    m = np.random.default_rng(sum(shape)).random(shape) - 0.5
    for x in (m, np.asfortranarray(m), m[::2], m.T):
        want, got = sum_based_matrix_norms.py_func(x), sum_based_matrix_norms(x)
        for w, g in zip(want, got):
            assert np.asarray(w).tobytes() == np.asarray(g).tobytes()


def test_matrix_norms():
    for a in (rng.standard_normal((4, 6)), rng.standard_normal((5, 5)), np.arange(12).reshape(3, 4), rng.standard_normal((6, 3)).T):
        close(norms_matrix, a)
        close(norms_axis, a)


@njit
def norm_inf(x):
    return np.linalg.norm(x, np.inf)


@njit
def norm_fro(x):
    return np.linalg.norm(x, 'fro')


@njit
def norm_3(x):
    return np.linalg.norm(x, 3)


def test_norm_empty_and_errors():
    close(norm_default, np.zeros(0))
    close(norm_default, np.zeros((0, 3)))
    close(norm_inf, np.zeros(0))
    close(norm_inf, np.zeros((0, 3)))
    close(norm_fro, np.ones(3))
    close(norm_fro, np.zeros((0, 3)))
    close(norm_3, np.ones((2, 2)))
    close(norms_vector, np.zeros(0))
    close(norms_axis, np.zeros((0, 3)))
    for o in (np.inf, -np.inf, 1, -1, 2, -2, "nuc", "fro"):
        f = jit_source(f"def f(x):\n    return np.linalg.norm(x, {o!r})\n".replace("inf", "np.inf"), np=np)
        close(f, np.zeros((0, 3)))


# --- eigh, svd, qr, cholesky, lstsq ---------------------------------------------------------------


@njit
def eigh(a):
    w, v = np.linalg.eigh(a)
    return w, v


@njit
def eigh_upper(a):
    return np.linalg.eigvalsh(a, UPLO='U'), np.linalg.eigvalsh(a)


@njit
def svd(a):
    u, s, vt = np.linalg.svd(a)
    return u, s, vt


@njit
def svd_reduced(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return u, s, vt


@njit
def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


@njit
def qr(a):
    q, r = np.linalg.qr(a)
    return q, r


@njit
def qr_complete(a):
    q, r = np.linalg.qr(a, mode='complete')
    return q, r


@njit
def qr_r(a):
    return np.linalg.qr(a, mode='r')


@njit
def cholesky(a):
    return np.linalg.cholesky(a)


@njit
def lstsq(a, b):
    x, res, rank, s = np.linalg.lstsq(a, b)
    return x, res, rank, s


@pytest.mark.parametrize("n", [0, 1, 3, 8])
def test_eigh(n):
    a = spd(n) if n else np.zeros((0, 0))
    close(eigh, a, signs=True)
    close(eigh_upper, np.triu(a) + np.tril(rng.standard_normal((n, n)), -1))


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0), (1, 1), (4, 4), (6, 3), (3, 6)])
def test_svd(shape):
    a = rng.standard_normal(shape)
    close(svd, a, signs=True)
    close(svd_reduced, a, signs=True)
    close(svd_values, a)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (1, 1), (4, 4), (6, 3), (3, 6)])
def test_qr(shape):
    a = rng.standard_normal(shape)
    close(qr, a, signs=True)
    close(qr_complete, a, signs=True)
    close(qr_r, a, rtol=1e-9) if min(shape) == 0 else None


def test_qr_r_up_to_row_signs():
    a = rng.standard_normal((5, 3))
    got, exp = qr_r(a), qr_r.py_func(a)
    assert got.shape == exp.shape and got.dtype == exp.dtype
    assert np.allclose(np.abs(got), np.abs(exp))


@njit
def cholesky_upper(a):
    return np.linalg.cholesky(a, upper=True)


def test_cholesky():
    close(cholesky, spd(5))
    close(cholesky_upper, spd(5))
    close(cholesky_upper, np.asfortranarray(spd(3)))
    close(cholesky, np.zeros((0, 0)))
    close(cholesky, -np.eye(2))
    close(cholesky, np.ones((2, 3)))


@pytest.mark.parametrize("m,n", [(6, 3), (3, 6), (4, 4), (0, 3), (3, 0)])
def test_lstsq(m, n):
    a = rng.standard_normal((m, n))
    close(lstsq, a, rng.standard_normal(m))
    close(lstsq, a, rng.standard_normal((m, 2)))


@pytest.mark.parametrize("f", ["solve", "inv", "det", "slogdet", "eigh", "svd", "svd_values", "qr", "cholesky", "lstsq", "pinv", "rank", "conds", "norms_matrix", "eigvals"])
def test_nan_and_inf_inputs(f):
    f = globals()[f]
    for x in (np.array([[1.0, np.nan], [2.0, 3.0]]), np.array([[np.inf, 1.0], [1.0, 2.0]])):
        with np.errstate(all="ignore"):
            close(f, *((x, np.ones(2)) if f in (solve, lstsq) else (x,)), signs=True)


def test_lstsq_rank_deficient_has_no_residuals():
    a = np.ones((5, 3))
    close(lstsq, a, rng.standard_normal(5))


# --- the rest -------------------------------------------------------------------------------


@njit
def pinv(a):
    return np.linalg.pinv(a)


@njit
def rank(a):
    return np.linalg.matrix_rank(a)


@njit
def rank_tol(a, t):
    return np.linalg.matrix_rank(a, t)


@njit
def conds(a):
    return np.linalg.cond(a), np.linalg.cond(a, 2), np.linalg.cond(a, -2), np.linalg.cond(a, 'fro'), np.linalg.cond(a, 1), np.linalg.cond(a, np.inf)


@njit
def power(a, n):
    return np.linalg.matrix_power(a, n)


@njit
def eig(a):
    w, v = np.linalg.eig(a)
    return w, v


@njit
def eigvals(a):
    return np.linalg.eigvals(a)


def test_pinv_rank_cond():
    for a in (rng.standard_normal((4, 6)), np.ones((3, 3)), well(5), np.zeros((0, 3))):
        close(pinv, a)
        if a.size:
            close(rank, a)
    close(rank, np.ones(3))
    close(rank, np.zeros(3))
    close(rank_tol, np.diag([1.0, 1e-3, 1e-9]), 1e-4)
    close(conds, well(4))
    close(conds, np.array([[1.0, 2.0], [2.0, 4.0]]), rtol=1e-6)


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5, 8, -1, -3])
def test_matrix_power(k):
    close(power, well(4) / 4, k, rtol=1e-8)
    close(power, (well(3) / 3).astype(np.float32), k)


def test_eig_real_spectrum():
    a = np.triu(rng.standard_normal((5, 5))) + np.diag(np.arange(5.0))
    close(eigvals, a)
    close(eig, a, signs=True)
    close(eig, spd(4), signs=True)


def test_eig_complex_spectrum_is_a_clear_error():
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="complex eigenvalues"):
        eigvals(rot)


_COMPLEX_REFUSED = [
    "np.linalg.eigvals(a)", "np.linalg.eig(a)", "np.linalg.eigh(a)", "np.linalg.eigvalsh(a)", "np.linalg.inv(a)",
    "np.linalg.det(a)", "np.linalg.slogdet(a)", "np.linalg.solve(a, a)", "np.linalg.lstsq(a, a)", "np.linalg.svd(a)",
    "np.linalg.qr(a)", "np.linalg.cholesky(a)", "np.linalg.pinv(a)", "np.linalg.cond(a)", "np.linalg.norm(a)",
    "np.linalg.norm(a[0])", "np.linalg.matrix_rank(a)", "np.linalg.matrix_power(a, 3)", "np.linalg.solve(a.real, a)",
]


@pytest.mark.parametrize("call", _COMPLEX_REFUSED)
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_operands_are_refused_not_computed_on_real_parts(call, dtype):
    f = jit_source(f"def f(a):\n    return {call}\n", np=np)
    a = np.array([[2.0 + 1j, 1.0], [1.0 - 0.5j, 3.0]], dtype=dtype)
    with pytest.raises(UnsupportedError, match="complex arrays"):
        f(a)


# --- exceptions, inputs, matmul -------------------------------------------------------------


def test_linalgerror_is_caught_in_compiled_code():
    @njit
    def safe_inv(a):
        try:
            return np.linalg.inv(a)[0, 0]
        except np.linalg.LinAlgError:
            return -1.0

    assert safe_inv(np.zeros((2, 2))) == -1.0
    assert safe_inv(np.eye(2) * 2) == 0.5

    @njit
    def as_value_error(a):
        try:
            return np.linalg.det(np.linalg.inv(a))
        except ValueError:
            return 0.0

    assert as_value_error(np.zeros((2, 2))) == 0.0


def test_from_import_and_module_alias():
    import numpy.linalg as la

    @njit
    def f(a, b):
        return _solve(a, b) + la.solve(a, b)

    a, b = well(3), np.ones(3)
    assert np.allclose(f(a, b), 2 * np.linalg.solve(a, b))


def test_inputs_are_not_modified():
    a, b = well(6), rng.standard_normal((6, 2))
    a0, b0 = a.copy(), b.copy()
    solve(a, b), inv(a), det(a), eigh(a + a.T), svd(a), lstsq(a, b), qr(a), cholesky(spd(3))
    assert np.array_equal(a, a0) and np.array_equal(b, b0)


@njit
def matmul(a, b):
    return a @ b


@njit
def dot(a, b):
    return np.dot(a, b)


@pytest.mark.parametrize("n,k,m", [(64, 64, 64), (100, 3, 50), (33, 70, 41), (2, 2, 2), (40, 0, 40)])
def test_matmul_through_blas(n, k, m):
    a, b = rng.standard_normal((n, k)), rng.standard_normal((k, m))
    for x, y in ((a, b), (np.asfortranarray(a), b), (a, np.asfortranarray(b)), (b.T, a.T)):
        close(matmul, x, y, rtol=1e-12)
        close(dot, x, y, rtol=1e-12)
    big = rng.standard_normal((2 * n, 2 * k + 1))
    close(matmul, big[::2, 1::2], b, rtol=1e-12)


@njit
def svd_h(a):
    u, s, vt = np.linalg.svd(a, hermitian=True)
    return u, s, vt


@njit
def svd_h_values(a):
    return np.linalg.svd(a, False, False, True)


@njit
def pinv_h(a):
    return np.linalg.pinv(a, hermitian=True)


@njit
def rank_h(a, tol=None):
    return np.linalg.matrix_rank(a, tol, hermitian=True)


def symmetric(n):
    x = rng.standard_normal((n, n))
    return x + x.T


@pytest.mark.parametrize("n", [0, 1, 2, 5, 9])
def test_hermitian_svd_pinv_rank(n):
    """`hermitian=True` goes through `eigh`: singular values are |eigenvalues|, descending; vt's
    rows carry the eigenvalues' signs; only the lower triangle is read."""
    a = symmetric(n)
    for x in (a, np.tril(a) + np.triu(rng.standard_normal((n, n)), 1), np.asfortranarray(a)):
        close(svd_h, x, signs=True)
        close(svd_h_values, x)
        close(pinv_h, x)
        close(rank_h, x)


def test_hermitian_zero_and_negative_eigenvalues():
    q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    for w in ([3.0, 0.0, -1.0, 2.5], [0.0, 0.0, 0.0, 0.0], [-2.0, -1.0, 1e-18, 4.0]):
        a = q @ np.diag(w) @ q.T
        a = (a + a.T) / 2
        close(svd_h, a, signs=True)
        close(svd_h_values, a)
        close(pinv_h, a)
        close(rank_h, a)
        close(rank_h, a, 0.5)
    close(svd_h, np.diag([2.0, -0.0, -1.0]), signs=True)


def test_hermitian_stacked_and_errors():
    stack = np.stack([symmetric(3) for _ in range(4)]).reshape(2, 2, 3, 3)
    close(svd_h, stack, signs=True)
    close(svd_h_values, stack)
    close(pinv_h, stack)
    for bad in (np.ones((2, 3)), np.ones(3)):
        close(svd_h, bad)
        close(svd_h_values, bad)
    close(pinv_h, np.ones((2, 3)))
    close(rank_h, np.ones((2, 3)))
    close(pinv_h, np.zeros((0, 3)))


@njit
def norm_keep(x):
    return np.linalg.norm(x, keepdims=True)


@pytest.mark.parametrize("shape", [(2, 3, 4), (0, 2, 3), (1, 1, 1, 5), (3, 1, 2)])
def test_norm_of_nd_without_axis_is_the_flattened_norm(shape):
    a = rng.standard_normal(shape)
    for x in (a, np.asfortranarray(a), a[::-1], a.transpose(2, 0, 1) if a.ndim == 3 else a.T):
        close(norm_default, x)
        close(norm_keep, x)
    for other in (norm_fro, norm_inf):  # NumPy's ValueError, known from the rank when compiling
        with pytest.raises(Exception, match="Improper number of dimensions to norm."):
            other(a)


@pytest.mark.parametrize(
    "call,named",
    [("np.linalg.tensorsolve(a, a)", "np.linalg.tensorsolve"), ("np.linalg.lstsq(a.reshape(1, 2, 2), a)", "lstsq of 3-d"),
     ("np.linalg.qr(a, mode='raw')", "mode='raw'")],
)
def test_unsupported_options_are_named(call, named):
    f = jit_source(f"def f(a):\n    return {call}\n", np=np)
    with pytest.raises(UnsupportedError, match=named):
        f(np.eye(2))


def test_without_scipy_a_clear_error_and_matmul_still_works(tmp_path):
    """SciPy hidden from the import system in a fresh process: linalg raises ImportError naming
    the package; `@` falls back to its own loop."""
    code = textwrap.dedent(
        """
        import sys
        sys.modules["scipy"] = None
        import numpy as np
        from hasten import njit

        @njit
        def f(a):
            return np.linalg.inv(a)

        @njit
        def g(a, b):
            return a @ b

        a = np.random.rand(80, 80)
        assert np.allclose(g(a, a), a @ a)
        try:
            f(np.eye(2))
        except ImportError as e:
            print("ImportError:", e)
        """
    )
    script = tmp_path / "no_scipy.py"
    script.write_text(code)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "ImportError:" in out.stdout and "pip install scipy" in out.stdout


# --- np.vdot, np.inner, np.outer ------------------------------------------------------------------


@njit
def products(a, b):
    return np.vdot(a, b), np.inner(a, b), np.outer(a, b)


@njit
def inner(a, b):
    return np.inner(a, b)


@njit
def outer(a, b):
    return np.outer(a, b)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.bool_])
def test_vdot_inner_outer_of_vectors(dtype):
    a, b = (rng.standard_normal(7) * 4).astype(dtype), (rng.standard_normal(7) * 4).astype(dtype)
    close(products, a, b, rtol=1e-12)
    close(products, a[::2], b[::-2], rtol=1e-12)
    close(products, np.zeros(0, dtype), np.zeros(0, dtype))


def test_inner_and_outer_of_matrices():
    a, b, v = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal(4)
    for x, y in ((a, b), (a, v), (v, b), (a.T[::-1].T, b)):
        close(inner, x, y, rtol=1e-12)
    close(outer, a, b, rtol=1e-12)
    close(outer, np.arange(3), rng.standard_normal(300), rtol=1e-12)
    close(outer, rng.standard_normal(300), rng.standard_normal(200), rtol=1e-12)


def test_product_mismatches_raise_valueerror():
    with pytest.raises(ValueError):
        products(np.ones(3), np.ones(4))
    with pytest.raises(ValueError):
        products.py_func(np.ones(3), np.ones(4))


def test_bench_runs_quick():
    """bench/linalg.py keeps working (its own check compares hasten's results with NumPy's)."""
    import pathlib

    bench = pathlib.Path(__file__).parent.parent / "bench" / "linalg.py"
    out = subprocess.run([sys.executable, str(bench), "--quick"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "solve(A, B)" in out.stdout and "eigh" in out.stdout
