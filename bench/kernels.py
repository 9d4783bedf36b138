"""hasten against numba on classic kernels nobody tuned hasten for (bench/kernel_defs.py), in one process.

    python bench/kernels.py [--scale S] [--rounds R] [--only SUBSTRING] [--tier 1|2|both]

`--tier both` (the default where llvmlite is installed) times hasten's tier 1 (Cranelift) and tier 2
(LLVM, `tier=2`) side by side and also reports each tier-2 compile against numba's compile.

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
    p.add_argument("--tier", choices=["1", "2", "both"], default=None)
    a = p.parse_args()
    import hasten
    from hasten import _tier2

    tiers = {"1": ["1"], "2": ["2"], "both": ["1", "2"]}[a.tier or ("both" if _tier2.available() else "1")]

    try:
        import numba
    except ImportError:
        sys.exit("numba is not installed: this benchmark compares against it (pip install numba)")
    warnings.simplefilter("ignore")
    names = [f"tier {t}" for t in tiers]
    print(f"{'kernel':34} " + " ".join(f"{n:>10}" for n in names) + f" {'numba':>10}   " + "  ".join(f"t{t}/numba" for t in tiers)
          + ("   t2 compile / numba compile" if "2" in tiers else ""))
    ratios = {t: {} for t in tiers}
    for title, (fn, make, *options) in kernel_defs.INPUTS.items():
        if a.only and a.only not in title:
            continue
        opts = options[0] if options else {}
        runners = {t: hasten.njit(tier=int(t), **opts)(fn) for t in tiers}
        nf = numba.njit(**opts)(fn)
        expected = fn(*make(1))
        agree = close if title in kernel_defs.NUMPY_ORDER else same
        wrong = [t for t, f in runners.items() if not agree(expected, f(*make(1)))]
        if wrong:
            print(f"{title:34} tier {wrong[0]} differs from CPython")
            continue
        t0 = time.perf_counter()
        nf(*make(1))
        numba_compile = time.perf_counter() - t0
        if not all(close(f(*make(a.scale)), nf(*make(a.scale))) for f in runners.values()):
            print(f"{title:34} hasten and numba disagree at scale {a.scale}")
            continue
        rounds = {k: [] for k in [*tiers, "numba"]}
        for _ in range(a.rounds):
            for t, f in runners.items():
                rounds[t].append(timed(f, lambda: make(a.scale)))
            rounds["numba"].append(timed(nf, lambda: make(a.scale)))
        med = {k: statistics.median(v) for k, v in rounds.items()}
        for t in tiers:
            ratios[t][title] = med[t] / med["numba"]
        line = f"{title:34} " + " ".join(f"{med[t] * 1e3:8.3f}ms" for t in tiers) + f" {med['numba'] * 1e3:8.3f}ms   "
        line += "  ".join(f"{ratios[t][title]:8.2f}" for t in tiers)
        if "2" in tiers:
            compiled = next(iter(runners["2"].overloads.values()))
            line += f"   {compiled.tier2_compile_time * 1e3:6.0f} ms / {numba_compile * 1e3:6.0f} ms"
        print(line, flush=True)
    for t in tiers:
        if ratios[t]:
            r = ratios[t]
            geo = math.exp(sum(math.log(v) for v in r.values()) / len(r))
            worst = max(r, key=r.get)
            print(f"\ntier {t}, {len(r)} kernels: geometric mean hasten/numba {geo:.2f}, worst {r[worst]:.2f} ({worst})")


if __name__ == "__main__":
    main()
