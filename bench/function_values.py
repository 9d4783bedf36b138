"""What a function passed as a value costs: a nearest-neighbour scan with `distance=euclidean`
passed as an argument (pynndescent's pattern), the same scan calling `euclidean` directly, and one
whose distance is an inner `def` capturing the data; with numba's times for the same code when
numba is installed. A function value is a compile-time constant of its type, so the first two
compile to the same code.

    python bench/function_values.py [--rows N] [--repeat R]
"""

import argparse
import time

import numpy as np


def build(jit):
    @jit
    def euclidean(a, b):
        s = 0.0
        for i in range(a.shape[0]):
            d = a[i] - b[i]
            s += d * d
        return np.sqrt(s)

    @jit
    def passed(data, q, distance):
        best, best_d = -1, np.inf
        for i in range(data.shape[0]):
            d = distance(data[i], q)
            if d < best_d:
                best, best_d = i, d
        return best

    @jit
    def direct(data, q):
        best, best_d = -1, np.inf
        for i in range(data.shape[0]):
            d = euclidean(data[i], q)
            if d < best_d:
                best, best_d = i, d
        return best

    @jit
    def inner_def(data, q):
        def distance(i):
            s = 0.0
            for j in range(q.shape[0]):
                d = data[i, j] - q[j]
                s += d * d
            return np.sqrt(s)

        best, best_d = -1, np.inf
        for i in range(data.shape[0]):
            d = distance(i)
            if d < best_d:
                best, best_d = i, d
        return best

    return {"passed": lambda d, q: passed(d, q, euclidean), "direct": direct, "inner def": inner_def}


def best_time(f, args, repeat):
    f(*args)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    rng = np.random.default_rng(0)
    data, q = rng.normal(size=(args.rows, 16)), rng.normal(size=16)
    from hasten import njit

    jits = [("hasten", njit)]
    try:
        import numba

        jits.append(("numba", numba.njit))
    except ImportError:
        pass
    for name, jit in jits:
        kernels = build(jit)
        times = ", ".join(f"{k} {best_time(f, (data, q), args.repeat):.2f} ms" for k, f in kernels.items())
        print(f"{name}: {times}")


if __name__ == "__main__":
    main()
