"""`np.linspace` with complex end points and `np.kron` of complex arrays, differentially against
NumPy bit for bit: linspace computes in complex128 as NumPy does (`i + 0j` times the step by its
fused multiply loop, the step by its complex quotient; a real pair with `dtype=complex128` is
computed in float64 and cast), kron takes NumPy's complex multiply loop for every product."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import UnsupportedError, njit

S = settings(max_examples=100, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -2.5, 1e308, -1e-300, math.inf, math.nan]
parts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL))
complexes = st.builds(complex, parts, parts)


@njit
def spaced(a, b, n, endpoint):
    return np.linspace(a, b, n, endpoint)


@njit
def spaced_complex(a, b, n):
    return np.linspace(a, b, n, dtype=np.complex128)


@S
@given(complexes, complexes, st.integers(0, 12), st.booleans())
def test_linspace_of_complex_end_points(a, b, n, endpoint):
    with np.errstate(all="ignore"):
        check(spaced, a, b, n, endpoint)


def test_linspace_mixes_real_and_complex_end_points():
    for a, b in itertools.product([2, -0.5, 1j, np.complex128(3 - 1j), np.float64(1.5)], repeat=2):
        for n in [0, 1, 2, 7]:
            check(spaced, a, b, n, True)
            check(spaced, a, b, n, False)


def test_linspace_of_real_end_points_cast_to_complex():
    for a, b in [(0.0, 1.0), (1, 3), (0.1, 0.7), (-1e-300, 1e308)]:
        check(spaced_complex, a, b, 7)


def test_linspace_of_complex_into_a_real_dtype_is_refused():
    @njit
    def f(a, b):
        return np.linspace(a, b, 3, dtype=np.float64)

    with pytest.raises(UnsupportedError):
        f(1j, 2j)


@njit
def kron(a, b):
    return np.kron(a, b)


def grid(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def test_kron_of_complex_arrays_of_any_layout():
    a, b = grid((2, 3), 1), grid((3, 2), 2)
    for x, y in [(a, b), (a, b.real), (a.real, b), (a[:, ::-1], b.T), (a[0], b[1]), (a[0], b), (np.asfortranarray(a), b[::2])]:
        check(kron, x, y)


@S
@given(st.lists(complexes, min_size=1, max_size=4), st.lists(complexes, min_size=1, max_size=4))
def test_kron_special_values(xs, ys):
    with np.errstate(all="ignore"):
        check(kron, np.array(xs), np.array(ys))


@njit
def nan_product(a):
    return np.nanprod(a)


def test_nanprod_of_complex_skips_elements_with_a_nan_part():
    check(nan_product, np.array([1 + 2j, complex(math.nan, 1), 3 - 1j, complex(2, math.nan)]))
    check(nan_product, np.array([complex(math.nan, math.nan)]))
