"""Reductions over a tuple of axes (`np.mean(img, axis=(0, 1))`): consecutive axes of a
C-contiguous array, which NumPy walks as the one axis that merges them, or all the axes (the
whole array); axes that are not consecutive, constant or known only at run time, for the
reductions whose result does not depend on the order of the elements. Differential against
NumPy, bit for bit (float sums, NaN and signed zeros of min/max included); other tuples are
refused by name."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check, jit_source


@njit
def over_leading(a):
    return (np.sum(a, axis=(0, 1)), np.mean(a, axis=(0, 1)), a.max(axis=(0, 1)), np.min(a, axis=(1, 0)),
            np.prod(a, axis=(0, 1)), np.any(a > 0.5, axis=(0, 1)))


@njit
def over_trailing(a):
    return np.sum(a, axis=(1, 2)), np.mean(a, axis=(-2, -1)), np.max(a, axis=(1, 2)), np.argmax(a.sum(axis=(1, 2)))


@njit
def over_everything(a):
    return np.sum(a, axis=(0, 1, 2)), np.mean(a, axis=(2, 0, 1)), np.max(a, axis=(0, 1, 2))


@njit
def over_expression(a):
    return np.sum(a * 2.0 - 1.0, axis=(0, 1)), np.mean(a > 0.25, axis=(1, 2))


@njit
def with_dtype(a):
    return np.sum(a, axis=(0, 1), dtype=np.int32), np.mean(a, axis=(1, 2), dtype=np.float64)


RNG = np.random.default_rng(11)
IMAGES = [
    RNG.standard_normal((5, 7, 3)),
    RNG.standard_normal((40, 60, 4)).astype(np.float32),
    RNG.choice([0.0, -0.0, 1.0, np.nan], (3, 4, 5)),
    RNG.standard_normal((2, 3, 3000)),
    np.zeros((0, 3, 2)),
]


@pytest.mark.parametrize("a", IMAGES, ids=range(len(IMAGES)))
def test_float_images(a):
    check(over_leading, a)
    check(over_trailing, a)
    check(over_everything, a)
    check(over_expression, a)


@pytest.mark.parametrize("a", [RNG.integers(-9, 9, (6, 5, 4)), RNG.integers(0, 255, (30, 20, 3), dtype=np.uint8)])
def test_int_images(a):
    check(over_leading, a)
    check(over_trailing, a)
    check(with_dtype, a)


def test_four_axes():
    @njit
    def middle(a):
        return np.sum(a, axis=(1, 2)), np.max(a, axis=(0, 1, 2))

    check(middle, RNG.standard_normal((3, 4, 5, 6)))


def test_errors_and_refusals():
    def duplicate(a):
        return np.sum(a, axis=(0, 0))

    def outside(a):
        return np.sum(a, axis=(0, 3))

    def apart(a):
        return np.sum(a, axis=(0, 2))

    def strided(a):
        return np.sum(a[::2], axis=(0, 1))

    a = np.ones((2, 3, 4))
    with pytest.raises(hasten.TypingError, match="duplicate value in 'axis'"):
        njit(duplicate)(a)
    with pytest.raises(hasten.TypingError, match="axis 3 is out of bounds for array of dimension 3"):
        njit(outside)(a)
    with pytest.raises(hasten.UnsupportedError, match="not consecutive"):
        njit(apart)(a)
    # Axes of a strided view are one line where they are contiguous with each other in memory (the
    # first has length 1 here); where they are not, NumPy walks separate lines: refused by name.
    check(njit(strided), RNG.standard_normal((2, 3, 4)))
    with pytest.raises(NotImplementedError, match="several axes that are not contiguous"):
        njit(strided)(np.ones((4, 3, 4)))


def test_order_free_reductions_over_axes_apart_in_memory():
    # A maximum does not depend on NumPy's walk: any layout is reduced (found by the fuzzer).
    def largest(a, m):
        return np.max(m[:, :, None] * a, axis=(-2, -1)), np.min(a[::2], axis=(0, 1)), np.any(a[::2] > 0, axis=(0, 1))

    check(njit(largest), RNG.standard_normal((4, 3, 4)), np.asfortranarray(RNG.standard_normal((4, 3))))


def _apart(ndim):
    """The tuples of axes of an `ndim`-d array that are not consecutive (in order, and some reversed
    and negative)."""
    from itertools import combinations

    out = []
    for r in range(2, ndim):
        for axes in combinations(range(ndim), r):
            if any(b != a + 1 for a, b in zip(axes, axes[1:])):
                out.append(axes)
                out.append(tuple(k - ndim for k in reversed(axes)))
    return out


def _order_free(axes):
    src = f"""
