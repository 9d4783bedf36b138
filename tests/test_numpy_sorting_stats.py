"""Cumulative functions, differences and sorting inside compiled code (`np.cumsum`, `np.cumprod`,
`np.diff`, `np.sort`, `np.argsort`, `a.sort()`): differential against NumPy over shapes (empty and
length-1 included), dtypes, strided, reversed and transposed views, and NaN/inf/-0.0 values."""

import gc
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, prange
from conftest import check, floats

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint8, np.bool_]
# Few distinct values, so that sorts meet ties (-0.0 against 0.0, NaN against NaN).
TIES = [0.0, -0.0, 1.0, -1.0, math.nan, math.inf]


@st.composite
def arrays(draw, ndim, dtypes=DTYPES):
    """An array of `ndim` dimensions (each 0 to 5 long), plain or a strided, reversed or transposed
    view."""
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    shape = [draw(st.integers(0, 5)) for _ in range(ndim)]
    view = draw(st.sampled_from(["plain", "reversed", "strided", "transposed"]))
    base_shape = list(shape)
    if view == "strided":
        base_shape[-1] *= 2
    n = math.prod(base_shape)
    if dtype.kind == "f":
        elems = st.one_of(floats, st.sampled_from(TIES))
    elif dtype.kind == "b":
        elems = st.booleans()
    else:
        info = np.iinfo(dtype)
        elems = st.one_of(st.integers(-3, 3).filter(lambda v: v >= info.min), st.integers(int(info.min), int(info.max)))
    values = draw(st.lists(elems, min_size=n, max_size=n))
    with np.errstate(over="ignore"):
        a = np.array(values, dtype=np.float64 if dtype.kind == "f" else None).astype(dtype).reshape(base_shape)
    if view == "strided":
        a = a[..., ::2]
    elif view == "reversed":
        a = a[::-1]
    elif view == "transposed":
        a = np.ascontiguousarray(a.T).T
    # conftest's copies cannot rebuild empty views.
    return a.copy() if a.size == 0 else a


@njit
def cumulative(a):
    return np.cumsum(a), np.cumprod(a), a.cumsum(), a.cumprod()


@njit
def cumulative_axes(a):
    return np.cumsum(a, axis=0), np.cumsum(a, axis=-1), np.cumprod(a, axis=1), a.cumsum(axis=0), a.cumprod(axis=None)


@njit
def differences(a):
    return np.diff(a), np.diff(a, 2), np.diff(a, n=3), np.diff(a, axis=-1)


@njit
def differences_2d(a):
    return np.diff(a, axis=0), np.diff(a), np.diff(a, 2, axis=0), np.diff(a, n=1, axis=1)


@settings(max_examples=200, deadline=None)
@given(arrays(1))
def test_cumulative_and_diff_1d(a):
    check(cumulative, a)
    check(differences, a)


@settings(max_examples=200, deadline=None)
@given(arrays(2))
def test_cumulative_and_diff_2d(a):
    check(cumulative, a)
    check(cumulative_axes, a)
    check(differences_2d, a)


@njit
def cumulative_of_expression(a, b):
    return np.cumsum(a * b, axis=0), np.diff(a + b)


def test_cumulative_values_and_expressions():
    # The first total is the first element (-0.0 stays -0.0), and ints wrap as in NumPy.
    check(cumulative, np.array([-0.0, -0.0, 0.0]))
    check(cumulative, np.array([np.inf, -np.inf, 1.0, np.nan]))
    check(cumulative, np.array([2**62, 2**62, 3], dtype=np.int64))
    check(cumulative, np.array([200, 100], dtype=np.uint8))
    check(cumulative_axes, np.arange(12, dtype=np.int32).reshape(3, 4))
    check(cumulative_of_expression, np.arange(6.0).reshape(2, 3), np.linspace(0, 1, 3))
    check(differences, np.array([True, False, False, True]))
    check(differences, np.array([0, 255, 1], dtype=np.uint8))


