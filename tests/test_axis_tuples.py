"""Reductions over a tuple of axes (`np.mean(img, axis=(0, 1))`): consecutive axes of a
C-contiguous array, which NumPy walks as the one axis that merges them, or all the axes (the
whole array). Differential against NumPy, bit for bit (float sums, NaN and signed zeros of
min/max included); other tuples are refused by name."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


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
