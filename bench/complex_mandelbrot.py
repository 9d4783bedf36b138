"""A Mandelbrot set written with Python `complex` (`z = z*z + c`, `abs(z) > 2`), in hasten
against numba and plain Python, side by side in one process.

    python bench/complex_mandelbrot.py [--quick]

Each point of a width x height grid over [-2, 1] x [-1.5, 1.5] iterates at most `max_iter`
times; the function returns the sum of the escape counts, which every runner must agree on.
The grid is built inside the function from Python floats, so only the complex arithmetic and
`abs` (the C library's `hypot`, with CPython's overflow check in hasten) are measured.
"""

import argparse

from _harness import best, runners as make_runners


def mandelbrot(width, height, max_iter):
    total = 0
    for j in range(height):
        y = -1.5 + 3.0 * j / height
        for i in range(width):
            c = complex(-2.0 + 3.0 * i / width, y)
            z = 0j
            n = 0
            while n < max_iter:
                z = z * z + c
                if abs(z) > 2.0:
                    break
                n += 1
            total += n
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="a 100 x 75 grid, fewer repeats")
    a = p.parse_args()
    args, repeat = ((100, 75, 200), 2) if a.quick else ((400, 300, 500), 5)
    runners = make_runners("python")
    expected = mandelbrot(*args)
    times = {}
    for name, jit in runners:
        f = jit(mandelbrot)
        got = f(*args)  # also compiles
        assert got == expected, f"{name}: {got} != {expected}"
        times[name] = best(f, *args, repeat=1 if name == "python" else repeat)
    w, h, m = args
    print(f"{'workload':34} " + " ".join(f"{name:>10}" for name in times) + "   hasten/numba  hasten/python")
    row = " ".join(f"{times[name] * 1e3:9.2f}ms" for name in times)
    ratios = f"{times['hasten'] / times['numba']:13.2f}x" if "numba" in times else f"{'':>14}"
    print(f"{f'mandelbrot {w}x{h}, {m} iterations':34} {row} {ratios} {times['hasten'] / times['python']:13.4f}x")


if __name__ == "__main__":
    main()
