"""Element-wise array expressions: NumPy's broadcasting, result dtypes (NEP 50) and values, fused
into one loop that allocates only the result."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from hasten.bench import workloads
from conftest import check

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint64, np.float32, np.float64]


@njit
def add(a, b):
    return a + b


@njit
def mixed(a, b, k):
    return (a * k - b) / 2 + (a > b)


@njit
def neg_and_compare(a, b):
    return -a, a <= b


@njit
def floor_mod(a, b):
    return a // b, a % b


laplacian_numpy = njit(workloads.laplacian_numpy)  # seed 002's Laplacian as one expression


shapes = st.sampled_from([(), (1,), (3,), (2, 3), (1, 3), (2, 1), (3, 1, 2), (0,), (2, 0)])


@settings(max_examples=300, deadline=None)
@given(shapes, shapes, st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_broadcasting_and_dtypes(sa, sb, da, db):
    a = (np.arange(int(np.prod(sa))).reshape(sa) % 5).astype(da)
    b = (np.arange(int(np.prod(sb))).reshape(sb) % 3 + 1).astype(db)
    if da == np.bool_ and db == np.bool_:
        return  # numpy bool - bool is a TypeError; covered separately below
    check(add, a, b)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([np.int8, np.int64, np.float32, np.float64]), st.sampled_from([3, -2, 2.5]))
def test_python_scalars_are_weak(dtype, k):
    a = np.arange(6, dtype=dtype).reshape(2, 3)
    b = np.ones(3, dtype=dtype)
    check(mixed, a, b, k)


def test_unary_comparisons_and_floor_semantics():
    a = np.array([-3, -1, 0, 2, 7], dtype=np.int64)
    b = np.array([2, -2, 3, 0, -4], dtype=np.int64)
    check(neg_and_compare, a, b)
    check(floor_mod, a, b)  # NumPy: 0 for division by zero, no exception
    check(floor_mod, a.astype(np.float64), b.astype(np.float64))


def test_incompatible_shapes_raise_numpys_error():
    with pytest.raises(ValueError) as ei:
        add(np.ones(3), np.ones(4))
    assert str(ei.value) == "operands could not be broadcast together with shapes (3,) (4,) "
    check(add, np.ones((2, 3)), np.ones((3, 2)))


def test_seed_laplacian_expression_is_fused():
    x = np.linspace(0.0, 1.0, 40)
    f = np.sin(4 * x)[:, None] * np.cos(3 * x)[None, :]
    check(laplacian_numpy, f, 0.025, 0.05)
    check(laplacian_numpy, np.asfortranarray(f), 0.025, 0.05)
    laplacian_numpy(f, 0.025, 0.05)
    before = hasten.alloc_stats()["allocations"]
    out = laplacian_numpy(f, 0.025, 0.05)
    assert hasten.alloc_stats()["allocations"] - before == 1, "only the result is allocated"
    assert out.shape == (38, 38) and out.flags.c_contiguous


@njit
def builtin_abs(a, b):
    return abs(a - b), abs(-a)


def test_builtin_abs_of_arrays():
    check(builtin_abs, np.array([-2, 3, 0], dtype=np.int16), np.array([1, -1, 5], dtype=np.int16))
    check(builtin_abs, np.array([-2.5, -0.0, np.nan]), 1.0)


SPECIAL_BASES = np.array([-np.inf, -2.0, -1.0, -0.0, 0.0, 5e-324, 0.3, 1.0, 2.0, 7.5, 1e200, np.inf, np.nan])


@njit
def literal_powers(a):
    return a ** 0.5, a ** 2, a ** 2.0, a ** -1.0, a ** 1, a ** 0.0, np.power(a, 0.5), np.power(a, -1)


@njit
def variable_power(a, e):
    return a ** e, np.power(a, e)


@njit
def scalar_powers(x):
    return x ** 0.5, np.power(x, 0.5), np.power(x, -1.0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_powers_with_one_exponent_follow_numpy(dtype):
    # NumPy computes an array to a scalar power 2, 0.5, -1, 1 or 0 as x*x, sqrt, 1/x, x and 1,
    # which differ from libm's pow on special values ((-inf) ** 0.5 is nan, (-0.0) ** 0.5 is -0.0).
    a = SPECIAL_BASES.astype(dtype)
    with np.errstate(all="ignore"):
        check(literal_powers, a)
        for e in (0.5, 2.0, -1.0, 1.0, 0.0, 3.0):
            # A generic exponent is libm's pow, which can differ from NumPy's in the last bit:
            # exact cubes only.
            exact = np.array([-2.0, -1.0, -0.0, 0.0, 1.0, 2.0, 7.5], dtype=dtype)
            check(variable_power, exact if e == 3.0 else a, e)
        for x in (-np.inf, -0.0, 4.0):
            check(scalar_powers, dtype(x))
        check(variable_power, np.arange(5), 0.5)
