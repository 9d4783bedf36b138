"""np.random.Generator methods in compiled code against numba and NumPy, in one process.

    python bench/np_random_generator.py [--quick]

Workloads: `rng.random()` once per iteration of a 10**7 loop; `rng.normal(size=10**7)`;
`rng.standard_exponential(size=10**7)`; `rng.integers(0, 1000, size=10**7)`. Every runner gets a
fresh `np.random.default_rng(seed)` (PCG64) of the same seed, so hasten's results are checked bit
for bit against NumPy's, and numba's too (numba also draws through the bit generator's C
functions). "numpy" is the same function run by CPython: a Python loop for the scalar workload
(timed on a tenth and scaled), the vectorised call itself for the others.
"""

import argparse
import time
import warnings

import numpy as np


def scalar_loop(rng, n):
    s = 0.0
    for i in range(n):
        s += rng.random()
    return s


def normal_array(rng, n):
    return rng.normal(0.0, 1.0, n)


def exponential_array(rng, n):
    return rng.standard_exponential(n)


def integers_array(rng, n):
    return rng.integers(0, 1000, n)


WORKLOADS = [
    ("rng.random() x 10**7", scalar_loop, True),
    ("rng.normal(0, 1, 10**7)", normal_array, False),
    ("rng.standard_exponential(10**7)", exponential_array, False),
    ("rng.integers(0, 1000, 10**7)", integers_array, False),
]


def best(f, n, repeat):
    times = []
    for _ in range(repeat):
        rng = np.random.default_rng(7)
        t = time.perf_counter()
        f(rng, n)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="10**6 draws, fewer repeats")
    a = p.parse_args()
    n, repeat = (1_000_000, 2) if a.quick else (10_000_000, 3)
    import hasten

    runners = [("numpy", lambda f: f), ("hasten", hasten.njit)]
    try:
        import numba

        warnings.simplefilter("ignore")
        runners.append(("numba", numba.njit))
    except ImportError:
        print("numba is not installed: its column is left out")
    print(f"{'workload':34} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba  numpy/hasten")
    for title, fn, python_loop in WORKLOADS:
        times = {}
        check_n = n // 10 if python_loop else n
        expected = fn(np.random.default_rng(7), check_n)
        for name, jit in runners:
            f = jit(fn)
            f(np.random.default_rng(0), 10)
            times[name] = best(f, n // 10, 1) * 10 if name == "numpy" and python_loop else best(f, n, repeat)
            if name != "numpy":
                got = f(np.random.default_rng(7), check_n)
                same = np.array_equal(got, expected)
                assert same or name == "numba", f"hasten differs from NumPy on {title}"
                if not same:
                    print(f"  ({name}'s values differ from NumPy's on {title})")
        ratio = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
        print(f"{title:34} " + " ".join(f"{times[name]:9.4f}s" for name, _ in runners) + f"   {ratio:>12}  {times['numpy'] / times['hasten']:>12.1f}")


if __name__ == "__main__":
    main()
