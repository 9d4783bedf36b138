"""Loop facts that remove checks only when an assumption holds: versioning a nest on array lengths
(`opt/lengths.rs`), counters bounded below, `range` steps of known sign and the lengths of arrays
made by `np.full`/`np.*_like`/`.copy()`. Each test runs the case where the assumption fails too,
so a wrong proof shows up as a missing IndexError or a different result."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def window_sums(ix, iy):
    n, m = ix.shape
    out = np.zeros((n, m))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            s = 0.0
            for a in range(i - 1, i + 2):
                for b in range(j - 1, j + 2):
                    s += ix[a, b] * iy[a, b]
            out[i, j] = s
    return out


@njit
def dot_by_first_length(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s


@njit
def copy_into(src, dst, n):
    for i in range(n):
        dst[i] = src[i] * 2.0
    return dst


def test_a_second_array_as_long_as_the_first_runs_unchecked():
    rng = np.random.default_rng(1)
    ix, iy = rng.random((7, 9)), rng.random((7, 9))
    check(window_sums, ix, iy)
    check(window_sums, ix, rng.random((8, 12)))
    assert "versioned on lengths: `iy.shape[0] >= ix.shape[0] and iy.shape[1] >= ix.shape[1]`" in window_sums.explain()
    check(dot_by_first_length, np.arange(5.0), np.arange(7.0))
    check(copy_into, np.arange(5.0), np.zeros(5), 5)


@pytest.mark.parametrize("shape", [(6, 9), (7, 8), (2, 9), (7, 1), (0, 0)])
def test_a_shorter_second_array_still_raises_where_cpython_raises(shape):
    rng = np.random.default_rng(2)
    check(window_sums, rng.random((7, 9)), rng.random(shape))


def test_shorter_operands_of_flat_loops_raise():
    check(dot_by_first_length, np.arange(5.0), np.arange(4.0))
    check(dot_by_first_length, np.arange(5.0), np.arange(0.0))
    # `dst` shorter than `n`: the store raises after the elements before it were written.
    check(copy_into, np.arange(5.0), np.zeros(3), 5)
    check(copy_into, np.arange(3.0), np.zeros(5), 5)
    check(copy_into, np.arange(5.0), np.zeros(5), -2)


@njit
def rebinds_inside(a, b, n):
    s = 0.0
    for i in range(n):
        s += b[i]
        if i == 1:
            b = a
    return s


def test_arrays_the_loop_rebinds_are_not_trusted():
    check(rebinds_inside, np.arange(2.0), np.arange(5.0), 4)
    check(rebinds_inside, np.arange(5.0), np.arange(5.0), 4)


@njit
def sieve_count(n):
    flags = np.ones(n + 1, dtype=np.bool_)
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    return flags.sum()


@njit
def stepped_by_a_falling_counter(a):
    s = 0.0
    k = 3
    while k > -3:
        for j in range(0, len(a), k):
            s += float(a[j])
        k -= 1
        if k == 0:
            k -= 1
    return s


@njit
def counter_set_negative(a):
    k = 2
    s = 0.0
    for t in range(3):
        for j in range(k, len(a)):
            s += float(a[j])
        k = -4
    return s


def test_steps_and_counters_of_known_sign():
    for n in [0, 1, 2, 3, 30, 97]:
        check(sieve_count, n)
    check(stepped_by_a_falling_counter, np.arange(7.0))
    check(stepped_by_a_falling_counter, np.arange(0.0))
    # `k = -4` makes the counter's least value negative: `a[-4]` wraps around as in CPython.
    check(counter_set_negative, np.arange(6.0))
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        counter_set_negative(np.arange(3.0))


@njit
def full_then_fill(n, m):
    cost = np.full((n + 1, m + 1), np.inf)
    cost[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = min(cost[i - 1, j], cost[i, j - 1]) + 1.0
    return cost


@njit
def like_and_copy(a):
    b = np.zeros_like(a)
    c = a.copy()
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            b[i, j] = c[i, j] + a[i, j]
    for i in range(1, a.shape[0] + 1):
        b[i, 0] = c[i - 1, 0]
    return b


def test_lengths_of_new_arrays():
    check(full_then_fill, 4, 3)
    check(full_then_fill, 0, 0)
    # The last loop runs one row past the end: IndexError from the store into `b`.
    check(like_and_copy, np.arange(6.0).reshape(2, 3))


@njit
def collatz_steps(x):
    steps = 0
    while x != 1:
        if x % 2 == 0:
            x //= 2
        else:
            x = 3 * x + 1
        steps += 1
    return steps


@njit
def affine(x):
    return (3 * x + 1, x * -4 + 3, 3 * x - 1)


@njit
def affine_over(x):
    return 3 * x + 2


@njit
def affine_under(x):
    return 3 * x - 3


@njit
def scaled_over(x):
    return x * -4 + 4


def test_checked_products_bound_what_is_added_to_them():
    from conftest import check_int

    big = (2**63 - 1) // 3  # 3 * big == 2**63 - 2
    # Values at the edges, where the last `+`/`-` fits exactly or overflows by one (an overflow
    # of the product alone raises in hasten where CPython goes on, so those are left out).
    for x in [0, 1, -1, big, -big, big + 1, -big - 1, 2**62, 2**63 - 1, -(2**63)]:
        check_int(affine, x)
    for x in [big - 1, big, -big]:
        check_int(affine_over, x)
    for x in [-big + 1, -big, big]:
        check_int(affine_under, x)
    for x in [-(2**61) + 2, -(2**61) + 1, 2**61]:
        check_int(scaled_over, x)
    for x in [1, 7, 27, 97, 871]:
        check(collatz_steps, x)
    # 3 * x leaves 64 bits on the way: CPython keeps going, hasten raises OverflowError.
    with pytest.raises(OverflowError):
        collatz_steps(big + 2 if (big + 2) % 2 else big + 3)
