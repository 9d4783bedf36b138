"""`hasten.typed.List` at the boundary against a plain list and numba's `typed.List`.

    python bench/typed_containers.py [--n N] [--repeat R]

Workloads: a list of N floats passed into a compiled sum (hasten with a typed List: the call
passes a pointer; hasten with a plain list: the call converts it in and checks it for write-back;
numba with its typed List; hasten runs tier 1 by default, and a long-running program promotes the
function to tier 2, shown too), and N appends inside compiled code to a typed List passed in empty
(hasten, numba), which Python then holds without conversion (also with all of it read back into a
Python list). Then building a typed List from a Python list of N floats (numba's once: seconds).
Heap items: counting N/10 words (a typed List of str) into a typed Dict of str to int, and summing
a typed List of 1000 arrays of 1000 floats (hasten tiers 1 and 2, numba). Each result is checked against Python's. Times are the best of R runs, in milliseconds.
"""

import argparse
import time

from _harness import best as timed_best


def total(l):
    s = 0.0
    for x in l:
        s += x
    return s


def fill(l, n):
    for i in range(n):
        l.append(i * 0.5)
    return len(l)


def count_words(words, counts):
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return len(counts)


def sum_arrays(arrays):
    s = 0.0
    for a in arrays:
        for x in a:
            s += x
    return s


def heap_rows(n, r, numba):
    """Words into a typed Dict, and a typed List of arrays, for hasten and (if given) numba."""
    import numpy as np

    import hasten
    from hasten import types
    from hasten.typed import Dict, List

    words = [f"w{(i * 7919) % 5000}" for i in range(n // 10)]
    arrays = [np.random.default_rng(k).random(1000) for k in range(1000)]
    expected_words = len(set(words))
    expected_sum = sum_arrays(arrays)
    rows = []
    jits = [("hasten", hasten.njit, List, Dict, types)]
    if numba is not None:
        from numba.typed import Dict as NDict
        from numba.typed import List as NList

        jits.append(("numba", numba.njit, NList, NDict, numba.types))
    for name, jit, L, D, t in jits:
        cw, sa = (jit(count_words), jit(sum_arrays)) if name == "numba" else (jit(count_words, tier=1), jit(sum_arrays, tier=1))
        lw, la = L(words), L(arrays)
        fresh = lambda: D.empty(key_type=t.unicode_type, value_type=t.int64)  # noqa: E731
        assert cw(lw, fresh()) == expected_words and sa(la) == expected_sum
        rows.append((f"count {n // 10} words, {name} typed Dict", best(lambda: cw(lw, fresh()), r)))
        rows.append((f"sum 1000 arrays of 1000, {name} typed.List", best(lambda: sa(la), r)))
    try:
        import llvmlite  # noqa: F401 - tier 2's compiler
    except ImportError:
        return rows
    sa2, la = hasten.njit(sum_arrays, tier=2), List(arrays)
    assert sa2(la) == expected_sum
    rows.append(("sum 1000 arrays of 1000, hasten typed.List, tier 2", best(lambda: sa2(la), r)))
    return rows


def best(f, repeat):
    """Milliseconds, the best of `repeat` calls of `f()`."""
    return timed_best(f, repeat=repeat) * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=10**6)
    p.add_argument("--repeat", type=int, default=20)
    args = p.parse_args()
    n, r = args.n, args.repeat

    import hasten
    from hasten import types
    from hasten.typed import List

    data = [i * 0.25 for i in range(n)]
    expected = total(data)
    rows = []

    h_total, h_fill = hasten.njit(total), hasten.njit(fill)
    tl = List(data)
    assert h_total(tl) == expected and h_total(data) == expected
    rows.append(("sum, hasten typed.List", best(lambda: h_total(tl), r)))
    rows.append(("sum, hasten plain list", best(lambda: h_total(data), r)))
    rows.append(("sum, CPython list", best(lambda: total(data), max(1, r // 5))))
    try:
        import llvmlite  # noqa: F401 - tier 2's compiler
    except ImportError:
        pass
    else:
        h2_total = hasten.njit(total, tier=2)
        assert h2_total(tl) == expected
        rows.append(("sum, hasten typed.List, tier 2", best(lambda: h2_total(tl), r)))

    def h_build():
        l = List.empty_list(types.float64)
        assert h_fill(l, n) == n
        return l

    assert h_build()[-1] == (n - 1) * 0.5
    rows.append(("append 10**6, hasten typed.List", best(h_build, r)))
    rows.append(("append 10**6 then read back, hasten typed.List", best(lambda: h_build()._tolist(), max(1, r // 4))))

    try:
        import numba
        from numba.typed import List as NList
    except ImportError:
        numba = None
    if numba is not None:
        n_total, n_fill = numba.njit(total), numba.njit(fill)
        nl = NList(data)
        assert n_total(nl) == expected
        rows.append(("sum, numba typed.List", best(lambda: n_total(nl), r)))

        def n_build():
            l = NList.empty_list(numba.types.float64)
            assert n_fill(l, n) == n
            return l

        assert n_build()[-1] == (n - 1) * 0.5
        rows.append(("append 10**6, numba typed.List", best(n_build, r)))
        t = time.perf_counter()
        NList(data)
        rows.append(("build from a Python list, numba typed.List", (time.perf_counter() - t) * 1e3))
    rows.append(("build from a Python list, hasten typed.List", best(lambda: List(data), max(1, r // 2))))
    rows.extend(heap_rows(n, r, numba))

    for name, ms in rows:
        print(f"{name:48s} {ms:10.3f} ms")


if __name__ == "__main__":
    main()
