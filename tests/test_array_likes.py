"""NumPy functions of the library taking array-likes as NumPy does, differentially against NumPy:
`np.cov`/`np.corrcoef` of nested tuples and lists, `np.partition`/`np.argpartition` of lists."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def covariances(m):
    return np.cov(m), np.corrcoef(m)


@njit
def partitions(a):
    return np.partition(a, 1), np.argpartition(a, 2)


@pytest.mark.parametrize("m", [((1.0, 2.0), (3.0, 5.0), (4.0, 1.0)), [[1.0, 2.0, 4.0], [3.0, 5.0, 0.5]], np.array([[1.0, 2.0, 4.0], [3.0, 5.0, 0.5]])])
def test_covariance_of_array_likes(m):
    check(covariances, m)


def test_partitions_of_lists():
    check(partitions, [5, 1, 4, 2])
    check(partitions, np.array([3.0, 1.0, 2.0]))



@njit
def of_tuples(t, u):
    return np.roll(t, 1), np.array_equal(t, u), np.flipud(t), np.partition(t, 1), np.interp(1.5, t, u)


@njit
def of_nested_tuples(m):
    return np.fliplr(m), np.extract(np.ones(6, np.bool_), m), np.argpartition(m, 0)


@pytest.mark.parametrize("t, u", [((3, 1, 2), (1, 2, 3)), ((1.0, 2.5, 0.5), (1.0, 2.5, 0.5)), ((True, False, True), (0, 1, 1))])
def test_tuples_of_numbers_are_arrays_where_numpy_takes_arrays(t, u):
    check(of_tuples, t, u)


def test_nested_tuples_are_arrays():
    check(of_nested_tuples, ((1, 2, 3), (6, 5, 4)))
    check(of_nested_tuples, ((1.0, 2.0), (3.0, 0.5), (2.0, 2.0)))


@njit
def list_sum(xs):
    return xs.sum()


@njit
def tuple_max(t):
    return t.max()


@njit
def str_mean(s):
    return s.mean()


@njit
def tuple_copy(t):
    return t.copy()


@pytest.mark.parametrize("f, arg", [(list_sum, [1, 2]), (tuple_max, (1.0, 2.0)), (str_mean, "ab"), (tuple_copy, (1, 2))])
def test_containers_lack_array_methods(f, arg):
    # CPython raises AttributeError at the call; hasten refuses the function at compile time.
    with pytest.raises(AttributeError):
        f.py_func(arg)
    with pytest.raises(hasten.TypingError, match="object has no attribute of this name"):
        f(arg)


@njit
def partitioned_at(a, k):
    return np.partition(a, k), np.argpartition(a, k)


@pytest.mark.parametrize("a", [np.zeros(0), np.zeros((0, 3)), np.zeros((3, 0)), np.arange(3.0)])
@pytest.mark.parametrize("k", [0, -1, 5])
def test_partition_points_of_empty_arrays(a, k):
    # NumPy checks kth only against an array that holds something.
    check(partitioned_at, a, k)


@njit
def as_arrays(x):
    return np.asarray(x), np.array(x), np.asarray_chkfinite(x)


@pytest.mark.parametrize("x", [2.5, 3, True, np.float32(2), 1j, np.complex64(1j), [1.0, 2.0], (1, 2), np.arange(3.0)])
def test_asarray_of_numbers_lists_and_arrays(x):
    check(as_arrays, x)


@njit
def as_arrays_of_dtype(x):
    y = np.asarray(x, dtype=np.float64)
    y[0] = -7.0
    return y, x, np.asarray(x, np.complex64), np.asarray_chkfinite(x, dtype=np.float32)


@pytest.mark.parametrize("x", [np.array([1.0, 2.0]), np.array([1, 2]), np.array([3.0, 1.0, 2.0])[::-1], np.array([1.0, np.inf])])
def test_asarray_with_a_dtype_is_the_array_itself_when_the_dtype_is_its_own(x):
    # Otherwise a converted copy; np.asarray_chkfinite converts first, then checks.
    check(as_arrays_of_dtype, x)
