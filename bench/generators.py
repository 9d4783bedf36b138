"""What a generator function costs in a loop: the sum of the squares of 10^6 floats through a
generator against the same loop written out, and the pairs of a two-level generator; the first call
(compile and run) of the three functions; CPython's time for reference and numba's when it is
installed. hasten inlines a generator into the loop that iterates it (`hasten_typeck`'s yields.rs);
numba compiles a generator object. "from Python" is `sum(...)` in Python of a generator of the
squares as Python floats: each value crosses into Python (hasten resumes its driver's coroutine,
`hasten_runtime::generators`).

    python bench/generators.py [--n N] [--pairs P] [--repeat R]
"""

import argparse
import time

import numpy as np

from _harness import best, runners


def build(jit):
    @jit
    def squares(a):
        for i in range(a.shape[0]):
            yield a[i] * a[i]

    @jit
    def via_generator(a):
        s = 0.0
        for v in squares(a):
            s += v
        return s

    @jit
    def written_out(a):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i] * a[i]
        return s

    @jit
    def pairs(n):
        for i in range(n):
            for j in range(i):
                yield i, j

    @jit
    def odd_pairs(n):
        c = 0
        for i, j in pairs(n):
            if (i ^ j) & 1:
                c += 1
        return c

    @jit
    def float_squares(a):
        for i in range(a.shape[0]):
            yield float(a[i] * a[i])

    return via_generator, written_out, odd_pairs, lambda a: sum(float_squares(a))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10**6)
    p.add_argument("--pairs", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    data = np.random.default_rng(0).random(a.n)
    print(f"{'':8s} {'generator sum':>14s} {'written out':>12s} {'pairs':>10s} {'from Python':>14s} {'first calls':>12s}")
    expected = None
    for name, jit in runners("python"):
        gen, plain, pairs, from_python = build(jit)
        t = time.perf_counter()
        result = (gen(data), plain(data), pairs(a.pairs))
        first = time.perf_counter() - t
        expected = expected or result
        assert result == expected, (name, result, expected)
        reps = 1 if name == "python" else a.repeat
        times = [best(gen, data, repeat=reps), best(plain, data, repeat=reps), best(pairs, a.pairs, repeat=reps)]
        times.append(best(from_python, data, repeat=reps))
        print(f"{name:8s} " + " ".join(f"{x * 1e3:11.3f} ms" for x in times) + f" {first * 1e3:9.0f} ms")


if __name__ == "__main__":
    main()
