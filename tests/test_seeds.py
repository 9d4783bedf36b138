"""Every seed workload, compiled by hasten, gives exactly CPython's results."""

import os
import sys

import numpy as np
import pytest

from hasten import njit
from conftest import check

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "bench"))
import seedlib  # noqa: E402

PY = seedlib.load()
HS = seedlib.load(njit)


def test_slow_thing():
    for x, y in [(4, 5), (0, 0), (9, 9), (-1, 2)]:
        check(HS.slow_thing, np.zeros((10, 10)), x, y, reference=PY.slow_thing)
    check(HS.slow_thing, np.zeros((10, 10), np.int64), 3, 7, reference=PY.slow_thing)
    check(HS.slow_thing, np.zeros((10, 10)), 10, 0, reference=PY.slow_thing)  # IndexError


@pytest.mark.parametrize("shape", [(4, 4), (6, 6), (1, 1), (0, 0), (5, 3)])
def test_process_image(shape):
    check(HS.process_image, np.zeros(shape), reference=PY.process_image)


def test_process_image_index_error():
    # the seed loops over shape[1] twice: a wide image indexes past axis 0
    check(HS.process_image, np.zeros((3, 5)), reference=PY.process_image)


@pytest.mark.parametrize("n", [1, 2, 7, 16])
def test_silly_sum(n):
    img = np.random.default_rng(n).random((n, n))
    check(HS.silly_sum, img, reference=PY.silly_sum)
    check(HS.silly_sum, np.zeros((n, n)), reference=PY.silly_sum)
    check(HS.silly_sum, np.asfortranarray(img), reference=PY.silly_sum)


def test_process_image_compiled():
    check(HS.process_image_compiled, np.zeros((2, 2)), reference=PY.process_image_compiled)


@pytest.mark.parametrize("n,k", [(1, 1), (8, 3), (13, 5), (30, 4), (6, 7)])
def test_convolution(n, k):
    rng = np.random.default_rng(n * k)
    arr, kernel = rng.standard_normal((n, n + 3)), rng.standard_normal((k, k))
    check(HS.conv_loops, arr, kernel, reference=PY.conv_loops)
    check(HS.conv_loops, arr.T, kernel[::-1], reference=PY.conv_loops)
    ident = np.zeros((3, 3))
    ident[1, 1] = 1.0
    out = HS.conv_loops(arr, ident)
    assert np.array_equal(out, arr)


@pytest.mark.parametrize("n", [3, 10, 1001])
def test_second_derivative(n):
    x = np.linspace(0, 2 * np.pi, n)
    check(HS.second_derivative, np.sin(x), float(x[1] - x[0]), reference=PY.second_derivative)
    check(HS.second_derivative, np.cos(x)[::-1], 0.5, reference=PY.second_derivative)
    check(HS.second_derivative, np.arange(n) ** 2.0, 1, reference=PY.second_derivative)


@pytest.mark.parametrize("shape", [(3, 3), (10, 17), (64, 64)])
def test_laplacian(shape):
    f = np.random.default_rng(0).random(shape)
    check(HS.laplacian, f, 0.1, 0.2, reference=PY.laplacian)
    check(HS.laplacian, f.T, 1, 3, reference=PY.laplacian)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 100_000])
def test_basel(n):
    r = check(HS.basel_loop, n, reference=PY.basel_loop)
    assert type(r) is float
    if n > 2:
        assert r != 1.0  # numba gives 1.0 because x**(-2) is an int there
    assert check(HS.basel_float_loop, n, reference=PY.basel_float_loop) == r


def test_basel_value():
    assert HS.basel_loop(10**6) == PY.basel_loop(10**6) == 1.64493306684777


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8, np.uint16])
def test_add_arrays(dtype):
    rng = np.random.default_rng(3)
    a = (rng.random(1000) * 50).astype(dtype)
    b = (rng.random(1000) * 50).astype(dtype)
    check(HS.add_arrays_into, a, b, np.zeros(1000, dtype), reference=PY.add_arrays_into)
    check(HS.add_arrays_into, a[::2], b[::-2], np.zeros(500), reference=PY.add_arrays_into)
    check(HS.add_arrays_into, a, b[:10], np.zeros(1000, dtype), reference=PY.add_arrays_into)  # IndexError


def test_all_workloads_at_bench_sizes():
    for name, (fn, n, make) in seedlib.WORKLOADS.items():
        if name in ("process_image",):
            continue  # covered above; slow in CPython
        args = make(n // 4 if name not in ("silly_sum",) else 12)
        check(getattr(HS, fn), *args, reference=getattr(PY, fn))
