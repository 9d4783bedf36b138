"""hasten.dask: jitted kernels on the chunks of dask arrays, computed by worker processes of a
dask.distributed cluster, give exactly the kernel's result on the whole array."""

import importlib
import os
import subprocess
import sys

import dask.array as da
import distributed
import numpy as np
import pytest

import _kernels_parallel as kp
import hasten
from hasten.dask import map_blocks, map_overlap

# Uneven chunks (the last along each axis is shorter) over an array a few chunks wide.
U = np.random.default_rng(7).standard_normal((30, 41))
CHUNKS = (10, 14)
# Not symmetric, so flipping it (convolution, not correlation) matters.
WEIGHTS = np.array([[1.0, -2.0, 0.5], [0.25, 4.0, -1.0], [3.0, 0.0, -0.75]])


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def _compute_on(client, x):
    got = client.compute(x).result(timeout=60)
    # the kernel was unpickled and compiled in the worker processes, not in this one
    pids = client.run(os.getpid)
    assert os.getpid() not in pids.values()
    return got


def _assert_equal(got, expected):
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got, expected)


def test_laplacian_map_overlap(client):
    x = da.from_array(U, chunks=CHUNKS)
    y = map_overlap(kp.laplacian, x, 1, dx=0.1, dy=0.2)
    assert y.dtype == np.float64 and y.chunks == x.chunks
    expected = kp.laplacian(U, 0.1, 0.2)
    _assert_equal(_compute_on(client, y), expected)
    assert np.count_nonzero(expected[1:-1, 1:-1]) == expected[1:-1, 1:-1].size  # not vacuous
    compiled = client.run(getattr, kp.laplacian, "signatures")
    assert any(compiled.values())


def test_convolution_map_overlap(client):
    x = da.from_array(U, chunks=CHUNKS)
    y = map_overlap(kp.kernel_convolution_2d, x, 1, kernel=WEIGHTS)
    _assert_equal(_compute_on(client, y), kp.kernel_convolution_2d(U, WEIGHTS))
    # with the outer edges padded by zeros instead, the convolution (zero outside) is unchanged
    y = map_overlap(kp.kernel_convolution_2d, x, 1, boundary=0, kernel=WEIGHTS)
    _assert_equal(_compute_on(client, y), kp.kernel_convolution_2d(U, WEIGHTS))


def test_halo_is_needed():
    # Without a halo, each chunk's border is computed as if it were the array's edge.
    x = da.from_array(U, chunks=CHUNKS)
    y = map_blocks(kp.laplacian, x, dx=1.0, dy=1.0).compute(scheduler="sync")
    assert not np.array_equal(y, kp.laplacian(U, 1.0, 1.0))


def test_map_blocks_several_arrays(client):
    a, b = U[0], U[1]
    y = map_blocks(kp.add_arrays, da.from_array(a, chunks=11), da.from_array(b, chunks=11))
    _assert_equal(_compute_on(client, y), kp.add_arrays(a, b))


def test_explicit_dtype_skips_the_trial_call():
    x = da.from_array(U, chunks=CHUNKS)
    y = map_overlap(kp.laplacian, x, depth={0: 1, 1: 1}, dtype=np.float64, dx=1.0, dy=1.0)
    _assert_equal(y.compute(scheduler="sync"), kp.laplacian(U, 1.0, 1.0))


def test_typing_error_at_graph_construction():
    # the trial call compiles the kernel here, so a 1-D array given to a 2-D kernel fails at once
    with pytest.raises(hasten.TypingError, match="tuple index 1 out of range"):
        map_overlap(kp.laplacian, da.from_array(U[0], chunks=10), 1, dx=1.0, dy=1.0)


def test_importing_hasten_does_not_import_dask():
    code = "import sys, hasten; assert 'dask' not in sys.modules, 'dask imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_dask_is_a_clear_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.array", None)
    monkeypatch.delitem(sys.modules, "hasten.dask")
    with pytest.raises(ImportError, match=r"pip install 'dask\[array\]'"):
        importlib.import_module("hasten.dask")
