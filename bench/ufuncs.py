"""`@vectorize` ufuncs on 10**7 elements: hasten's against numba's and NumPy's built-in expression,
for a kernel NumPy has (`2*a + b`: NumPy's two ufunc passes and a temporary) and one it lacks in one
call (a clipped relative difference, a branch per element: NumPy's form takes four passes); and
`target='parallel'` at 1 and T threads. Every result is checked against NumPy's first. hasten's
ufuncs are called for a second before timing, so that the times are of the tier they settle on
(tier 2 once `tier='auto'` has promoted them; `HASTEN_TIER=1` times Cranelift's code).

    python bench/ufuncs.py [--n N] [--repeat R] [--threads T]
"""

import argparse
import time

import numpy as np

from _harness import best


def warm(f, *args, seconds=1.0):
    """Calls `f` for about `seconds`: long enough for tier 2 to take over (see the docstring)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        f(*args)

SIG = ["float64(float64, float64)"]


def axpy(a, b):
    return 2.0 * a + b


def reldiff(a, b):
    d = abs(a - b)
    m = max(abs(a), abs(b))
    if m == 0.0:
        return 0.0
    return min(d / m, 1.0)


def numpy_axpy(a, b):
    return 2.0 * a + b


def numpy_reldiff(a, b):
    m = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(m == 0.0, 0.0, np.minimum(np.abs(a - b) / m, 1.0))


def main():
    import hasten

    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=10**7)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(args.n), rng.standard_normal(args.n)
    try:
        import numba
    except ImportError:
        numba = None
    print(f"n = {args.n}, best of {args.repeat} (ms)")
    print(f"{'kernel':10} {'NumPy':>8} {'hasten':>8} {'numba':>8} {'hasten par 1':>13} {'hasten par T':>13} {'numba par T':>12}")
    for kernel, reference in ((axpy, numpy_axpy), (reldiff, numpy_reldiff)):
        expected = reference(a, b)
        row = {"NumPy": best(reference, a, b, repeat=args.repeat)}
        h = hasten.vectorize(SIG)(kernel)
        hp = hasten.vectorize(SIG, target="parallel")(kernel)
        for name, uf in (("hasten", h), ("hasten par", hp)):
            np.testing.assert_allclose(uf(a, b), expected, rtol=1e-15)
        warm(h, a, b)
        row["hasten"] = best(h, a, b, repeat=args.repeat)
        hasten.set_num_threads(1)
        warm(hp, a, b)
        row["hasten par 1"] = best(hp, a, b, repeat=args.repeat)
        hasten.set_num_threads(args.threads)
        row["hasten par T"] = best(hp, a, b, repeat=args.repeat)
        if numba is not None:
            nv = numba.vectorize(SIG)(kernel)
            npv = numba.vectorize(SIG, target="parallel")(kernel)
            np.testing.assert_allclose(nv(a, b), expected, rtol=1e-15)
            numba.set_num_threads(args.threads)
            npv(a, b)
            row["numba"] = best(nv, a, b, repeat=args.repeat)
            row["numba par T"] = best(npv, a, b, repeat=args.repeat)
        cells = [f"{row.get(k, float('nan')) * 1e3:8.1f}" for k in ("NumPy", "hasten", "numba")]
        cells += [f"{row[k] * 1e3:13.1f}" for k in ("hasten par 1", "hasten par T")]
        cells.append(f"{row.get('numba par T', float('nan')) * 1e3:12.1f}")
        print(f"{kernel.__name__:10} " + " ".join(cells))


if __name__ == "__main__":
    main()
