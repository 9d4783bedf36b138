"""Jitted functions pickle by reference to their module-level name, so process pools (multiprocessing,
concurrent.futures, joblib) can ship them; each worker imports the module and compiles the kernel."""

import concurrent.futures
import copy
import multiprocessing
import os
import pickle

import cloudpickle
import joblib
import numpy as np
import pytest

import _kernels_parallel as kp
from hasten import njit

# Tiny inputs: the point is shipping the kernel, not the work.
INPUTS = [np.random.default_rng(seed).standard_normal((5 + seed, 7)) for seed in range(4)]
DX, DY = 0.5, 0.25


def _twice(x):
    return 2 * x


# Reachable as `twice`, but its qualified name is `_twice`, which names the Python function.
twice = njit(_twice)


def _check_from_children(results):
    """`results` of kp.in_child(kp.laplacian, u, DX, DY) for each of INPUTS, run in worker processes."""
    assert len(results) == len(INPUTS)
    for (pid, got, signatures), u in zip(results, INPUTS):
        assert pid != os.getpid()
        assert signatures  # the child compiled (or, forked, inherited) the kernel and ran it
        expected = kp.laplacian.py_func(u, DX, DY)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        assert np.array_equal(got, expected)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip_is_the_same_object(protocol):
    data = pickle.dumps(kp.laplacian, protocol)
    assert b"_kernels_parallel" in data and b"laplacian" in data
    assert pickle.loads(data) is kp.laplacian


def test_cloudpickle_and_copy_by_reference():
    data = cloudpickle.dumps(kp.kernel_convolution_2d)
    assert len(data) < 100  # a module and a name, not the function's code
    assert pickle.loads(data) is kp.kernel_convolution_2d
    assert copy.copy(kp.laplacian) is kp.laplacian
    assert copy.deepcopy(kp.laplacian) is kp.laplacian


def test_nested_function_is_a_pickling_error():
    @njit
    def inner(x):
        return x + 1

    name = "'test_nested_function_is_a_pickling_error.<locals>.inner'"
    with pytest.raises(pickle.PicklingError, match=f"{name}.*module level"):
        pickle.dumps(inner)
    with pytest.raises(pickle.PicklingError, match="module level"):
        cloudpickle.dumps(inner)


def test_name_bound_to_another_object_is_a_pickling_error():
    with pytest.raises(pickle.PicklingError, match="not the same object"):
        pickle.dumps(twice)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocessing_pool(method):
    with multiprocessing.get_context(method).Pool(2) as pool:
        results = pool.starmap(kp.in_child, [(kp.laplacian, u, DX, DY) for u in INPUTS])
    _check_from_children(results)


def test_fork_after_a_parallel_region():
    # The parent's thread pool is running when it forks; each child must start its own.
    u = np.arange(40.0).reshape(8, 5)
    assert np.array_equal(kp.row_sums(u), kp.row_sums.py_func(u))
    with multiprocessing.get_context("fork").Pool(2) as pool:
        # a timeout, so that a child stuck waiting on threads it lacks fails instead of hanging
        results = pool.starmap_async(kp.in_child, [(kp.row_sums, v) for v in [u, *INPUTS]]).get(timeout=60)
    for (pid, got, _), v in zip(results, [u, *INPUTS]):
        assert pid != os.getpid()
        assert np.array_equal(got, kp.row_sums.py_func(v))


def test_process_pool_executor():
    weights = np.arange(9.0).reshape(3, 3)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        futures = [ex.submit(kp.in_child, kp.laplacian, u, DX, DY) for u in INPUTS]
        # the kernel itself as the task, the usual way to write it
        convolved = list(ex.map(kp.kernel_convolution_2d, INPUTS, [weights] * len(INPUTS)))
        _check_from_children([f.result() for f in futures])
    for got, u in zip(convolved, INPUTS):
        assert np.array_equal(got, kp.kernel_convolution_2d.py_func(u, weights))


@pytest.mark.parametrize("backend", ["loky", "multiprocessing"])
def test_joblib(backend):
    results = joblib.Parallel(n_jobs=2, backend=backend)(
        joblib.delayed(kp.in_child)(kp.laplacian, u, DX, DY) for u in INPUTS
    )
    _check_from_children(results)

