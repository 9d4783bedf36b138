"""Bounds checks and overflow checks that value ranges prove unnecessary are left out; these tests
pin the cases where they are still needed, so a wrong proof shows up as a missing IndexError or
OverflowError, or as a different result."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def guarded_then_reassigned(a, v):
    total = 0.0
    n = a.shape[0]
    for k in range(3):
        if 0 <= v < n:
            total += a[v]
            v = v + 10
            total += a[v]
    return total


@njit
def guard_on_another_array(a, b, i):
    if 0 <= i < b.shape[0]:
        return a[i]
    return -1.0


@njit
def loop_over_other_axis(image):
    s = 0.0
    for x in range(image.shape[1]):
        s += image[x, 0]
    return s


@njit
def neighbours(f):
    out = np.empty(f.shape[0] - 2)
    for i in range(1, f.shape[0] - 1):
        out[i - 1] = f[i - 1] - 2 * f[i] + f[i + 1]
    return out


@njit
def one_past_the_end(f):
    s = 0.0
    for i in range(f.shape[0]):
        s += f[i + 1]
    return s


@njit
def shape_sum(a, b):
    return a.shape[0] + b.shape[0] + a.shape[0] * 3


def test_a_reassigned_local_loses_its_guard():
    a = np.arange(12.0)
    check(guarded_then_reassigned, a, 1)
    # v = 1 passes the guard; v = 11 passes it on the next iteration, and v = 21 must not be trusted.
    with pytest.raises(IndexError, match="index 21 is out of bounds for axis 0 with size 12"):
        guarded_then_reassigned(a, 1)


def test_guards_prove_only_their_own_array():
    check(guard_on_another_array, np.arange(3.0), np.arange(10.0), 5)


def test_loop_bound_of_one_axis_does_not_prove_another():
    check(loop_over_other_axis, np.ones((2, 5)))


def test_interior_stencil_and_off_by_one():
    f = np.linspace(0.0, 1.0, 9) ** 2
    check(neighbours, f)
    check(neighbours, np.ones(2))
    check(one_past_the_end, np.ones(4))


def test_shape_arithmetic():
    check(shape_sum, np.ones(3), np.ones(5))


def test_huge_dimensions_are_refused():
    big = np.broadcast_to(np.zeros(1, dtype=np.int8), (2**62,))
    with pytest.raises(ValueError, match="2\\*\\*62"):
        shape_sum(big, np.ones(1))


@njit
def make(n):
    return np.empty(n, dtype=np.int8)


def test_array_too_big_to_create():
    with pytest.raises(ValueError, match="array is too big"):
        make(2**62)
    with pytest.raises(ValueError, match="negative dimensions"):
        make(-1)


@njit
def shifted_output(f):
    n = f.shape[0]
    out = np.zeros(n - 2)
    for i in range(1, n - 1):
        out[i] = f[i]
    return out


@njit
def shifted_output_in_bounds(f):
    n = f.shape[0]
    out = np.zeros(n - 2)
    for i in range(1, n - 1):
        out[i - 1] = f[i + 1] - f[i - 1]
    return out


def test_lengths_with_offsets():
    check(shifted_output, np.arange(6.0))
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 0 with size 4"):
        shifted_output(np.arange(6.0))
    check(shifted_output_in_bounds, np.arange(6.0) ** 2)


@njit
def fourth_power_of_a_bounded_length(a):
    m = len(a) % 1099511627777
    return m * m * m * m


def test_products_beyond_128_bit_bounds_keep_their_overflow_check():
    # m < 2**40, so the range of m**4 exceeds 128 bits: it must not be "proven" to fit.
    a = np.zeros(2**20, dtype=np.uint8)
    with pytest.raises(OverflowError):
        fourth_power_of_a_bounded_length(a)
    check(fourth_power_of_a_bounded_length, np.zeros(1000, dtype=np.uint8))


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
def window_one_too_wide(ix):
    n = ix.shape[0]
    s = 0.0
    for i in range(1, n - 1):
        for a in range(i - 1, i + 3):
            s += ix[a]
    return s


def test_windows_around_an_interior_index():
    # The window's variable stays inside the array whose shape bounds the outer loop; the other
    # array's checks stay (its shape is unrelated), and one step too wide still raises IndexError.
    ix = np.arange(20.0).reshape(4, 5)
    for iy in (ix * 0.5, np.ones((2, 2)), np.ones((4, 5))[:, ::-1]):
        check(window_sums, ix, iy)
    check(window_sums, np.ones((0, 3)), np.ones((0, 3)))
    check(window_one_too_wide, np.arange(5.0))
    remarks = window_sums.explain()
    assert "bounds check removed: `a` is proven within axis 0 of `ix`" in remarks
    assert "bounds check removed: `b` is proven within axis 1 of `ix`" in remarks
    assert "bounds check kept: `a` on axis 0 of `iy`" in remarks
    assert "bounds check kept: `a` on axis 0 of `ix`" in window_one_too_wide.explain()


@njit
def _wrap_around(a):
    n = a.shape[0]
    s = 0.0
    for i in range(n):
        s += float(a[(i + 1) % n] - a[(i - 1) % n] * a[(i + 7) % len(a)])
    return s


@njit
def _modulo_by_argument(a, k):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[(i + 3) % k])
    return s


def test_indices_modulo_a_length():
    # `x % n` of a length is in bounds without a check; by any other int it is still checked,
    # negative results wrap, and a zero divisor raises ZeroDivisionError.
    for n in [0, 1, 2, 5]:
        check(_wrap_around, np.arange(n, dtype=np.float64))
        check(_wrap_around, np.arange(2 * n, dtype=np.float64)[::-2])
    a = np.arange(6.0)
    for k in [-7, -6, -3, -1, 0, 1, 4, 6, 7, 10]:
        check(_modulo_by_argument, a, k)


@njit
def insertion_sort(a):
    for i in range(1, a.shape[0]):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


@njit
def descending_reads_ahead(a, start, ahead):
    j = start
    s = 0.0
    while j >= 0:
        s += float(a[j + ahead])
        j = j - 1
    return s


@njit
def descending_then_raised(a):
    s = 0.0
    for i in range(a.shape[0]):
        j = i - 1
        while j >= 0:
            s += float(a[j + 1])
            j -= 1
        j += 2
        s += float(a[j])
    return s


@njit
def decreased_by_a_variable(a, k):
    j = a.shape[0] - 1
    s = 0.0
    while j >= 0:
        s += float(a[j])
        j -= k
    return s


def test_a_local_that_only_decreases_keeps_its_upper_bound():
    # `j = i - 1` then `j -= 1` stays below the length, so `a[j]` and `a[j + 1]` in the `while`
    # need no check; the facts must not survive an increase, a read past the bound or a step of
    # unknown sign.
    rng = np.random.default_rng(5)
    for a in (rng.integers(-9, 9, 40), np.zeros(0, dtype=np.int64), np.arange(5.0)[::-1], rng.random(7)[::2]):
        check(insertion_sort, a)
    assert "bounds check removed: `j + 1` is proven within axis 0 of `a`" in insertion_sort.explain()
    a = np.arange(6.0)
    for start, ahead in [(5, 0), (4, 1), (5, 1), (0, 6), (-1, 3), (2, -3), (2, -9)]:
        check(descending_reads_ahead, a, start, ahead)
    check(descending_then_raised, np.arange(1.0))
    check(descending_then_raised, np.arange(4.0))
    for k in (1, 2, 7, -1):
        if k > 0:
            check(decreased_by_a_variable, np.arange(5.0), k)
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 5"):
        decreased_by_a_variable(np.arange(5.0), -1)


@njit
def loops_sharing_a_variable(a):
    n = a.shape[0]
    d = np.zeros((n + 1, 2))
    for i in range(n + 1):
        d[i, 0] = float(i)
    s = 0.0
    for i in range(1, n + 1):
        d[i, 1] = d[i - 1, 1] + a[i - 1]
    for i in range(n):
        s += float(a[i + 1])
    return d, s


@njit
def after_the_loops(a):
    i = 0
    for i in range(a.shape[0]):
        pass
    for i in range(2, a.shape[0] + 1):
        pass
    return a[i]


@njit
def nested_same_variable(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i])
        for i in range(a.shape[0] + 2):
            pass
        s += float(a[i - 1])
    return s


@njit
def constant_column(a, m):
    d = np.zeros((a.shape[0], m + 1))
    for i in range(a.shape[0]):
        d[i, 0] = a[i]
        d[i, 1] = a[i]
    return d


def test_loops_that_take_a_variable_in_turn():
    # Each loop's facts about `i` hold inside it only: reads after the loops and a loop nested
    # over the same name keep their checks.
    for n in (0, 1, 4):
        a = np.arange(float(n))
        check(loops_sharing_a_variable, a)
        check(after_the_loops, a)
        check(nested_same_variable, a)
    assert "bounds check removed: `i - 1` is proven within axis 0 of `d`" in loops_sharing_a_variable.explain()
    assert "bounds check kept: `i + 1` on axis 0 of `a`" in loops_sharing_a_variable.explain()


def test_constant_index_below_a_longer_axis():
    for m in (0, 1, 2):
        check(constant_column, np.arange(3.0), m)
    assert "bounds check removed: `0` is proven within axis 1 of `d`" in constant_column.explain()
    assert "bounds check kept: `1` on axis 1 of `d`" in constant_column.explain()
