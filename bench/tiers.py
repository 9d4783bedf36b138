"""Tier 1 (Cranelift) against tier 2 (LLVM) and numba, in one process.

    python bench/tiers.py [--rounds R]

Rows: the fastmath dot product of 10^5 float64 (the issue's yardstick), a plain dot product, and a
stencil; for each, the median call time per runner, then the first call of a fresh function under
`tier='auto'` (what a user waits for: tier 1's compile, since tier 2 comes later in the
background) against `tier=1`, and how long the automatic promotion takes to arrive.
For the 36 untuned kernels per tier, run `python bench/kernels.py --tier both`.
"""

import argparse
import statistics
import sys
import time

import numpy as np


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def stencil(u, out):
    for i in range(1, u.shape[0] - 1):
        out[i] = 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1]
    return out


def median_time(f, args, reps=200):
    f(*args)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    import hasten

    try:
        import numba
    except ImportError:
        sys.exit("numba is not installed: this benchmark compares against it (pip install numba)")
    from hasten import _tier2

    if not _tier2.available():
        sys.exit("llvmlite is not installed: pip install 'hasten[llvm]'")
    x, y = np.random.rand(10**5), np.random.rand(10**5)
    rows = [
        ("dot 1e5, fastmath=True", dot, (x, y), {"fastmath": True}),
        ("dot 1e5", dot, (x, y), {}),
        ("3-point stencil 1e5", stencil, (x, np.empty_like(x)), {}),
    ]
    print(f"{'kernel':26} {'tier 1':>10} {'tier 2':>10} {'numba':>10}   t2/numba  t1/numba  t2/t1")
    for title, fn, args, opts in rows:
        runners = {"t1": hasten.njit(tier=1, **opts)(fn), "t2": hasten.njit(tier=2, **opts)(fn), "numba": numba.njit(**opts)(fn)}
        rounds = {k: [median_time(f, args) for _ in range(a.rounds)] for k, f in runners.items()}
        m = {k: statistics.median(v) for k, v in rounds.items()}
        print(f"{title:26} {m['t1'] * 1e6:8.1f}us {m['t2'] * 1e6:8.1f}us {m['numba'] * 1e6:8.1f}us"
              f"   {m['t2'] / m['numba']:8.2f}  {m['t1'] / m['numba']:8.2f}  {m['t2'] / m['t1']:5.2f}")

    first = {"1": [], "auto": []}
    for _ in range(a.rounds):
        for tier in first:
            g = hasten.njit(tier=1 if tier == "1" else "auto")(dot)
            t = time.perf_counter()
            g(x[:10], y[:10])
            first[tier].append(time.perf_counter() - t)
    print(f"\nfirst call (compile + run), median of {a.rounds}: tier=1 {statistics.median(first['1']) * 1e3:.2f} ms, "
          f"tier='auto' {statistics.median(first['auto']) * 1e3:.2f} ms")
    g = hasten.njit(dot)
    start = time.perf_counter()
    while next(iter(g.overloads.values()), None) is None or next(iter(g.overloads.values())).tier == 1:
        g(x, y)
        if time.perf_counter() - start > 30:
            break
    c = next(iter(g.overloads.values()))
    print(f"automatic promotion of dot(1e5): tier {c.tier} after {time.perf_counter() - start:.2f} s of calls"
          f" (tier-2 compile {c.tier2_compile_time * 1e3 if c.tier2_compile_time else float('nan'):.0f} ms)")


if __name__ == "__main__":
    main()
