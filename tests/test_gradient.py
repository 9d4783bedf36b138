"""`np.gradient` of a 1-d array with unit spacing (central differences inside, one-sided at the
ends), NumPy's dtypes and error; other forms refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

import hasten
from conftest import check, floats
from hasten import njit


@njit
def grad(a):
    return np.gradient(a)


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=1, min_side=0, max_side=9), elements=floats))
def test_floats(a):
    check(grad, a)  # fewer than 2 elements: NumPy's ValueError
    check(grad, a[::-1])
    check(grad, a.astype(np.float32))


def test_ints():
    check(grad, np.array([1, 3, 7, -2]))
    check(grad, np.array([5, 9], np.int8))


def test_refusals():
    @njit
    def grad2(m):
        return np.gradient(m)

    with pytest.raises(hasten.UnsupportedError, match="1-d"):
        grad2(np.ones((2, 2)))
