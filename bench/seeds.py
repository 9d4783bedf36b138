"""Benchmark of the seed workloads: CPython vs hasten vs numba (when importable), in one process.

For each workload: plain Python time, first call (compile + run) of hasten and numba on fresh
functions, steady state (best of timeit-style repeats), the hasten/numba steady-state ratio, and
whether each compiled result equals CPython's, and the geometric mean of the ratios over the
workloads where both compiled results equal CPython's (a ratio to a wrong answer measures nothing). Also `import` time of hasten and numba (fresh
interpreters) and the per-call overhead of `f(x): return x + 1`.

    python bench/seeds.py [--json PATH] [--budget SECONDS] [--only NAME ...]
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import timeit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedlib  # noqa: E402


def fmt(t):
    if t is None:
        return "-"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    if t >= 1e-6:
        return f"{t * 1e6:.2f} us"
    return f"{t * 1e9:.0f} ns"


def import_time(module, runs=3):
    """Best wall time of `import module` in a fresh interpreter (None if it fails)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    best = None
    for _ in range(runs):
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if p.returncode != 0:
            return None
        t = float(p.stdout.strip().splitlines()[-1])
        best = t if best is None else min(best, t)
    return best


def call_overhead(f):
    f(1)  # compile
    t = timeit.Timer("f(1)", globals={"f": f})
    number, _ = t.autorange()
    return min(t.repeat(repeat=5, number=number)) / number


def inc(x):
    return x + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", metavar="PATH", help="write the results as JSON")
    ap.add_argument("--budget", type=float, default=0.5, help="seconds per steady-state measurement")
    ap.add_argument("--only", nargs="*", help="workload names to run")
    opts = ap.parse_args()

    import hasten

    try:
        import numba
    except ImportError as e:
        numba = None
        print(f"note: numba not importable ({e}); numba columns skipped")

    compilers = {"hasten": hasten.njit}
    if numba is not None:
        compilers["numba"] = numba.njit
    py = seedlib.load()
    results = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.processor() or platform.machine(),
        "hasten": getattr(hasten, "__version__", "?"),
        "numba": numba.__version__ if numba else None,
        "workloads": {},
    }

    for name, (fn, n, make) in seedlib.WORKLOADS.items():
        if opts.only and name not in opts.only:
            continue
        args = make(n)
        pf = getattr(py, fn)
        row = {"function": fn, "size": n, "python": seedlib.steady(pf, args, budget=opts.budget, repeat=3)}
        for cname, deco in compilers.items():
            mod = seedlib.load(deco)  # fresh functions: the first call compiles
            f = getattr(mod, fn)
            try:
                row[f"{cname}_first"] = seedlib.first_call(f, args)
                row[f"{cname}_equal"] = seedlib.agree(pf, f, args)
                row[f"{cname}_steady"] = seedlib.steady(f, args, budget=opts.budget)
            except Exception as e:  # noqa: BLE001  (e.g. numba rejecting a construct)
                row[f"{cname}_error"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                row[f"{cname}_first"] = row[f"{cname}_steady"] = None
                row[f"{cname}_equal"] = False
        hs, nb = row.get("hasten_steady"), row.get("numba_steady")
        row["hasten_over_numba"] = hs / nb if hs and nb else None
        row["speedup_vs_python"] = row["python"] / hs if hs else None
        results["workloads"][name] = row
        print(f"... {name} done", file=sys.stderr)

    results["import_s"] = {"hasten": import_time("hasten"), "numba": import_time("numba") if numba else None,
                           "numpy": import_time("numpy")}
    overhead = {"python": call_overhead(inc)}
    for cname, deco in compilers.items():
        overhead[cname] = call_overhead(deco(inc))
    results["call_overhead_s"] = overhead

    print()
    head = f"{'workload':<18} {'size':>9} {'python':>10} {'hasten 1st':>11} {'numba 1st':>11} {'hasten':>10} {'numba':>10} {'h/n':>6} {'vs py':>7}  equal(h,n)"
    print(head)
    print("-" * len(head))
    for name, r in results["workloads"].items():
        ratio = f"{r['hasten_over_numba']:.2f}" if r["hasten_over_numba"] else "-"
        sp = f"{r['speedup_vs_python']:.0f}x" if r["speedup_vs_python"] else "-"
        eq = f"{'yes' if r.get('hasten_equal') else 'NO'},{('yes' if r.get('numba_equal') else 'no') if numba else '-'}"
        print(f"{name:<18} {r['size']:>9} {fmt(r['python']):>10} {fmt(r.get('hasten_first')):>11} {fmt(r.get('numba_first')):>11} "
              f"{fmt(r.get('hasten_steady')):>10} {fmt(r.get('numba_steady')):>10} {ratio:>6} {sp:>7}  {eq}")
        for c in compilers:
            if r.get(f"{c}_error"):
                print(f"    {c} failed: {r[c + '_error']}")
    fair = {k: r["hasten_over_numba"] for k, r in results["workloads"].items()
            if r["hasten_over_numba"] and r.get("hasten_equal") and r.get("numba_equal")}
    if fair:
        results["geomean_hasten_over_numba"] = math.exp(sum(map(math.log, fair.values())) / len(fair))
        left_out = [k for k in results["workloads"] if k not in fair]
        print(f"\ngeometric mean of h/n where both results equal CPython's: {results['geomean_hasten_over_numba']:.2f}"
              + (f" (left out: {', '.join(left_out)})" if left_out else ""))
    print()
    imp = results["import_s"]
    print(f"import time (fresh interpreter): hasten {fmt(imp['hasten'])}, numba {fmt(imp['numba'])}, numpy {fmt(imp['numpy'])}")
    print("call overhead of f(x): return x + 1: " + ", ".join(f"{k} {fmt(v)}" for k, v in overhead.items()))
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump(results, fh, indent=2)
        print(f"wrote {opts.json}")


if __name__ == "__main__":
    main()
