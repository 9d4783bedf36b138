"""One index array among integers and slices (`a[:, idx]`, `a[i, mask]`, `a[idx, 1:]`), read,
stored and updated, and several advanced indices among slices read, stored and updated (`a[i, :, j]`), differential
against NumPy: shapes, values, NumPy's errors with the original axis in them, and the arguments
after the call."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit

from conftest import check, floats


@njit
def cols(a, i):
    return a[:, i]


@njit
def row_pick(a, i):
    return a[1, i]


@njit
def picked_rows(a, i):
    return a[i, 1:]


@njit
def mask_cols(a, m):
    return a[:, m]


@njit
def middle(a, i):
    return a[:, i, ::-1]


@njit
def fixed_then(a, i):
    return a[:, 0, i]


@njit
def store_cols(a, i, v):
    a[:, i] = v
    return a


@njit
def store_mask_cols(a, m, v):
    a[1:, m] = v
    return a


@njit
def add_cols(a, i, v):
    a[:, i] += v
    return a


@njit
def column_means(x, keep):
    out = np.empty(x.shape[0])
    for r in range(x.shape[0]):
        out[r] = x[r, keep].mean()
    return out


@njit
def rows_first_col(a, m, v):
    a[m, 0] = v
    return a[m, 0]


m = np.arange(12.0).reshape(3, 4)
c = np.arange(24).reshape(2, 3, 4)


@pytest.mark.parametrize("i", [
    np.array([3, -1, 0, 0]), np.array([[1, 2], [0, 3]]), np.array([], dtype=np.int64),
    np.array([2], dtype=np.uint8), np.array([4]), np.array([-5]),
])
def test_integer_arrays(i):
    for f in (cols, row_pick):
        check(f, m, i)
        check(f, np.asfortranarray(m), i)
        check(f, m[::-1, ::2], i)
    check(picked_rows, m, i % 3 if i.size and i.max() < 4 else i)
    check(middle, c, i % 3 if i.size and i.max() < 4 else i)
    check(fixed_then, c, i)


def test_masks():
    check(mask_cols, m, np.array([True, False, True, True]))
    check(mask_cols, m, np.array([True, False]))
    check(mask_cols, np.zeros((0, 4)), np.array([True, False]))
    check(rows_first_col, m, np.array([True, False, True]), 7.0)
    check(rows_first_col, c, np.array([False, True]), 7)
    check(cols, np.zeros((0, 4)), np.array([7]))
    check(store_mask_cols, m, np.array([False, True, True, False]), -1.0)
    check(store_mask_cols, m, np.array([False, True, True, False]), np.array([5.0, 6.0]))
    check(store_mask_cols, m, np.array([False, True, True, False]), np.array([5.0, 6.0, 7.0]))


def test_stores_and_updates():
    check(store_cols, m, np.array([0, 2, 0]), 9.0)
    check(store_cols, m, np.array([1, 3]), np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    check(store_cols, m, np.array([1, 3]), np.array([1.0, 2.0, 3.0]))
    check(store_cols, m.astype(np.int32), np.array([1, 3]), 2.7)
    check(add_cols, m, np.array([1, 1, 2]), 10.0)
    check(add_cols, m, np.array([0, 3]), np.array([1.0, 2.0]))
    check(add_cols, m, np.array([0, 9]), 1.0)
    check(column_means, m, np.array([0, 3]))
    check(column_means, m, m[0] > 1)


def test_refusals():
    @njit
    def mask_apart(a, m):
        return a[0, :, m]

    with pytest.raises(hasten.UnsupportedError, match="slice between them"):
        mask_apart(c, c[0, 0] > 0)

    @njit
    def too_many(a, i):
        return a[0, 0, i]

    with pytest.raises(hasten.TypingError, match="too many indices"):
        too_many(m, np.array([0]))


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=3, min_side=0, max_side=4), elements=floats),
    st.data(),
)
def test_hypothesis(a, data):
    n = a.shape[1]
    idx = data.draw(hnp.arrays(np.int64, st.integers(0, 5), elements=st.integers(-n - 1, n)))
    mask = data.draw(hnp.arrays(np.bool_, n))
    check(cols, a, idx)
    check(mask_cols, a, mask)
    check(store_cols, a, idx, 3.5)
    check(add_cols, a, idx, 2.0)
    check(store_mask_cols, a, mask, -1.0)


@njit
def layout_of(a, i):
    r = a[:, i]
    s = a[:, :, i] if a.ndim == 3 else a[1:, i]
    return r.strides, r.sum(), s.strides, s.sum(), np.cumsum(r)[-1] if r.size else 0.0


@pytest.mark.parametrize("a", [np.arange(24.0).reshape(2, 3, 4) * 0.1, np.arange(12.0).reshape(3, 4) * 0.3 + 1 / 3])
def test_numpy_memory_layout(a):
    # NumPy lays the selection outermost in memory (a transposed C array), which shows in the
    # strides and in the order reductions add.
    check(layout_of, a, np.array([2, 0, 1, 1, 0]) % a.shape[1])
    check(cols, a, np.array([], dtype=np.int64))  # (NumPy's strides of an empty result are its own)


@njit
def get_item(a, idx):
    return a[idx]


# Several advanced indices (index arrays, and integers beside them) among slices, read: NumPy puts
# the broadcast shape of the advanced indices first, or where they stand when they are adjacent.
MIXED = [
    (0, slice(None), np.array([1, 0, 2])),
    (np.array([1, 0]), slice(None), np.array([0, 3])),
    (slice(1, 3), np.array([1, 2]), slice(None), np.array([[0], [3]])),
    (np.array([1, -2]), slice(None, None, -1), 2, slice(None)),
    (-1, slice(None), np.array([0, 2]), slice(2, None)),
    (np.array([1, 2]), np.array([0, 3]), slice(None), 1),
    (slice(None), np.array([1, 2]), np.array([0, 3]), 1),
    (slice(None), 1, np.array([0, 3]), np.array([[1], [2]])),
    (Ellipsis, 1, np.array([0, 3, 4])),
    (np.array([[0, 1], [1, 0]]), 3, Ellipsis, slice(1, 4)),
    (slice(None), np.array(2), slice(None), np.array([1, 1])),
]


@pytest.mark.parametrize("idx", MIXED, ids=lambda i: repr(i)[:60])
def test_several_advanced_indices_among_slices(idx):
    a = np.arange(3 * 4 * 5 * 6, dtype=np.float64).reshape(3, 4, 5, 6)
    for x in (a, np.asfortranarray(a), a[:, ::-1, :, ::2]):
        check(get_item, x, idx)


def test_several_advanced_indices_errors_name_numpys_axes():
    a = np.arange(60.0).reshape(3, 4, 5)
    for idx in [(np.array([1, 9]), slice(None), np.array([0, 3])), (1, slice(None), np.array([0, 30])), (7, slice(None), np.array([0, 3])),
                (np.array([1, 2]), slice(None), np.array([0, 3, 4])), (np.array([[0], [1]]), slice(None), np.ones((3, 1, 2), np.int64))]:
        check(get_item, a, idx)
    with pytest.raises(hasten.TypingError, match="too many indices"):
        get_item(a, (np.array([1]), slice(None), np.array([0]), 1))


@njit
def rows_and_columns(a, i, j):
    return a[i, j]


def test_index_arrays_of_different_dimensions_broadcast():
    a = np.arange(24.0).reshape(2, 3, 4)
    check(rows_and_columns, a, np.array([[0], [1]]), np.array([1, 2]))
    check(rows_and_columns, a, np.array(1), np.array([[0, 2], [1, 1]]))
    check(rows_and_columns, a, np.array([0, 1]), np.ones((3, 1, 2), np.int64))


@njit
def set_item(a, idx, v):
    a[idx] = v
    return a


@njit
def add_item(a, idx, v):
    a[idx] += v
    return a


@pytest.mark.parametrize("idx", MIXED, ids=lambda i: repr(i)[:60])
def test_stores_through_several_advanced_indices(idx):
    # Values broadcast against the selection in NumPy's order: numbers, the whole selection's
    # shape, its last axis, and length-1 leading axes.
    a = np.arange(3 * 4 * 5 * 6, dtype=np.float64).reshape(3, 4, 5, 6)
    shape = a[idx].shape
    values = [7.5, np.arange(float(np.prod(shape))).reshape(shape), np.arange(float(shape[-1])), np.ones((1,) + shape[1:]) * 3]
    if len(shape) >= 2:
        values.append(np.arange(float(shape[-2]))[:, None])
    for v in values:
        check(set_item, a.copy(), idx, v)
        check(add_item, a[:, ::-1].copy(), idx, v)


# None (np.newaxis) beside index arrays: a new axis of length 1 where it stands, the index arrays'
# shape first when None stands between them.
WITH_NEW_AXES = [
    (None, np.array([0, 2])),
    (np.array([0, 2]), None),
    (None, slice(None), np.array([1, 3])),
    (np.array([1, 0]), None, np.array([2, 3])),
    (1, None, slice(None), np.array([0, 4])),
    (None, np.array([[0], [1]]), np.array([1, 2]), None),
    (np.array([0, 1]), slice(None), None, 2),
    (None, 5, np.array([0])),
    (None, np.array([0, 7])),
]


@pytest.mark.parametrize("idx", WITH_NEW_AXES, ids=lambda i: repr(i)[:60])
def test_new_axes_beside_index_arrays(idx):
    a = np.arange(60.0).reshape(3, 4, 5)
    check(get_item, a, idx)
    check(set_item, a.copy(), idx, 2.5)
