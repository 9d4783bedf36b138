"""`x is True` / `x is not False` (either side the literal), differentially against CPython: a
Python bool is one of two singletons, so the test is its equality with the literal; any other
value (an int, a float, a NumPy bool) is never `True`, so the test is decided at compile time.
A value with effects (a call) compared by identity is refused by name."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def identities(flag, n, x):
    return (flag is True, flag is not False, True is flag, False is not flag, n is True, n is not False,
            x is True, (n > 0) is True, (x > 0.5) is not True)


@njit
def branch(flag):
    if flag is True:
        return 1
    return 0


@njit
def numpy_bool(flag):
    return np.bool_(flag) is True


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("n", [0, 1, 2])
def test_identity_with_the_bool_literals(flag, n):
    check(identities, flag, n, float(n) / 2)
    check(branch, flag)


def test_a_call_compared_by_identity_is_refused():
    with pytest.raises(hasten.UnsupportedError, match="'is' is supported for comparisons with None, True and False"):
        numpy_bool(True)
