"""NumPy scalars in `str()`/`format()`/f-strings (as their Python numbers where NumPy prints them
so), `math.log(x, base)`, and lists of numbers where NumPy takes an array (`np.append(a, [1.0])`)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check
from hasten import njit


@njit
def texts(a, v, w, b):
    x, i, g, t = a[0], v[0], w[0], b[0]
    return f"{x} {x:.3f} {x:e} {i} {i:5d} {g:.2f} {t}", str(x), str(i), format(x, ">10.4g"), repr(1.5)


@njit
def log_base(x, b):
    return math.log(x, b)


@njit
def array_likes(a):
    return (np.append(a, [1.0, 2.0]), np.take(a, [1, 2]), np.add(a[:3], [1, 2, 3]), np.sum([1, 2, 3]),
            np.isin(a, [a[0], 9.0]), np.histogram(a, bins=[0.0, 0.5, 1.0])[0], np.maximum(a[:2], [[0.5, 0.5]]))


def test_numpy_scalar_text():
    check(texts, np.array([0.1 + 0.2]), np.array([-7], np.int32), np.array([0.1], np.float32), np.array([True]))
    check(texts, np.array([-0.0]), np.array([2**31 - 1], np.int64), np.array([np.inf], np.float32), np.array([False]))

    @njit
    def float32_text(w):
        return str(w[0]), repr(w[1]), f"{w[0]}"

    # NumPy's own text of a float32 (its shortest repr), made by boxing the value.
    for w in (np.array([0.1, 1e-8], np.float32), np.array([np.nan, -0.0], np.float32)):
        check(float32_text, w)


@settings(max_examples=100, deadline=None)
@given(st.floats(-10, 1e6) | st.sampled_from([0.0, 1.0, math.e]), st.floats(-3, 100) | st.sampled_from([1.0, 2.0, 10.0, 0.0]))
def test_log_with_a_base(x, b):
    check(log_base, x, b)  # ValueError (math domain error), ZeroDivisionError (base 1)


def test_lists_where_numpy_takes_arrays():
    check(array_likes, np.array([0.25, 0.5, 0.75, 0.1]))
