"""Loads fresh copies of the seed workloads and describes how to call them."""

import importlib.util
import itertools
import os

import numpy as np

# The seed workloads ship with the package (hasten.bench uses them too); loaded from its file so that
# each load gets fresh functions.
SOURCE = os.path.join(os.path.dirname(importlib.util.find_spec("hasten").origin), "bench", "workloads.py")
_counter = itertools.count()


def identity(f):
    return f


def load(decorator=identity, source=SOURCE, **names):
    """Execute a workloads file (the seeds' by default) as a new module whose ``jit`` is ``decorator``
    and whose other ``names`` are bound as given: fresh functions."""
    name = f"seed_workloads_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, source)
    mod = importlib.util.module_from_spec(spec)
    mod.jit = decorator
    for key, value in names.items():
        setattr(mod, key, value)
    spec.loader.exec_module(mod)
    return mod


def _image(n):
    return np.zeros((n, n))


def _rand_image(n):
    return np.random.default_rng(0).random((n, n))


def _conv_args(n):
    rng = np.random.default_rng(1)
    return rng.random((n, n)), rng.random((5, 5))


def _deriv_args(n):
    x = np.linspace(0.0, 2 * np.pi, n)
    return np.sin(x), float(x[1] - x[0])


def _lap_args(n):
    x = np.linspace(0.0, 1.0, n)
    f = np.sin(4 * x)[:, None] * np.cos(3 * x)[None, :]
    return f, 1.0 / (n - 1), 0.5 / (n - 1)


def _add_args(n):
    rng = np.random.default_rng(2)
    return rng.random(n), rng.random(n), np.zeros(n)


# name -> (function name, size, args factory); sizes keep plain Python around a second at most.
WORKLOADS = {
    "process_image": ("process_image", 10, lambda n: (_image(n),)),
    "silly_sum": ("silly_sum", 32, lambda n: (_rand_image(n),)),
    "convolution_2d": ("conv_loops", 200, _conv_args),
    "second_derivative": ("second_derivative", 500_000, _deriv_args),
    "laplacian": ("laplacian", 500, _lap_args),
    "basel": ("basel_loop", 3_000_000, lambda n: (n,)),
    "basel_float": ("basel_float_loop", 3_000_000, lambda n: (n,)),
    "add_arrays": ("add_arrays_into", 1_000_000, _add_args),
}


def same(a, b):
    """Exact equality: type, dtype, shape, values (NaN == NaN, signed zeros distinguished)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind == "f":
            return bool(np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b)))
        return bool(np.array_equal(a, b))
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return (a != a and b != b) or (a == b and np.signbit(a) == np.signbit(b))
    return a == b


def copy_args(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def call(f, args):
    """Call f on copies of args; returns (result, args after the call)."""
    args = copy_args(args)
    return f(*args), args


def agree(f, g, args):
    r1, a1 = call(f, args)
    r2, a2 = call(g, args)
    return same(r1, r2) and all(same(x, y) for x, y in zip(a1, a2))


def steady(f, args, budget=0.5, repeat=5):
    """Best time per call, timeit-style: calls per sample chosen so one sample takes ~budget/repeat."""
    import timeit

    args = copy_args(args)
    t = timeit.Timer(lambda: f(*args))
    number = 1
    while True:
        elapsed = t.timeit(number)
        if elapsed >= budget / repeat / 5 or number >= 1 << 24:
            break
        number *= 10 if elapsed < budget / repeat / 50 else 2
    samples = t.repeat(repeat=repeat, number=number)
    return min(samples) / number


def first_call(f, args):
    import time

    args = copy_args(args)
    t0 = time.perf_counter()
    f(*args)
    return time.perf_counter() - t0
