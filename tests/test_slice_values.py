"""Slice objects as values, differentially against CPython/NumPy: `slice(...)` made in compiled
code or passed in (its None parts known from its type), returned, read by `.start/.stop/.step`,
handed to another jitted function, and used as an index of arrays (alone, in a tuple index, in a
stored or updated index), lists, strings and tuples (constant slices of tuples only)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import njit
from conftest import check


@njit
def made(n):
    s = slice(1, n, 2)
    return s, slice(n), slice(None, n, -1), s.start, s.stop, s.step, slice(n).start, slice(n).step


@njit
def taken(a, s):
    return a[s], a[s].sum(), len(a[s])


@njit
def by_tuple(m, idx):
    return m[idx]


@njit
def stored(a, s, v):
    a[s] = v
    a[s] += 1.0
    return a


@njit
def of_sequences(l, text, s):
    return l[s], text[s]


@njit
def local_tuple(m, j):
    idx = (slice(1, None), j)
    rows = slice(None, None, -1)
    return m[idx], m[rows, 0], m[rows][:, idx[1]]


@njit
def inner(a, s):
    return a[s].copy()


@njit
def handed_on(a, k):
    return inner(a, slice(k, None)), inner(a, slice(None, k, -1))


@njit
def zero_step(a):
    s = slice(None, None, 0)
    return a[s]


@njit
def of_floats(x):
    return slice(x, 2.0)


@njit
def computed_index(a, n):
    return a[slice(1, n)]


@njit
def unknown_attribute(s):
    return s.stride


bounds = st.one_of(st.none(), st.integers(-12, 12))


@given(bounds, bounds, st.one_of(st.none(), st.integers(-4, 4).filter(bool)))
@settings(max_examples=80, deadline=None)
def test_slices_passed_in_index_arrays_lists_and_strings(start, stop, step):
    s = slice(start, stop, step)
    check(taken, np.arange(10.0), s)
    check(taken, np.arange(10.0)[::-2], s)
    check(stored, np.arange(10.0), s, -1.0)
    check(of_sequences, [1, 2, 3, 4, 5], "hello", s)
    check(by_tuple, np.arange(24).reshape(4, 6), (s, 2))
    check(by_tuple, np.arange(24).reshape(4, 6), (1, s))
    check(by_tuple, np.arange(24).reshape(4, 6), (s, s))


def test_slices_made_in_compiled_code():
    check(made, 7)
    check(local_tuple, np.arange(12).reshape(3, 4), 2)
    check(handed_on, np.arange(8), 3)
    check(computed_index, np.arange(8), 5)


def test_a_zero_step_is_cpythons_error():
    check(zero_step, np.arange(4))


def test_refusals_are_named():
    with pytest.raises(hasten.UnsupportedError, match="a slice of float"):
        of_floats(1.5)
    with pytest.raises(hasten.TypingError, match="'slice' object has no attribute 'stride'"):
        unknown_attribute(slice(1, 2))
    with pytest.raises(hasten.UnsupportedArgumentError):
        taken(np.arange(3), slice(2**70, None))


WINDOW = slice(1, -1)
BACKWARDS = slice(None, None, -2)
HUGE = slice(2**70)


@njit
def global_slices(a):
    return a[WINDOW], a[BACKWARDS], WINDOW


@njit
def starred_bounds(a, bounds):
    return a[slice(*bounds)]


@njit
def huge_global():
    return HUGE


def test_slice_globals_and_starred_bounds():
    check(global_slices, np.arange(7))
    check(starred_bounds, np.arange(9), (1, 8, 3))


def test_a_slice_global_beyond_64_bits_is_refused():
    with pytest.raises(hasten.UnsupportedError, match="holds a slice of int"):
        huge_global()
