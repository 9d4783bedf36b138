"""The vectoriser: innermost loops of float64 element arithmetic run two iterations at a time.

Every case is differential (CPython on the same inputs). The vector loop must give the scalar
loop's bits, leave the loop variable where CPython leaves it, fall back to the scalar loop whenever
running lanes together would reorder memory accesses (arrays overlapping at run time), and raise
where CPython raises, having written the same elements before."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import os
import sys

import hasten
from conftest import check, floats

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "bench"))
import seedlib  # noqa: E402

PY = seedlib.load()
HS = seedlib.load(hasten.njit)


def vectorised(f):
    return "- vectorised:" in f.explain()


@hasten.njit
def affine_mix(a, b, c, x, k):
    for i in range(a.shape[0]):
        c[i] = -(a[i] * x - b[i] / x) + 2 * a[i] - k / b[i]


@hasten.njit
def updates(a, b):
    for i in range(2, a.shape[0] - 1):
        a[i] += b[i + 1]
        b[i - 2] *= a[i]
        a[i] -= 0.5
        b[i] /= 3


@hasten.njit
def fill_then_last(a, lo, hi, v):
    i = -7
    for i in range(lo, hi):
        a[i] = v
    return i


@pytest.mark.parametrize("n", range(0, 9))
def test_simple_loops_all_lengths(n):
    rng = np.random.default_rng(n)
    a, b = rng.random(n) - 0.5, rng.random(n) + 0.5
    check(HS.add_arrays_into, a, b, np.zeros(n))
    check(affine_mix, a, b, np.zeros(n), 0.3, 7)
    check(updates, a, b)
    assert vectorised(HS.add_arrays_into) and vectorised(affine_mix) and vectorised(updates)


@given(st.lists(floats, min_size=0, max_size=11), st.lists(floats, min_size=0, max_size=11), floats)
@settings(max_examples=150, deadline=None)
def test_special_values_lane_by_lane(xs, ys, x):
    n = min(len(xs), len(ys))
    a, b = np.array(xs[:n], dtype=np.float64), np.array(ys[:n], dtype=np.float64)
    with np.errstate(all="ignore"):
        check(affine_mix, a, b, np.zeros(n), x, 3)
        check(updates, a, b)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 33])
def test_stencils(n):
    # The seeds' stencils; F order gives the inner loop a run-time stride, tested before it runs.
    x = np.linspace(0.0, 2.0, n)
    check(HS.second_derivative, np.sin(x), 0.1, reference=PY.second_derivative)
    f = np.sin(x)[:, None] * np.cos(x)[None, :]
    check(HS.laplacian, f, 0.1, 0.2, reference=PY.laplacian)
    check(HS.laplacian, np.asfortranarray(f), 0.1, 0.2, reference=PY.laplacian)
    assert vectorised(HS.second_derivative) and vectorised(HS.laplacian)


@pytest.mark.parametrize("lo,hi", [(0, 0), (0, 1), (0, 2), (1, 6), (3, 2), (-3, 3), (-5, -1), (2, 9), (4, 7)])
def test_loop_variable_and_negative_indices(lo, hi):
    # Negative indices wrap (the scalar loop runs them); 9 is past the end and raises IndexError
    # after the elements before it are written.
    check(fill_then_last, np.zeros(8), lo, hi, 1.5)


@hasten.njit
def shifted(buf, o1, o2, o3, n):
    a = buf[o1:o1 + n]
    b = buf[o2:o2 + n]
    c = buf[o3:o3 + n]
    for i in range(n):
        c[i] = a[i] + b[i] * 2.0


@hasten.njit
def shifted_two_stores(buf, o1, o2, n):
    a = buf[o1:o1 + n]
    c = buf[o2:o2 + n]
    for i in range(n):
        c[i] = a[i] + 1.0
        a[i] = c[i] * 3.0


@given(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.integers(0, 9))
@settings(max_examples=300, deadline=None)
def test_overlapping_views_keep_scalar_order(o1, o2, o3, n):
    buf = np.arange(1.0, 17.0)
    check(shifted, buf, o1, o2, o3, n)
    check(shifted_two_stores, buf, o1, o2, n)


def test_misaligned_overlap_falls_back():
    # Two float64 views of one buffer four bytes apart: each element of `c` overlaps two of `a`.
    def run(f):
        raw = np.linspace(1.0, 2.0, 5).view(np.uint8).copy()
        a = np.ndarray((4,), np.float64, buffer=raw, offset=0)
        c = np.ndarray((4,), np.float64, buffer=raw, offset=4)
        f(a, np.ones(4), c)
        return raw

    assert np.array_equal(run(HS.add_arrays_into), run(HS.add_arrays_into.py_func))


@hasten.njit
def recurrence(a):
    for i in range(1, a.shape[0]):
        a[i] = a[i - 1] * 0.5 + a[i]


@hasten.njit
def reads_ahead(a):
    for i in range(a.shape[0] - 1):
        a[i] = a[i + 1] - a[i]


def test_recurrences():
    a = np.random.default_rng(5).random(9)
    check(recurrence, a)
    check(reads_ahead, a)
    assert "not vectorised: `a` carries values from one iteration to the next" in recurrence.explain()
    assert vectorised(reads_ahead)


@hasten.njit
def scaled(a, c, x, y):
    for i in range(a.shape[0]):
        c[i] = a[i] * (x / y)


@hasten.njit
def reads_past_end(a, c):
    for i in range(c.shape[0]):
        c[i] = a[i + 1]


def test_errors_raise_in_place():
    a = np.arange(6.0)
    check(scaled, a, np.zeros(6), 1.0, 0.0)  # ZeroDivisionError, nothing written
    check(scaled, a[:0], np.zeros(0), 1.0, 0.0)  # no iteration, no error
    check(reads_past_end, np.arange(6.0), np.zeros(6))  # IndexError at i = 5, c[:5] written
    check(reads_past_end, np.arange(7.0), np.zeros(6))


def test_strided_and_readonly():
    a = np.arange(20.0)
    check(HS.add_arrays_into, a[::2], a[1::2], np.zeros(10))
    check(HS.add_arrays_into, a[::-1], a, np.zeros(20))
    ro = np.zeros(4)
    ro.flags.writeable = False
    check(HS.add_arrays_into, np.ones(4), np.ones(4), ro)


@hasten.njit
def not_vectorisable(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    for i in range(0, a.shape[0], 2):
        b[i] = a[i]
    for i in range(a.shape[0]):
        b[i] = a[i] ** 2
    return s


def test_explain_says_why_not():
    a = np.arange(6.0)
    check(not_vectorisable, a, np.zeros(6))
    text = not_vectorisable.explain()
    assert "not vectorised: `s += a[i]` is a sum, which runs in lanes only with fastmath=True" in text
    assert "not vectorised: `2` is a step other than 1" in text
    assert "not vectorised: `a[i] ** 2` is not float64 arithmetic on elements" in text
    assert "f64x2" in "".join(HS.add_arrays_into.inspect_ir().values())


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s, i


def sum_and_scale(a, out, x):
    s = -0.0
    t = 1.5
    for i in range(a.shape[0]):
        out[i] = a[i] * x
        s += out[i]
        t -= a[i] / 2
        s += 1
    return s, t


dot_ieee = hasten.njit(dot)
dot_fast = hasten.njit(fastmath=True)(dot)
sum_and_scale_fast = hasten.njit(fastmath=True)(sum_and_scale)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 9, 100])
def test_fastmath_sums_in_lanes(n):
    # Integer-valued floats add exactly in any order: the reassociated sums must equal CPython's.
    rng = np.random.default_rng(n)
    a, b = rng.integers(-50, 50, n).astype(float), rng.integers(-50, 50, n).astype(float)
    check(dot_fast, a, b)
    check(sum_and_scale_fast, a, np.zeros(n), 4.0)
    assert "`s` summed in 2 partial sums" in dot_fast.explain()
    assert "`t` summed in 2 partial sums" in sum_and_scale_fast.explain()


def test_fastmath_sums_keep_signed_zeros_and_reassociate_only_then():
    zeros = -np.zeros(5)
    check(dot_fast, zeros, np.ones(5))  # -0.0 * 1.0 summed from 0.0 is 0.0
    check(sum_and_scale_fast, -np.zeros(3), np.zeros(3), 1.0)
    a = np.random.default_rng(9).random(1001)
    check(dot_ieee, a, a)  # bit for bit: no lanes without fastmath
    assert "not vectorised: `s += a[i] * b[i]` is a sum" in dot_ieee.explain()
    fast, _ = dot_fast(a, a)
    assert fast == pytest.approx(dot(a, a)[0], rel=1e-13)


@hasten.njit(fastmath=True)
def reads_its_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        a[i] = s
    return s


def test_sum_read_in_the_loop_stays_scalar():
    check(reads_its_sum, np.arange(7.0) * 0.1)
    assert "not vectorised: `s` is not float64 arithmetic on elements" in reads_its_sum.explain()
