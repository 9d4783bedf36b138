"""The cost of `try` where nothing is raised: a hot loop whose body is wrapped in try/except,
against the same loop without it, and a loop inside a `try` (issue target: at most 2% slower).

    python bench/exceptions.py [--n N] [--repeat R]

The first three kernels compute the same sum with bounds-checked indexing and a checked int
division, so that the body has failure paths for the `try` to redirect; the last two a cheaper
body (a bounds-checked gather). Times are the best of R interleaved runs.
"""

import argparse
import time

import numpy as np

from hasten import njit


@njit
def plain(a, idx):
    s = 0
    for i in range(idx.shape[0]):
        s += a[idx[i]] // (idx[i] + 1)
    return s


@njit
def body_in_try(a, idx):
    s = 0
    for i in range(idx.shape[0]):
        try:
            s += a[idx[i]] // (idx[i] + 1)
        except (IndexError, ZeroDivisionError):
            s -= 1
    return s


@njit
def loop_in_try(a, idx):
    s = 0
    try:
        for i in range(idx.shape[0]):
            s += a[idx[i]] // (idx[i] + 1)
    except (IndexError, ZeroDivisionError):
        s = -1
    return s


@njit
def gather(b, idx):
    s = 0.0
    for i in range(idx.shape[0]):
        s += b[idx[i]]
    return s


@njit
def gather_in_try(b, idx):
    s = 0.0
    for i in range(idx.shape[0]):
        try:
            s += b[idx[i]]
        except IndexError:
            s = -1.0
    return s


def timings(kernels, args, repeat):
    """Best time of each kernel over `repeat` rounds, the kernels interleaved in each round so that
    load from other processes falls on all of them alike."""
    for f in kernels:
        f(*args)
    best = [float("inf")] * len(kernels)
    for _ in range(repeat):
        for k, f in enumerate(kernels):
            t = time.perf_counter()
            f(*args)
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=200)
    args = p.parse_args()
    rng = np.random.default_rng(0)
    a = rng.integers(0, 1000, args.n)
    idx = rng.integers(0, args.n, args.n)
    kernels = (plain, body_in_try, loop_in_try)
    expected = plain(a, idx)
    assert all(f(a, idx) == expected for f in kernels)
    times = timings(kernels, (a, idx), args.repeat)
    for f, t in zip(kernels, times):
        print(f"{f.__name__ + ':':14} {t * 1e6:9.1f} us   ratio to plain {t / times[0]:.3f}")
    b = a * 0.5
    cheap = (gather, gather_in_try)
    assert gather(b, idx) == gather_in_try(b, idx)
    times = timings(cheap, (b, idx), args.repeat)
    for f, t in zip(cheap, times):
        print(f"{f.__name__ + ':':14} {t * 1e6:9.1f} us   ratio to gather {t / times[0]:.3f}")


if __name__ == "__main__":
    main()
