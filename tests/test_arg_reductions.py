"""np.argmax / np.argmin / np.nanargmax / np.nanargmin: NumPy's index (the first of equal values,
the first NaN, NumPy's ValueErrors) whatever the data, whole-array and along an axis (the loop
branches only where an element may be better than the best so far: `reduce.rs` `take_if`)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import check
from hasten import njit

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf])
float_arrays = hnp.arrays(np.float64, st.integers(0, 40), elements=special | st.floats(-3, 3))
int_arrays = hnp.arrays(np.int64, st.integers(0, 40), elements=st.integers(-3, 3) | st.sampled_from([-2**63, 2**63 - 1]))


@njit
def arg_all(a):
    return np.argmax(a), np.argmin(a), a.argmax(), a[::-1].argmin()


@njit
def nan_args(a):
    return np.nanargmax(a), np.nanargmin(a)


@njit
def along_axes(m):
    return np.argmax(m, axis=0), np.argmin(m, axis=1), np.argmax(m.T, axis=1)


@given(float_arrays)
@settings(max_examples=300, deadline=None)
def test_float_args(a):
    check(arg_all, a)
    check(nan_args, a)


@given(int_arrays)
@settings(max_examples=150, deadline=None)
def test_int_args(a):
    check(arg_all, a)
    check(nan_args, a)


@given(st.integers(1, 5), st.integers(1, 9), st.data())
@settings(max_examples=150, deadline=None)
def test_args_along_axes(rows, cols, data):
    m = data.draw(hnp.arrays(np.float64, (rows, cols), elements=special))
    check(along_axes, m)
    check(along_axes, np.asfortranarray(m))
