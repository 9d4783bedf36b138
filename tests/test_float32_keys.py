"""Dicts and sets of float32 keys (`set(a)` of a float32 array, counts keyed by its elements),
differentially against CPython: a float32 key is held as the float64 of its value, so it hashes and
compares as NumPy's scalar does (`np.float32(0.1) != 0.1`, `-0.0 == 0.0`), and comes back to
Python, sorted, iterated and printed as a float32."""

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import check


@njit
def collect(a, probe):
    s = set(a)
    counts = {}
    for v in a:
        counts[v] = counts.get(v, 0) + 1
    pairs = {(v, 1) for v in a}
    return (s, counts, sorted(s), sorted(s, reverse=True), sorted(counts), sorted(pairs), list(counts.items()),
            probe in s, float(probe) in s, np.float32(0.1) in s, 0.1 in s, 0 in s, len(s))


@njit
def passed_in(s, d, k):
    return k in s, d.get(k, -1), np.float32(-0.0) in s, max(d, key=d.get), sorted(s)


@njit
def missing(d, k):
    return d[k]


FLOAT32 = st.floats(width=32, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float32, st.integers(0, 12), elements=st.one_of(FLOAT32, st.sampled_from([0.0, -0.0, 0.1, np.inf]))),
       FLOAT32)
def test_sets_and_counts_of_float32_elements(a, probe):
    check(collect, a, np.float32(probe))


def test_float32_keys_passed_in_and_looked_up():
    s = {np.float32(0.0), np.float32(2.5), np.float32(0.1)}
    d = {np.float32(2.5): 1, np.float32(0.1): 2}
    for k in [np.float32(0.1), np.float32(2.5), np.float32(0.3), np.float32(-0.0)]:
        check(passed_in, copy.deepcopy(s), copy.deepcopy(d), k)


def test_a_missing_key_is_a_key_error():
    with pytest.raises(KeyError):
        missing({np.float32(2.5): 1}, np.float32(0.3))
    with pytest.raises(KeyError):
        missing({np.float32(0.1): 1}, 0.1)  # the float64 0.1 is no float32