@njit
def sorts(a):
    return np.sort(a, kind="stable"), np.argsort(a, kind="stable"), np.sort(a, axis=None, kind="mergesort"), np.argsort(a, axis=None, kind="stable")


@njit
def sorts_2d(a):
    return np.sort(a, axis=0, kind="stable"), np.argsort(a, axis=0, kind="stable"), np.sort(a, axis=-1, kind="s"), np.argsort(a, 1, "stable")


@njit
def default_sorts(a):
    return np.sort(a), np.argsort(a), a.argsort(), np.sort(a, kind="quicksort"), np.argsort(a, kind="heapsort")


def stable_sorts(a):
    s, p = np.sort(a, kind="stable"), np.argsort(a, kind="stable")
    return s, p, p, s, p


@njit
def sort_in_place(a):
    a.sort(kind="stable")
    return a


@njit
def sort_in_place_default(a):
    a.sort()
    return a


def sort_in_place_stable(a):
    a.sort(kind="stable")
    return a


@njit
def sort_in_place_axis0(a):
    a.sort(axis=0, kind="stable")


@settings(max_examples=200, deadline=None)
@given(arrays(1))
def test_sorts_1d(a):
    check(sorts, a)
    # The default kind gives the stable order, a valid result for quicksort and heapsort; NumPy's
    # own quicksort may order ties (-0.0 against 0.0, equal values' indices) otherwise.
    check(default_sorts, a, reference=stable_sorts)
    check(sort_in_place, a)
    check(sort_in_place_default, a, reference=sort_in_place_stable)


@settings(max_examples=200, deadline=None)
@given(arrays(2))
def test_sorts_2d(a):
    check(sorts, a)
    check(sorts_2d, a)
    check(sort_in_place, a)
    check(sort_in_place_axis0, a)


@njit
def default_sort_only(a):
    return np.sort(a)


@settings(max_examples=100, deadline=None)
@given(arrays(1, [np.int64, np.int32, np.uint8, np.bool_]))
def test_default_sort_of_integers_is_numpys(a):
    # Integer ties are indistinguishable, so NumPy's default sort must agree exactly.
    check(default_sort_only, a)


def test_sort_order_of_special_floats():
    a = np.array([np.nan, 1.0, -np.inf, -0.0, 0.0, np.inf, np.nan, -1.0, 0.0, -0.0])
    check(sorts, a)
    check(sorts, a.astype(np.float32))
    check(default_sorts, a, reference=stable_sorts)
    check(sort_in_place, a[::-1])
    check(sort_in_place_default, a[::-1], reference=sort_in_place_stable)


@njit
def sort_of_expression(a):
    return np.sort(a * -1.0), np.argsort(-a, kind="stable")


def test_sort_of_expression_and_read_only():
    check(sort_of_expression, np.array([3.0, 1.0, 2.0]))
    ro = np.array([3.0, 1.0])
    ro.flags.writeable = False
    check(sort_in_place, ro)  # ValueError: sort array is read-only


def test_errors_match_numpy():
    a = np.ones((2, 3))

    @njit
    def bad_cumsum_axis(a):
        return np.cumsum(a, axis=2)

    @njit
    def bad_sort_axis(a):
        return np.sort(a, axis=-3)

    @njit
    def bad_kind(a):
        return np.argsort(a, kind="fast")

    @njit
    def negative_order(a):
        return np.diff(a, -1)

    with pytest.raises(hasten.TypingError, match="axis 2 is out of bounds for array of dimension 2"):
        bad_cumsum_axis(a)
    with pytest.raises(hasten.TypingError, match="axis -3 is out of bounds for array of dimension 2"):
        bad_sort_axis(a)
    with pytest.raises(hasten.TypingError, match=r"sort kind must be one of 'quick', 'heap', or 'stable' \(got 'fast'\)"):
        bad_kind(a)
    check(negative_order, a)  # NumPy's ValueError, raised when the call runs
    for f, exc in [(bad_cumsum_axis.py_func, np.exceptions.AxisError), (bad_kind.py_func, ValueError), (negative_order.py_func, ValueError)]:
        with pytest.raises(exc):
            f(a)


