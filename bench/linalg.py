"""np.linalg and `@` in compiled code against numba and NumPy, side by side in one process.

    python bench/linalg.py [--quick]

Workloads (the linalg issue's yardsticks): `A @ B` and `np.linalg.solve(A, B)` of 1000x1000
float64 matrices, `np.linalg.eigh` of a 500x500 symmetric matrix; batched `A @ B` of 10^4
stacked 4x4 and of 100 stacked 64x64 float64 matrices (numba's `@` takes 2-D operands only, so
its column runs the loop `out[i] = a[i] @ b[i]`). hasten calls SciPy's
LAPACK/BLAS (scipy.linalg.cython_lapack), numba SciPy's too, NumPy its own bundled OpenBLAS;
each column is the best of several runs, taken in turns, and hasten's results are checked
against NumPy's.
"""

import argparse
import warnings

import numpy as np

from _harness import interleaved_best


def matmul(a, b):
    return a @ b


def solve(a, b):
    return np.linalg.solve(a, b)


def eigh(a, b):
    w, v = np.linalg.eigh(a)
    return w


def batched_loop(a, b):
    out = np.empty((a.shape[0], a.shape[1], b.shape[2]))
    for i in range(a.shape[0]):
        out[i] = a[i] @ b[i]
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="smaller matrices, fewer repeats")
    a = p.parse_args()
    n, m, repeat = (300, 200, 3) if a.quick else (1000, 500, 7)
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    S = rng.standard_normal((m, m))
    S = S + S.T
    import hasten

    runners = [("numpy", lambda f: f), ("hasten", hasten.njit)]
    try:
        import numba

        warnings.simplefilter("ignore")
        runners.append(("numba", numba.njit))
    except ImportError:
        print("numba is not installed: its column is left out")
    small, large = (1000, 10) if a.quick else (10**4, 100)
    workloads = [
        (f"A @ B, {n}x{n} float64", matmul, (A, B)),
        (f"solve(A, B), {n}x{n} float64", solve, (A + n * np.eye(n), B)),
        (f"eigh, {m}x{m} float64", eigh, (S, S)),
        (f"A @ B, {small}x4x4 float64", matmul, (rng.standard_normal((small, 4, 4)), rng.standard_normal((small, 4, 4)))),
        (f"A @ B, {large}x64x64 float64", matmul, (rng.standard_normal((large, 64, 64)), rng.standard_normal((large, 64, 64)))),
    ]
    print(f"{'workload':32} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numpy  hasten/numba")
    for title, fn, args in workloads:
        fs = {name: jit(batched_loop if name == "numba" and args[0].ndim == 3 else fn) for name, jit in runners}
        for name, f in fs.items():
            got = f(*args)
            if name == "hasten":
                assert np.allclose(got, fn(*args), rtol=1e-8, atol=1e-8), f"hasten differs from NumPy on {title}"
        times = interleaved_best(fs, args, repeat)
        numba_ratio = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
        print(f"{title:32} " + " ".join(f"{times[name] * 1e3:8.2f}ms" for name, _ in runners) + f"   {times['hasten'] / times['numpy']:>12.2f}  {numba_ratio:>12}")


if __name__ == "__main__":
    main()
