"""The seeds' NumPy forms under NumPy, hasten and numba (when importable), in one run:

- the Laplacian as one slicing expression (002), at 1000² and 4000²;
- the Basel sum as np.sum(np.square(1 / np.arange(1, N))) (003) at N = 10**8, with the peak memory
  of each variant measured in a fresh interpreter;
- the naive 3×3 convolution with np.pad (001) at 128².

    python bench/numpy_forms.py [--quick]
"""

import argparse
import os
import subprocess
import sys
import textwrap
import timeit

import numpy as np

import hasten

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seedlib  # noqa: E402  (the seed workloads, shared with the package's `hasten bench`)

try:
    import numba
except ImportError:
    numba = None

PY = seedlib.load()


def best(f, args, number):
    return min(timeit.repeat(lambda: f(*args), number=number, repeat=5)) / number


def compiled(name):
    """{compiler: fresh compiled seed function `name`} for hasten and numba (when installed)."""
    out = {"hasten": getattr(seedlib.load(hasten.njit), name)}
    if numba is not None:
        out["numba"] = getattr(seedlib.load(numba.njit), name)
    return out


def laplacian(quick):
    print("Laplacian expression (seed 002)")
    for n in (200, 400) if quick else (1000, 4000):
        x = np.linspace(0.0, 1.0, n)
        args = (np.sin(4 * x)[:, None] * np.cos(3 * x)[None, :], 1.0 / (n - 1), 0.5 / (n - 1))
        ref = PY.laplacian_numpy(*args)
        number = 20 if n <= 1000 else 3
        t_np = best(PY.laplacian_numpy, args, number)
        row = [f"  {n}²: numpy {t_np * 1e3:8.2f} ms"]
        for name, f in compiled("laplacian_numpy").items():
            diff = np.max(np.abs(f(*args) - ref))
            t = best(f, args, number)
            row.append(f"{name} {t * 1e3:8.2f} ms ({t_np / t:.2f}x numpy, max|diff| {diff:.1e})")
        print("   ".join(row))


# Each variant runs in a fresh interpreter, after `PY = seedlib.load()` (which imports no hasten).
BASEL = {
    "numpy": "r = PY.basel_np(N)",
    "numpy chunked (seed)": textwrap.dedent("""
        def chunked(N, c=10**6):
            s = 0.0
            for a in range(1, N, c):
                s += np.sum(np.square(1 / np.arange(a, min(a + c, N))))
            return s
        r = chunked(N)"""),
    "hasten": textwrap.dedent("""
        import hasten
        basel = seedlib.load(hasten.njit).basel_np
        basel(10)
        r = basel(N)"""),
}


def basel(quick):
    n = 10**6 if quick else 10**8
    print(f"Basel sum, NumPy form, N = {n:.0e} (seed 003): time, peak RSS of a fresh interpreter")
    for name, body in BASEL.items():
        # A fresh interpreter per variant for honest peak memory (the kernels come from
        # workloads.py, a file, where hasten reads their source).
        # VmHWM belongs to this interpreter's address space; ru_maxrss would carry over the
        # parent's peak through fork and exec.
        code = (f"import sys\nsys.path.insert(0, {HERE!r})\nimport numpy as np, time, seedlib\n"
                f"PY = seedlib.load()\nN = {n}\n"
                f"t = time.perf_counter()\n{body}\ndt = time.perf_counter() - t\n"
                "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
                "print(dt, repr(float(r)), hwm)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        print(f"  {name:22s} {float(out[0]):7.3f} s   sum {out[1]}   peak RSS {int(out[2]) / 1024:7.0f} MB")


def convolution(quick):
    print("Naive 3×3 convolution with np.pad (seed 001), 128²")
    rng = np.random.default_rng(0)
    args = (rng.random((128, 128)), rng.random((3, 3)))
    ref = PY.conv_naive(*args)
    t_py = best(PY.conv_naive, args, 1 if quick else 2)
    print(f"  python {t_py * 1e3:8.2f} ms")
    for name, f in compiled("conv_naive").items():
        try:
            diff = np.max(np.abs(f(*args) - ref))
        except Exception as e:  # noqa: BLE001  (numba has no np.pad)
            print(f"  {name}: {type(e).__name__}: {str(e).splitlines()[0][:80]}")
            continue
        t = best(f, args, 20)
        print(f"  {name} {t * 1e3:8.3f} ms ({t_py / t:.0f}x python, max|diff| {diff:.1e})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes")
    opts = ap.parse_args()
    laplacian(opts.quick)
    basel(opts.quick)
    convolution(opts.quick)


if __name__ == "__main__":
    main()