import numpy as np
def f(a):
    return (np.sum(a, axis={axes}), a.prod(axis={axes}), np.max(a, axis={axes}), a.min(axis={axes}),
            np.any(a, axis={axes}), a.all(axis={axes}))
"""
    return jit_source(src, np=np)


def _layouts(a):
    return [a, np.asfortranarray(a), a[..., ::-1], np.repeat(a, 2, axis=0)[::2]]


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.uint64, np.bool_])
@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 2, 4)])
def test_order_free_reductions_over_axes_not_consecutive(dtype, shape):
    # Integer sums and products wrap and extremes are exact, so reducing one run of consecutive
    # axes after another gives NumPy's bits whatever order NumPy takes the elements in.
    data = RNG.integers(-3, 4, shape) if dtype != np.uint64 else RNG.integers(0, 2**63, shape, dtype=np.uint64)
    a = data.astype(dtype)
    for axes in _apart(len(shape)):
        f = _order_free(axes)
        for x in _layouts(a):
            check(f, x)


def test_not_consecutive_wraps_and_empty_axes():
    big = np.full((3, 2, 3), 2**62, dtype=np.int64)
    check(_order_free((0, 2)), big)
    for shape in [(0, 2, 3), (2, 0, 3), (2, 3, 0)]:
        f = _order_free((0, 2))
        check(f, np.zeros(shape, np.int32))


def test_not_consecutive_any_all_of_floats_and_refusals():
    @njit
    def truth(a):
        return np.any(a, axis=(0, 2)), np.all(a > 0.0, axis=(2, 0)), (a != 0).sum(axis=(0, 2))

    for a in [RNG.choice([0.0, -0.0, 1.0, np.nan], (3, 4, 5)), np.zeros((2, 0, 3))]:
        check(truth, a)

    def float_sum(a):
        return np.sum(a, axis=(0, 2))

    def int_mean(a):
        return np.mean(a, axis=(0, 2))

    def with_dtype(a):
        return np.sum(a, axis=(0, 2), dtype=np.int32)

    for f, a in [(float_sum, np.ones((2, 3, 4))), (int_mean, np.ones((2, 3, 4), np.int64)), (with_dtype, np.ones((2, 3, 4), np.int64))]:
        with pytest.raises(hasten.UnsupportedError, match="not consecutive"):
            njit(f)(a)


@njit
def _over_axes_given(a, axes):
    return np.sum(a, axis=axes), a.prod(axis=axes), np.max(a, axis=axes), a.min(axis=axes), np.any(a, axis=axes), a.all(axis=axes)


@njit
def _truth_over_axes_given(a, axes):
    return np.any(a, axis=axes), np.all(a, axis=axes)


def test_tuples_of_axes_known_only_at_run_time():
    # numba's test_sum_axis_tuple: every ordered choice of axes among -3..3, repeated and out of
    # range ones raising NumPy's ValueError and AxisError (in NumPy's order of checks).
    from itertools import chain, permutations

    a = np.arange(2 * 3 * 4).reshape(2, 3, 4) - 7
    for axes in chain.from_iterable(permutations([-3, -1, 0, 1, 2, 3], r) for r in range(4)):
        check(_over_axes_given, a, axes)
    for axes in [(0, 1, 2, -1), (-3, -2, -1, 0, 1), (0, 1, 2, 3)]:
        check(_over_axes_given, a, axes)
    for x in _layouts(RNG.integers(-2, 3, (3, 2, 4)).astype(np.int16)) + [np.zeros((2, 0, 3), np.uint8), RNG.integers(0, 2, (2, 3, 2)).astype(bool)]:
        for axes in [(0, 2), (2, 0), (1,), (), (0, 1, 2), (-1, 0)]:
            check(_over_axes_given, x, axes)
    for x in [RNG.choice([0.0, -0.0, 1.0, np.nan], (3, 4, 5)), RNG.standard_normal((2, 3, 4)).astype(np.float32)]:
        check(_truth_over_axes_given, x, (0, 2))


def test_tuples_of_axes_known_only_at_run_time_refused():
    def float_sum(a, axes):
        return np.sum(a, axis=axes)

    def int_mean(a, axes):
        return np.mean(a, axis=axes)

    with pytest.raises(hasten.UnsupportedError, match="float reduction over several axes"):
        njit(float_sum)(np.ones((2, 3, 4)), (0, 2))
    with pytest.raises(hasten.UnsupportedError, match="must be an integer"):
        njit(int_mean)(np.ones((2, 3, 4), np.int64), (0, 2))
