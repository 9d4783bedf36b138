"""Whole-array float sums of views whose layout is known only at run time (reversed, transposed,
stepped, Fortran-ordered) add the elements in NumPy's order, bit for bit: NumPy's iterator orders
the axes by the strides (without flipping negative ones), sums an array itself in buffered pieces
of at most 8192 elements (one pairwise sum each, added to 0.0), and sums an expression (or
`nansum`'s copy) after computing it into a new array in that order. Finite values spread over many
magnitudes show the order in the last bits; overflowing ones decide between inf and nan."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check


@njit
def whole(a):
    return np.sum(a), a.sum(), np.mean(a), np.nansum(a), np.nanmean(a), np.var(a), np.std(a)


@njit
def plain(a):
    return np.sum(a), a.mean()


@njit
def of_expression(a, b):
    return np.sum(a * b), np.mean(a + 1.5), np.sum(a * 2.0), np.nansum(a - b)


@njit
def made_inside(m):
    return np.sum(m[::-1]), np.sum(m.T[::-1]), np.sum(m[:, ::-1]), np.mean(m[::2]), np.sum(m.T[::-1] * 3.0)


def views(x):
    f = np.asfortranarray(x)
    yield x[::-1]
    yield x[..., ::-1]
    yield x.T
    yield x.T[::-1]
    yield f[..., ::-1]
    yield f[::-1]
    yield x[..., ::2]
    yield x[::2]
    yield x[::-1][..., 1::3]
    yield np.swapaxes(x, 0, -1)[::-1]
    if x.ndim == 3:
        yield x[:, ::-1]
        yield x.transpose(1, 0, 2)
        yield x.transpose(2, 0, 1)[:, ::2]


def spread(rng, shape, dtype=np.float64):
    return (rng.standard_normal(shape) * 10.0 ** rng.integers(-8, 8, shape)).astype(dtype)


def quiet(f, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        check(f, *args)


SIZES = [1, 2, 3, 7, 8, 9, 16, 17, 127, 128, 129, 300]
BIG = [(2, 4097), (4097, 2), (4096, 3), (3, 5000), (20000, 2), (2, 3, 1500), (3, 2, 8193), (100, 300), (130, 70)]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.sampled_from(SIZES), min_size=2, max_size=3))
def test_views_sum_in_numpys_order(seed, shape):
    rng = np.random.default_rng(seed)
    x = spread(rng, tuple(shape))
    for v in views(x):
        quiet(whole, v)


@pytest.mark.parametrize("shape", BIG)
def test_buffer_boundaries(shape):
    rng = np.random.default_rng(sum(shape))
    x = spread(rng, shape)
    for v in views(x):
        quiet(plain, v)
        quiet(whole, v)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(3, 40), (9, 9), (2, 3, 17), (17, 2, 3), (300, 40), (2, 8193)]))
def test_float32(seed, shape):
    rng = np.random.default_rng(seed)
    x = spread(rng, shape, np.float32)
    for v in views(x):
        quiet(plain, v)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(3, 40), (9, 9), (2, 3, 17), (100, 300), (20000, 2)]))
def test_expressions_and_views_made_inside(seed, shape):
    rng = np.random.default_rng(seed)
    x = spread(rng, shape)
    for v in views(x):
        quiet(of_expression, v, v[::-1].copy())
        quiet(of_expression, v, np.ascontiguousarray(v))
    quiet(made_inside, x)
    quiet(made_inside, np.asfortranarray(x))


@pytest.mark.parametrize("shape", [(3, 40), (4, 9), (9, 9), (2, 3, 17), (20000, 2), (100, 300)])
@pytest.mark.parametrize("where", ["first", "last", "middle"])
def test_overflow_inf_or_nan(shape, where):
    # Two huge values overflow to +inf unless NumPy's order adds -inf first: inf vs nan.
    x = np.ones(shape)
    flat = x.reshape(-1)
    k = {"first": 0, "last": flat.size - 3, "middle": flat.size // 2}[where]
    flat[k], flat[k + 1], flat[k + 2] = 1e308, 1e308, -np.inf
    for v in views(x):
        quiet(plain, v)
        quiet(whole, v)


def test_empty_and_single():
    for shape in [(0, 3), (3, 0), (1, 1), (1, 7), (7, 1), (2, 0, 3)]:
        x = np.ones(shape)
        for v in views(x):
            quiet(plain, v)


@njit
def integer_means(a):
    return np.mean(a), a.mean(), np.nanmean(a), np.var(a), np.std(a)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(20000,), (9000,), (8193,), (3, 40), (100, 300), (300, 100), (10000, 3), (2, 3, 1500), (3, 2, 8193)]))
def test_integer_means_are_converted_in_buffers(seed, shape):
    # NumPy converts integers to float64 in buffers of 8192, one pairwise sum each, even for a
    # contiguous array; values near 2**62 make the grouping show.
    rng = np.random.default_rng(seed)
    x = rng.integers(-2**62, 2**62, shape)
    quiet(integer_means, x)
    quiet(integer_means, x[::-1])
    quiet(integer_means, x.T)
    quiet(integer_means, np.asfortranarray(x))
    if x.ndim > 1:
        quiet(integer_means, x[..., ::2])
        quiet(integer_means, x.T[::-1])
