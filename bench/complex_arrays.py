"""Mandelbrot escape counts over a complex128 grid, in hasten against numba, side by side in one
process (plain Python/NumPy only checks the answers).

    python bench/complex_arrays.py [--quick]

`points` reads each `c[i, j]` of the grid array and iterates `z = z*z + c` as a Python complex
(element reads of a complex128 array, scalar complex arithmetic); `whole` iterates the whole
array at once (`z = z*z + c` on complex128 arrays: element-wise complex multiply and add), then
counts the points still bounded. Both escape tests use `re*re + im*im <= 4`, so no `abs` and no
overflow check is timed, and every runner must give the same counts.
"""

import argparse

import numpy as np

from _harness import best, runners as make_runners


def points(c, max_iter):
    counts = np.zeros(c.shape, np.int64)
    for i in range(c.shape[0]):
        for j in range(c.shape[1]):
            z = 0j
            n = 0
            w = c[i, j]
            while n < max_iter and z.real * z.real + z.imag * z.imag <= 4.0:
                z = z * z + w
                n += 1
            counts[i, j] = n
    return counts


def whole(c, max_iter):
    counts = np.zeros(c.shape, np.int64)
    z = np.zeros_like(c)
    for _ in range(max_iter):
        z = z * z + c
        for i in range(c.shape[0]):
            for j in range(c.shape[1]):
                v = z[i, j]
                if v.real * v.real + v.imag * v.imag <= 4.0:
                    counts[i, j] += 1
    return counts


def grid(width, height):
    re = np.linspace(-2.0, 1.0, width)
    im = np.linspace(-1.5, 1.5, height)
    return re[None, :] + 1j * im[:, None]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="a 100 x 75 grid, fewer repeats")
    a = p.parse_args()
    (w, h, m), repeat = ((100, 75, 50), 2) if a.quick else ((400, 300, 100), 5)
    c = grid(w, h)
    runners = make_runners("numpy")
    print(f"{'workload':40} " + " ".join(f"{name:>10}" for name, _ in runners[1:]) + "   hasten/numba")
    with np.errstate(all="ignore"):
        for kernel in (points, whole):
            expected = kernel(c, m)
            times = {}
            for name, jit in runners[1:]:
                f = jit(kernel)
                got = f(c, m)  # also compiles
                assert np.array_equal(got, expected), f"{name}: {kernel.__name__} counts differ"
                times[name] = best(f, c, m, repeat=repeat)
            row = " ".join(f"{t * 1e3:9.2f}ms" for t in times.values())
            ratio = f"{times['hasten'] / times['numba']:13.2f}x" if "numba" in times else ""
            print(f"{f'{kernel.__name__} {w}x{h}, {m} iterations':40} {row} {ratio}")


if __name__ == "__main__":
    main()
