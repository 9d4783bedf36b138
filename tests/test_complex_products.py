"""Products and running totals of complex128 arrays, differentially against NumPy: `np.prod` and
`a.prod()` (bit for bit: NumPy's reduce multiplies the identity by each element in turn in its
scalar complex product), `np.cumsum`/`np.cumprod` with and without `axis=` (bit for bit: NumPy's
accumulate), `np.dot`/`np.vdot`/`np.matmul`/`@` of 1-d and 2-d arrays and `np.mean`.

NumPy computes complex products of arrays with BLAS (`zdotu`/`zdotc`/`zgemm`), whose kernels
sum in their own order with fused multiply-adds; hasten sums each part in order, each product
rounded first (NumPy's loop without BLAS). Those results are compared within a relative 1e-12 of
the largest magnitude involved (`close` below); `np.dot` of two 1-d arrays has matched bit for
bit on the machines tried, which the tests do not rely on."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

S = settings(max_examples=60, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -1.5, math.inf, -math.inf, math.nan, 1e300, -1e-300]
parts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL), st.floats(-3, 3))
complexes = st.builds(complex, parts, parts)


def check_c(f, *args):
    with np.errstate(all="ignore"):
        return check(f, *args)


def close(f, *args):
    got, want = f(*args), f.py_func(*args)
    for g, w in zip(got, want):
        assert type(g) is type(w) and np.shape(g) == np.shape(w) and np.asarray(g).dtype == np.asarray(w).dtype
        scale = max(1.0, float(np.max(np.abs(w), initial=0.0)))
        assert np.allclose(g, w, rtol=0, atol=1e-12 * scale), (g, w)


def vector(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(n) + 1j * rng.standard_normal(n)


@njit
def products(a):
    return np.prod(a), a.prod(), np.cumsum(a), np.cumprod(a), a.cumsum(), np.mean(a), a.conj(), a.conjugate()


@pytest.mark.parametrize("n", [0, 1, 2, 7, 64, 129])
def test_products_and_running_totals(n):
    a = vector(n, n) * 1.1
    check_c(products, a)
    check_c(products, a[::-2])
    if n % 2 == 0 and n:
        check_c(products, a.reshape(2, -1))
        check_c(products, np.asfortranarray(a.reshape(2, -1)))


@S
@given(st.lists(complexes, max_size=10))
def test_special_values(values):
    a = np.array(values, dtype=np.complex128)
    check_c(products, a)


@njit
def along(a):
    return np.cumsum(a, axis=0), np.cumprod(a, axis=1), np.cumsum(a, axis=-1), np.cumprod(a)


@pytest.mark.parametrize("shape", [(3, 4), (1, 5), (4, 1), (0, 3), (2, 3), (3, 2), (2, 2), (2, 1), (1, 2)])
def test_running_totals_along_an_axis(shape):
    a = vector(math.prod(shape), 3).reshape(shape)
    check_c(along, a)
    if a.size:  # (the harness cannot copy reversed empty views)
        check_c(along, a[::-1, ::-1])
        check_c(along, np.asfortranarray(a))


@njit
def dots(a, b):
    return np.dot(a, b), np.vdot(a, b), a @ b, np.matmul(a, b), a.dot(b), np.inner(a, b)


@pytest.mark.parametrize("n", [0, 1, 5, 33, 200])
def test_vector_products(n):
    a, b = vector(n, 1), vector(n, 2)
    close(dots, a, b)
    close(dots, a[::-1], b)
    close(dots, a, np.arange(n, dtype=np.float64))
    close(dots, np.arange(n), b)


@njit
def matrix_products(A, B, v):
    return A @ B, np.dot(A, B), A @ v, np.dot(A.T, A), np.vdot(A, A)


@pytest.mark.parametrize("m, k, n", [(3, 4, 2), (1, 1, 1), (5, 0, 3), (8, 9, 7)])
def test_matrix_products(m, k, n):
    A = vector(m * k, 4).reshape(m, k)
    B = vector(k * n, 5).reshape(k, n)
    v = vector(k, 6)
    close(matrix_products, A, B, v)
    close(matrix_products, np.asfortranarray(A), B.real.copy(), v)


def test_vdot_of_real_arrays_still_works():
    @njit
    def f(a, b):
        return np.vdot(a, b)

    for x in [np.arange(5.0), np.arange(5), np.array([True, False, True])]:
        check(f, x, x[::-1])


def test_shape_mismatch_raises_numpys_error():
    @njit
    def f(a, b):
        return np.dot(a, b)

    with pytest.raises(ValueError, match="not aligned"):
        f(vector(3), vector(4))


@njit
def covariances(m):
    return (np.cov(m), np.cov(m, rowvar=False), np.cov(m, bias=True), np.cov(m[0]), np.cov(m, m[::-1]))


@pytest.mark.parametrize("shape", [(2, 5), (3, 7)])
def test_covariance_of_complex_data(shape):
    # np.cov centres the rows and takes `xc @ xc.conj().T` (NumPy's zgemm; compared as above).
    rng = np.random.default_rng(sum(shape))
    m = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    close(covariances, m)
    close(covariances, m.astype(np.complex64))


@njit
def correlations(m):
    return (np.corrcoef(m), np.corrcoef(m, m[::-1]))


@pytest.mark.parametrize("shape", [(2, 5), (3, 7)])
def test_correlation_of_complex_data_clips_each_part(shape):
    # NumPy clips the real and the imaginary parts each to [-1, 1] (not the lexicographic clip).
    rng = np.random.default_rng(sum(shape) + 1)
    m = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    close(correlations, m)
    close(correlations, np.stack([m[0], m[0] * 1j, -m[0]]))


@njit
def covariance(m):
    return np.cov(m)


@pytest.mark.parametrize("m", [np.ones((1, 4)), np.ones((1, 3), np.complex128)])
def test_covariance_of_one_variable_in_a_2d_array_is_refused_at_run_time(m):
    # NumPy squeezes the 1x1 result to a 0-d array: a number of axes the compiled call, typed for
    # 2-d results, cannot give (it gave the 1x1 array).
    assert np.ndim(covariance.py_func(m)) == 0
    with pytest.raises(NotImplementedError, match="0-d array"):
        covariance(m)
    assert covariance(np.ones((2, 4))).shape == (2, 2)
