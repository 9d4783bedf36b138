"""`hash()` in compiled code against CPython's own, on the same values in the same process (so
under the same string hash key): ints over the whole int64 range, floats (signed zeros, infinities,
subnormals), strings of one-, two- and four-byte code points, bools, NumPy scalars, nested tuples."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check

i64 = st.integers(-(2**63), 2**63 - 1)
finite = st.one_of(st.floats(allow_nan=False), st.sampled_from([0.0, -0.0, math.inf, -math.inf, 5e-324, 2.0**61, -(2.0**61), 1e308]))


@njit
def h(x):
    return hash(x)


@njit
def pair(a, b, s):
    return hash((a, (b, s), True)), hash((a,)), hash(())


@settings(max_examples=300, deadline=None)
@given(i64)
def test_ints(n):
    check(h, n)


def test_ints_near_the_modulus_and_minus_one():
    for n in (-1, -2, 2**61 - 2, 2**61 - 1, 2**61, -(2**61) + 1, -(2**61), 2**63 - 1, -(2**63)):
        check(h, n)


@settings(max_examples=300, deadline=None)
@given(finite)
def test_floats(x):
    check(h, x)


def test_nan_hashes_to_zero():
    # CPython hashes a NaN by its object's identity; compiled floats have none (documented).
    assert h(math.nan) == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_strings(s):
    check(h, s)


def test_strings_of_each_width():
    for s in ("", "a", "abcdefgh", "abcdefghi", "é" * 9, "€uro", "😀", "a😀b€c", "\x00", "\xff" * 8):
        check(h, s)


@settings(max_examples=200, deadline=None)
@given(i64, finite, st.text(max_size=10))
def test_tuples(a, b, s):
    check(pair, a, b, s)


def test_bools_and_numpy_scalars():
    check(h, True)
    check(h, False)
    for v in (np.int8(-1), np.int16(-300), np.int32(7), np.int64(-(2**62)), np.uint8(255), np.uint32(2**32 - 1),
              np.uint64(2**64 - 1), np.float32(0.1), np.float64(-2.5), np.bool_(True)):
        check(h, v)


@njit
def unhashable(n):
    return hash([n])


def test_unhashable_types_are_typing_errors_with_cpythons_message():
    with pytest.raises(hasten.TypingError, match="unhashable type: 'list'"):
        unhashable(1)


@njit
def of_complex(z):
    return hash(z)


def test_complex_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="hash\\(\\) of complex"):
        of_complex(1 + 2j)