def test_unsupported_arguments_are_named():
    a = np.ones(3)

    @njit
    def cumsum_out(a):
        return np.cumsum(a, out=a)

    @njit
    def diff_zero(a):
        return np.diff(a, 0)

    @njit
    def diff_variable_n(a, n):
        return np.diff(a, n)

    @njit
    def sort_order(a):
        return np.sort(a, order="x")

    @njit
    def kind_variable(a, k):
        return np.sort(a, kind=k)

    # `out=` the input itself: the totals computed first, then stored (tests/test_cumulative_out.py).
    check(cumsum_out, np.arange(4.0))
    # Orders known at run time and 0 (tests/test_run_time_arguments.py).
    check(diff_zero, a)
    check(diff_variable_n, a, 1)
    with pytest.raises(hasten.UnsupportedError, match="order="):
        sort_order(a)
    with pytest.raises(hasten.UnsupportedError, match="kind="):
        kind_variable(a, 1)


@njit
def spreads(a):
    return np.var(a), np.std(a), a.var(ddof=1), a.std(ddof=2), np.var(a, axis=0), np.std(a, 0, ddof=1)


@njit
def spreads_2d(a):
    return (np.var(a, axis=0), np.std(a, axis=-1), a.var(axis=1, ddof=1), np.std(a, axis=0, ddof=3),
            np.mean(a, axis=1), np.argmin(a, axis=0), a.argmax(axis=-1))


@settings(max_examples=200, deadline=None)
@given(arrays(1))
def test_var_std_1d(a):
    check(spreads, a)


@settings(max_examples=200, deadline=None)
@given(arrays(2))
def test_var_std_along_axes(a):
    # Lines of at most 5 elements: NumPy sums them in order, as hasten's np.sum does.
    check(spreads_2d, a)


@njit
def spread_of_everything(a):
    return np.var(a), np.std(a, ddof=1), a.std()


def test_var_std_whole_2d_and_expressions():
    # Up to 7 elements NumPy sums in order; hasten's np.sum differs from NumPy's pairwise sums in
    # the last bits beyond that (as np.sum itself), so exact values are used for the larger case.
    check(spread_of_everything, np.array([[1.5, -2.0, 0.1], [3.0, 1e-3, -0.0]]))
    check(spread_of_everything, np.arange(24, dtype=np.int32).reshape(4, 6).T)
    check(spread_of_everything, np.array([[np.nan, 1.0], [np.inf, 2.0]], dtype=np.float32))
    check(spread_of_everything, np.zeros((0, 2)))


def test_var_unsupported_arguments():
    @njit
    def var_dtype(a):
        return np.var(a, dtype=np.float32)

    @njit
    def var_keepdims(a):
        return a.std(keepdims=True)

    with pytest.raises(hasten.UnsupportedError, match="dtype="):
        var_dtype(np.ones(3))
    with pytest.raises(hasten.UnsupportedError, match="keepdims="):
        var_keepdims(np.ones(3))


@njit
def clips(a, lo, hi):
    return np.clip(a, lo, hi), a.clip(lo, hi), np.clip(a, a_min=lo, a_max=hi), np.clip(a * 1, lo, hi)


@njit
def one_sided_clips(a, lo, hi):
    # Both bounds None: NumPy's np.positive (a copy).
    return np.clip(a, None, hi), a.clip(min=lo), a.clip(max=hi), np.clip(a, lo, None), np.clip(a, None, None), a.clip()


