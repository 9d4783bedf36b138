"""The built-in suite of `hasten bench seeds`: each seed's workloads, variants and published figures.

Loop workloads live in workloads.py, executed once per compiler (plain Python, hasten, numba)
with `jit` bound to that compiler, so calls between workload functions (process_image ->
slow_thing) stay inside one compiler, as in the seeds.
"""

import importlib.util
import itertools
import math
import os

import numpy as np

from hasten.bench import compare



_counter = itertools.count()


def _load(jit):
    """A fresh copy of workloads.py whose @jit is `jit`, as a dict of its globals."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workloads.py")
    spec = importlib.util.spec_from_file_location(f"hasten_bench_workloads_{next(_counter)}", path)
    mod = importlib.util.module_from_spec(spec)
    mod.jit = jit
    spec.loader.exec_module(mod)
    return vars(mod)


def _compilers(notes):
    """{'python': ns, 'hasten': ns, 'numba': ns?}; numba is skipped with a note if missing."""
    import hasten

    out = {"python": _load(lambda f: f), "hasten": _load(hasten.njit)}
    try:
        import numba

        out["numba"] = _load(numba.njit)
    except ImportError:
        notes.append("numba not installed: numba variants skipped")
    return out


# ----- plain-Python / NumPy variants straight from the seeds --------------------------------


def second_derivative_opt(f, dx):
    # seed 002's "reducing instructions" version: hoisted 1/dx**2, comprehension over zip
    inv_dx2 = 1.0 / dx**2
    return [(f1 - 2 * f2 + f3) * inv_dx2 for f1, f2, f3 in zip(f[:-2], f[1:-1], f[2:])]


def second_derivative_numpy(f, dx):
    return (f[:-2] - 2 * f[1:-1] + f[2:]) / dx**2


def add_lists(a, b):
    return [x + y for x, y in zip(a, b)]


def basel_np_range(N1, N2):
    return float(np.sum(np.square(1 / np.arange(N1, N2 + 1))))


def basel_chunks_range(N1, N2, chunk):
    # sums 1/x^2 for x in (N1, N2]; the last partial chunk is included (the seed dropped it)
    s, lo = 0.0, N1
    while lo < N2:
        hi = min(lo + chunk, N2)
        s += basel_np_range(lo + 1, hi)
        lo = hi
    return s


def basel_chunks(N, chunk=20000):
    return basel_chunks_range(0, N - 1, chunk)


def basel_multicore(N, procs=2, chunk=20000):
    from multiprocessing import Pool

    step = (N - 1) // procs + 1
    jobs = [(i * step, min((i + 1) * step, N - 1), chunk) for i in range(procs)]
    with Pool(procs) as p:
        return sum(p.starmap(basel_chunks_range, jobs))


def basel_closed_form(N):
    # pi^2/6 minus the tail sum_{x>=N} 1/x^2 (Euler-Maclaurin; error < 1/N^7)
    n = float(N)
    return math.pi**2 / 6 - (1 / n + 1 / (2 * n**2) + 1 / (6 * n**3) - 1 / (30 * n**5))


# ----- the suite ------------------------------------------------------------------------------


def _timing(quick):
    # quick: one short batch per round so the whole suite fits in a minute on 2 cores
    if quick:
        return dict(batch_time=0.002, min_time=0.02, min_repeats=2, max_repeats=5)
    return dict(batch_time=0.02, min_time=0.3, min_repeats=3, max_repeats=15)


def suite(quick=False):
    """[(name, thunk -> Result)]: one entry per table, built lazily so --only skips the work."""
    entries = []

    def add(name, fn):
        entries.append((name, fn))

    def image_group(notes):
        jits = _compilers(notes)
        variants = {"python": jits["python"]["process_image"], "hasten": jits["hasten"]["process_image"]}
        if "numba" in jits:
            variants["numba"] = jits["numba"]["process_image"]
        try:
            from joblib import Parallel, delayed

            slow = jits["python"]["slow_thing"]

            def process_image_joblib(image):
                Parallel(n_jobs=-1)(delayed(slow)(image, x, y)
                                    for y in range(image.shape[0]) for x in range(image.shape[1]))

            variants["joblib"] = process_image_joblib
            notes.append("joblib workers get pickled copies of small images, so the seed's "
                         "parallel version leaves the image unchanged: a DIFFERS here is the "
                         "seed's missing quality check, not a harness bug")
        except ImportError:
            notes.append("joblib not installed: joblib variant skipped")
        return variants

    def process_image():
        notes = ["n = image side; the seed counts pixels (n^2), so its O(n) in pixels is slope 2 "
                 "(O(n^2)) here"]
        return compare(
            image_group(notes), lambda n: (np.zeros((n, n)),),
            [3, 5, 8] if quick else [10, 20, 30, 40], title="seed 000: process_image",
            notes=notes, published={
                "python": "372 ms @10x10; timeit(number=10)/10: 368 ms, 1.46 s, 3.27 s, 5.83 s @10..40",
                "joblib": "59.1 ms @10x10; 61.7 ms, 202 ms, 442 ms, 792 ms @10..40",
                "numba": "310 ns @10x10 (process_image_compiled, 1000x1000 inner loop)"},
            **_timing(quick))

    def silly_sum():
        notes = ["n = image side: four nested loops make it n^4 in the side (the seed's O(n^2) "
                 "in pixels)"]
        jits = _compilers(notes)
        variants = {k: ns["silly_sum"] for k, ns in jits.items()}
        return compare(
            variants, lambda n: (np.random.default_rng(0).random((n, n)),),
            [6, 10, 16] if quick else [10, 20, 30, 40], title="seed 000: silly_sum", notes=notes,
            published={"python": "4.93 ms, 75.9 ms, 372 ms, 1.17 s @10..40 (timeit number=10 / 10)"},
            **_timing(quick))

    def convolution():
        notes = ["*_np_pad is seed 001's first version (np.pad, slices, np.sum(np.multiply(...)) per "
                 "pixel); numba cannot compile np.pad",
                 "atol 1e-12: np.sum and the loops add the 9 products in different orders"]
        jits = _compilers(notes)
        variants = {"python_np_pad": jits["python"]["conv_naive"], "hasten_np_pad": jits["hasten"]["conv_naive"]}
        variants.update({f"{k}_loops" if k == "python" else k: ns["conv_loops"] for k, ns in jits.items()})
        try:
            from scipy.signal import convolve2d

            variants["scipy"] = lambda a, k: convolve2d(a, k, mode="same")
        except ImportError:
            notes.append("scipy not installed: scipy.signal.convolve2d skipped")
        kernel = np.random.default_rng(1).random((3, 3))
        return compare(
            variants, lambda n: (np.random.default_rng(2).random((n, n)), kernel),
            [32, 64, 128] if quick else [32, 64, 128, 256], title="seed 001: 3x3 convolution",
            reference="python_loops", atol=1e-12, notes=notes, published={
                "python_np_pad": "156 ms @128x128",
                "python_loops": "Cython: 86.9 ms typed, 3.52 ms memoryview loops @128",
                "hasten": "Cython no-pad 578 µs, no boundscheck 296 µs @128"},
            **_timing(quick))

    def lap():
        notes = ["seed 002 does not state the grid size", "rtol 1e-12, atol 1e-9: NumPy "
                 "hoists 1/dx^2, reordering the arithmetic"]
        jits = _compilers(notes)
        variants = {"python": jits["python"]["laplacian"], "numpy": jits["python"]["laplacian_numpy"],
                    "hasten_numpy": jits["hasten"]["laplacian_numpy"],
                    "hasten": jits["hasten"]["laplacian"]}
        if "numba" in jits:
            variants["numba"] = jits["numba"]["laplacian"]

        def setup(n):
            x = np.linspace(0.0, 1.0, n)
            return np.sin(4 * x)[:, None] * np.cos(3 * x)[None, :], 1.0 / (n - 1), 0.5 / (n - 1)

        return compare(
            variants, setup, [64, 128, 256] if quick else [128, 256, 512, 1024],
            title="seed 002: 2-D Laplacian", atol=1e-9, notes=notes, published={
                "python": "59.5 s (naive), 28.2 s (tee/zip optimised)", "numpy": "1.98 s",
                "numba": "0.577 s serial, 0.219 s parallel; Cython 0.226 s"},
            **_timing(quick))

    def deriv():
        notes = ["seed 002 does not state the list length", "atol 1e-9: the optimised and "
                 "NumPy versions reorder the arithmetic"]
        jits = _compilers(notes)
        variants = {"python": jits["python"]["second_derivative"], "python_opt": second_derivative_opt,
                    "numpy": second_derivative_numpy, "hasten": jits["hasten"]["second_derivative"]}
        if "numba" in jits:
            variants["numba"] = jits["numba"]["second_derivative"]

        def setup(n):
            x = np.linspace(0.0, 2 * np.pi, n)
            return np.sin(x), float(x[1] - x[0])

        return compare(variants, setup, [1000, 10000, 100000] if quick else [10**4, 10**5, 10**6],
                       title="seed 002: second derivative", atol=1e-9, rtol=1e-9, notes=notes,
                       published={"python": "2.634 s", "python_opt": "1.926 s"}, **_timing(quick))

    def list_add():
        notes = ["python variants add Python lists (a.tolist(), built in setup); the others "
                 "NumPy arrays"]
        jits = _compilers(notes)

        def setup(n):
            rng = np.random.default_rng(3)
            a, b = rng.random(n), rng.random(n)
            return a, b, a.tolist(), b.tolist()

        variants = {"python_lists": lambda a, b, la, lb: add_lists(la, lb),
                    "python_arrays": lambda a, b, la, lb: add_lists(a, b),
                    "numpy": lambda a, b, la, lb: a + b}
        for k in ("hasten", "numba"):
            if k in jits:
                variants[k] = (lambda f: lambda a, b, la, lb: f(a, b))(jits[k]["add_arrays"])
        return compare(variants, setup, [1000, 10000, 100000] if quick else [10**5, 10**6, 10**7],
                       title="seed 002: list add", fresh=False, notes=notes, published={
                           "python_lists": "633 ms @1e7 (3.95 ms @1e5)",
                           "python_arrays": "1.10 s @1e7", "numpy": "73.3 ms @1e7"},
                       **_timing(quick))

    def basel():
        notes = ["*_idiomatic is sum(x**(-2) for x in range(1, N)); *_numpy is "
                 "np.sum(np.square(1 / np.arange(1, N))), which hasten fuses into one loop",
                 "rtol 1e-9: the NumPy, chunked and closed-form sums add in other orders; the "
                 "forward loop itself is off by ~N*eps",
                 "closed_form = pi^2/6 - Euler-Maclaurin tail; the sums differ from pi^2/6 by ~1/N"]
        jits = _compilers(notes)
        variants = {"python_loop": jits["python"]["basel_loop"], "python_idiomatic": jits["python"]["basel_idiomatic"],
                    "numpy": jits["python"]["basel_np"], "numpy_chunks": basel_chunks, "hasten": jits["hasten"]["basel_loop"],
                    "hasten_idiomatic": jits["hasten"]["basel_idiomatic"], "hasten_numpy": jits["hasten"]["basel_np"]}
        if "numba" in jits:
            variants["numba"] = jits["numba"]["basel_loop"]
            notes.append("numba types int ** negative int constant as an integer power (1/x^2 "
                         "truncates to 0), so its sum is 1.0: a real semantic difference")
        if quick:
            notes.append("multiprocessing Pool variant skipped in --quick (process start-up "
                         "dominates small N)")
        else:
            variants["multiprocessing_2"] = basel_multicore
        variants["closed_form"] = basel_closed_form
        return compare(variants, lambda n: (n,), [10**4, 10**5, 10**6] if quick else [10**5, 10**6, 10**7],
                       title="seed 003: Basel sum", rtol=1e-9, notes=notes, published={
                           "python_idiomatic": "7.64 s @1e8, 68.3 s @1e9",
                           "python_loop": "5.99 s @1e8, 59.3 s @1e9",
                           "numpy": "0.27 s @1e8 (broadcast); ones/arange 0.618 s",
                           "numpy_chunks": "0.09 s @1e8, 0.91 s @1e9",
                           "multiprocessing_2": "10 procs: 1.04 s @1e8, 1.17 s @1e9"},
                       **_timing(quick))

    add("process_image", process_image)
    add("silly_sum", silly_sum)
    add("convolution", convolution)
    add("laplacian", lap)
    add("second_derivative", deriv)
    add("list_add", list_add)
    add("basel", basel)
    return entries


def run(quick=False, only=None, out="hasten-bench-out", echo=print):
    """Run the suite (or the tables named in `only`), print tables, write JSON and PNGs to out."""
    os.makedirs(out, exist_ok=True)
    entries = suite(quick)
    names = [n for n, _ in entries]
    unknown = set(only or ()) - set(names)
    if unknown:
        raise ValueError(f"unknown seed benchmark(s) {sorted(unknown)}; choose from {names}")
    results = {}
    for name, thunk in entries:
        if only and name not in only:
            continue
        res = results[name] = thunk()
        echo(res.table())
        echo("")
        res.save_json(os.path.join(out, f"{name}.json"))
        try:
            res.plot(os.path.join(out, f"{name}.png"))
        except ImportError:
            if name == next(iter(results)):
                echo("note: matplotlib not installed: no PNG plots written")
    return results
