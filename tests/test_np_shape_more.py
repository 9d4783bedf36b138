"""np.split, array_split, hsplit, vsplit, dsplit (lists of views, as NumPy), np.insert, np.delete,
np.dstack, np.row_stack, np.ediff1d, np.fill_diagonal, np.diagflat, np.trim_zeros, np.resize,
np.copy, np.asfortranarray, a.flatten(), np.shape, np.isscalar, np.broadcast_to,
np.take_along_axis (1-d), a.reshape with any negative dimension: differential against NumPy."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import njit
from conftest import check

warnings.filterwarnings("ignore", category=DeprecationWarning)  # np.row_stack


@njit
def splits(a, n):
    return np.array_split(a, n), np.array_split(a, n, axis=1)


@njit
def split_at(a, idx):
    return np.split(a, idx), np.array_split(a, [1, 3, 10])


@njit
def split_even(a, n):
    return np.split(a, n)


@njit
def hvd(a):
    return np.hsplit(a, 2), np.vsplit(a, [1]), np.dsplit(a, 2)


@njit
def hsplit1(a):
    return np.hsplit(a, 2)


A = np.arange(24.0).reshape(2, 3, 4)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_array_split(n):
    check(splits, np.arange(20.0).reshape(4, 5), n)
    check(splits, np.arange(20).reshape(4, 5)[::-1, ::2], n)


@njit
def split_sequences(x, idx, n):
    return np.split(x, idx), np.array_split(x, n), np.array_split(x, idx, 1)


@njit
def split_int_sections(x, n):
    return np.split(x, n)


@njit
def split_halves(x, n):
    return np.hsplit(x, n), np.vsplit(x, n)


def test_split_of_lists_and_tuples():
    # NumPy splits the array of a list, counting its length along the first axis for any axis;
    # where it reads `.shape` or `.ndim` of one (sections given as a number), AttributeError.
    rows = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.5, 2.5, 3.5]]
    for x in (rows, tuple(tuple(r) for r in rows)):
        check(split_sequences, x, [1, 2], 2)
        check(split_sequences, x, [3], 3)
        check(split_int_sections, x, 2)
        check(split_halves, x, 2)
    check(split_int_sections, [1, 2, 3, 4], [2])
    check(split_halves, np.arange(4.0).reshape(2, 2), 2)


def test_split_errors_and_indices():
    check(split_at, np.arange(10.0), [2, 5])
    check(split_at, np.arange(10.0), np.array([8, 2]))
    check(split_even, np.arange(10.0), 5)
    check(split_even, np.arange(10.0), 3)  # ValueError: not an equal division
    check(split_even, np.arange(10.0), 0)  # ValueError: number sections must be larger than 0.
    check(hvd, A)
    check(hvd, np.arange(10.0))  # vsplit of 1-d: ValueError
    check(hsplit1, np.arange(6.0))


@njit
def deletes(a, i, idx):
    return np.delete(a, i), np.delete(a, idx), np.delete(a, i, axis=0), np.delete(a, idx, axis=1)


@pytest.mark.parametrize("i", [0, 1, -1, -2])
def test_delete(i):
    a = np.arange(12.0).reshape(3, 4)
    check(deletes, a, i, np.array([0, -1]))
    check(deletes, a.T, i, np.array([1, 1]))
    check(deletes, a.astype(np.int8), i, np.array([], np.int64))


def test_delete_out_of_bounds():
    a = np.arange(12.0).reshape(3, 4)
    check(deletes, a, 12, np.array([0]))
    check(deletes, a, 0, np.array([7]))


@njit
def inserts(a, i, idx, v):
    return np.insert(a, i, v), np.insert(a, idx, v), np.insert(a, i, np.array([7, 8])), np.insert(a, idx, 2.7)


@given(hnp.arrays(st.sampled_from([np.int64, np.float64, np.int16]), st.integers(0, 6)), st.data())
@settings(max_examples=60, deadline=None)
def test_insert_hypothesis(a, data):
    n = a.shape[0]
    i = data.draw(st.integers(-n - 1, n + 1))
    idx = data.draw(hnp.arrays(np.int64, st.integers(1, 4), elements=st.integers(-n, n)))
    check(inserts, a, i, idx, data.draw(st.integers(-5, 5)))


def test_insert_2d_flattens():
    check(inserts, np.arange(6.0).reshape(2, 3), 2, np.array([0, 6]), 9)


@njit
def joins(a, b):
    return np.dstack((a, b)), np.row_stack((a, b)), np.ediff1d(a), np.diagflat(a), np.diagflat(a, -1)


@pytest.mark.parametrize("a", [np.arange(4.0), np.arange(6).reshape(2, 3), np.array([1.5, np.nan, -0.0], np.float32)[::-1]])
def test_joins(a):
    check(joins, a, a * 2)


@njit
def filled(a, v):
    np.fill_diagonal(a, v)
    return a


@njit
def filled_wrap(a, v):
    np.fill_diagonal(a, v, wrap=True)
    return a


@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (3, 5), (7, 2), (0, 0)])
def test_fill_diagonal(shape):
    a = np.zeros(shape)
    check(filled, a, 5.0)
    check(filled, a, np.array([1.0, 2.0]))
    check(filled_wrap, a, 3)
    check(filled, np.zeros(shape, np.int32)[::-1], 2)
    check(filled, np.zeros(4), 1.0)  # ValueError: array must be at least 2-d


@njit
def trims(a):
    return np.trim_zeros(a), np.trim_zeros(a, "f"), np.trim_zeros(a, "b")


@given(hnp.arrays(np.int64, st.integers(0, 8), elements=st.integers(0, 2)))
@settings(max_examples=50, deadline=None)
def test_trim_zeros(a):
    check(trims, a)
    check(trims, a.astype(np.float64) * -0.0)


@njit
def resizes(a):
    return np.resize(a, (3, 4)), np.resize(a, 5), np.resize(a, (0,))


@pytest.mark.parametrize("a", [np.arange(5.0), np.arange(6).reshape(2, 3).T, np.array([], np.float32), np.array([True])])
def test_resize(a):
    check(resizes, a)


@njit
def copies(a):
    b = np.copy(a)
    f = np.asfortranarray(a)
    return b, f, a.flatten()


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3), np.arange(24).reshape(2, 3, 4)[:, ::-1], np.arange(3.0)[::-1]])
def test_copies(a):
    check(copies, a)
    assert copies(a)[1].flags.f_contiguous


@njit
def kinds(a, x):
    return np.isscalar(a), np.isscalar(x), np.isscalar(1), np.shape(a), np.shape(x)


def test_isscalar_shape():
    check(kinds, np.ones((2, 3)), 2.5)
    check(kinds, np.ones(3), np.float32(1))
    check(kinds, 3j, "text")  # Python's complex and str are scalars to NumPy
    check(kinds, np.complex64(1), (1, 2))
    check(kinds, [[1.0, 2.0]], [1, 2, 3])


@njit
def broadcast(a):
    return np.broadcast_to(a, (2, 3)), np.broadcast_to(2.5, (3,))


def test_broadcast_to():
    check(broadcast, np.arange(3.0))
    check(broadcast, np.array([True]))
    check(broadcast, np.ones((1, 3), np.int8))
    check(broadcast, np.arange(4.0), message=False)  # ValueError (hasten's message differs)
    check(broadcast, np.ones((2, 2, 3)))


@njit
def along(a, i):
    return np.take_along_axis(a, i, 0), np.take_along_axis(a, np.argsort(a), -1)


def test_take_along_axis():
    check(along, np.array([3.0, 1.0, 2.0]), np.array([2, 0]))
    check(along, np.array([3.0, 1.0, 2.0]), np.array([5]))  # IndexError


@njit
def negative_reshape(a, k):
    return a.reshape(k, 2), np.reshape(a, (2, k))


def test_reshape_any_negative():
    check(negative_reshape, np.arange(6.0), -9)
    check(negative_reshape, np.arange(6.0), -1)
    check(negative_reshape, np.arange(6.0), 4)  # ValueError


def test_unsupported_is_named():
    @njit
    def f(a):
        return np.insert(a, 1, 0.0, axis=1)

    with pytest.raises(hasten.UnsupportedError, match="np.insert"):
        f(np.ones((2, 2)))



@njit
def index_loops(a):
    s = 0
    out = []
    for idx in np.ndindex(a.shape):
        out.append(idx)
    for i, j in np.ndindex(2, 3):
        s += i * 10 + j
    for (k,) in np.ndindex(4):
        s += k
    total = np.float64(0.0)
    for idx, x in np.ndenumerate(a):
        total += x * (idx[0] + 1)
    return out, s, total


@njit
def enumerate_3d(a):
    return [(idx, x) for idx, x in np.ndenumerate(a)]


def test_ndindex_ndenumerate():
    check(index_loops, np.arange(6.0).reshape(2, 3))
    check(index_loops, np.arange(6.0).reshape(3, 2)[::-1])
    check(index_loops, np.zeros((0, 2)))
    check(enumerate_3d, np.arange(8, dtype=np.int16).reshape(2, 2, 2))
    check(enumerate_3d, np.arange(3.0, dtype=np.float32))


@njit
def zero_d_index():
    n = 0
    for _ in np.ndindex(()):
        n += 1
    return n


@njit
def empty_tuples():
    return len([(), ()])


def test_lists_of_empty_tuples_are_refused_not_miscounted():
    # a list's layout counts items by their machine words, which an empty tuple has none of
    with pytest.raises(hasten.UnsupportedError, match="0-d shape"):
        zero_d_index()
    with pytest.raises(hasten.UnsupportedError, match=r"lists of \(\) are not supported"):
        empty_tuples()


@njit
def asarrays(a, l):
    b = np.asarray(a)
    b[0] = 9  # the same data: NumPy's asarray does not copy an array
    return np.asarray(l), np.asarray(l, dtype=np.float64), b


def test_asarray():
    check(asarrays, np.arange(3.0), [1, 2, 3])
    check(asarrays, np.arange(6).reshape(2, 3)[:, ::-1], [1.5, 2.5])


@njit
def asarray_float32(a):
    return np.asarray(a, dtype=np.float32)


def test_asarray_of_array_with_dtype():
    check(asarray_float32, np.arange(3.0))
    check(asarray_float32, np.arange(3.0, dtype=np.float32))


@njit
def fill_diagonal_of(a, v):
    np.fill_diagonal(a, v)
    return a


@pytest.mark.parametrize("case", ["cube", "int 4-d cycling", "view", "transposed", "tuple", "empty", "unequal"])
def test_fill_diagonal_of_more_than_two_axes(case):
    # Was refused by name; NumPy fills a[i, i, ..., i], repeating the values.
    def make():
        base = np.zeros((3, 3, 6))
        return {
            "cube": (np.zeros((3, 3, 3)), 5.0),
            "int 4-d cycling": (np.zeros((4, 4, 4, 4), np.int64), np.array([1.9, 2.5, 3.1])),
            "view": (base[:, :, ::2], [7.5, 8.5]),
            "transposed": (np.zeros((3, 3, 3)).transpose(2, 0, 1), (1.0, 2.0, 3.0, 4.0)),
            "tuple": (np.zeros((2, 2, 2)), (1, 2)),
            "empty": (np.zeros((0, 0, 0)), 1.0),
            "unequal": (np.zeros((3, 3, 4)), 1.0),
        }[case]
    (a, v), (b, w) = make(), make()
    try:
        want = fill_diagonal_of.py_func(a, v)
    except ValueError as e:
        with pytest.raises(ValueError, match=str(e)):
            fill_diagonal_of(b, w)
        return
    got = fill_diagonal_of(b, w)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


@njit
def resized(a, shape):
    return np.resize(a, shape)


@pytest.mark.parametrize("a, shape", [([1, 2, 3], (2, 2)), ((1.5, 2.5), 5), (7, (2,)), ([True, False], (3,))], ids=str)
def test_resize_of_lists_tuples_and_numbers(a, shape):
    # Was a TypingError blaming the call ("list(int) has no dtype"): NumPy takes the array of it.
    check(resized, a, shape)
