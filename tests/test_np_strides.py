"""a.flat, a.flags, a.view(dtype), np.lib.stride_tricks.as_strided/sliding_window_view,
np.broadcast_shapes/broadcast_arrays and `x in a`, differentially against NumPy (views over any
layout: strided, reversed, Fortran order, empty)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check, jit_source
from hasten import njit


def layouts(a):
    """`a` and views of it in other layouts (transposed, reversed, strided)."""
    out = [a, a.T, a[::-1], np.asfortranarray(a)]
    if a.ndim >= 1 and a.shape[-1] > 1:
        out.append(a[..., ::2])
    return out


SHAPES = [(0,), (1,), (5,), (3, 4), (2, 0), (1, 3), (2, 3, 2)]
DTYPES = [np.float64, np.int64, np.int32, np.float32, np.uint8, np.bool_]


def arrays():
    for shape in SHAPES:
        for dt in DTYPES:
            base = (np.arange(int(np.prod(shape))) * 3 - 5).reshape(shape).astype(dt)
            yield from layouts(base)


@njit
def flat_sum(a):
    s = 0.0
    for x in a.flat:
        s += x
    return float(s)


@njit
def flat_list(a):
    out = []
    for x in a.flat:
        out.append(x)
    return out


@njit
def flat_get(a, i):
    return a.flat[i]


@njit
def flat_set(a, i, v):
    a.flat[i] = v
    return a


@njit
def flat_slice(a):
    return a.flat[1:4]


def test_flat_iterates_in_c_order_over_any_layout():
    for a in arrays():
        check(flat_sum, a)
        assert flat_list(a) == [x for x in a.flat]


def test_flat_index_read_write():
    for a in arrays():
        n = a.size
        for i in sorted({0, 1, n - 1, -1, -n, n, -n - 1, 2 * n + 3}):
            check(flat_get, a, i)
            check(flat_set, a, i, 7)
        check(flat_slice, a)


def test_flat_0d():
    a = np.array(2.5)
    check(flat_sum, a)
    check(flat_get, a, 0)
    check(flat_get, a, -1)
    check(flat_get, a, 1)
    check(flat_set, a, 0, 1.25)


def test_flat_store_into_view_changes_base():
    @njit
    def f(a):
        v = a.T
        v.flat[1] = 99
        return a

    check(f, np.arange(6.0).reshape(2, 3))


def test_flat_compound_store_refused():
    from hasten import UnsupportedError

    @njit
    def f(a):
        a.flat[0] += 1
        return a

    with pytest.raises(UnsupportedError):
        f(np.zeros(3))


@njit
def flags(a):
    return (a.flags.c_contiguous, a.flags.f_contiguous, a.flags.contiguous, a.flags.writeable, a.flags.aligned)


def test_flags_from_real_strides():
    for a in arrays():
        check(flags, a)
    for a in [np.zeros((3, 1)).T, np.zeros((1, 1)), np.zeros((4, 1))[::2], np.zeros(()), np.zeros((3, 0))[:, ::-1]]:
        check(flags, a)


def test_flags_unaligned_view():
    raw = np.zeros(17, np.uint8)

    @njit
    def f(r):
        v = r[1:].view(np.int64)
        return flags(v)

    assert f(raw) == flags.py_func(raw[1:].view(np.int64))


def test_flags_of_frozen_global_not_writeable():
    g = np.arange(3.0)

    @njit
    def f():
        return g.flags.writeable

    assert f() is False  # numba's rule: globals are read-only copies


VIEW_TARGETS = ["int64", "float64", "int32", "float32", "uint8", "int16", "uint64"]


@pytest.mark.parametrize("target", VIEW_TARGETS)
def test_view_dtype(target):
    v = jit_source(f"def v(a):\n    return a.view(np.{target})\n", "v", np=np)
    for a in arrays():
        if a.dtype == np.bool_:
            continue
        check(v, a)


def test_view_same_dtype_and_writes_through():
    @njit
    def f(a):
        b = a.view()
        b[0] = 42.0
        return a, b.shape

    check(f, np.arange(4.0))

    @njit
    def g(a):
        b = a.view(np.int64)
        b[1] = 0
        return a

    check(g, np.arange(3.0))


def test_view_to_bool_refused():
    from hasten import UnsupportedError

    @njit
    def f(a):
        return a.view(np.bool_)

    with pytest.raises(UnsupportedError):
        f(np.zeros(3, np.int8))


@njit
def strided(a):
    return np.lib.stride_tricks.as_strided(a, (2, 2), (8, 8))


@njit
def strided_default(a):
    return np.lib.stride_tricks.as_strided(a)


@njit
def strided_shape(a):
    return np.lib.stride_tricks.as_strided(a, shape=(3,))


def test_as_strided():
    a = np.arange(10.0)
    check(strided, a)
    check(strided_default, a)
    check(strided_default, a[::-2])
    check(strided_shape, a)
    # Reaching outside the array: NumPy reads whatever is there; hasten raises.
    with pytest.raises(ValueError):
        strided(np.arange(2.0))


def test_as_strided_readonly_flag():
    @njit
    def f(a):
        v = np.lib.stride_tricks.as_strided(a, (2,), (8,), writeable=False)
        return v.flags.writeable

    assert f(np.arange(3.0)) is False


def _swv(window, axis):
    extra = "" if axis is None else f", axis={axis!r}"
    return jit_source(f"def w(a):\n    return np.lib.stride_tricks.sliding_window_view(a, {window!r}{extra})\n", "w", np=np)


@pytest.mark.parametrize(
    "window,axis",
    [(2, None), (1, None), (3, None), (0, None), (2, 0), (2, -1), ((2,), (0,)), ((2, 2), None), ((2, 2), (0, 0)), (7, None), (-1, None), ((2,), None)],
)
def test_sliding_window_view(window, axis):
    w = _swv(window, axis)
    for a in [np.arange(5.0), np.arange(12).reshape(3, 4), np.arange(12).reshape(3, 4).T, np.arange(5.0)[::-1]]:
        nd = 1 if isinstance(window, int) else len(window)
        if axis is None and nd != a.ndim:
            with pytest.raises(ValueError):
                w.py_func(a)
            with pytest.raises(ValueError):
                w(a)
            continue
        check(w, a)


def test_sliding_window_view_is_readonly_view():
    @njit
    def f(a):
        v = np.lib.stride_tricks.sliding_window_view(a, 2)
        return v.flags.writeable, v.strides

    check(f, np.arange(5.0))


@njit
def bshapes2(s, t):
    return np.broadcast_shapes(s, t)


def test_broadcast_shapes():
    for s, t in [((2, 1), (1, 3)), ((3,), (4, 1)), ((), (2,)), ((0,), (1,)), ((2,), (3,)), ((5, 1, 4), (3, 1)), ((1,), ())]:
        check(bshapes2, s, t, message=False)

    @njit
    def three():
        return np.broadcast_shapes((2, 1), 3, (5, 1, 1))

    check(three)

    @njit
    def one():
        return np.broadcast_shapes((2, 3))

    check(one)


@njit
def barrays(a, b):
    return np.broadcast_arrays(a, b)


@njit
def barrays3(a, b, c):
    return np.broadcast_arrays(a, b, c)


def test_broadcast_arrays():
    for a, b in [
        (np.arange(4.0), np.arange(3)[:, None]),
        (np.arange(3.0), np.arange(3.0)),
        (np.zeros((2, 0)), np.zeros((1, 1), np.int32)),
        (np.arange(6.0).reshape(2, 3).T, np.arange(2)),
    ]:
        check(barrays, a, b)
    check(barrays, np.arange(3.0), np.arange(4.0), message=False)
    check(barrays3, np.arange(3.0), np.ones((2, 1)), np.float64(2.0).reshape(()))


def test_broadcast_arrays_are_views():
    @njit
    def f(a):
        x, y = np.broadcast_arrays(a, np.zeros((2, 1)))
        return x.strides, x.flags.writeable, y.strides

    check(f, np.arange(3.0))


@njit
def contains(a, x):
    return x in a


def test_contains():
    for a in arrays():
        for x in [0, 1, -5, 2.5, True]:
            check(contains, a, x)
    check(contains, np.array([np.nan]), np.nan)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 4), min_size=0, max_size=3),
    st.sampled_from(DTYPES),
    st.sampled_from(["c", "f", "rev", "step"]),
    st.integers(-30, 30),
)
def test_flat_and_flags_hypothesis(shape, dtype, layout, i):
    a = (np.arange(int(np.prod(shape))) - 3).reshape(shape).astype(dtype)
    if layout == "f":
        a = np.asfortranarray(a)
    elif layout == "rev" and a.ndim:
        a = a[::-1]
    elif layout == "step" and a.ndim:
        a = a[::2]
    check(flags, a)
    check(flat_get, a, i)
    check(flat_set, a, i, 1)
    check(flat_sum, a)


def test_flat_store_into_frozen_global_raises():
    g = np.arange(3.0)

    @njit
    def f():
        g.flat[0] = 1.0

    with pytest.raises(ValueError):
        f()


shape_st = st.lists(st.integers(0, 3), min_size=0, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(shape_st, shape_st)
def test_broadcast_hypothesis(s, t):
    check(bshapes2, s, t, message=False)
    a = np.arange(int(np.prod(s)), dtype=np.float64).reshape(s)
    b = np.arange(int(np.prod(t)), dtype=np.int32).reshape(t)
    check(barrays, a, b, message=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=3), st.sampled_from(["c", "f", "rev"]), st.integers(0, 4))
def test_view_and_windows_hypothesis(shape, layout, w):
    a = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    if layout == "f":
        a = np.asfortranarray(a)
    elif layout == "rev" and a.size:  # conftest's copy cannot rebuild an empty reversed view
        a = a[::-1]
    check(view16, a)
    check(view64, a)
    check(windows_last, a, w)


@njit
def view16(a):
    return a.view(np.int16)


@njit
def view64(a):
    return a.view(np.float64)


@njit
def windows_last(a, w):
    return np.lib.stride_tricks.sliding_window_view(a, w, axis=-1)


def test_broadcast_to_is_a_readonly_view():
    @njit
    def f(a):
        v = np.broadcast_to(a, (2, 3))
        return v.strides, v.flags.writeable, v

    check(f, np.arange(3.0))
    check(f, np.arange(3.0)[::-1])

    @njit
    def g(a):
        v = np.broadcast_to(a, (2, 3))
        v[0, 0] = 1.0

    with pytest.raises(ValueError):
        g(np.arange(3.0))

    @njit
    def h(a, n):
        return np.broadcast_to(a, (n, 3))

    check(h, np.arange(3.0), 0)
    check(h, np.arange(3.0), -1, message=False)
    check(h, np.zeros((2, 3)), 2)


@njit
def broadcast_to(a, shape):
    return np.broadcast_to(a, shape)


@pytest.mark.parametrize("a, shape", [
    (np.array(0), (3,)), (np.ones(1), (1,)), (np.ones(1), 1), (np.ones((1, 3)), (1, 3)), (np.ones((2, 1)), (2, 0)),
    (np.arange(3), (2, 3)), (2, (2, 2)), ((1, 2), (2, 2)), ([1.5, 2.5, 3.5], (2, 3)), ((True, False), (3, 2)),
], ids=str)
def test_broadcast_to_of_arrays_tuples_and_lists(a, shape):
    # A tuple or list was turned into a 0-d array (ValueError "cannot reshape array of size 2");
    # axes of length 1 had their own stride where NumPy's broadcast_to gives zero.
    want, got = broadcast_to.py_func(a, shape), broadcast_to(a, shape)
    assert got.dtype == want.dtype and got.shape == want.shape and got.strides == want.strides
    assert got.flags.writeable == want.flags.writeable
    np.testing.assert_array_equal(got, want)


@njit
def transposed_by(a, axes):
    return np.transpose(a, axes=axes), a.transpose(axes).copy()


@pytest.mark.parametrize("axes", [(0, 1, 2), (2, 0, 1), (-1, 0, 1), [1, 2, 0], np.array([2, 1, 0]), None,
                                  (0, 1), (0, 0, 1), (0, 1, 3), (0, 1, -4)], ids=str)
def test_transpose_with_axes_known_at_run_time(axes):
    # Was refused ("axis= must be an integer constant"); numba takes axes passed in.
    a = np.arange(24.0).reshape(2, 3, 4)[:, ::-1]
    try:
        want = transposed_by.py_func(a, axes)
    except (ValueError, np.exceptions.AxisError) as e:
        with pytest.raises(type(e), match=str(e)):
            transposed_by(a, axes)
        return
    got = transposed_by(a, axes)
    for g, w in zip(got, want):
        assert g.strides == w.strides
        np.testing.assert_array_equal(g, w)


@njit
def expanded_at(a, k):
    v = np.expand_dims(a, k)
    v[...] = v * 2.0
    return v


@pytest.mark.parametrize("k", range(-5, 5))
@pytest.mark.parametrize("view", ["C", "columns", "reversed", "transposed", "0-d"])
def test_expand_dims_with_an_axis_known_at_run_time(view, k):
    # Was refused ("axis= must be an integer constant"); the new axis's stride is NumPy's.
    def make():
        a = np.arange(24.0).reshape(2, 3, 4)
        return {"C": a, "columns": a[:, :, ::3], "reversed": a[::-1], "transposed": a.T, "0-d": np.array(3.0)}[view]
    want_base, got_base = make(), make()
    try:
        want = expanded_at.py_func(want_base, k)
    except np.exceptions.AxisError as e:
        with pytest.raises(np.exceptions.AxisError, match=str(e)):
            expanded_at(got_base, k)
        return
    got = expanded_at(got_base, k)
    assert got.strides == want.strides
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(got_base, want_base)


@njit
def unit_axes(a):
    return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a), np.expand_dims(a, a.ndim)


@pytest.mark.parametrize("a", [np.array(5.0), np.arange(5.0)[::2], np.arange(6.0).reshape(2, 3).T, np.ones((2, 3, 4))[:, :, ::3]],
                         ids=["0-d", "strided", "transposed", "3-d columns"])
def test_unit_axes_have_numpys_strides(a):
    # np.atleast_*d index with np.newaxis (stride 0); np.expand_dims reshapes.
    for got, want in zip(unit_axes(a), unit_axes.py_func(a)):
        assert got.strides == want.strides
        np.testing.assert_array_equal(got, want)
