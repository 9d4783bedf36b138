"""Views: basic slicing with Python's clamping on every axis, integer indices that drop an axis,
`.T`, and iteration over the first axis; differential against NumPy, including writes through views
and returned views."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

bound = st.one_of(st.none(), st.integers(-12, 12))
step = st.one_of(st.none(), st.sampled_from([-3, -2, -1, 1, 2, 3]))


@njit
def slice1(a, start, stop, step):
    v = a[start:stop:step]
    s = 0.0
    for i in range(v.shape[0]):
        s = s * 1.5 + v[i]
    return v.shape[0], float(s)


@njit
def slice_literals(a):
    return a[1:-1].shape[0], a[::-1][0], a[::2][1], a[:3][-1], a[-2:][0], a[5:100].shape[0], a[100:].shape[0]


@njit
def slice2(a, r0, r1, c0, c1, cs):
    v = a[r0:r1, c0:c1:cs]
    total = 0.0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            total = total * 1.25 + v[i, j]
    return v.shape, float(total)


@njit
def row_and_column(a, i, j):
    r = a[i]
    c = a[:, j]
    return r.shape[0], r[0] + r[-1], c.shape[0], c[0] + c[-1]


@njit
def write_through_view(a):
    v = a[1:, ::2]
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            v[i, j] = i * 10 + j


@njit
def transpose_sum(a):
    t = a.T
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            s = s * 1.1 + t[i, j]
    return t.shape, float(s)


@njit
def rows(a):
    s = 0.0
    for row in a:
        for x in row:
            s = s * 1.5 + x
    return float(s)


@njit
def returns_view(a):
    return a[::-1, 1:]


@njit
def zero_step(a, k):
    return a[::k].shape[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 9), bound, bound, step)
def test_slices_clamp_like_python(n, start, stop, stp):
    a = np.arange(n, dtype=np.float64) * 1.5 - 2.0
    check(slice1, a, start, stop, stp if stp is not None else 1)


def test_literal_slices():
    check(slice_literals, np.arange(8.0))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 6), st.integers(0, 6), bound, bound, bound, bound, st.sampled_from([-2, -1, 1, 2]),
       st.sampled_from(["C", "F", "strided"]))
def test_two_axis_slices_on_any_layout(rows_, cols, r0, r1, c0, c1, cs, layout):
    base = np.arange(rows_ * cols * 2, dtype=np.float64).reshape(rows_, cols * 2)
    a = {"C": base[:, :cols].copy(), "F": np.asfortranarray(base[:, :cols]), "strided": base[:, ::2]}[layout]
    check(slice2, a, r0, r1, c0, c1, cs)


def test_integer_index_gives_a_row_view():
    a = np.arange(12.0).reshape(3, 4)
    check(row_and_column, a, 1, 2)
    check(row_and_column, a, -1, -4)
    check(row_and_column, a, 3, 0)  # IndexError, as NumPy


def test_writes_through_views_reach_the_caller():
    check(write_through_view, np.zeros((4, 5)))
    check(write_through_view, np.zeros((4, 5), dtype=np.int32, order="F"))


def test_transpose_and_iteration():
    a = np.arange(6.0).reshape(2, 3)
    check(transpose_sum, a)
    check(transpose_sum, np.asfortranarray(a))
    check(rows, a)
    check(rows, a[:, ::-1])


def test_returned_views_share_memory_with_the_argument():
    a = np.arange(12.0).reshape(3, 4)
    v = returns_view(a)
    assert np.array_equal(v, a[::-1, 1:]) and np.shares_memory(v, a)
    v[0, 0] = -1.0
    assert a[2, 1] == -1.0


def test_zero_step_raises():
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        zero_step(np.arange(3.0), 0)
    assert zero_step(np.arange(7.0), -2) == 4
