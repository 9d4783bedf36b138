"""`t + u` and `t * k` of tuples (a tuple of the items, of any item types; `k` a constant, as a
tuple's length is part of its type), and `x in l` over lists of floats (CPython's `==` after its
identity test, which compiled floats lack: a NaN meeting a NaN raises NotImplementedError)."""

import math

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def concatenated(n):
    t = (n, 2.5, "x")
    u = t + (n * 2,) + ()
    return u, t * 2, 2 * (n,), t * 0, (t + t)[4], len(t * 3), ((1, "a") + ("b", [n]))[3]


@njit
def unpacked(n):
    a, b, c, d = (n, n + 1) + (n + 2, n + 3)
    return a + b + c + d


@njit
def float_in(x, a):
    l = [float(v) for v in a]
    return x in l, x not in l, int(x) in l, 2 in l, x in [1.5, 2.5]


@pytest.mark.parametrize("n", [0, 3, -7])
def test_tuple_concat_and_repeat(n):
    check(concatenated, n)
    check(unpacked, n)


@pytest.mark.parametrize("x", [1.5, 2.0, -0.0, 0.0, math.inf, 7.25])
def test_float_membership(x):
    check(float_in, x, np.array([0.0, 2.0, 1.5, -3.0, math.inf]))
    check(float_in, x, np.array([], dtype=np.float64))
    check(float_in, x, np.array([np.nan, 2.0]))


@njit
def nan_in(x, a):
    return x in [float(v) for v in a]


def test_nan_meeting_nan_is_refused_at_run_time():
    with pytest.raises(NotImplementedError, match="one object"):
        nan_in(math.nan, np.array([1.0, np.nan]))
    # A NaN against a list without NaNs is answered: no item can be it.
    check(nan_in, math.nan, np.array([1.0, 2.0]))


def test_run_time_repeat_refused():
    def repeat(t, n):
        return t * n

    with pytest.raises(hasten.UnsupportedError, match="known only at run time"):
        njit(repeat)((1, 2), 3)


@njit
def percent_of_numpy_scalars(a):
    x, k, b = a[0], a.astype(np.int32)[1], a[0] > 0
    return ("%d items at %.2f" % (k, x), "%s|%s|%s" % (x, k, b), "%5.1e %x %%" % (x, k), "%s" % x,
            "%g" % a.astype(np.float32)[0])


@pytest.mark.parametrize("a", [np.array([2.5, 7.0]), np.array([-0.0, 255.0]), np.array([1e20, 3.0]), np.array([np.nan, 1.0])])
def test_percent_formatting_of_numpy_scalars(a):
    check(percent_of_numpy_scalars, a)


def test_percent_repr_of_numpy_scalar_refused():
    def r(a):
        return "%r" % a[0]

    with pytest.raises(hasten.UnsupportedError, match="np.float64"):
        njit(r)(np.ones(2))


@njit
def float_search(x, a):
    l = [float(v) for v in a]
    return l.index(x), l.count(x)


@njit
def float_remove(x, a):
    l = [float(v) for v in a]
    l.remove(x)
    return l


@njit
def word_search(s, text):
    words = text.split()
    n = words.count(s)
    words.remove(s)
    return n, words, words.index("b") if "b" in words else -1


@njit
def scalar_search(a, k):
    l = list(a)
    return l.index(a[k]), l.count(a[k] * 2)


@njit
def missing_scalar(a, x):
    return [1, 2].index(a[x])


@pytest.mark.parametrize("x, a", [(2.0, [1.0, 2.0, 2.0]), (5.5, [1.0]), (-0.0, [1.0, 0.0]), (2, [1.5, 2.0]),
                                  (math.nan, [1.0, 2.0]), (math.inf, [math.inf])])
def test_float_index_count_remove(x, a):
    check(float_search, x, np.array(a))
    check(float_remove, x, np.array(a))


@pytest.mark.parametrize("s, text", [("a", "a b a c"), ("z", "a b"), ("b", "b")])
def test_word_index_count_remove(s, text):
    check(word_search, s, text)


@pytest.mark.parametrize("a", [np.array([0.5, 1.0, 0.5]), np.array([3, 1, 6], dtype=np.int32), np.array([True, False])])
def test_numpy_scalar_search_and_messages(a):
    check(scalar_search, a, 1)
    # CPython's message shows NumPy's repr: `np.float64(0.5) is not in list`, `np.True_ ...`.
    check(missing_scalar, a, 0)


@njit
def tuple_searches(n, x):
    t = (3, 1, 2, 1)
    return t.index(1), t.count(1), t.index(2.0), (1.5, 2.5).count(x), ("a", "b").index("b"), t.count(n)


@njit
def tuple_index(n):
    return (3, 1, 2).index(n)


@pytest.mark.parametrize("n, x", [(1, 2.5), (7, -0.0), (3, 1.5)])
def test_tuple_index_and_count(n, x):
    check(tuple_searches, n, x)


@pytest.mark.parametrize("n", [2, 9])
def test_tuple_index_error(n):
    check(tuple_index, n)
