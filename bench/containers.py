"""Lists and dicts in compiled code against numba and plain Python, side by side in one process.

    python bench/containers.py [--quick] [--tier 1|2|auto]

Workloads (the list issue's yardsticks), the runners timed in turns: append 10**6 floats to an empty
list and sum them; a list comprehension of 10**6 squares; a list of 10**6 floats passed in, summed,
one item changed (so the change is written back); `[0.0] * n` then filled; counting 10**6 int keys
(10**4 distinct) in a dict built in the function; sorting a list of 10**6 floats made from an array
in the function. Each
compiled result is checked against Python's. numba runs the same functions (its reflected lists for
arguments, which it has deprecated; its typed dict for `{}`). Last, the boundary: hasten's list in
and out against `np.array(list)` of the same list (the issue's bound: within 2×).
"""

import argparse

import numpy as np

from _harness import best, interleaved_best, runners as make_runners


def append_sum(n):
    out = []
    for i in range(n):
        out.append(i * 0.5)
    s = 0.0
    for v in out:
        s += v
    return s


def squares(n):
    return [i * i for i in range(n)]


def pass_in_out(l):
    s = 0.0
    for v in l:
        s += v
    l[0] = s
    return s


def prefill(n):
    l = [0.0] * n
    for i in range(n):
        l[i] = i * 0.25
    return l


def count_keys(keys):
    d = {}
    for k in keys:
        if k in d:
            d[k] += 1
        else:
            d[k] = 1
    return len(d), d[0]


def sort_floats(a):
    l = list(a)
    l.sort()
    return l[0], l[len(l) // 2], l[-1]


WORKLOADS = [
    ("append 10**6 floats and sum", append_sum, lambda n: (n,)),
    ("comprehension of 10**6 squares", squares, lambda n: (n,)),
    ("list of 10**6 floats in and out", pass_in_out, lambda n: ([i * 0.5 for i in range(n)],)),
    ("[0.0] * n, then filled", prefill, lambda n: (n,)),
    ("count 10**6 int keys in a dict", count_keys, lambda n: (np.arange(n) % 10_000,)),
    ("sort a list of 10**6 floats", sort_floats, lambda n: (np.random.default_rng(1).random(n),)),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="10**5 items, fewer repeats")
    p.add_argument("--tier", choices=["1", "2", "auto"], default="auto", help="hasten's tier (auto, the default: tier 1 until the calls have run long enough to promote)")
    a = p.parse_args()
    n, repeat = (100_000, 3) if a.quick else (1_000_000, 10)
    runners = make_runners("python", tier=a.tier)
    print(f"{'workload':34} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba")
    for title, fn, make in WORKLOADS:
        expected = fn(*make(n))
        fs = {}
        for name, jit in runners:
            f = fs[name] = jit(fn)
            got = f(*make(10))
            got = f(*make(n))
            assert got == expected or (isinstance(got, float) and np.isclose(got, expected)), f"{name} differs on {title}"
        times = interleaved_best(fs, repeat=repeat, fresh=lambda: make(n))
        ratio = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
        print(f"{title:34} " + " ".join(f"{times[name]:9.4f}s" for name, _ in runners) + f"   {ratio:>12}")
        if fn is pass_in_out:
            boundary = times["hasten"]
    convert = best(np.array, [i * 0.5 for i in range(n)], repeat=repeat)
    print(f"boundary: list in and out {boundary:.4f}s, np.array(list) {convert:.4f}s, ratio {boundary / convert:.2f}")


if __name__ == "__main__":
    main()
