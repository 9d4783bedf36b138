"""np.polyval (Horner's steps as NumPy takes them, scalar and array x, int and float
coefficients), np.ravel_multi_index and np.unravel_index (C and F order, NumPy's ValueError),
differential."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit

from conftest import check, floats


@njit
def horner(p, x, xs):
    return np.polyval(p, x), np.polyval(p, xs), np.polyval([1, 2, 3], 2), np.polyval([0.5, -1.0], x)


@njit
def flat_index(i, j, k):
    return np.ravel_multi_index((i, j), (3, 4)), np.ravel_multi_index((i, j, k), (3, 4, 2), order="F")


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 5), elements=floats), floats, hnp.arrays(np.float64, st.integers(0, 4), elements=floats))
def test_polyval(p, x, xs):
    check(horner, p, x, xs)


def test_polyval_ints():
    check(horner, np.array([2, -1, 3]), 3, np.array([1, 2, -4]))
    check(horner, np.array([2, -1, 3]), 2.5, np.array([1.5, -0.0]))


@pytest.mark.parametrize("ijk", [(0, 0, 0), (1, 2, 1), (2, 3, 1), (3, 0, 0), (0, -1, 0), (0, 0, 2)])
def test_ravel_multi_index(ijk):
    check(flat_index, *ijk)


@njit
def unflat(i):
    return np.unravel_index(i, (3, 4)), np.unravel_index(i, (2, 3, 2), order="F"), np.unravel_index(i % 5, (5,)), np.unravel_index(i, (1, 2, 3, 2))


@pytest.mark.parametrize("i", [0, 5, 11, 12, -1])
def test_unravel_index(i):
    check(unflat, i)
