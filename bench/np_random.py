"""np.random and Python's random in compiled code against numba and NumPy, side by side in one process.

    python bench/np_random.py [--quick]

Workloads (the random issue's yardsticks): `np.random.random()` once per iteration of a 10**7
loop; `np.random.normal(size=10**7)`; Monte Carlo pi from 10**7 points drawn one coordinate at a
time, serially and with `prange` (hasten and numba with `parallel=True`, all threads). Each compiled
function seeds first, so hasten's serial results are checked bit for bit against NumPy's (its own
`RandomState` stream); its parallel result is checked to be the same on every call (each chunk
draws from its own seeded stream) and near pi. numba's generator is seeded the same way but its
draws are its own, so only its running time is compared. "numpy" is the same function run by
CPython, except for `normal`, where it is the vectorised call itself. The last two rows are numba's
README example, Monte Carlo pi with Python's `random.random()`, as written (`x ** 2 + y ** 2`:
hasten keeps CPython's `pow` there) and with `x * x + y * y`; hasten's values are CPython's after
the same `random.seed` (numba's seeded stream is its own).
"""

import argparse
import random
import types

import numpy as np

from _harness import best, runners as make_runners
from hasten import get_num_threads, njit, prange


def scalar_loop(n):
    np.random.seed(1)
    s = 0.0
    for i in range(n):
        s += np.random.random()
    return s


def normal_array(n):
    np.random.seed(2)
    return np.random.normal(0.0, 1.0, n)


def monte_carlo_pi(n):
    np.random.seed(3)
    inside = 0
    for i in range(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            inside += 1
    return 4.0 * inside / n


def monte_carlo_pi_parallel(n):
    np.random.seed(3)
    inside = 0
    for i in prange(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            inside += 1
    return 4.0 * inside / n


def readme_pi(n):
    random.seed(3)
    acc = 0
    for i in range(n):
        x = random.random()
        y = random.random()
        if (x ** 2 + y ** 2) < 1.0:
            acc += 1
    return 4.0 * acc / n


def readme_pi_products(n):
    random.seed(3)
    acc = 0
    for i in range(n):
        x = random.random()
        y = random.random()
        if x * x + y * y < 1.0:
            acc += 1
    return 4.0 * acc / n


WORKLOADS = [
    ("np.random.random() x 10**7", scalar_loop, True),
    ("np.random.normal(0, 1, 10**7)", normal_array, False),
    ("Monte Carlo pi, 10**7 points", monte_carlo_pi, True),
    ("random.random() pi, x ** 2", readme_pi, True),
    ("random.random() pi, x * x", readme_pi_products, True),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="10**6 draws, fewer repeats")
    a = p.parse_args()
    n, repeat = (1_000_000, 2) if a.quick else (10_000_000, 3)
    runners = make_runners("numpy")
    print(f"{'workload':32} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba  numpy/hasten")
    for title, fn, python_loop in WORKLOADS:
        times = {}
        expected = None
        for name, jit in runners:
            f = jit(fn)
            f(10)
            if name == "numpy" and python_loop:
                # CPython's loop is slow: time a tenth and scale.
                times[name] = best(f, n // 10) * 10
                expected = f(n // 10)
                continue
            times[name] = best(f, n, repeat=repeat)
            if name == "numpy":
                expected = f(n)
            if name == "hasten":
                got = f(n if not python_loop else n // 10)
                assert np.array_equal(got, expected), f"hasten differs from NumPy on {title}"
        ratio = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
        print(f"{title:32} " + " ".join(f"{times[name]:9.4f}s" for name, _ in runners) + f"   {ratio:>12}  {times['numpy'] / times['hasten']:>12.1f}")
    parallel_pi(n, repeat, [name for name, _ in runners])


def parallel_pi(n, repeat, names):
    """The `prange` Monte Carlo row: hasten's and numba's parallel versions, all threads."""
    times = {}
    h = njit(parallel=True)(monte_carlo_pi_parallel)
    first = h(n)
    assert h(n) == first and abs(first - np.pi) < 0.01, f"hasten's parallel pi: {first}"
    times["hasten"] = best(h, n, repeat=repeat)
    if "numba" in names:
        import numba

        # The same function, with numba's `prange` as its global.
        same = types.FunctionType(monte_carlo_pi_parallel.__code__, {**globals(), "prange": numba.prange})
        nb = numba.njit(parallel=True)(same)
        nb(10)
        times["numba"] = best(nb, n, repeat=repeat)
    ratio = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
    cells = " ".join(f"{times[k]:9.4f}s" if k in times else f"{'':>10}" for k in names)
    print(f"{f'Monte Carlo pi, prange, {get_num_threads()} thr':32} {cells}   {ratio:>12}")


if __name__ == "__main__":
    main()
