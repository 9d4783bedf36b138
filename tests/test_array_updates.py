"""Assignment into slices and views, and in-place operators on arrays: NumPy's broadcasting, casting
and overlap semantics."""

import platform

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check


@njit
def set_slice(a, v):
    a[1:-1] = v


@njit
def set_rows(a, row):
    a[:, 1:] = row
    a[0] = 7


@njit
def shift_overlapping(a):
    a[1:] = a[:-1]


@njit
def inplace(a, b, k):
    a += b
    a *= k
    a[::2] -= 1


@njit
def stencil_step(u, dt):
    u[1:-1] += dt * (u[:-2] - 2 * u[1:-1] + u[2:])
    return u


@njit
def bad_cast(a):
    a += 1.5


def test_slice_assignment_with_scalars_and_arrays():
    check(set_slice, np.zeros(6), 2.5)
    check(set_slice, np.zeros(6, dtype=np.int32), 2.7)
    check(set_slice, np.zeros(6), np.arange(4.0))
    check(set_slice, np.zeros(6, dtype=np.int64), np.array([1.9, -1.9, 3.0, 4.5]))
    check(set_slice, np.zeros(6), np.arange(3.0))  # ValueError: could not broadcast input array


def test_broadcasting_into_views():
    check(set_rows, np.zeros((3, 4)), np.arange(3.0))
    check(set_rows, np.zeros((3, 4), order="F"), np.ones((3, 1)))


def test_values_with_more_axes_drop_leading_ones():
    # NumPy's copy drops a value's leading axes of length 1; any other length is its ValueError.
    check(set_slice, np.zeros(6), np.arange(4.0).reshape(1, 4))
    check(set_slice, np.zeros(6), np.arange(4.0).reshape(1, 1, 1, 4))
    check(set_slice, np.zeros(6), np.ones((1, 1)))
    check(set_slice, np.zeros(6), np.arange(8.0).reshape(2, 4))
    check(set_slice, np.zeros(6), np.ones((1, 0)))
    check(set_rows, np.zeros((3, 4)), np.arange(3.0)[::-1].reshape(1, 1, 3))
    check(set_rows, np.zeros((3, 4)), np.ones((2, 3, 3)))


def test_overlapping_source_and_target():
    check(shift_overlapping, np.arange(6))
    check(shift_overlapping, np.arange(6.0)[::-1])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.int64, np.float64, np.int32]), st.integers(-3, 3))
def test_in_place_operators(dtype, k):
    a = np.arange(6, dtype=dtype)
    b = np.ones(6, dtype=dtype)
    check(inplace, a, b, k)
    check(inplace, a, dtype(2), k)


def test_in_place_operators_that_do_not_broadcast_raise_numpys_message():
    @njit
    def add_into(a, b):
        a += b
        a[1:] *= b
        return a

    check(add_into, np.zeros(4), np.ones(5))  # operands could not be broadcast together with shapes (4,) (5,) (4,)
    check(add_into, np.zeros(4), np.ones(1))
    check(add_into, np.zeros(5), np.ones(5))  # the second update: (4,) (5,) (4,)
    check(add_into, np.zeros(1), np.ones(5))  # non-broadcastable output operand with shape (1,)


def test_stencil_update():
    u = np.sin(np.linspace(0, 3, 11))
    check(stencil_step, u, 0.1)


def test_same_kind_casting_is_enforced():
    with pytest.raises(hasten.TypingError, match="Cannot cast ufunc 'add' output from dtype\\('float64'\\) to dtype\\('int64'\\)"):
        bad_cast(np.zeros(3, dtype=np.int64))


def test_read_only_targets():
    a = np.zeros(4)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        set_slice(a, 1.0)


CAST_VALUES = [np.nan, np.inf, -np.inf, 1e300, -1e300, 300.5, -300.5, 3e9, -3e9, 2.0**63, -(2.0**63), 1.8e19, 70000.7, -1.5, 0.0, -0.0]


@njit
def store_floats(out, values):
    out[:] = values
    return out


@njit
def cast_by_expression(out, values):
    out[:] = values * 1.0
    return out


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="NumPy's out-of-range casts are x86-64's here")
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int16, np.int8, np.uint64, np.uint32, np.uint16, np.uint8])
@pytest.mark.parametrize("source", [np.float64, np.float32])
def test_float_to_int_casts_match_numpy_on_this_platform(dtype, source):
    # NumPy's casts compile to x86's truncating conversion: nan and out-of-range values become the
    # lowest integer (INT64_MIN for int64), not a saturated value.
    values = np.array(CAST_VALUES, dtype=source)
    with np.errstate(all="ignore"):
        check(store_floats, np.zeros(len(values), dtype=dtype), values)
        check(cast_by_expression, np.zeros(len(values), dtype=dtype), values)
