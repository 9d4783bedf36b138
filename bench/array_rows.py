"""NumPy-style array expressions, updates and arg reductions inside compiled functions: hasten's
tiers against numba and NumPy itself, side by side in one process.

    python bench/array_rows.py [--n N] [--repeat R]

Each form is checked against NumPy (values and dtype), then timed (best of R calls, ms). These are
the forms whose rows run in vector registers (codegen `numpy/fused_simd.rs`) and `np.argmax`.
"""

import argparse

import numpy as np

from _harness import best, runners


def axpy(a, b):
    return a * 2.0 + b


def mask(a, b):
    return a > 0.5


def count(a, b):
    return (a > 0.5).sum()


def clip(a, b):
    return np.maximum(np.minimum(a, 0.75), 0.25)


def where(a, b):
    return np.where(a > 0.5, a, b)


def magnitude(a, b):
    return np.sqrt(a * a + b * b)


def add_in_place(a, b):
    a += b * 2.0
    return a


def slice_store(a, b):
    a[1:-1] = b[:-2] + b[2:]
    return a


def argmax(a, b):
    return np.argmax(a)


FORMS = [axpy, mask, count, clip, where, magnitude, add_in_place, slice_store, argmax]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=10**6)
    p.add_argument("--repeat", type=int, default=20)
    a = p.parse_args()
    import hasten

    rng = np.random.default_rng(0)
    x, y = rng.random(a.n), rng.random(a.n)
    jits = [("numpy", lambda f: f), ("tier 1", lambda f: hasten.njit(f, tier=1))]
    try:
        import llvmlite  # noqa: F401 - tier 2's compiler

        jits.append(("tier 2", lambda f: hasten.njit(f, tier=2)))
    except ImportError:
        print("llvmlite is not installed: no tier 2 column")
    jits += [r for r in runners("numpy") if r[0] == "numba"]
    print(f"{'form':16}" + "".join(f"{name:>10}" for name, _ in jits) + "   (ms, best of repeats)")
    for fn in FORMS:
        expected = fn(x.copy(), y)
        row = f"{fn.__name__:16}"
        for name, jit in jits:
            f = jit(fn)
            got = f(x.copy(), y)
            assert np.array_equal(got, expected) and np.asarray(got).dtype == np.asarray(expected).dtype, f"{name} differs on {fn.__name__}"
            row += f"{best(f, repeat=a.repeat, fresh=lambda: (x.copy(), y)) * 1e3:10.2f}"
        print(row)


if __name__ == "__main__":
    main()
