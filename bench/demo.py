"""Demo: each seed workload in plain Python and compiled by hasten -- same answers, much faster."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedlib  # noqa: E402


def fmt(t):
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    return f"{t * 1e6:.1f} us"


def main():
    t0 = time.perf_counter()
    import hasten

    import_s = time.perf_counter() - t0
    print(f"import hasten: {fmt(import_s)}")
    py = seedlib.load()
    hs = seedlib.load(hasten.njit)
    rows = []
    all_equal = True
    for name, (fn, n, make) in seedlib.WORKLOADS.items():
        args = make(n)
        pf, hf = getattr(py, fn), getattr(hs, fn)
        t_py = seedlib.first_call(pf, args)
        t_first = seedlib.first_call(hf, args)
        equal = seedlib.agree(pf, hf, args)
        all_equal &= equal
        t_steady = seedlib.steady(hf, args, budget=0.3)
        print(f"{name}: equal: {'yes' if equal else 'NO'}")
        rows.append((name, n, t_py, t_first, t_steady, t_py / t_steady))
    head = ("workload", "size", "python", "hasten 1st call", "hasten steady", "speed-up")
    print()
    print(f"{head[0]:<18} {head[1]:>10} {head[2]:>11} {head[3]:>16} {head[4]:>14} {head[5]:>9}")
    for name, n, tp, tf, ts, sp in rows:
        print(f"{name:<18} {n:>10} {fmt(tp):>11} {fmt(tf):>16} {fmt(ts):>14} {sp:>8.0f}x")
    print()
    print("all results equal to CPython:", "yes" if all_equal else "NO")
    parallel_ok = parallel_basel(hasten)
    return 0 if all_equal and parallel_ok else 1


def parallel_basel(hasten):
    """The Basel sum with `prange` under parallel=True, on 1 to all threads, against serial hasten."""
    kernels = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parallel_kernels.py")
    serial = seedlib.load(hasten.njit, source=kernels, pjit=hasten.njit, prange=hasten.prange).basel
    par = seedlib.load(hasten.njit, source=kernels, pjit=hasten.njit(parallel=True), prange=hasten.prange).basel
    n = 30_000_000
    ref = serial(n)
    t_serial = seedlib.steady(serial, (n,), budget=0.3)
    print()
    print(f"Basel sum with prange, N = {n:.0e}: serial hasten {fmt(t_serial)}")
    ok = True
    for t in range(1, hasten.get_num_threads() + 1):
        hasten.set_num_threads(t)
        got = par(n)
        # Chunks sum in another order; the serial running sum itself carries ~1e-10 of rounding here.
        rel = abs(got - ref) / abs(ref)
        ok &= rel <= 1e-9
        ts = seedlib.steady(par, (n,), budget=0.3)
        print(f"  {t} thread(s): {fmt(ts):>10}  {t_serial / ts:4.2f}x serial, relative difference {rel:.1e}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
