"""An element a loop stores and its next iteration reads back (`d[i, j] = f(d[i, j - 1])`) is carried
in a register (`opt/carry.rs`). Results, mutated arguments and exceptions must be CPython's: negative
indices that wrap, arrays shorter than the loop, NaN, NumPy integer wrap-around, and the loops that
must not be changed (another store, a conversion on store, a read after the store)."""

import numpy as np
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check


@njit
def running(x, start, stop, k):
    for j in range(start, stop):
        x[j] = x[j - 1] * 0.5 + k
    return x


@njit
def running_ahead(x, n):
    for j in range(n):
        x[j + 1] = x[j] + x[j] * 2.0 - 1.0
    return x


@njit
def rows(d, w):
    n, m = d.shape
    for i in range(1, n):
        for j in range(1, m):
            c = w[i - 1] if w[i - 1] > 0.0 else -w[i - 1]
            d[i, j] = min(d[i - 1, j], d[i, j - 1], d[i - 1, j - 1]) + c
    return d


@njit
def int8_wraps(x):
    for j in range(1, x.shape[0]):
        x[j] = x[j - 1] + x[j] + x[j]
    return x


@njit
def python_int_into_int8(x):
    for j in range(1, x.shape[0]):
        x[j] = int(x[j - 1]) * 3 + 1
    return x


@njit
def read_after_store(x, y):
    for j in range(1, x.shape[0]):
        x[j] = x[j - 1] + 1.0
        y[j] = x[j - 1]
    return x, y


@njit
def read_after_own_store(x):
    s = 0.0
    for j in range(1, x.shape[0]):
        x[j] = x[j - 1] + 1.0
        s = s + x[j - 1]
    return x, s


floats = st.floats(allow_nan=True, allow_infinity=True, width=64)


@given(st.lists(floats, min_size=0, max_size=12), st.integers(-14, 14), st.integers(-14, 14), floats)
@settings(max_examples=200, deadline=None)
def test_running_values_with_wrapping_and_errors(values, start, stop, k):
    x = np.array(values, dtype=np.float64)
    check(running, x, start, stop, k)
    check(running, x[::-1], start, stop, k)
    check(running_ahead, x, min(stop, len(values)))
    check(running_ahead, x, len(values))


@given(st.integers(1, 6), st.integers(1, 6), st.data())
@settings(max_examples=60, deadline=None)
def test_dynamic_programming_rows(n, m, data):
    d = np.array(data.draw(st.lists(floats, min_size=n * m, max_size=n * m))).reshape(n, m)
    w = np.array(data.draw(st.lists(floats, min_size=n, max_size=n)))
    check(rows, d, w)
    check(rows, d[:, ::-1], w)


def test_integer_wrap_and_loops_left_alone():
    x = np.array([5, -7, 100, 3, -128, 127, 9], dtype=np.int8)
    check(int8_wraps, x)
    assert "carried: the element" in int8_wraps.explain()
    check(python_int_into_int8, np.array([1, 2, 3], dtype=np.int8))
    check(python_int_into_int8, np.array([1, 2, 3, 4, 5, 6], dtype=np.int8))
    assert "carried: the element" not in python_int_into_int8.explain()
    x = np.arange(6.0)
    check(read_after_store, x, np.zeros(6))
    check(read_after_store, x, x)
    assert "carried: the element" not in read_after_store.explain()
    check(read_after_own_store, np.array([0.5, np.nan, 2.0, -0.0]))


@njit
def lcs(a, b):
    n, m = a.shape[0], b.shape[0]
    L = np.zeros((n + 1, m + 1), dtype=np.int64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                L[i, j] = L[i - 1, j - 1] + 1
            else:
                L[i, j] = max(L[i - 1, j], L[i, j - 1])
    return L


@njit
def branch_reads_after_store(x, flag):
    for j in range(1, x.shape[0]):
        if flag > 0.0:
            x[j] = x[j - 1] + 1.0
            t = x[j - 1] * 2.0
        else:
            t = x[j - 1] - 1.0
            x[j] = t
    return x


@given(st.lists(st.integers(0, 3), max_size=9), st.lists(st.integers(0, 3), max_size=9))
@settings(max_examples=80, deadline=None)
def test_a_store_in_each_branch(a, b):
    check(lcs, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))
    x = np.array([float(v) for v in a] or [1.0])
    check(branch_reads_after_store, x, 1.0)
    check(branch_reads_after_store, x, -1.0)


def test_remark_of_a_branch_carry():
    check(lcs, np.array([1, 2, 3]), np.array([2, 3]))
    assert "carried: the element" in lcs.explain()


@njit
def lcs_swapping_rows(a, b):
    m = b.shape[0]
    prev = np.zeros(m + 1, dtype=np.int64)
    cur = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, a.shape[0] + 1):
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
            elif prev[j] >= cur[j - 1]:
                cur[j] = prev[j]
            else:
                cur[j] = cur[j - 1]
        prev, cur = cur, prev
    return prev[m]


@njit
def rebinds_inside(x, y):
    for j in range(1, x.shape[0]):
        x[j] = x[j - 1] + 1.0
        x = y
    return x


@given(st.lists(st.integers(0, 3), max_size=9), st.lists(st.integers(0, 3), max_size=9))
@settings(max_examples=80, deadline=None)
def test_elif_chains_and_swapped_rows(a, b):
    check(lcs_swapping_rows, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))


def test_an_array_rebound_in_the_loop_is_not_carried():
    check(rebinds_inside, np.arange(4.0), np.zeros(4))
    check(lcs_swapping_rows, np.array([1, 2]), np.array([2]))
    assert "carried: the element" in lcs_swapping_rows.explain()
    assert "carried: the element" not in rebinds_inside.explain()


@njit
def complex_running(x):
    for j in range(1, x.shape[0]):
        x[j] = x[j - 1] * 0.5 + x[j]
    return x


def test_complex_elements_are_left_alone():
    # Two parts an element: not carried (one register holds one number).
    for dtype in (np.complex128, np.complex64):
        check(complex_running, np.array([1 + 2j, 3 - 1j, 0.5j, 2.0], dtype=dtype))