@settings(max_examples=200, deadline=None)
@given(arrays(1, [np.float64, np.float32, np.int64, np.int32, np.uint8]), st.one_of(st.sampled_from(TIES), floats), st.one_of(st.sampled_from(TIES), floats))
def test_clip_with_float_bounds(a, lo, hi):
    check(clips, a, lo, hi)
    check(one_sided_clips, a, lo, hi)


@settings(max_examples=200, deadline=None)
@given(arrays(2, [np.int64, np.int32, np.uint8, np.float64]), st.integers(-3, 300), st.integers(-3, 300))
def test_clip_with_int_bounds(a, lo, hi):
    if a.dtype == np.uint8 and not (0 <= lo <= 255 and 0 <= hi <= 255):
        return  # NumPy raises OverflowError for Python ints outside uint8 (not compiled)
    check(clips, a, lo, hi)
    check(one_sided_clips, a, lo, hi)


def test_clip_broadcasts_array_bounds():
    a = np.arange(12.0).reshape(3, 4) - 4
    check(clips, a, np.array([-1.0, 0.0, -0.0, 2.0]), np.full((3, 1), 3.0))
    check(clips, a.astype(np.int32), np.zeros(4, dtype=np.int32), np.int32(2))
    check(clips, np.array([-0.0, 0.0, np.nan]), 0.0, -0.0)

    @njit
    def clip_into(a, out):
        return np.clip(a, 0.0, 1.0, out=out)

    check(clip_into, np.linspace(-1, 2, 5), np.zeros(5))


@njit
def rolls(a, shift):
    return np.roll(a, shift), np.roll(a, -shift), np.roll(a, shift, axis=0), np.roll(a, shift=shift, axis=-1), np.roll(a, shift, None)


@settings(max_examples=200, deadline=None)
@given(st.one_of(arrays(1), arrays(2)), st.one_of(st.integers(-12, 12), st.sampled_from([2**62, -(2**62), 2**63 - 1, -(2**63) + 1])))
def test_roll(a, shift):
    check(rolls, a, shift)


def test_roll_of_expression_and_errors():
    @njit
    def roll_expr(a):
        return np.roll(a * 2, np.int32(1), axis=1)

    check(roll_expr, np.arange(6).reshape(2, 3))

    @njit
    def roll_tuple(a):
        return np.roll(a, (1, 2), axis=(0, 1))

    with pytest.raises(hasten.UnsupportedError, match="one integer shift"):
        roll_tuple(np.ones((2, 2)))


@njit
def casts(a):
    return (a.astype(np.float64), a.astype(np.float32), a.astype(np.int64), a.astype(np.int32), a.astype(np.int8),
            a.astype(np.uint8), a.astype(np.bool_), (a * 1).astype(np.float32), a.astype(a.dtype))


@settings(max_examples=200, deadline=None)
@given(st.one_of(arrays(1), arrays(2)))
def test_astype(a):
    # NumPy's casts: floats to ints truncate, with x86's result for NaN and out-of-range values.
    check(casts, a)


def test_astype_makes_a_copy_and_names_unsupported_arguments():
    @njit
    def independent(a):
        b = a.astype(np.float64)
        b[0] = 99.0
        return a, b

    check(independent, np.arange(3.0))

    @njit
    def with_casting(a):
        return a.astype(np.int32, casting="unsafe")

    with pytest.raises(hasten.UnsupportedError, match="casting="):
        with_casting(np.ones(2))


@njit
def wheres(c, x, y):
    return np.where(c, x, y), np.where(c > 0, x, 0.5), np.where(c, 1, y)


def test_three_argument_where_broadcasts():
    c = np.array([[1, 0, 2], [0, 0, 3]], dtype=np.int32)
    check(wheres, c, np.arange(3, dtype=np.float32), np.full((2, 1), -0.0))
    check(wheres, c.T, np.int8(4), np.arange(2, dtype=np.uint8))
    check(wheres, np.array([True, False]), np.array([np.nan, 1.0]), np.array([2.0, -np.inf]))


