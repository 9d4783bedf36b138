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
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
