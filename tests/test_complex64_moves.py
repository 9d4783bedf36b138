"""NumPy functions that move complex64 elements without computing with them, differentially
against NumPy: joins, flips, rolls, repeats, tiles, takes, compress/extract, diag, tril/triu,
fill, new axes and axis moves keep complex64 and every bit."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def joins(a):
    return np.concatenate((a, a[::-1])), np.stack((a, a)), np.vstack((a, a)), np.hstack((a, a)), np.column_stack((a, a))


@njit
def moves(a):
    return np.flip(a), np.roll(a, 2), np.repeat(a, 2), np.tile(a, 2), np.take(a, np.array([2, 0, 1]))


@njit
def selections(a):
    return np.compress(np.array([True, False, True]), a), np.extract(a.real > 0, a), np.diag(a), np.tril(np.diag(a)), np.triu(np.diag(a), 1)


@njit
def filled(a):
    b = a.copy()
    b.fill(1.5 - 2j)
    return b


@njit
def axes(a):
    m = a.reshape(1, -1)
    return np.expand_dims(a, 0), np.atleast_2d(a), np.swapaxes(m, 0, 1), np.moveaxis(m, 0, 1), np.fliplr(m), np.flipud(a.reshape(-1, 1))


@pytest.mark.parametrize("f", [joins, moves, selections, filled, axes])
def test_complex64_elements_move_as_in_numpy(f):
    a = (np.arange(4) - 1.5 + 1j * np.arange(4)[::-1]).astype(np.complex64)
    a[1] = complex(np.nan, -0.0)
    check(f, a)
    check(f, a[::-1].copy())


@njit
def arithmetic_ufuncs(a, b):
    return (np.add(a, b), np.subtract(a, b), np.multiply(a, b), np.divide(a, b), np.negative(a), np.positive(b),
            np.multiply(a, 2.5), np.add(a[::-1], 1j))


@pytest.mark.parametrize("n, reverse", [(1, False), (7, False), (33, True), (64, False)])
def test_arithmetic_ufuncs_of_complex64_arrays_are_the_operators(n, reverse):
    rng = np.random.default_rng(n)
    a = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
    b = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
    with np.errstate(all="ignore"):
        check(arithmetic_ufuncs, a[::-1] if reverse else a, b)
