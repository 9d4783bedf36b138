"""Versioning a `range` loop on the spans of its indices (`opt/spans.rs`): a test before the loop
checks both ends of each index `±v + e` against the array's length, and a copy without those bounds
checks runs when it holds. Every case here is also run where the test fails (an index that leaves
the array, wraps below zero, or overflows int64 on the way), so a wrong proof shows up as a missing
IndexError, a different result or different mutated arguments."""

import numpy as np
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check, run

I64_MAX = 2**63 - 1


def check_any(f, *args):
    """`check`, except where an index leaves int64 on the way: hasten raises OverflowError (its
    ints are 64-bit) where CPython raises OverflowError or NumPy's IndexError for such an int."""
    _, pexc, _ = run(f.py_func, *args)
    _, hexc, _ = run(f, *args)
    beyond_int64 = isinstance(pexc, OverflowError) or isinstance(pexc, IndexError) and str(pexc).startswith("only integers")
    if isinstance(hexc, OverflowError) and beyond_int64:
        return
    check(f, *args)


def knapsack(weights, values, capacity):
    best = np.zeros(capacity + 1)
    for i in range(weights.shape[0]):
        w = weights[i]
        v = values[i]
        for c in range(capacity, w - 1, -1):
            if best[c - w] + v > best[c]:
                best[c] = best[c - w] + v
    return best


def shifted_copy(src, dst, start, stop, w):
    for c in range(start, stop, -1):
        dst[c] = src[c - w] * 2.0
    return dst


def shifted_up(src, dst, start, stop, w):
    for c in range(start, stop):
        dst[c + w] = src[c] + 1.0
    return dst


def mirrored(a, n, m):
    for i in range(n, -1, -1):
        a[m - i] += 1.0
    return a


def stepped(a, start, stop, w):
    s = np.zeros(1)
    for c in range(start, stop, 3):
        s[0] += a[c + w]
    for c in range(start, stop, -2):
        s[0] += a[c - w]
    return s


def lcs_length(a, b):
    n = a.shape[0]
    m = b.shape[0]
    prev = np.zeros(m + 1, dtype=np.int64)
    cur = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
            elif prev[j] >= cur[j - 1]:
                cur[j] = prev[j]
            else:
                cur[j] = cur[j - 1]
        prev, cur = cur, prev
    return prev[m]


def row_of_invariant(A, k, n):
    s = np.zeros(1)
    for j in range(n):
        s[0] += A[k, j]
    return s


jknapsack, jlcs = njit(knapsack), njit(lcs_length)
jshifted_copy, jshifted_up, jmirrored, jstepped, jrow = njit(shifted_copy), njit(shifted_up), njit(mirrored), njit(stepped), njit(row_of_invariant)


def generator_offsets(a, n):
    s = 0.0
    for c in range(n, 0, -1):
        s += sum(a[c - j] for j in range(3))
    return s


def list_offsets(a, n):
    s = 0.0
    for c in range(n, 0, -1):
        s += sum([a[c - j] for j in range(5)])
    return s


def offset_changed_in_the_loop(a, n):
    s = 0.0
    w = 0
    for c in range(n, 0, -1):
        s += a[c - w]
        w = w - 1
    return s


def test_offsets_that_change_inside_the_loop_are_not_trusted():
    # Found writing this pass: a generator's variable read before the loop as if it were invariant.
    for fn in (generator_offsets, list_offsets, offset_changed_in_the_loop):
        for n in range(1, 8):  # (an empty loop leaves `s` a float, which hasten types np.float64)
            check(njit(fn), np.arange(5.0), n)


def test_knapsack_equals_cpython_and_explains_the_test():
    rng = np.random.default_rng(7)
    w, v = rng.integers(1, 20, 12), rng.random(12)
    check(jknapsack, w, v, 50)
    check(jknapsack, w, v, 0)
    f = njit(knapsack)
    f(w, v, 50)
    assert "versioned on index spans: `c - w`, `c` tested once before the loop" in f.explain()


def test_knapsack_with_weights_that_leave_the_array():
    # A negative weight makes `c - w` pass the end of `best` (IndexError); a zero weight is fine.
    check(jknapsack, np.array([3, -2, 4]), np.array([1.0, 2.0, 3.0]), 10)
    check(jknapsack, np.array([3, 0, 4]), np.array([1.0, 2.0, 3.0]), 10)
    check(jknapsack, np.array([3, 12, 4]), np.array([1.0, 2.0, 3.0]), 10)


ints = st.one_of(st.integers(-12, 12), st.sampled_from([I64_MAX, -I64_MAX - 1, I64_MAX - 3, -(2**62), 2**62]))


@settings(max_examples=300, deadline=None)
@given(start=ints, stop=ints, w=ints, n_src=st.integers(0, 9), n_dst=st.integers(0, 9))
def test_shifted_loops_agree_with_cpython(start, stop, w, n_src, n_dst):
    src, dst = np.arange(float(n_src)), np.zeros(n_dst)
    check_any(jshifted_copy, src, dst, start, stop, w)
    check_any(jshifted_up, src, dst, start, stop, w)


@settings(max_examples=200, deadline=None)
@given(n=ints, m=ints, size=st.integers(0, 9))
def test_mirrored_indices_agree_with_cpython(n, m, size):
    check_any(jmirrored, np.zeros(size), n, m)


@settings(max_examples=200, deadline=None)
@given(start=ints, stop=ints, w=ints, size=st.integers(0, 12))
def test_steps_other_than_one_agree_with_cpython(start, stop, w, size):
    check_any(jstepped, np.arange(float(size))[::-1], start, stop, w)


def test_swapped_buffers():
    rng = np.random.default_rng(3)
    for n, m in [(0, 0), (1, 5), (9, 7), (20, 30)]:
        check(jlcs, rng.integers(0, 3, n), rng.integers(0, 3, m))


@settings(max_examples=100, deadline=None)
@given(k=ints, n=ints)
def test_an_index_the_loop_does_not_change_is_tested_once(k, n):
    check_any(jrow, np.arange(12.0).reshape(3, 4), k, n)


def test_a_strided_view_and_the_tier_2_copy():
    src = np.arange(20.0)[::-2]
    check_any(jshifted_copy, src, np.zeros(12), 9, -1, -2)
    check(njit(shifted_copy, tier=2), src, np.zeros(12), 9, -1, -2)
    check(njit(shifted_copy, tier=2), src, np.zeros(12), 11, -1, -2)


def test_each_case_here_runs_through_the_versioned_loop():
    cases = [(shifted_copy, (np.arange(5.0), np.zeros(5), 4, 0, 1), "`c - w`, `c`"), (shifted_up, (np.arange(5.0), np.zeros(5), 0, 3, 1), "`c + w`"),
             (mirrored, (np.zeros(5), 3, 4), "`m - i`"), (stepped, (np.arange(5.0), 0, 3, 1), "`c - w`")]
    for fn, args, spans in cases:
        f = njit(fn)
        f(*args)
        assert f"versioned on index spans: {spans} tested once" in f.explain(), fn.__name__
