"""Axis views (np.flip, np.expand_dims, np.squeeze, np.atleast_1d/2d/3d), triangles and powers
(np.tri, np.tril, np.triu, np.vander) and repetitions (np.repeat, np.tile), differentially against
NumPy over shapes including empty ones and strided, reversed and transposed views."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]


@st.composite
def arrays(draw, min_ndim=1, max_ndim=3, max_side=4, dtypes=DTYPES):
    """An array of a drawn dtype and shape (empty axes included), possibly a strided, reversed or
    transposed view of a bigger one."""
    nd = draw(st.integers(min_ndim, max_ndim))
    shape = tuple(draw(st.lists(st.integers(0, max_side), min_size=nd, max_size=nd)))
    dtype = draw(st.sampled_from(dtypes))
    view = draw(st.sampled_from(["plain", "step", "reversed", "transposed"]))
    big = tuple(2 * n for n in shape) if view == "step" else shape
    base = np.arange(int(np.prod(big)), dtype=np.float64).reshape(big)
    base = (base * 1.5 - 3).astype(dtype) if dtype != np.bool_ else (base.astype(np.int64) % 3 == 0)
    if view == "step":
        return base[tuple(slice(None, None, 2) for _ in shape)]
    if view == "reversed" and nd:
        return base[::-1]
    if view == "transposed":
        return np.ascontiguousarray(base.T).T
    return base


# --- views -------------------------------------------------------------------------------------


@njit
def flips(a):
    return np.flip(a), np.flip(a, 0), np.flip(a, -1), np.flip(a, axis=None)


@njit
def flip_pair(a):
    return np.flip(a, (0, 1)), np.flip(a, axis=(-1, 0)), np.flipud(a), np.fliplr(a)


@settings(max_examples=80, deadline=None)
@given(arrays())
def test_flip(a):
    check(flips, a)


@settings(max_examples=40, deadline=None)
@given(arrays(min_ndim=2))
def test_flip_axes_tuples(a):
    check(flip_pair, a)


@njit
def permutes(a):
    return np.swapaxes(a, 0, 1), a.swapaxes(-1, 0), np.moveaxis(a, 0, -1), np.moveaxis(a, -1, 0), np.moveaxis(a, (0, 1), (1, 0))


@njit
def permutes3(a):
    return np.moveaxis(a, (0, 2), (1, 0)), np.moveaxis(a, [0], [2]), np.swapaxes(a, 2, 0)


@settings(max_examples=60, deadline=None)
@given(arrays(min_ndim=2))
def test_swapaxes_moveaxis(a):
    check(permutes, a)


@settings(max_examples=40, deadline=None)
@given(arrays(min_ndim=3, max_ndim=4))
def test_moveaxis_tuples(a):
    check(permutes3, a)


def test_moveaxis_lengths_must_match():
    @njit
    def f(a):
        return np.moveaxis(a, (0, 1), (1,))

    with pytest.raises(hasten.TypingError, match="`source` and `destination` arguments must have the same number of elements"):
        f(np.ones((2, 2)))


@njit
def rotations(a):
    return np.rot90(a), np.rot90(a, 2), np.rot90(a, k=3), np.rot90(a, -1), np.rot90(a, 4), np.rot90(a, 1, (1, 0)), np.rot90(a, axes=(0, -1))


@settings(max_examples=60, deadline=None)
@given(arrays(min_ndim=2))
def test_rot90(a):
    check(rotations, a)


@njit
def write_through_rotation(a):
    np.rot90(a)[0, 1] = 7.0
    np.swapaxes(a, 0, 1)[0, 1] = 8.0
    np.rot90(a, 0)[0, 0] = 9.0
    return a


def test_rotation_is_a_view():
    check(write_through_rotation, np.zeros((2, 3)))


@njit
def appends(a, b):
    return np.append(a, b), np.append(a, a, axis=0), np.append(a, a, -1), np.append(a, b, axis=None)


@settings(max_examples=60, deadline=None)
@given(arrays(max_ndim=2), arrays(max_ndim=2))
def test_append(a, b):
    check(appends, a, b)


@njit
def expand(a):
    return np.expand_dims(a, 0), np.expand_dims(a, -1), np.expand_dims(a, axis=1), np.expand_dims(a, (0, 2)), np.expand_dims(a, (-1, 0))


@njit
def atleast(a):
    return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a)


@njit
def atleast_many(a, b):
    return np.atleast_2d(a, b), np.atleast_3d(a, b)


@settings(max_examples=60, deadline=None)
@given(arrays())
def test_expand_dims(a):
    check(expand, a)


@settings(max_examples=60, deadline=None)
@given(arrays(min_ndim=1, max_ndim=4))
def test_atleast(a):
    check(atleast, a)
    check(atleast_many, a, a[..., :1])


@njit
def squeezes(a):
    return np.squeeze(a, 0), np.squeeze(a, axis=-1), a.squeeze(0), a.squeeze(axis=(0, 2)), np.squeeze(a, (0, 1, 2))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([(1, 1, 1), (1, 3, 1), (2, 1, 1), (1, 1, 0), (1, 0, 1)]), st.sampled_from(DTYPES))
def test_squeeze(shape, dtype):
    # Shapes whose axes are not all of length 1 raise NumPy's ValueError.
    check(squeezes, np.zeros(shape, dtype))


def test_flip_of_0d_is_refused():
    @njit
    def f(a):
        return np.flip(a)

    with pytest.raises(hasten.UnsupportedError, match="np.flip of a 0-d array"):
        f(np.array(1.0))


def test_views_of_0d():
    @njit
    def f(a):
        return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a), np.expand_dims(a, 0), np.squeeze(a)

    check(f, np.array(3.5))


def test_squeeze_needs_axis():
    @njit
    def f(a):
        return np.squeeze(a)

    with pytest.raises(hasten.UnsupportedError, match="np.squeeze without axis="):
        f(np.ones((1, 2)))


def test_view_axis_errors_are_compile_time():
    @njit
    def out_of_range(a):
        return np.expand_dims(a, 3)

    @njit
    def repeated(a):
        return np.flip(a, (0, 0))

    with pytest.raises(hasten.TypingError, match="axis 3 is out of bounds for array of dimension 3"):
        out_of_range(np.ones((2, 2)))
    with pytest.raises(hasten.TypingError, match="repeated axis"):
        repeated(np.ones((2, 2)))


@njit
def write_through_views(a):
    np.flip(a, 0)[0, 0] = 100.0
    np.expand_dims(a, 0)[0, 0, 1] = 200.0
    np.atleast_3d(a)[1, 0, 0] = 300.0
    np.squeeze(np.expand_dims(a, 2), 2)[1, 1] = 400.0
    return a


def test_views_share_memory():
    check(write_through_views, np.zeros((2, 3)))
    check(write_through_views, np.zeros((4, 6))[::2, ::-2])


# --- triangles and powers ------------------------------------------------------------------------


@njit
def tris(n, m, k):
    return np.tri(n), np.tri(n, m), np.tri(n, m, k), np.tri(n, k=k, dtype=np.int32), np.tri(n, M=m, k=k, dtype=np.bool_)


@settings(max_examples=80, deadline=None)
@given(st.integers(-1, 5), st.integers(-1, 5), st.one_of(st.integers(-7, 7), st.sampled_from([2**62, -(2**62), 2**63 - 1])))
def test_tri(n, m, k):
    check(tris, n, m, k)


@njit
def triangles(a, k):
    return np.tril(a), np.triu(a), np.tril(a, k), np.triu(a, k=k)


@settings(max_examples=100, deadline=None)
@given(arrays(min_ndim=1, max_ndim=4), st.one_of(st.integers(-5, 5), st.sampled_from([2**63 - 1, -(2**62)])))
def test_tril_triu(a, k):
    check(triangles, a, k)


def test_tril_triu_refuse_0d():
    @njit
    def f(a):
        return np.tril(a)

    with pytest.raises(hasten.TypingError):
        f(np.array(1.0))


@njit
def vanders(x, n):
    return np.vander(x), np.vander(x, n), np.vander(x, n, True), np.vander(x, N=n, increasing=False)


VANDER_VALUES = st.one_of(
    st.sampled_from([0.0, -0.0, 1.5, -2.0, np.nan, np.inf, -np.inf, 1e200]), st.floats(-10, 10, allow_nan=False)
)


@settings(max_examples=80, deadline=None)
@given(st.lists(VANDER_VALUES, max_size=6), st.integers(-1, 6), st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.uint8, np.uint64, np.bool_]))
def test_vander(values, n, dtype):
    with np.errstate(all="ignore"):
        x = np.array(values, dtype=np.float64)
        x = np.nan_to_num(x, nan=0.0, posinf=3.0, neginf=-3.0).astype(dtype) if np.dtype(dtype).kind != "f" else x.astype(dtype)
    check(vanders, x, n)
    check(vanders, x[::-1], n)


def test_vander_needs_1d():
    with pytest.raises(hasten.TypingError, match="x must be a one-dimensional array or sequence."):
        vanders(np.ones((2, 2)), 2)


# --- repetitions ---------------------------------------------------------------------------------


@njit
def repeats(a, r):
    return np.repeat(a, r), np.repeat(a, r, axis=0), np.repeat(a, r, -1), a.repeat(r), a.repeat(r, axis=0)


@settings(max_examples=80, deadline=None)
@given(arrays(), st.integers(-1, 3))
def test_repeat_scalar(a, r):
    check(repeats, a, r)


@njit
def repeat_along(a, r, ):
    return np.repeat(a, r, axis=0)


@njit
def repeat_flat(a, r):
    return np.repeat(a, r)


@settings(max_examples=80, deadline=None)
@given(arrays(), st.lists(st.integers(-1, 3), max_size=5), st.sampled_from([np.int64, np.int32, np.uint8]))
def test_repeat_arrays(a, counts, dtype):
    if dtype == np.uint8:
        counts = [abs(c) for c in counts]
    r = np.array(counts, dtype=dtype)
    # Lengths that fit neither one count nor one per slice raise NumPy's ValueError.
    check(repeat_along, a, r)
    check(repeat_flat, a, r)
    check(repeat_along, a, r[::-1])


@njit
def tiles(a, r):
    return np.tile(a, r), np.tile(a, (r, 1)), np.tile(a, (1, r, 2)), np.tile(a, (2, 1, 1, r))


@settings(max_examples=80, deadline=None)
@given(arrays(min_ndim=1, max_ndim=3), st.integers(-1, 3))
def test_tile(a, r):
    # An empty array with a negative count: NumPy's ValueError comes from its final reshape, with
    # a message of its own.
    check(tiles, a, r, message=a.size > 0)


def test_tile_is_a_copy():
    @njit
    def f(a):
        t = np.tile(a, 1)
        t[0] = 5.0
        return a, t

    check(f, np.zeros(3))
