"""np.pad (constant mode), np.flipud/fliplr/transpose, and the seed's naive convolution compiled as its
author wrote it (001_6944f1d427229a9d.txt)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from hasten.bench import workloads
from conftest import assert_same, check, jit_source

# the seed's first version (np.pad + slices + np.sum(np.multiply(...)) per pixel)
conv_naive = njit(workloads.conv_naive)


@njit
def pads(a, w, v):
    return np.pad(a, w), np.pad(a, (w, w + 1)), np.pad(a, w, constant_values=v), np.pad(a, ((1, 0), (0, 2)))


@njit
def flips(a):
    return np.flipud(a), np.fliplr(a), np.transpose(a), np.fliplr(np.flipud(a))[0, 0]


def test_seed_naive_convolution():
    rng = np.random.default_rng(0)
    arr, kernel = rng.random((16, 12)), rng.random((3, 3))
    got, want = conv_naive(arr, kernel), conv_naive.py_func(arr, kernel)
    assert got.dtype == want.dtype and got.shape == want.shape
    # np.sum is pairwise in NumPy and sequential here: equal to 1e-12 relative.
    assert np.allclose(got, want, rtol=1e-12, atol=0)
    check(conv_naive, arr, np.ones((1, 1)))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 3), st.integers(-5, 5), st.sampled_from([np.float64, np.int32, np.uint8]))
def test_pad_widths_and_values(w, v, dtype):
    a = np.arange(6, dtype=dtype).reshape(2, 3)
    if v < 0 and dtype == np.uint8:
        v = 0
    check(pads, a, w, v)


def test_negative_pad_raises():
    with pytest.raises(ValueError, match="index can't contain negative values"):
        pads(np.ones((2, 2)), -1, 0)


def test_other_modes_are_refused_clearly():
    @njit
    def mean(a):
        return np.pad(a, 1, mode="mean")

    with pytest.raises(hasten.UnsupportedError, match="the modes 'constant', 'edge'"):
        mean(np.ones(3))


def test_flips_are_views():
    a = np.arange(12.0).reshape(3, 4)
    check(flips, a)
    check(flips, a[:, ::2])
    check(flips, np.zeros((0, 2)))


@njit
def transposes(a):
    return a.transpose(), np.transpose(a, None), a.transpose(None), a.transpose().sum()


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 3, 4), (0, 2)])
def test_transpose_method_and_axes_none(shape):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    for x in (a, a[..., ::-1] if a.ndim > 1 else a[::-1], np.asfortranarray(a)):
        got, expected = transposes(x), transposes.py_func(x)
        for g, e in zip(got, expected):
            assert_same(g, e)
        assert np.shares_memory(got[0], x) or x.size == 0


@pytest.mark.parametrize("call", ["np.transpose(a, (1, 0))", "a.transpose(1, 0)", "a.transpose((1, 0))", "np.transpose(a, axes=(1, 0))", "a.transpose(0, 1)"])
def test_transpose_with_axes(call):
    f = jit_source(f"def f(a):\n    return {call}\n", np=np)
    x = np.arange(6.0).reshape(2, 3)
    assert_same(f(x), eval(call, {"np": np, "a": x}))
