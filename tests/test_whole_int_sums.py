"""The sum of a whole bool or integer array taken as it is (`a.sum()`, `np.sum(mask)`, and `np.count_nonzero` of bools), which the
runtime adds straight from the array's memory into NumPy's 64-bit accumulator (wrapping as NumPy's
int64/uint64 does), differentially against NumPy over every integer dtype, the extremes of each,
and contiguous, strided, reversed, 2-D C and Fortran layouts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import check

DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]


@njit
def sums(a):
    return a.sum(), np.sum(a), np.sum(a, dtype=np.int64), np.count_nonzero(a)


def layouts(a):
    flat = a.ravel()
    return [a, flat[::3], flat[::-2], flat[:0], a.reshape(4, -1), np.asfortranarray(a.reshape(4, -1)), a.reshape(4, -1).T]


@pytest.mark.parametrize("dtype", DTYPES)
def test_extremes_and_layouts(dtype):
    if dtype is np.bool_:
        a = np.random.default_rng(1).random(400) > 0.3
    else:
        info = np.iinfo(dtype)
        a = np.random.default_rng(2).integers(info.min, info.max, 400, dtype=dtype, endpoint=True)
        a[:4] = [info.min, info.max, info.max, 0]
    for x in layouts(a):
        check(sums, x)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(st.sampled_from(DTYPES), hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=9)))
def test_hypothesis(a):
    check(sums, a)
