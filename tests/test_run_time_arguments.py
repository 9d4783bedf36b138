"""NumPy arguments known only at run time that hasten used to need as constants, differentially
against NumPy: `np.rot90(m, k)` of a variable `k` (the four turns chosen by `k % 4`), the mode of
`np.convolve`/`np.correlate` (a name or NumPy's number, with NumPy's ValueErrors), the order of
`np.diff` (0, beyond the unrolled orders, negative), `np.isin`'s `assume_unique` and `np.vander`'s
`increasing` (a variable)."""

import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def turned(m, k):
    return np.rot90(m, k)


@njit
def turned_on_axes(m, k):
    return np.rot90(m, k, axes=(1, 2))


@pytest.mark.parametrize("k", range(-5, 6))
def test_rot90_of_a_variable_k(k):
    a = np.arange(6.0).reshape(2, 3)
    for m in (a, np.asfortranarray(a), a[::-1]):
        check(turned, m, k)
    check(turned_on_axes, np.arange(24).reshape(2, 3, 4), k)


@njit
def convolved(a, v, mode):
    return np.convolve(a, v, mode), np.correlate(a, v, mode=mode)


@pytest.mark.parametrize("mode", ["valid", "same", "full", 0, 1, 2, "bad", 3, -1])
def test_convolve_and_correlate_modes_at_run_time(mode):
    check(convolved, np.array([1.0, 2.0, -1.0, 4.0]), np.array([0.5, 1.0, 2.0]), mode)
    check(convolved, np.arange(5), np.array([2, -1]), mode)


@njit
def differences(a, n):
    return np.diff(a, n)


@njit
def differences_along(a, n):
    return np.diff(a, n, axis=0)


@pytest.mark.parametrize("n", [0, 1, 3, 5, 17, 20, -1])
def test_diff_orders_at_run_time(n):
    check(differences, np.array([1.0, 4.0, -2.0, 8.0, 3.0, 0.5]), n)
    check(differences, np.arange(40.0) ** 3, n)
    check(differences, np.array([True, False, True, True]), n)
    check(differences_along, np.arange(12).reshape(3, 4) ** 2, n)
    check(differences, (np.arange(12).reshape(3, 4) ** 2)[:, ::-1], n)


@njit
def diff_zero_written(a):
    r = np.diff(a, 0)
    r[0] = -1.0
    return a


def test_diff_of_order_zero_is_the_array_itself():
    # NumPy returns `a` itself: a write through the result is a write into `a`.
    check(diff_zero_written, np.arange(5.0))


@njit
def members(a, b, unique):
    return np.isin(a, b, assume_unique=unique)


@pytest.mark.parametrize("unique", [True, False])
def test_isin_assume_unique_at_run_time(unique):
    check(members, np.array([1, 4, 2, 9]), np.array([2, 9, 7]), unique)


@njit
def vandermonde(x, n, up):
    return np.vander(x, n, increasing=up)


@pytest.mark.parametrize("up", [True, False, 0, 2])
def test_vander_increasing_at_run_time(up):
    check(vandermonde, np.array([1.0, 2.0, -0.5]), 4, up)
    check(vandermonde, np.arange(3), 2, up)
