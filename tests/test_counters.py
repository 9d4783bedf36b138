"""Counters and the bit-counting idiom (codegen `lower/facts.rs`, `lower/opt/popcount.rs`): an int
local only ever set to small constants and stepped by small constants needs no overflow check, and
`while x: x &= x - 1; c += 1` on a NumPy int64 is one population count. Differential against CPython,
with the cases where either must not apply pinned: results and OverflowError stay CPython's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import INT64_MAX, INT64_MIN, check, check_int


@njit
def popcount_sum(a):
    total = 0
    for i in range(a.shape[0]):
        x = a[i]
        while x:
            x &= x - 1
            total += 1
    return total


@njit
def popcount_spelled_otherwise(a):
    total = 0
    for i in range(a.shape[0]):
        x = a[i]
        while x != 0:
            total = total + 1
            x = x & (x - 1)
    return total, x


@njit
def popcount_last(a):
    # x is read after the loop: it must be left zero, as the loop leaves it
    c = 0
    x = a[0]
    while x:
        x &= x - 1
        c += 1
    return c, x, x == 0


edge = np.array([0, 1, -1, 2, 3, 255, INT64_MAX, INT64_MIN, INT64_MIN + 1, -(2**40), 2**62 + 12345], dtype=np.int64)


def test_bit_counting_loops_give_cpythons_counts():
    check(popcount_sum, edge)
    check(popcount_sum, edge.astype(np.uint64))
    check(popcount_sum, edge[::-2])
    check(popcount_sum, edge[:0])
    check(popcount_spelled_otherwise, edge)
    for k in range(edge.size):
        check(popcount_last, edge[k:])
    assert "population count" in popcount_sum.explain()


@given(hnp.arrays(np.int64, st.integers(0, 30)))
@settings(max_examples=100, deadline=None)
def test_bit_counting_hypothesis(a):
    check(popcount_sum, a)
    check(popcount_sum, a.astype(np.uint64))


@njit
def counts_by_two(a):
    total = 0
    for i in range(a.shape[0]):
        x = a[i]
        while x:
            x &= x - 1
            total += 2
    return total


@njit
def counter_maybe_unbound(a, flag):
    if flag:
        c = 0
    x = a[0]
    while x:
        x &= x - 1
        c += 1
    return x


@njit
def python_int_loop(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c


def test_near_misses_keep_their_loops():
    check(counts_by_two, edge)
    assert "population count" not in counts_by_two.explain()
    # c is read only if x is not 0: with x == 0 and c unbound, nothing raises
    check(counter_maybe_unbound, np.array([0]), False)
    check(counter_maybe_unbound, np.array([5]), False)
    check(counter_maybe_unbound, np.array([5]), True)
    for n in (0, 1, 7, 2**40 + 3, INT64_MAX):
        check(python_int_loop, n)


@njit
def counter_after_folded_loops(n, m):
    c = 0
    for i in range(n):
        c += 1
    for i in range(m):
        c += 1
    c += 1
    return c


@njit
def stepped_from_a_parameter(n):
    c = n
    c += 1
    return c


@njit
def big_start(flag):
    c = 2**62 + 2**61
    if flag:
        c = 2**62 + 2**61 + 2**60
    c += 2**61
    return c


@njit
def big_step(n):
    c = 0
    for i in range(n):
        c += 2**61
    c += 2**61
    return c


@njit
def counter_in_a_while(n):
    c = 0
    k = n
    while k > 0:
        c += 3
        c -= 1
        k -= 1
    return c


def test_locals_that_are_not_counters_keep_their_overflow_checks():
    # Loops in closed form add n at once, so their accumulators are not counters.
    # (CPython cannot run 2**62 iterations: the expected values are written out.)
    with pytest.raises(OverflowError):
        counter_after_folded_loops(2**62, 2**62 - 1)
    assert counter_after_folded_loops(2**62, 2**62 - 2) == INT64_MAX
    check(counter_after_folded_loops, 5, 7)
    check_int(stepped_from_a_parameter, INT64_MAX)
    check_int(stepped_from_a_parameter, 5)
    check_int(big_start, True)
    check_int(big_start, False)
    check_int(big_step, 3)
    check_int(big_step, 2)
    check(counter_in_a_while, 1000)
    check(counter_in_a_while, -3)
