"""NumPy's legacy polynomial functions (highest power first): np.polyadd, polysub, polymul, polydiv,
polyder, polyint; and np.ediff1d's to_begin/to_end: differentially against NumPy."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import check
from hasten import UnsupportedError, njit


@njit
def arithmetic(a, b):
    return np.polyadd(a, b), np.polysub(a, b), np.polymul(a, b), np.polyadd(b, a), np.polysub(b, a)


@njit
def divide(a, b):
    return np.polydiv(a, b)


OPERANDS = [
    (np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, -1.0])),
    (np.array([3, 1, 2], np.int32), np.array([1.0, 0.5])),
    (np.array([3, 1, 2], np.int32), np.array([7, -1, 2], np.int32)),
    (np.array([1 + 2j, 3 - 1j]), np.array([1.0, 2.0, -3.0])),
    (np.array([3, 1, 2], np.uint8), np.array([4, -1], np.int8)),
    (np.array([True, False]), np.array([5, 6, 7])),
    (np.array([2.5], np.float32), np.array([1.0, -0.0, np.nan], np.float32)),
]


@pytest.mark.parametrize("a, b", OPERANDS)
def test_arithmetic(a, b):
    check(arithmetic, a, b)


@pytest.mark.parametrize("a, b", OPERANDS + [(np.array([1.0, 2.0]), np.array([0.0, 1.0])), (np.array([1.0, 1e-20, 3.0]), np.array([1.0, 0.0]))])
def test_divide(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check(divide, a, b)
        check(divide, b, a)


@njit
def mixed_forms(a):
    return np.polyadd([1, 2], (3.0,)), np.polymul(a, 3), np.polysub(2.5, a), np.polydiv([1.0, 3.0, 2.0], (1.0, 1.0))


def test_lists_tuples_scalars():
    check(mixed_forms, np.array([1.0, -2.0, 0.5]))


def whole_floats(n):
    return hnp.arrays(np.float64, st.integers(1, n), elements=st.integers(-1000, 1000).map(float))


@settings(max_examples=40, deadline=None)
@given(whole_floats(6), whole_floats(6))
def test_arithmetic_hypothesis(a, b):
    # Whole numbers: np.polymul's sums (np.convolve's, BLAS's dot in NumPy) are exact in any order.
    check(arithmetic, a, b)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3)), hnp.arrays(np.float64, st.integers(1, 4), elements=st.floats(-1e3, 1e3)))
def test_divide_hypothesis(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check(divide, a, b)


@njit
def calculus(p):
    return (np.polyder(p), np.polyder(p, 0), np.polyder(p, 2), np.polyder(p, m=5), np.polyint(p), np.polyint(p, 0),
            np.polyint(p, 2), np.polyint(p, 3, 2.5), np.polyint(p, m=2, k=[1, 2]), np.polyint(p, 1, np.array([-1.0])))


COEFFICIENTS = [np.array([1.0, 2.0, 3.0, 4.0]), np.array([3, 1, 2], np.int32), np.array([1 + 2j, 3 - 1j, 0.5j]),
                np.array([5.0]), np.array([2, 5], np.uint64), np.array([True, False, True]),
                np.array([1.5, -2.0], np.float32), np.array([2**62, 3])]


@pytest.mark.parametrize("p", COEFFICIENTS)
def test_calculus(p):
    check(calculus, p)


def test_order_zero_is_the_argument():
    p = np.array([1.0, 2.0])
    assert njit(lambda p: np.polyder(p, 0))(p) is p
    assert njit(lambda p: np.polyint(p, 0))(p) is p


@njit
def run_time_orders(p, m):
    return np.polyder(p, m), np.polyint(p, m), np.polyint(p, m, 1.5)


@pytest.mark.parametrize("p", [np.array([1.0, 2.0, 3.0]), np.array([1j, 2.0])])
@pytest.mark.parametrize("m", [0, 1, 3])
def test_run_time_orders(p, m):
    check(run_time_orders, p, m)


def test_run_time_order_refused_where_the_dtype_depends_on_it():
    with pytest.raises(UnsupportedError, match="order known only at run time"):
        njit(lambda p, m: np.polyder(p, m))(np.array([1, 2], np.int32), 1)
    with pytest.raises(UnsupportedError, match="order known only at run time"):
        njit(lambda p, m: np.polyint(p, m))(np.array([1, 2]), 1)


@njit
def bad_orders(p, which):
    if which == 0:
        return np.polyder(p, -1)
    if which == 1:
        return np.polyint(p, -2)
    return np.polyint(p, 3, np.array([1.0, 2.0]))


@pytest.mark.parametrize("which", [0, 1, 2])
def test_bad_orders(which):
    check(bad_orders, np.array([1.0, 2.0]), which)


@njit
def edges(a):
    return (np.ediff1d(a, to_begin=9), np.ediff1d(a, to_end=np.array([7, 8]), to_begin=[1, 2]),
            np.ediff1d(a, None, None), np.ediff1d(a, to_end=-0.0 if a.dtype == np.float64 else 0))


@pytest.mark.parametrize("a", [np.array([1.0, 2.5, -3.0, np.inf]), np.array([3, 1, 2], np.int32), np.zeros(0), np.array([7.0]),
                               np.arange(6.0).reshape(2, 3), np.arange(10.0)[::3]])
def test_ediff1d_edges(a):
    check(edges, a)


@njit
def edge_casts(a, which):
    if which == 0:
        return np.ediff1d(a, to_end=2.5)
    if which == 1:
        return np.ediff1d(a, to_begin=np.array([1j]))
    return np.ediff1d(a, to_end=-1)


@pytest.mark.parametrize("a", [np.array([3, 1, 2], np.int32), np.array([3, 1, 2], np.uint8), np.array([1.0, 2.0])])
@pytest.mark.parametrize("which", [0, 1, 2])
def test_ediff1d_edge_casts(a, which):
    check(edge_casts, a, which)
