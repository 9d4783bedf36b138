"""`np.random.default_rng(seed)` inside compiled code: a PCG64 Generator of compiled code's own
(NumPy's SeedSequence and PCG64, bit for bit), drawn from by every Generator method as a generator
passed in is; its block is freed with its last reference. Differential against NumPy: the same
draws after the same seed."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def draws(seed):
    rng = np.random.default_rng(seed)
    a = rng.random(5)
    b = rng.integers(0, 100, 7)
    c = rng.random()
    d = rng.normal(1.0, 2.0, size=3)
    e = rng.integers(5)
    f = rng.standard_normal()
    return a, b, c, d, e, f


@njit
def more_draws(seed):
    rng = np.random.default_rng(seed)
    x = np.arange(10.0)
    rng.shuffle(x)
    return (x, rng.permutation(6), rng.choice(10, 3), rng.exponential(2.0, 4), rng.poisson(3.0, 4),
            rng.gamma(2.0, size=2), rng.uniform(-1.0, 1.0), rng.integers(-(2 ** 40), 2 ** 40, 3))


@njit
def two_generators(seed):
    r1 = np.random.default_rng(seed)
    r2 = np.random.default_rng(seed + 1)
    return r1.random(), r2.random(), r1.random()


@njit
def sample_with(rng, n):
    return rng.random(n).sum()


@njit
def handed_on(seed):
    rng = np.random.default_rng(seed)
    return sample_with(rng, 4), rng.random()


@njit
def in_a_loop(n):
    total = 0.0
    for i in range(n):
        rng = np.random.default_rng(i)
        total += rng.random()
    return total


@pytest.mark.parametrize("seed", [0, 1, 12345, 2 ** 40 + 3, True])
def test_draws_equal_numpys(seed):
    check(draws, seed)
    check(more_draws, seed)
    check(two_generators, int(seed))
    check(handed_on, seed)


def test_a_generator_per_iteration():
    check(in_a_loop, 50)


def test_without_a_seed():
    @njit
    def unseeded():
        return np.random.default_rng().random(3), np.random.default_rng(None).random()

    a, b = unseeded()
    c, _ = unseeded()
    assert ((0 <= a) & (a < 1)).all() and 0 <= b < 1
    assert not np.array_equal(a, c)


def test_negative_seed():
    check(draws, -1)


def test_refusals():
    def of_float(x):
        return np.random.default_rng(x).random()

    def returned(seed):
        return np.random.default_rng(seed)

    with pytest.raises(hasten.UnsupportedError, match="default_rng of float"):
        njit(of_float)(1.5)
    with pytest.raises((hasten.UnsupportedError, hasten.TypingError)):
        njit(returned)(1)


def test_generators_are_freed():
    gc_live = lambda: hasten.alloc_stats()["live"]  # noqa: E731
    in_a_loop(10)
    before = gc_live()
    for _ in range(1000):
        in_a_loop(10)
        draws(3)
    assert gc_live() == before
