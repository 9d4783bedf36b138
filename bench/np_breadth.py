"""NumPy's selection and statistics functions in compiled code against numba and NumPy, side by
side in one process.

    python bench/np_breadth.py [--quick]

Workloads (issue 17's yardsticks): `np.unique` of 10**6 ints, `np.histogram` of 10**7 floats into
100 bins, `np.median` of 10**6 floats, boolean-mask selection and assignment on 10**7 floats,
`np.sort` and `np.argsort` of 10**6 floats, `np.cumsum` of 10**7 floats. Each function is the NumPy
call itself, so "numpy" is one vectorised call; hasten's and numba's results are checked against it
(numba's `np.unique` and `np.median` are NumPy's values too; its `np.histogram` is checked the same
way; NumPy's default sort is not stable, but the values of a sort, and the permutation of distinct
values, are the same).
"""

import argparse

import numpy as np

from _harness import best, runners as make_runners


def unique(a):
    return np.unique(a)


def histogram(a):
    return np.histogram(a, 100)


def median(a):
    return np.median(a)


def mask_select(a):
    return a[a > 0.5]


def mask_assign(a):
    b = a.copy()
    b[b > 0.5] = 0.0
    return b


def sort(a):
    return np.sort(a)


def argsort(a):
    return np.argsort(a)


def cumsum(a):
    return np.cumsum(a)


def inputs(quick):
    rng = np.random.default_rng(17)
    scale = 10 if quick else 1
    return {
        "unique": rng.integers(0, 100_000, 1_000_000 // scale),
        "histogram": rng.normal(0.0, 1.0, 10_000_000 // scale),
        "median": rng.random(1_000_000 // scale),
        "mask": rng.random(10_000_000 // scale),
        "sort": rng.random(1_000_000 // scale),
    }


WORKLOADS = [
    ("np.unique, 10**6 ints", unique, "unique"),
    ("np.histogram, 10**7 floats, 100 bins", histogram, "histogram"),
    ("np.median, 10**6 floats", median, "median"),
    ("a[a > 0.5], 10**7 floats", mask_select, "mask"),
    ("copy, a[a > 0.5] = 0, 10**7 floats", mask_assign, "mask"),
    ("np.sort, 10**6 floats", sort, "sort"),
    ("np.argsort, 10**6 floats", argsort, "sort"),
    ("np.cumsum, 10**7 floats", cumsum, "mask"),
]


def same(x, y):
    if isinstance(x, tuple):
        return all(same(a, b) for a, b in zip(x, y))
    return np.array_equal(np.asarray(x), np.asarray(y))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="a tenth of the sizes, fewer repeats")
    args = p.parse_args()
    repeat = 2 if args.quick else 5
    data = inputs(args.quick)
    runners = make_runners("numpy")
    print(f"{'workload':38} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba  hasten/numpy")
    for title, fn, key in WORKLOADS:
        a = data[key]
        expected = fn(a)
        times = {}
        for name, jit in runners:
            f = jit(fn)
            got = f(a)  # compiles
            if not same(got, expected):
                raise SystemExit(f"{title}: {name} gave a different result")
            times[name] = best(f, a, repeat=repeat)
        cols = " ".join(f"{times[name] * 1e3:8.2f}ms" for name, _ in runners)
        ratio_numba = f"{times['hasten'] / times['numba']:12.2f}" if "numba" in times else " " * 12
        print(f"{title:38} {cols}   {ratio_numba}  {times['hasten'] / times['numpy']:12.2f}")


if __name__ == "__main__":
    main()
