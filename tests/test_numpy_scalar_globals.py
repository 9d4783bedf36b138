"""Module globals that are NumPy scalars, dtype objects or the `operator` module's in-place
functions, differentially against CPython: a NumPy scalar keeps its dtype (NEP 50 applies to its
arithmetic), a dtype object is a `dtype=` argument, `operator.iadd` bound to a name updates an
array in place. A uint64 beyond the int64 range is refused by name."""

import operator

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check

ZERO = np.int64(0)
SMALL = np.int8(-7)
BYTE = np.uint8(250)
HALF = np.float32(0.5)
TENTH = np.float64(0.1)
FLAG = np.bool_(True)
Z64 = np.complex64(1.5 + 2j)
INT32 = np.dtype("int32")
FLOAT32 = np.dtype(np.float32)
BIG = np.uint64(2**64 - 1)
iadd = operator.iadd
imul = operator.imul


@njit
def scalars(x):
    return ZERO + x, SMALL * 2, BYTE + np.uint8(10), HALF * 3, TENTH + x, FLAG, Z64 * 2, HALF + 1.25


@njit
def dtypes(n):
    return np.zeros(n, dtype=INT32), np.ones(n, FLOAT32), np.arange(n).astype(INT32)


@njit
def in_place(a, b):
    iadd(a, b)
    imul(a, 2.0)
    return a


@njit
def big():
    return BIG


def test_numpy_scalar_globals_keep_their_dtypes():
    with np.errstate(over="ignore"):
        check(scalars, 3)
        check(scalars, -2)


def test_dtype_object_globals():
    check(dtypes, 4)


def test_in_place_operator_functions_bound_to_names():
    check(in_place, np.arange(4.0), np.ones(4))


def test_uint64_beyond_int64_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="uint64 \\(outside the int64 range\\)"):
        big()


HOLDS_A_LIST = (1, [2])
HOLDS_A_FUNCTION = (1, abs)


@njit
def list_item():
    return HOLDS_A_LIST[1]


@njit
def function_item():
    return HOLDS_A_FUNCTION[0]


def test_tuple_globals_holding_no_constants_are_refused():
    # They were once read as None.
    with pytest.raises(hasten.UnsupportedError, match="global 'HOLDS_A_LIST' holds a value of type 'list'"):
        list_item()
    with pytest.raises(hasten.UnsupportedError, match="global 'HOLDS_A_FUNCTION' holds a module, function or class"):
        function_item()
