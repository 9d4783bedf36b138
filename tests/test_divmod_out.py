"""`np.divmod(x1, x2, out1, out2)` and `np.divmod(x1, x2, out=(out1, out2))`, differentially
against NumPy: both results stored into the outputs with NumPy's same_kind cast, broadcast to
their shape, and the outputs returned as a tuple (the very arrays). A cast NumPy refuses is a
TypeError."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def positional(a, b, q, r):
    return np.divmod(a, b, q, r)


@njit
def keyword(a, b, q, r):
    return np.divmod(a, b, out=(q, r))


@njit
def same_objects(a, b, q, r):
    res = np.divmod(a, b, q, r)
    res[0][0] = 99
    return q[0]


CASES = [
    (np.arange(6, dtype=np.uint8), np.uint8(4), np.uint8),
    (np.linspace(-3.5, 3, 7), np.array([2.0]), np.float64),
    (np.arange(-4, 4), np.array(3), np.int64),
    (np.arange(-4, 4, dtype=np.int32), np.int32(-3), np.int64),
    (np.arange(6.0).reshape(2, 3), np.array([1.5, -2.0, 4.0]), np.float64),
]


@pytest.mark.parametrize("a, b, dtype", CASES)
@pytest.mark.parametrize("f", [positional, keyword])
def test_results_stored_into_the_outputs(f, a, b, dtype):
    check(f, a, b, np.zeros(a.shape, dtype), np.zeros(a.shape, dtype))


def test_inputs_broadcast_to_the_outputs_shape():
    check(positional, np.arange(3.0), 2.0, np.zeros((2, 3)), np.zeros((2, 3)))


def test_the_outputs_are_returned():
    check(same_objects, np.arange(4), 3, np.zeros(4, np.int64), np.zeros(4, np.int64))


def test_a_refused_cast_is_a_type_error():
    with pytest.raises(TypeError):
        positional(np.linspace(0, 1, 3), 2.0, np.zeros(3, np.int64), np.zeros(3))
