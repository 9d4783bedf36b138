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

import numpy as np

from _harness import best, runners as make_runners


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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="10**6 draws, fewer repeats")
    a = p.parse_args()
    n, repeat = (1_000_000, 2) if a.quick else (10_000_000, 3)
    runners = make_runners("numpy")
    print(f"{'workload':34} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba  numpy/hasten")
    for title, fn, python_loop in WORKLOADS:
        times = {}
        check_n = n // 10 if python_loop else n
        expected = fn(np.random.default_rng(7), check_n)
        for name, jit in runners:
            f = jit(fn)
            f(np.random.default_rng(0), 10)
            slow = name == "numpy" and python_loop  # a CPython loop: a tenth of the draws, scaled
            m = n // 10 if slow else n
            times[name] = best(f, repeat=1 if slow else repeat, fresh=lambda: (np.random.default_rng(7), m)) * (n / m)
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
