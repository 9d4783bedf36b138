"""NumPy's functions that move elements without computing with them, on complex128 arrays, against
NumPy: joins (`concatenate stack vstack hstack column_stack append`, with real arrays too: their
numbers get a +0.0 imaginary part), `flip flipud fliplr roll rot90 swapaxes moveaxis expand_dims
squeeze atleast_*d tril triu repeat tile take compress extract diag meshgrid split`, and `a.fill`.
Signed zeros, infinities and NaN parts must come through bit for bit, from any layout."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import njit, UnsupportedError


@njit
def joins(a, m, r):
    return (np.concatenate((a, a[::-1])), np.concatenate((m, m), axis=1), np.stack((a, a), axis=1), np.vstack((m, m)),
            np.hstack((a, r)), np.column_stack((a, a)), np.append(a, r), np.concatenate((r, a)))


@njit
def moves(a, m):
    return (np.flip(a), np.flipud(m), np.fliplr(m), np.roll(a, 2), np.roll(m, -1, axis=1), np.rot90(m), np.swapaxes(m, 0, 1),
            np.moveaxis(m, 0, 1), np.expand_dims(a, 0), np.squeeze(m[:1], axis=0), np.atleast_2d(a), np.atleast_3d(m))


@njit
def copies(a, m, idx, keep):
    return (np.tril(m), np.triu(m, 1), np.repeat(a, 2), np.repeat(m, 2, axis=1), np.tile(a, 2), np.tile(m, (2, 1)),
            np.take(a, idx), np.compress(keep, a), np.extract(keep, a), np.diag(m), np.diag(a, 1), np.diag(a, -2),
            np.meshgrid(a, a[:2]), np.split(a, 2)[1])


@njit
def filled(m, x, z):
    m[0].fill(x)
    m[1].fill(z)
    return m


def _complex(n, seed):
    rng = np.random.default_rng(seed)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.5, -2.25])
    return rng.choice(special, n) + 1j * rng.choice(special, n)


LAYOUTS = [
    lambda x: x,
    lambda x: x[::-1],
    lambda x: np.asfortranarray(x.reshape(2, -1)).ravel(order="F")[: x.size],
]


@pytest.mark.parametrize("layout", range(len(LAYOUTS)))
def test_moves_of_complex_arrays(layout):
    a = LAYOUTS[layout](_complex(6, layout))
    m = _complex(6, 10 + layout).reshape(2, 3)
    if layout == 1:
        m = m[:, ::-1]
    elif layout == 2:
        m = np.asfortranarray(m)
    check(joins, a, m, np.arange(3.0) - 1.0)
    check(joins, a, m, np.array([1, -2]))
    check(moves, a, m)
    check(copies, a, np.outer(a[:3], a[:3]), np.array([0, -1, 2]), np.array([True, False, True, True]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), min_size=4, max_size=8).filter(lambda v: len(v) % 2 == 0))
def test_hypothesis_moves(values):
    a = np.array(values, dtype=np.complex128)
    m = a.reshape(2, -1)
    check(moves, a, m)
    check(joins, a, m, a.real)


def test_fill():
    check(filled, np.zeros((2, 3), complex), 3, 2 - 1j)
    check(filled, np.zeros((2, 3), complex), -0.0, complex(np.nan, -0.0))
    check(filled, np.zeros((2, 3), complex)[:, ::-1], True, np.float32(1.5))


@njit
def fill_real_with_complex(a):
    a.fill(1j)
    return a


def test_complex_into_real_fill_is_refused():
    with pytest.raises(UnsupportedError, match="complex"):
        fill_real_with_complex(np.zeros(3))


@njit
def truths(a, m):
    return (np.nonzero(a), np.nonzero(m), np.flatnonzero(m[:, ::-1]), np.argwhere(m), np.extract(a, a), np.compress(a, a),
            np.extract(m, m * 2))


@njit
def taken(a, m):
    return np.take(a, 2), np.take(a, -1), np.take(m, 4)


def test_truth_of_complex_elements():
    # A complex element is true when either part is nonzero (a NaN part is nonzero; -0.0 is not).
    a = np.array([0j, complex(-0.0, 0.0), 1e-300j, complex(np.nan, 0), 2 + 0j, complex(0.0, -0.0)])
    check(truths, a, a.reshape(2, 3))
    check(truths, a[::-1], np.asfortranarray(a.reshape(3, 2)).T)


def test_take_of_one_element_is_an_np_complex128():
    a = np.array([1 + 2j, -0.0 - 1j, np.nan + 0j, 3j, 0.5 + 0j, -1j])
    got = taken(a, a.reshape(2, 3))
    expected = taken.py_func(a, a.reshape(2, 3))
    for g, e in zip(got, expected):
        assert type(g) is np.complex128 and repr(g) == repr(e)


@njit
def take_by_complex(a, i):
    return np.take(a, i)


def test_complex_indices_are_refused():
    # NumPy raises TypeError (no safe cast of complex indices to int64): a TypingError here.
    from hasten import TypingError
    with pytest.raises(TypingError, match="complex128"):
        take_by_complex(np.arange(3.0), np.array([1j]))


@njit
def truth_reductions(a, m):
    return np.count_nonzero(a), np.count_nonzero(m, axis=0), np.any(a), np.all(a), a.any(), m.all(axis=1), np.any(m * 0, axis=0)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_truth_reductions(dtype):
    a = np.array([0j, complex(-0.0, 0.0), 1e-30j, complex(np.nan, 0), 2 + 0j, complex(0.0, -0.0)], dtype=dtype)
    check(truth_reductions, a, a.reshape(2, 3))
    check(truth_reductions, a[::-1] + 1, np.asfortranarray(a.reshape(3, 2)).T)


@njit
def differences(a, m, n):
    return np.diff(a), np.diff(a, 2), np.diff(m, axis=0), np.diff(m, 3, axis=1), np.diff(a, n)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), min_size=8, max_size=8), st.integers(0, 4))
def test_differences(values, n):
    # Part by part, as NumPy subtracts complex numbers; complex64 in float32 parts.
    a = np.array(values, dtype=np.complex128)
    for x in (a, a.astype(np.complex64), a[::-1]):
        check(differences, x, x.reshape(2, 4), n)
        check(differences, x, np.asfortranarray(x.reshape(2, 4)), n)
