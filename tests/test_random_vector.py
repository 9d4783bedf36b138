"""np.random.multinomial and np.random.dirichlet (legacy global API) in compiled code, bit-identical
to NumPy's RandomState after the same seed: each function seeds, draws vectors, then draws once
more, so the state left behind is compared too (see test_random.py for `check`)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import check
from hasten import njit, UnsupportedError

seeds = st.integers(0, 2**32 - 1)
sizes = st.one_of(st.none(), st.integers(0, 6), st.tuples(st.integers(0, 3), st.integers(0, 4)))


@njit
def multinomial(seed, n, pvals, size):
    np.random.seed(seed)
    return np.random.multinomial(n, pvals, size), np.random.multinomial(n, pvals=pvals), np.random.random()


@njit
def multinomial_scalar_size(seed, n, pvals):
    np.random.seed(seed)
    return np.random.multinomial(n, pvals), np.random.random()


@njit
def dirichlet(seed, alpha, size):
    np.random.seed(seed)
    return np.random.dirichlet(alpha, size), np.random.dirichlet(alpha=alpha), np.random.random()


def weights_to_pvals(weights, zeros):
    w = np.array([0.0 if z else x for x, z in zip(weights, zeros)])
    return w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))


@given(seeds, st.integers(0, 10**6), st.lists(st.floats(0.01, 10), min_size=1, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8), sizes)
@settings(max_examples=60, deadline=None)
def test_multinomial_bit_identical(seed, n, weights, zeros, size):
    # Zero probabilities draw nothing in NumPy's random_multinomial; large n takes BTPE.
    pvals = weights_to_pvals(weights, zeros)
    if size is None:
        check(multinomial_scalar_size, seed, n, pvals)
    else:
        check(multinomial, seed, n, pvals, size)


@given(seeds, st.lists(st.one_of(st.floats(1e-3, 0.5), st.floats(0.5, 50.0), st.just(1.0)), min_size=1, max_size=8), sizes)
@settings(max_examples=60, deadline=None)
def test_dirichlet_bit_identical(seed, alpha, size):
    alpha = np.array(alpha)
    if size is None:
        size = 1
    check(dirichlet, seed, alpha, size)


def test_strided_and_reversed_parameters():
    p = np.array([0.1, 0.0, 0.2, 0.0, 0.3, 0.0, 0.4])
    check(multinomial, 3, 50, p[::2], (2, 3))
    check(multinomial, 3, 50, p[::-1], 4)
    a = np.array([0.5, 9.0, 2.0, 7.0])
    check(dirichlet, 4, a[::-2], 3)


@pytest.mark.parametrize(
    "n, pvals, size",
    [
        (5, [], 2), (5, [2.0], 1), (5, [0.6, 0.6, 0.1], 2), (-1, [0.5, 0.5], -1), (-1, [0.5, 0.5], 2),
        (5, [0.5, np.nan], 1), (5, [-0.1, 1.1], 1), (0, [0.2, 0.3], 3), (5, [0.2, 0.3], (2, 0)), (5, [0.5, 0.5], (-1, 2)),
    ],
)
def test_multinomial_errors_and_edges(n, pvals, size):
    check(multinomial, 1, n, np.array(pvals, dtype=np.float64), size)


@pytest.mark.parametrize("alpha, size", [([], 2), ([1.0, 0.0], 1), ([1.0, -2.0], 1), ([1.0, np.nan], 2), ([1.0, 2.0], -1), ([1e-3, 1e-3], 3)])
def test_dirichlet_errors_and_edges(alpha, size):
    check(dirichlet, 1, np.array(alpha, dtype=np.float64), size)


@njit
def docs_examples(seed, k):
    # NumPy's documentation passes lists and tuples; NumPy takes them as float64 arrays.
    np.random.seed(seed)
    dice = np.random.multinomial(20, [1 / 6.0] * 6, size=2)
    loaded = np.random.multinomial(100, (0.2, 0.8))
    shares = np.random.dirichlet((10, 5, 3), 4)
    ints = np.random.dirichlet(np.arange(1, k + 2), 2)
    gen = np.random.default_rng(seed)
    return dice, loaded, shares, ints, gen.multinomial(7, [0.5, 0.25, 0.25]), gen.dirichlet((1, 2.5)), np.random.random()


@pytest.mark.parametrize("seed", [0, 7, 2**31])
def test_sequences_and_other_dtypes_as_float64(seed):
    check(docs_examples, seed, 3)


def test_unsupported_parameters_are_named():
    @njit
    def f(p):
        return np.random.multinomial(3, p)

    with pytest.raises(UnsupportedError, match="pvals must be a 1-d float64 array"):
        f(np.array([[0.5, 0.5]]))

    @njit
    def g(a):
        return np.random.dirichlet(a)

    with pytest.raises(UnsupportedError, match="alpha must be a 1-d float64 array"):
        g(np.ones((2, 2)))
