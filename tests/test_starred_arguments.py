"""`*t` in calls and in tuple displays, differentially against CPython: `f(*t)` passes the items of
a tuple (its length is in its type) to jitted functions, builtins, methods, `np.random.rand`,
`np.ndindex`, `a.reshape`/`a.transpose`; `(a, *t)` and `np.zeros((n, *a.shape[1:]))` build
tuples. A starred list or array, whose length is known only at run time, is refused by name."""

import math

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def weighted(a, b, c=7):
    return a * 100 + b * 10 + c


@njit
def star_calls(t, shape):
    head = t[:2]
    return (weighted(*t), weighted(*head), weighted(1, *t[1:]), weighted(*head, c=0), max(*t), min(0, *t),
            divmod(*head), np.zeros(shape).reshape(*shape[::-1]).shape, np.arange(6.0).reshape(shape).transpose(*(1, 0)).shape)


@njit
def star_iterables(shape, a):
    n = 0
    for idx in np.ndindex(*shape):
        n += idx[0]
    x, y = np.broadcast_arrays(*(a, a[:, None]))
    np.random.seed(3)
    return n, x.shape, y.shape, np.random.rand(*shape).shape


@njit
def tuple_displays(t, u, a, n):
    return (*t, *u), (0, *t), (*t, 9), (*a.shape,), np.zeros((n, *a.shape[1:])).shape, np.ones((*a.shape, 2)).shape


@njit
def star_of_a_list(l):
    return weighted(*l)


@njit
def tuple_of_a_list(l):
    return (1, *l)


def test_star_calls():
    check(star_calls, (1, 2, 3), (2, 3))
    check(star_calls, (5, -1, 0), (3, 2))


def test_star_in_numpy_and_library_calls():
    check(star_iterables, (2, 3), np.arange(3.0))


def test_tuple_displays():
    check(tuple_displays, (1, 2.5), ("x",), np.ones((2, 3, 4)), 5)
    check(tuple_displays, (), (1,), np.ones(3), 0)


def test_starred_lists_are_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="only tuples"):
        star_of_a_list([1, 2, 3])
    with pytest.raises(hasten.UnsupportedError, match="tuple\\(\\) of list"):
        tuple_of_a_list([1, 2])


@njit
def star_of_a_later_local(n):
    s = 0
    for i in range(n):
        if i > 0:
            s += weighted(*u)  # `u` is typed by the loop's later pass
        u = (i, 2 * i, 1)
    return s


def test_a_tuple_typed_by_a_later_pass():
    check(star_of_a_later_local, 4)
    check(star_of_a_later_local, 0)


# --- *t into functions whose arguments the front end binds (NumPy, math, np.random) -------------
# One call per length of the tuple, chosen by its type: `np.histogram(*args)` once bound the whole
# tuple as the array (and silently used 10 bins), and `np.linalg.norm(*args)` aborted the process.


@njit
def forwarded(*args):
    return np.histogram(*args)


@njit
def forwarded_after(a, *args):
    return np.digitize(a, *args[:1]), np.clip(a, *args[1:], 3.5), np.arange(*args[1:], dtype=np.float32)


@njit
def forwarded_math(*args):
    return math.log(*args), np.isclose(*args), np.linspace(*args, 5)


@njit
def forwarded_shapes(*args):
    return np.reshape(*args), np.zeros(*args[1:]), np.full(*args[1:], 2.5), np.dot(*args[:1], args[0])


@njit
def forwarded_in_loop(*args):
    s = 0.0
    for _ in range(3):
        s += np.sum(*args)[0]
    return s


VALUES = np.float64((0, 0.99, 1, 4.4, 4.5, 7, 8, 9, 9.5, 42.5, -1.0, -0.0))


@pytest.mark.parametrize("args", [(VALUES,), (VALUES, 7), (VALUES, np.float64([1, 3, 4.5, 8])), (VALUES, 7, (1.0, 13.5)),
                                  (VALUES.reshape(3, 4), np.float64([1, 3, 4.5, 8]))])
def test_numpy_call_of_forwarded_arguments(args):
    check(forwarded, *args)


def test_forwarded_after_fixed_arguments():
    check(forwarded_after, VALUES, np.float64([0.0, 2.0, 8.0]), 1.0)


@pytest.mark.parametrize("args", [(8.0, 2.0), (100.0, 10.0)])
def test_math_and_numpy_of_forwarded_numbers(args):
    check(forwarded_math, *args)


def test_forwarded_shapes_and_loops():
    check(forwarded_shapes, np.arange(6.0), (2, 3))
    check(forwarded_in_loop, np.arange(6.0).reshape(2, 3), 0)


def test_forwarded_arguments_that_do_not_bind():
    with pytest.raises(hasten.TypingError, match="missing required argument"):
        forwarded()
    with pytest.raises(hasten.UnsupportedError, match=r"\*x of more than 8 items"):
        forwarded(*([VALUES] * 9))

    @njit
    def digitize_right(*args):
        return np.digitize(*args)

    @njit
    def dot_of_list(a):
        items = [a, a]
        return np.dot(*items)

    # A list's length is known only at run time: refused by name, not blamed on the call.
    with pytest.raises(hasten.UnsupportedError, match="tuple\\(\\) of list"):
        dot_of_list(VALUES)

    # A flag NumPy's binding needs as a constant cannot come from a tuple item: refused by name.
    with pytest.raises(hasten.UnsupportedError, match="right= must be True or False"):
        digitize_right(VALUES, np.float64([1.0]), True)
