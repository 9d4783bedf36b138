"""`np.arange`'s length, its checks and its first two values exactly as NumPy's: the length is
`ceil((stop - start) / step)` of one correctly rounded division (for Python ints too), a quotient
that underflowed or a step of infinity still holds `start`, lengths beyond an intp and byte counts
beyond memory raise NumPy's errors (also where a fused `np.arange(...).sum()` never allocates), and
the first two values are Python values that must fit an integer dtype."""

import numpy as np
import pytest

from hasten import njit

from conftest import check

inf, nan = float("inf"), float("nan")
I64_MIN, I64_MAX = -2**63, 2**63 - 1


@njit
def materialised(a, b, c, dt):
    return np.arange(a, b, c, dt)


@njit
def summed(a, b, c, dt):
    return np.arange(a, b, c, dt).sum()


LENGTHS = [
    # Quotients that underflow to zero or meet an infinite step: one element where the range goes
    # the step's way (two wrong answers before: hasten gave none).
    (0.0, 10.0, inf, np.float64), (0.0, -10.0, inf, np.float64), (0.0, 10.0, -inf, np.float64),
    (0.0, -10.0, -inf, np.float64), (5.0, 5.0, inf, np.float64), (0, 10, inf, np.float64),
    (0.0, 1e-300, 1e300, np.float64), (0.0, -1e-300, 1e300, np.float64), (0.0, 10.0, inf, np.int8),
    # Integer ranges whose float quotient rounds: NumPy's length drops the last element.
    (0, 2**62 + 3, 2**60, np.int64), (0, 2**53 + 1, 2**52, np.int64), (0, I64_MAX, 2**61, np.int64),
    (I64_MAX, I64_MIN, -2**62, np.int64),
    # Lengths beyond an intp (infinite ones too), and NumPy's empty answer for exactly 2**63.
    (inf, 10.0, 1.0, np.float64), (-inf, 10.0, 1.0, np.int64), (10.0, inf, -1.0, np.float64),
    (0.0, 1e300, 1e-300, np.float64), (0, -1e300, 1.0, np.float64), (0.0, 2.0**63, 1.0, np.float64),
    (0.0, 2.0**63 + 2048, 1.0, np.float64), (0.0, -2.0**63, 1.0, np.float64), (I64_MAX, I64_MIN, 1, np.int64),
    (0, I64_MAX, 1, np.int64), (I64_MIN, I64_MAX, 2, np.int64), (nan, 5, 1, np.int64),
    # Byte counts beyond an intp.
    (I64_MIN, I64_MAX, 3, np.int64), (0, 2 * 10**18, 1, np.int64),
    # Zero steps: the float division's message for float bounds.
    (0.0, 1.0, 0.0, np.float64), (0, 1, 0, np.int64), (0, 5, -0.0, np.float64), (0, 5, 0, np.int8),
]


@pytest.mark.parametrize("a,b,c,dt", LENGTHS)
def test_lengths_and_length_errors_are_numpys(a, b, c, dt):
    check(materialised, a, b, c, dt)
    check(summed, a, b, c, dt)


FIRST_TWO = [
    # The first value, then the second, must fit the dtype as Python ints (NumPy 2's
    # OverflowError); the stop and the later values wrap.
    (0, 300, 1, np.int8), (300, 0, -1, np.int8), (300, 301, 1, np.int8), (0, 1, 300, np.int8),
    (300, 0, 1, np.int8), (0, 2**40, 2**39, np.int8), (0, 5, 1, np.uint8), (-1, 5, 1, np.uint8),
    (5, 0, -1, np.uint8), (-1, 5, 1, np.uint64), (2**62, I64_MAX, 2**62, np.uint64),
    (2**62, I64_MAX, 2**62, np.int64), (I64_MAX - 1, I64_MAX, 2, np.int64),
    # Float bounds: truncated to Python ints, those beyond 64 bits not converted at all.
    (0.0, 1e10, 1e9, np.int8), (300.7, 0, -1, np.int8), (-0.5, 3, 1, np.uint8), (-1.5, 3, 1, np.uint8),
    (0.0, 1e20, 1e19, np.int8), (0.0, 1e20, 1e19, np.int64), (0.0, 1e20, 1e19, np.uint64),
    (1e20, 1e20 + 1e5, 1e4, np.int64), (0.0, 5.0, 1e300, np.int64), (0.0, 3.0, 1.0, np.uint64),
    # Booleans: at most two.
    (0, 2, 1, np.bool_), (0, 3, 1, np.bool_), (True, False, -1, np.bool_), (0.0, 1.0, 0.25, np.bool_),
]


@pytest.mark.parametrize("a,b,c,dt", FIRST_TWO)
def test_first_two_values_fit_the_dtype_as_numpys(a, b, c, dt):
    check(materialised, a, b, c, dt)
    check(summed, a, b, c, dt)


@pytest.mark.parametrize("n,dt", [(2**46, np.int8), (10**17, np.int64), (2**45, np.float64)])
def test_arrays_beyond_memory_raise_numpys_memory_error(n, dt):
    # A fused sum never allocates its arange: it probes, and fails where NumPy's allocation fails
    # (it counted 10^17 elements before). NumPy's message names the size, shape and dtype.
    with pytest.raises(MemoryError) as numpy_error:
        np.arange(0, n, 1, dt)
    for f in (materialised, summed):
        with pytest.raises(MemoryError) as ours:
            f(0, n, 1, dt)
        assert str(ours.value) == str(numpy_error.value)


@njit
def zeros_of(shape):
    return np.zeros(shape, np.float32)


def test_constructor_memory_errors_name_the_array():
    with pytest.raises(MemoryError) as numpy_error:
        np.zeros((3, 2**44), np.float32)
    with pytest.raises(MemoryError) as ours:
        zeros_of((3, 2**44))
    assert str(ours.value) == str(numpy_error.value)