@njit(parallel=True)
def sort_rows_in_parallel(a):
    for i in prange(a.shape[0]):
        a[i].sort(kind="stable")
    return a


def test_in_place_sorts_in_prange_loops():
    check(sort_rows_in_parallel, np.random.default_rng(1).normal(size=(64, 33)))

    @njit(parallel=True)
    def sort_shared(a, n):
        for i in prange(n):
            a.sort()
        return a

    with pytest.raises(hasten.TypingError, match="not indexed by the prange variable"):
        sort_shared(np.ones(3), 2)


@njit
def temporaries_in_a_loop(a, m):
    s = 0.0
    for _ in range(m):
        b = np.sort(a, axis=None)
        c = np.argsort(a, axis=None)
        s += b[0] + c[0] + np.var(a) + np.std(a, axis=0)[0] + np.cumsum(a)[-1] + np.diff(a, axis=0)[0, 0]
        s += np.roll(a, 1)[0, 0] + a.astype(np.float32)[0, 0] + np.clip(a, 0.0, 1.0)[0, 0]
    return s


def test_temporaries_are_released():
    # Every array these functions make dies with its statement or local: nothing stays live, and the
    # peak does not grow with the number of iterations.
    a = np.random.default_rng(2).normal(size=(50, 40)).T  # 16 000 bytes
    gc.collect()
    before = hasten.alloc_stats()["live"]
    check(temporaries_in_a_loop, a, 3)
    base = hasten.alloc_stats()["live_bytes"]
    hasten.reset_alloc_peak()
    temporaries_in_a_loop(a, 200)
    gc.collect()
    assert hasten.alloc_stats()["live"] == before
    # A few arrays of the input's size at once (a sort's copy and an argsort's flat copy and result).
    assert hasten.alloc_stats()["peak_bytes"] - base < 5 * 16_000


ALL_DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.float32, np.float64]


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_every_dtype(dtype):
    # Values across each dtype's whole range (high bits set for the unsigned ones).
    rng = np.random.default_rng(3)
    a = np.frombuffer(rng.bytes(4 * 6 * np.dtype(dtype).itemsize), dtype=np.uint8).view(
        np.uint8 if dtype == np.bool_ else dtype).reshape(4, 6).copy()
    if dtype == np.bool_:
        a = (a & 1).astype(np.bool_)
    check(sorts_2d, a)
    check(sorts, a[1])
    check(cumulative_axes, a)
    check(differences_2d, a[:, ::-1])
    check(rolls, a, 5)
    check(casts, a.T)
    check(spreads_2d, a)


@njit
def long_line_sorts(a):
    b = a.copy()
    b.sort(kind="stable")
    return np.sort(a, kind="stable"), np.argsort(a, kind="stable"), b, np.argsort(a[::-3], kind="mergesort")


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.int16, np.int8, np.uint64, np.uint32, np.uint8, np.bool_])
def test_long_lines_sort_stably_in_numpys_order(dtype):
    # Lines of 1024 elements and more are radix sorted: ties (-0.0 and 0.0, NaNs of any sign and
    # payload, equal numbers) must keep their order, negatives and the extremes sort first.
    rng = np.random.default_rng(11)
    n = 5000
    if np.dtype(dtype).kind == "f":
        pool = np.array([-0.0, 0.0, np.nan, -np.nan, np.inf, -np.inf, 1.5, -1.5, 1e-45, -3e38], dtype=dtype)
        a = np.where(rng.random(n) < 0.5, rng.choice(pool, n), (rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)).astype(dtype))
        a[::7] = np.frombuffer(np.uint64(0x7FF8_0000_0000_0001).tobytes()[:np.dtype(dtype).itemsize], dtype=dtype)[0]
    elif dtype == np.bool_:
        a = rng.random(n) < 0.3
    else:
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
        a[::5] = a[0]
        a[1::11] = info.min
    check(long_line_sorts, a)
    check(long_line_sorts, a[::-1])
