"""Float sums, means, variances bit for bit equal to NumPy's: its pairwise summation (runtime pairwise.rs)
for lines it walks innermost, plain order for the lines of an outer axis, memory order for Fortran arrays."""

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import assert_same, check

FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)
WIDE = st.builds(lambda m, e: m * 10.0 ** e, st.floats(-1, 1), st.integers(-8, 8))


@njit
def whole(a):
    return np.sum(a), a.mean(), np.nansum(a), np.nanmean(a), np.sum(a * 2.0 - 1.0)


@njit
def spread(a):
    return np.var(a), np.std(a), np.var(a, ddof=1)


@njit
def axes(a):
    return a.sum(axis=0), a.sum(axis=1), np.mean(a, axis=0), np.mean(a, axis=-1), np.var(a, axis=0), np.std(a, axis=1)


@njit
def fused_sum(a, b):
    return np.sum(a * b), np.mean(a + b)


@given(st.lists(WIDE, max_size=700), st.sampled_from([1, 2, -1, 3]))
@settings(max_examples=150, deadline=None)
def test_one_dimensional_sums_are_numpys(values, step):
    a = np.array(values, dtype=np.float64)[::step]
    check(whole, a)
    if a.size > 1:
        check(spread, a)


@given(hnp.arrays(np.float64, st.integers(0, 300), elements=FLOATS))
@settings(max_examples=100, deadline=None)
def test_special_values(a):
    check(whole, a)


@given(st.lists(WIDE, min_size=1, max_size=600))
@settings(max_examples=80, deadline=None)
def test_float32_sums_add_in_float32(values):
    a = np.array(values, dtype=np.float32)
    check(whole, a)


@given(st.integers(1, 40), st.integers(1, 200), st.integers(0, 2**32 - 1), st.booleans())
@settings(max_examples=80, deadline=None)
def test_axis_and_whole_sums_of_c_and_fortran_arrays(n, m, seed, fortran):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, m)) * 10.0 ** rng.integers(-6, 6, (n, m))
    if fortran:
        a = np.asfortranarray(a)
    check(whole, a)
    check(axes, a)
    check(spread, a)
    check(fused_sum, a, a[::-1].copy(order="F" if fortran else "C"))


def test_long_lines_cross_many_leaves():
    rng = np.random.default_rng(7)
    for n in (129, 1000, 4097, 65_549):
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
        check(whole, a)
        check(spread, a)


def test_negative_zeros_sum_to_positive_zero():
    for n in (1, 7, 9, 200):
        got = whole(np.full(n, -0.0))
        assert_same(got[0], np.sum(np.full(n, -0.0)))
