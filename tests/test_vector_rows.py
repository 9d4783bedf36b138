"""Element-wise float64, float32 and int64 trees whose rows run in vector registers (codegen
`numpy/fused_simd.rs`): the same bits as NumPy for every length around the vector width, for
strided, reversed and broadcast operands, NaN, infinities, signed zeros and wrapping integers, and
bool results of comparisons."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import check, floats
from hasten import njit

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

vectors = st.integers(0, 40).flatmap(lambda n: st.tuples(
    hnp.arrays(np.float64, n, elements=floats), hnp.arrays(np.float64, n, elements=floats)))


@njit
def arithmetic(a, b):
    return a * 2.0 + b / 3 - (-a), (a - b) * (a + b) / b, 1 - a, 7 / a


@njit
def ufuncs(a, b):
    return np.sqrt(np.abs(a)) + np.square(b), np.add(a, b), np.divide(a, b), np.negative(np.subtract(a, 0.5)), np.sqrt(a), np.multiply(a, 3)


@njit
def selections(a, b, x):
    # NaN and signed zeros: np.minimum/np.maximum keep the first operand on ties and propagate NaN.
    return (np.where(a > b, a, b), np.where(a <= x, 0.0, a * 2.0), np.minimum(a, b), np.maximum(a, x), np.maximum(np.minimum(a, 1.0), -1.0),
            np.where(a != a, -1, np.maximum(b, a)))


@njit
def comparisons(a, b, x):
    return a > b, a >= b, a < x, a <= 0.5, a == b, a != b, x < a * 2.0, np.sqrt(a) == b, 3 > a


@given(vectors, floats)
@settings(max_examples=120, deadline=None)
def test_rows_of_any_length_and_stride(ab, x):
    a, b = ab
    for f in (arithmetic, ufuncs):
        check(f, a, b)
        check(f, a[::-1], b)
        check(f, a[::2], b[1::2])
    check(comparisons, a, b, x)
    check(comparisons, a[::-1], b[::-1], x)
    check(selections, a, b, x)
    check(selections, a[::-1], b, x)
    check(selections, a, -b, -0.0)
    check(comparisons, a[1:], b[:-1], x)


@given(st.integers(1, 5), st.integers(0, 37), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_matrices_broadcasts_and_orders(rows, cols, seed):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((rows, cols))
    A[A > 1.5] = np.nan
    B = rng.standard_normal((rows, cols))
    row = rng.standard_normal(cols)
    col = rng.standard_normal((rows, 1))
    for f in (arithmetic, ufuncs):
        check(f, A, B)
        check(f, A, row)
        check(f, A, col)
        check(f, np.asfortranarray(A), np.asfortranarray(B))
        check(f, A.T, B.T)
    check(comparisons, A, B, 0.25)
    check(comparisons, A, row, -1)
    check(comparisons, A, col, np.float64(0.0))
    check(comparisons, np.asfortranarray(A), B, 2)


@njit(parallel=True)
def parallel_tree(a, b):
    return a * b + 1.0, a > b


def test_parallel_rows():
    rng = np.random.default_rng(7)
    a, b = rng.random(100_003), rng.random(100_003)
    check(parallel_tree, a, b)
    check(parallel_tree, a[::3], b[1::3])


@njit
def float32_tree(a, b, x):
    return (a * b - a / b, np.sqrt(a) + 1.5, -a + x, np.square(b) * a, a > b, a <= x, np.abs(a) != b, np.minimum(a, b), np.maximum(b, a),
            np.where(a < b, a, x))


@njit
def int_tree(a, b, k):
    return (a * b - a + 3, -a * k, np.square(a) + np.multiply(b, 7), a > b, a <= k, a == b, a != 0, np.negative(b) < a, np.minimum(a, b),
            np.maximum(a, k), np.where(a > b, a - b, 0))


float32s = st.integers(0, 40).flatmap(lambda n: st.tuples(
    hnp.arrays(np.float32, n, elements=st.floats(width=32)), hnp.arrays(np.float32, n, elements=st.floats(width=32))))
int64s = st.integers(0, 40).flatmap(lambda n: st.tuples(
    hnp.arrays(np.int64, n, elements=st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3)),
    hnp.arrays(np.int64, n, elements=st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3))))


@given(float32s, st.floats(width=32) | st.integers(-5, 5))
@settings(max_examples=80, deadline=None)
def test_float32_rows(ab, x):
    a, b = ab
    check(float32_tree, a, b, x)
    check(float32_tree, a[::-1], b, x)
    check(float32_tree, a[1:], b[:-1], np.float32(2.5))


@given(int64s, st.integers(-2**62, 2**62))
@settings(max_examples=80, deadline=None)
def test_int64_rows_wrap_as_numpy(ab, k):
    a, b = ab
    check(int_tree, a, b, k)
    check(int_tree, a[::-1], b, k)
    check(int_tree, a[::3], b[1::3], np.int64(-1))
    check(int_tree, a.reshape(1, -1), b, 2)


@njit
def counts(a, b, x):
    return (a > b).sum(), np.count_nonzero(a <= x), np.sum(a != a), (a == b).sum(), np.count_nonzero(-a < b)


@njit
def int_sums(a, b):
    # int64 sums wrap, as NumPy's: any order of the lanes gives the same total.
    return np.sum(a * 3 - b), (a + b).sum(), np.count_nonzero(a > b), np.sum(a < 0)


@njit
def counts_2d(m, row):
    return (m > row).sum(), np.count_nonzero(m != 0.0), np.sum(m < 0.5, axis=1), np.sum(m >= row, axis=0)


@given(vectors, floats)
@settings(max_examples=120, deadline=None)
def test_counts_of_comparisons(ab, x):
    a, b = ab
    check(counts, a, b, x)
    check(counts, a[::-1], b, x)
    check(counts, a[::2], b[::2], x)


@given(int64s)
@settings(max_examples=80, deadline=None)
def test_int64_sums(ab):
    a, b = ab
    check(int_sums, a, b)
    check(int_sums, a[::-1], b[::3].repeat(3)[:len(a)] if len(a) else b)


@given(st.integers(1, 5), st.integers(0, 37), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_counts_of_matrices(rows, cols, seed):
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((rows, cols))
    m[m > 1.5] = np.nan
    row = rng.standard_normal(cols)
    check(counts_2d, m, row)
    check(counts_2d, np.asfortranarray(m), row)


@njit
def updates(a, b, x):
    a[1:-1] = b[:-2] + b[2:]
    a += b * 2.0
    a -= x
    a *= b
    a /= b
    a[::2] += 1.0
    a[:3] = x
    return a


@njit
def int_updates(a, b, k):
    a += b
    a -= k
    a *= 3
    a[1:] = b[:-1] * 2
    return a


@njit
def matrix_updates(m, row, x):
    m[:, 1:] += row[1:]
    m *= x
    m[1:, :] = m[:-1, :] - row
    return m


@given(vectors, floats)
@settings(max_examples=120, deadline=None)
def test_updates_in_place_and_slice_stores(ab, x):
    a, b = ab
    check(updates, a, b, x)
    check(updates, a[::-1], b, x)
    check(updates, a.astype(np.float32), b.astype(np.float32), x)


@given(int64s, st.integers(-2**62, 2**62))
@settings(max_examples=80, deadline=None)
def test_int64_updates_wrap(ab, k):
    a, b = ab
    check(int_updates, a, b, k)


@given(st.integers(1, 5), st.integers(1, 37), st.integers(0, 2**32 - 1), floats)
@settings(max_examples=60, deadline=None)
def test_matrix_updates(rows, cols, seed, x):
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((rows, cols))
    row = rng.standard_normal(cols)
    check(matrix_updates, m, row, x)
    check(matrix_updates, np.asfortranarray(m), row, x)
