"""np.dot, np.matmul and @ for 1-D and 2-D arrays (floats compared to 1e-12 relative here; their bits
against NumPy's in tests/test_vector_dot.py)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def products(a, b):
    return np.dot(a, b)


@njit
def matmul_op(a, b):
    return a @ b


def close(got, want):
    assert type(got) is type(want) and np.shape(got) == np.shape(want) and np.asarray(got).dtype == np.asarray(want).dtype
    assert np.allclose(got, want, rtol=1e-12, atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), st.integers(0, 5), st.integers(1, 5), st.integers(0, 2**32))
def test_float_products_all_shapes(n, k, m, seed):
    rng = np.random.default_rng(seed)
    a2, b2, a1, b1 = rng.random((n, k)), rng.random((k, m)), rng.random(k), rng.random(k)
    for x, y in [(a1, b1), (a2, b1), (a1, b2), (a2, b2), (a2.T.copy().T, b2[:, ::-1])]:
        close(products(x, y), np.dot(x, y))
        close(matmul_op(x, y), x @ y)


def test_integer_and_bool_products_are_exact():
    a = np.arange(6, dtype=np.int8).reshape(2, 3)
    b = np.arange(3, dtype=np.int8)
    check(products, a, b)
    check(products, b, b)
    check(products, np.array([True, False]), np.array([True, True]))
    check(products, np.arange(6, dtype=np.int32).reshape(3, 2), np.arange(4, dtype=np.int64).reshape(2, 2))


def test_not_aligned():
    check(products, np.ones((2, 3)), np.ones(2))
    check(products, np.ones(3), np.ones((2, 2)))
