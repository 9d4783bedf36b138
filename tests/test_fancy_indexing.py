"""Advanced indexing, differential against NumPy: `a[int_array]` (negative indices, n-d index
arrays, rows of n-d arrays, strided arrays), `a[bool_mask]` (masks of all or of the leading axes),
stores of scalars and of broadcast arrays through both, `a[idx] op= v` (NumPy's buffered update:
a repeated index is written once), an index array that is the target itself, and NumPy's errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit

from conftest import check, floats


@njit
def take(a, i):
    return a[i]


@njit
def positives(a):
    return a[a > 0]


@njit
def store(a, i, v):
    a[i] = v
    return a


@njit
def add_at(a, i, v):
    a[i] += v
    return a


@njit
def clamp(a, hi):
    a[a > hi] = hi
    return a.sum()


@njit
def self_indexed(a, v):
    a[a] = v
    return a


x = np.arange(10.0)
m = np.arange(12.0).reshape(3, 4)


@pytest.mark.parametrize("i", [
    np.array([1, -2, 3]), np.array([1, 20]), np.array([-11]), np.array([[1, 2], [3, 4]]),
    np.array([], dtype=np.int64), np.array([3], dtype=np.uint8), np.array([2, 9], dtype=np.int32),
    np.array([0, 2**63], dtype=np.uint64), x > 4, np.zeros(10, bool), np.ones(3, bool),
])
def test_take_1d(i):
    check(take, x, i)
    check(take, x[::-2], i)


@pytest.mark.parametrize("i", [
    np.array([1, 0, 1]), np.array([[2], [0]]), np.array([3]), np.array([True, False, True]),
    np.array([True, False]), m > 4, (m > 4)[:, :3], (m > 4).T.copy(),
])
def test_take_2d(i):
    check(take, m, i)
    check(take, m.T, i)


def test_masks_and_stores():
    check(positives, np.array([-1.0, 2.0, np.nan, 0.0, -0.0, np.inf]))
    check(clamp, np.arange(10.0), 4.5)
    check(clamp, np.arange(10), 4)
    check(store, x, x > 3, 0.0)
    check(store, x, x > 3, np.arange(6.0))
    check(store, x, x > 3, np.arange(5.0))
    check(store, x, x > 3, np.arange(1.0))
    check(store, x, np.array([0, 0, 9]), np.array([1.0, 2.0, 3.0]))
    check(store, x, np.array([0, 11]), 5.0)
    check(store, x, np.array([0, 1]), np.array([1.0, 2.0, 3.0]))
    check(store, m, np.array([1]), np.array([1.0, 2.0, 3.0, 4.0]))
    check(store, m, np.array([1, 0]), np.ones(3))
    check(store, m, np.array([True, False, True]), np.ones((2, 4)))
    check(store, m, np.array([True, False, True]), np.ones((3, 4)))
    check(store, m, m > 4, np.ones(3))
    check(store, m, np.array([True, False]), 1.0)
    check(store, np.arange(5), np.array([1, 2]), np.array([1.7, -2.9]))


def test_updates():
    check(add_at, np.arange(5), np.array([0, 0, 1]), 1)
    check(add_at, np.arange(5.0), np.array([0, 1]), np.ones(3))
    check(add_at, m, np.array([2, 0]), np.arange(4.0))
    check(add_at, m, m > 5, 0.5)
    check(add_at, np.arange(5), np.array([0, 9]), 1)


def test_index_is_target():
    a = np.arange(4)
    check(self_indexed, a, np.array([5, 6, 7, 8])[::-1])
    check(self_indexed, np.array([1, 0]), np.array([5, 6]))


def test_refusals():
    with pytest.raises(hasten.TypingError, match="integer \\(or boolean\\)"):
        take(x, np.array([1.0]))

    @njit
    def with_list(a):
        return a[[0, 1]]

    check(with_list, x)  # a list index is NumPy's array of it

    @njit
    def two(a, i):
        return a[i, i]

    check(two, m, np.array([0, -1]))  # two index arrays select elements (tests/test_fancy_several.py)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=5), elements=floats),
    st.data(),
)
def test_hypothesis(a, data):
    n = a.shape[0]
    idx = data.draw(hnp.arrays(np.int64, st.integers(0, 6), elements=st.integers(-n - 1, n)))
    check(take, a, idx)
    check(take, a, a > 0.5)
    check(positives, a)
    check(store, a, a > 0.5, -1.0)
    check(add_at, a, idx, 2.0)


@njit
def filled_where(a, t, x):
    b = a.copy()
    b[b > t] = x
    c = a.copy()
    c[np.isnan(c)] = 0
    return b, c


@njit
def filled_view(a, m, x):
    a[m] = x
    return a


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.float32]), hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=floats),
       st.sampled_from([0.5, -0.0, np.nan, 2, True, np.float32(1.5)]))
def test_a_mask_as_large_as_a_float_array_fills_the_selected_elements(a, x):
    # Every element is rewritten, the selected ones with x (a select, not a branch on the mask).
    check(filled_where, a, 0.25, x)
    check(filled_where, a.T, -1.0, x)
    check(filled_view, a.copy(), a > 0, x)
    check(filled_view, a.T.copy(), (a < 0).T, x)


def test_a_mask_fill_keeps_numpys_errors():
    a = np.zeros((2, 3))
    check(filled_view, a, np.ones((3, 2), dtype=np.bool_), 1.0)
    check(filled_view, a[:, ::2], np.ones((2, 2), dtype=np.bool_)[::-1], 1.0)
    with pytest.raises(ValueError, match="read-only"):
        njit(lambda v, m: filled_view(v, m, 1.0))(np.broadcast_to(np.zeros(3), (2, 3)), np.ones((2, 3), dtype=np.bool_))
