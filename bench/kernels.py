"""hasten against numba on classic kernels nobody tuned hasten for (bench/kernel_defs.py), in one process.

    python bench/kernels.py [--scale S] [--rounds R] [--only SUBSTRING]

Each kernel is first run by CPython at scale 1 and compiled by hasten at scale 1: the results must be equal
(values, dtypes, types of scalars). At the benchmark scale (default 4) hasten's and numba's results must agree
to rounding. Times: in each round each runner is timed three times (fresh arguments, not timed) and the round
keeps the median; the reported time is the median of the rounds' medians, and the ratio is hasten ÷ numba.
"""

import argparse
import math
import statistics
import sys
import time
import warnings

import numpy as np

import kernel_defs


def same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return type(a) is type(b) and (a == b or (a != a and b != b))


def close(a, b):
    if isinstance(a, tuple):
        return all(close(x, y) for x, y in zip(a, b))
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, equal_nan=True)


def timed(f, make, reps=3):
    times = []
    for _ in range(reps):
        args = make()
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--only", default="")
    a = p.parse_args()
    import hasten

    try:
        import numba
    except ImportError:
        sys.exit("numba is not installed: this benchmark compares against it (pip install numba)")
    warnings.simplefilter("ignore")
    print(f"{'kernel':34} {'hasten':>10} {'numba':>10}   hasten/numba")
    ratios = {}
    for title, (fn, make, *options) in kernel_defs.INPUTS.items():
        if a.only and a.only not in title:
            continue
        opts = options[0] if options else {}
        hf, nf = hasten.njit(**opts)(fn), numba.njit(**opts)(fn)
        expected = fn(*make(1))
        got = hf(*make(1))
        agree = close if title in kernel_defs.NUMPY_ORDER else same
        if not agree(expected, got):
            print(f"{title:34} hasten differs from CPython: {got!r} vs {expected!r}")
            continue
        nf(*make(1))
        if not close(hf(*make(a.scale)), nf(*make(a.scale))):
            print(f"{title:34} hasten and numba disagree at scale {a.scale}")
            continue
        rounds = {"hasten": [], "numba": []}
        for _ in range(a.rounds):
            rounds["hasten"].append(timed(hf, lambda: make(a.scale)))
            rounds["numba"].append(timed(nf, lambda: make(a.scale)))
        th, tn = (statistics.median(rounds[k]) for k in ("hasten", "numba"))
        ratios[title] = th / tn
        print(f"{title:34} {th * 1e3:8.3f}ms {tn * 1e3:8.3f}ms   {th / tn:10.2f}", flush=True)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios.values()) / len(ratios))
        worst = max(ratios, key=ratios.get)
        print(f"\n{len(ratios)} kernels: geometric mean hasten/numba {geo:.2f}, worst {ratios[worst]:.2f} ({worst})")


if __name__ == "__main__":
    main()
