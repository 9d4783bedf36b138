"""Thread scaling of prange loops (issue 4): hasten parallel=True against serial hasten, numba
parallel=True and the seeds' process-pool forms, in one table per workload.

Workloads (the loops are in bench/parallel_kernels.py), each parallel over its outer loop:
  basel          seed 003's sum of 1/k^2 for k in 1..N, N = 10**8; multiprocessing.Pool.starmap
                 over t ranges, as the seed does
  convolution    seed 001's 3x3 convolution (bounds test, no padding) at 1024^2; joblib over t
                 row blocks, each with a one-row halo
  process_image  seed 000's per-pixel process_image/slow_thing at 3000^2; joblib over t row blocks
                 (the seed's one task per pixel would be 9 million tasks)
For each thread count t in 1..T: steady state (best of timeit-style repeats, after a warm-up call)
of hasten and numba with set_num_threads(t), and of the process-pool form with t workers, each
running serial hasten on its chunk; speed-up over serial hasten; every result is checked against
serial hasten's. Process pools are timed warm; their first call on fresh workers is a column of its
own. Compile (first call) times are listed per workload. Last, the cost of entering a parallel
region: a prange loop over t trivial iterations, per call.

    python bench/parallel.py [--threads T] [--quick] [--json PATH] [--only NAME ...]

T defaults to the core count; above it, the thread pools are enlarged through NUMBA_NUM_THREADS
and HASTEN_NUM_THREADS (unless those are set). Variants that fail (hasten before parallel=True
exists, numba or joblib not installed) are shown as "-" with the reason below the table.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedlib  # noqa: E402
from seeds import fmt  # noqa: E402

KERNELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parallel_kernels.py")
TARGET = 1.8  # issue 4: hasten parallel at 2 threads vs serial hasten


def cpu_seconds():
    """(CPU seconds run by every process on the machine, by this one and its reaped children);
    the first is None where /proc/stat is missing (not Linux)."""
    import resource

    own = sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))
    try:
        with open("/proc/stat") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:9]]
    except OSError:
        return None, own
    # user nice system idle iowait irq softirq steal: all but idle and iowait kept a CPU from us
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK"), own


def error_text(exc):
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def chunks(lo, hi, t):
    """t contiguous (start, stop) ranges covering lo..hi, the first ones one longer if uneven."""
    q, r = divmod(hi - lo, t)
    edges = [lo + i * q + min(i, r) for i in range(t + 1)]
    return list(zip(edges[:-1], edges[1:]))


def returns_image(f):
    # process_image works in place: its output is the image
    def run(image):
        f(image)
        return image

    return run


# ----- workloads: args, how each compiled module is called, the process-pool split ------------


def workloads(quick, kernels):
    """{name: spec}. A spec's split(args, t) gives the t process-pool task argument tuples and
    combine(results, args) the output from their results."""

    def basel_split(args, t):
        return chunks(1, args[0], t)

    def conv_args(n):
        rng = np.random.default_rng(1)
        return rng.random((n, n)), rng.random((3, 3))

    def conv_split(args, t):
        arr, kernel = args
        halo = kernel.shape[0] // 2
        tasks = []
        for lo, hi in chunks(0, arr.shape[0], t):
            start = max(lo - halo, 0)
            tasks.append((arr[start:min(hi + halo, arr.shape[0])], kernel, lo - start, hi - lo))
        return tasks

    def process_split(args, t):
        n = args[0].shape[0]
        return [(n, lo, hi) for lo, hi in chunks(0, n, t)]

    n_basel = 10**7 if quick else 10**8
    n_conv = 512 if quick else 1024
    n_image = 1000 if quick else 3000
    return {
        "basel": dict(
            title=f"Basel sum (seed 003), N = {n_basel:.0e}", args=(n_basel,), call=lambda m: m.basel,
            # the serial forward sum is off by ~N*eps (6e-10 relative at 1e8); split sums are closer
            rtol=1e-9, pool="mp", task=kernels.basel_task, split=basel_split,
            combine=lambda results, args: sum(results)),
        "convolution": dict(
            title=f"3x3 convolution (seed 001), {n_conv}x{n_conv}", args=conv_args(n_conv),
            call=lambda m: m.conv, rtol=1e-12, pool="joblib", task=kernels.conv_task, split=conv_split,
            combine=lambda results, args: np.concatenate(results)),
        "process_image": dict(
            title=f"process_image (seed 000), {n_image}x{n_image}", args=(np.zeros((n_image, n_image)),),
            call=lambda m: returns_image(m.process_image), rtol=0.0, pool="joblib",
            task=kernels.process_task, split=process_split,
            combine=lambda results, args: np.concatenate(results, out=args[0])),
    }


# ----- variants: start(t) -> (callable, stop) -------------------------------------------------


def compiled_variant(module, call, set_threads):
    """A parallel=True copy: set_num_threads(t), then the compiled function."""

    def start(t):
        if isinstance(module, Exception):  # the copy failed to load (parallel=True unsupported)
            raise module
        if set_threads is None:
            raise RuntimeError("set_num_threads is missing")
        set_threads(t)
        return call(module), lambda: None

    return start


def pool_variant(kind, spec):
    """The seed's process-pool form with t workers, each running serial hasten on its chunk."""
    task, split, combine = spec["task"], spec["split"], spec["combine"]
    if kind == "joblib":

        def start(t):
            from joblib import Parallel, delayed
            from joblib.externals.loky import get_reusable_executor

            def run(*args):
                return combine(Parallel(n_jobs=t)(delayed(task)(*a) for a in split(args, t)), args)

            # loky keeps its workers between calls: shut them down so the next t starts fresh
            return run, lambda: get_reusable_executor(reuse=True).shutdown(wait=True)

        return start

    def start(t):
        # spawn, not fork: the parent has live OpenMP/hasten threads, which fork does not copy
        # (and spawn is what the seed's macOS Python did)
        pool = multiprocessing.get_context("spawn").Pool(t)

        def run(*args):
            return combine(pool.starmap(task, split(args, t)), args)

        return run, pool.terminate

    return start


def load_copy(names):
    """A fresh copy of the kernels with names() bound, or the exception that prevented it."""
    try:
        return seedlib.load(source=KERNELS, **names())
    except Exception as exc:  # noqa: BLE001  (hasten before parallel=True: raised at decoration)
        return exc


# ----- measuring ------------------------------------------------------------------------------


def check(compare_outputs, ref, out, rtol):
    eq, _, mrel, note = compare_outputs(ref, out, rtol=rtol)
    return bool(eq), (mrel or 0.0), note


def run_workload(spec, serial, parallel, threads, budget, repeat, compare_outputs):
    """serial: {name: compiled function}; parallel: {name: start}. Returns the JSON-able record."""
    args, rtol = spec["args"], spec["rtol"]
    rec = {"title": spec["title"], "rtol": rtol, "serial": {}, "first_call": {}, "rows": [], "errors": {}}
    ref = None
    for name, f in serial.items():
        try:
            a = seedlib.copy_args(args)
            t0 = time.perf_counter()
            out = f(*a)
            first = time.perf_counter() - t0
            if ref is None:  # serial hasten: the reference
                ref = out
            eq, mrel, note = check(compare_outputs, ref, out, rtol)
            rec["serial"][name] = {"first": first, "steady": seedlib.steady(f, args, budget, repeat),
                                   "equal": eq, "max_rel_diff": mrel, "note": note}
        except Exception as exc:  # noqa: BLE001
            rec["errors"][name] = error_text(exc)
            rec["serial"][name] = None
    base = (rec["serial"].get("hasten") or {}).get("steady")
    for t in threads:
        row = {"threads": t}
        for name, start in parallel.items():
            if name in rec["errors"]:
                row[name] = None
                continue
            stop = None
            try:
                # the first call at t: compile for the compiled variants (reported once), starting
                # the workers (which compile too) for the pools
                a = seedlib.copy_args(args)
                t0 = time.perf_counter()
                f, stop = start(t)
                out = f(*a)
                first = time.perf_counter() - t0
                if name not in rec["first_call"]:
                    rec["first_call"][name] = first
                eq, mrel, note = check(compare_outputs, ref, out, rtol)
                steady = seedlib.steady(f, args, budget, repeat)
                row[name] = {"time": steady, "first": first, "speedup": base / steady if base else None,
                             "equal": eq, "max_rel_diff": mrel, "note": note}
            except Exception as exc:  # noqa: BLE001
                rec["errors"][name] = error_text(exc)
                row[name] = None
            finally:
                if stop is not None:
                    stop()
        rec["rows"].append(row)
        print(f"... {spec['title']}: {t} thread(s) done", file=sys.stderr)
    return rec


def region_overhead(variants, threads, budget, repeat):
    """Per-call time of `region` on t elements (one trivial iteration per thread), per variant."""
    rows, errors = [], {}
    for t in threads:
        row = {"threads": t}
        for name, start in variants.items():
            if name in errors:
                continue
            try:
                f, _ = start(t)
                a = np.zeros(t)
                f(a)
                row[name] = seedlib.steady(f, (a,), budget, repeat)
            except Exception as exc:  # noqa: BLE001
                errors[name] = error_text(exc)
        rows.append(row)
    return {"rows": rows, "errors": errors}


# ----- output ---------------------------------------------------------------------------------


def print_table(rec, labels, pools, quick):
    print(rec["title"])
    for name, s in rec["serial"].items():
        if s:
            print(f"  serial {labels[name]}: {fmt(s['steady'])} (first call {fmt(s['first'])})"
                  + ("" if name == "hasten" else f", max rel diff {s['max_rel_diff']:.1e}"))
    firsts = [f"{labels[n]} {fmt(v)}" for n, v in rec["first_call"].items() if n not in pools]
    if firsts:
        print("  first call of the parallel versions (compile + run): " + ", ".join(firsts))
    names = [n for n in labels if rec["rows"] and n in rec["rows"][0]]
    head = f"  {'threads':>7}"
    for n in names:
        head += f" {labels[n]:>11} {'x':>6}" + (f" {'1st call':>9}" if n in pools else "")
    print(head)
    for row in rec["rows"]:
        line = f"  {row['threads']:>7}"
        for n in names:
            c = row.get(n)
            speedup = f"{c['speedup']:.2f}" if c and c["speedup"] else "-"
            line += f" {fmt(c['time']) if c else '-':>11} {speedup:>6}"
            if n in pools:
                line += f" {fmt(c['first']) if c else '-':>9}"
        print(line)
    cells = {n: [row[n] for row in rec["rows"] if row.get(n)] for n in names}
    diffs = [f"{labels[n]} {max(c['max_rel_diff'] for c in cs):.1e}"
             + ("" if all(c["equal"] for c in cs) else " DIFFERS") for n, cs in cells.items() if cs]
    if diffs:
        print(f"  max rel diff vs serial hasten (rtol {rec['rtol']:g}): " + ", ".join(diffs))
    two = next((row.get("hasten_par") for row in rec["rows"] if row["threads"] == 2), None)
    if any(row["threads"] == 2 for row in rec["rows"]):
        verdict = "-" if not two or not two["speedup"] else \
            f"{two['speedup']:.2f}x: {'met' if two['speedup'] >= TARGET and two['equal'] else 'NOT met'}"
        print(f"  issue 4 target, hasten par at 2 threads >= {TARGET}x serial hasten: {verdict}"
              + (" (at --quick sizes)" if quick else ""))
    for n, e in rec["errors"].items():
        print(f"  {labels.get(n, n)}: {e}")
    print()


def print_overhead(rec, labels):
    print("Entering a parallel region: prange over t trivial iterations (a[i] += 1.0), per call")
    names = [n for n in labels if n in rec["variants"]]
    print(f"  {'threads':>7}" + "".join(f" {labels[n]:>11}" for n in names))
    for row in rec["rows"]:
        print(f"  {row['threads']:>7}" + "".join(f" {fmt(row.get(n)):>11}" for n in names))
    for n, e in rec["errors"].items():
        print(f"  {labels[n]}: {e}")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=os.cpu_count(), metavar="T",
                    help="measure 1..T threads/workers (default: the core count)")
    ap.add_argument("--quick", action="store_true", help="smaller sizes and shorter timings")
    ap.add_argument("--json", metavar="PATH", help="write the results as JSON")
    ap.add_argument("--only", nargs="+", metavar="NAME",
                    choices=["basel", "convolution", "process_image", "overhead"], help="tables to run")
    opts = ap.parse_args()
    if opts.threads < 1:
        ap.error("--threads must be at least 1")
    if opts.threads > os.cpu_count():
        # the pools are sized at import; set_num_threads cannot go beyond them
        for var in ("NUMBA_NUM_THREADS", "HASTEN_NUM_THREADS"):
            os.environ.setdefault(var, str(opts.threads))

    import hasten
    from hasten.bench import compare_outputs, machine_info

    import parallel_kernels as kernels  # serial hasten, and the process pools' tasks

    notes = []
    try:
        import numba
    except ImportError as exc:
        numba = None
        notes.append(f"numba not importable ({exc}): numba columns skipped")
    try:
        import joblib
    except ImportError as exc:
        joblib = None
        notes.append(f"joblib not importable ({exc}): joblib columns show the error")

    threads = list(range(1, opts.threads + 1))
    budget, repeat = (0.15, 3) if opts.quick else (1.0, 5)
    labels = {"hasten": "hasten", "numba": "numba", "hasten_par": "hasten par", "numba_par": "numba par",
              "joblib": "joblib", "mp": "mp Pool"}
    pools = {"joblib", "mp"}
    hset = getattr(hasten, "set_num_threads", None)
    copies = {"hasten": kernels, "hasten_par": load_copy(lambda: dict(
        decorator=hasten.njit, pjit=hasten.njit(parallel=True), prange=hasten.prange))}
    setters = {"hasten_par": hset}
    if numba is not None:
        copies["numba"] = load_copy(lambda: dict(decorator=numba.njit, pjit=numba.njit, prange=numba.prange))
        copies["numba_par"] = load_copy(lambda: dict(
            decorator=numba.njit, pjit=numba.njit(parallel=True), prange=numba.prange))
        setters["numba_par"] = numba.set_num_threads

    info = machine_info()
    info["joblib"] = joblib.__version__ if joblib else None
    print(f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, NumPy {info['numpy']}, "
          f"hasten {info['hasten']}, numba {info['numba']}, joblib {info['joblib']}")
    print(f"threads 1..{opts.threads}; steady state = best of {repeat} timeit-style repeats "
          f"(~{budget:g} s each measurement){'; --quick sizes' if opts.quick else ''}; "
          "x = serial hasten time / this time")
    for note in notes:
        print("note: " + note)
    print()

    results = {"machine": info, "threads": threads, "quick": opts.quick, "workloads": {}}
    wall0, (all0, own0) = time.perf_counter(), cpu_seconds()
    for name, spec in workloads(opts.quick, kernels).items():
        if opts.only and name not in opts.only:
            continue
        call = spec["call"]
        serial = {n: call(copies[n]) for n in ("hasten", "numba") if n in copies}
        parallel = {n: compiled_variant(copies[n], call, setters[n]) for n in ("hasten_par", "numba_par")
                    if n in copies}
        parallel[spec["pool"]] = pool_variant(spec["pool"], spec)
        rec = results["workloads"][name] = run_workload(spec, serial, parallel, threads, budget, repeat,
                                                        compare_outputs)
        print_table(rec, labels, pools, opts.quick)

    if not opts.only or "overhead" in opts.only:
        variants = {n: (lambda m: lambda t: (m.region, None))(copies[n]) for n in ("hasten", "numba")
                    if n in copies}
        variants.update({n: compiled_variant(copies[n], lambda m: m.region, setters[n])
                         for n in ("hasten_par", "numba_par") if n in copies})
        rec = results["region_overhead"] = region_overhead(variants, threads, budget, repeat)
        rec["variants"] = list(variants)
        print_overhead(rec, labels)

    if numba is not None:
        try:
            results["numba_threading_layer"] = numba.threading_layer()
            print(f"numba threading layer: {results['numba_threading_layer']}")
        except ValueError:  # no numba parallel function ran
            pass
    print("process pools (mp Pool, joblib): t spawned workers, each running serial hasten on one of t "
          "chunks; '1st call' starts\n  the workers (import, compile) and runs once: what the seed's "
          "`with Pool(...)` pays on every call, joblib on its first (n_jobs=1 runs in-process)")
    (all1, own1), wall = cpu_seconds(), time.perf_counter() - wall0
    if all0 is not None:
        # timings, thread scaling most of all, mean little if something else ran meanwhile
        share = max(0.0, (all1 - all0) - (own1 - own0)) / (wall * os.cpu_count())
        results["other_cpu_share"] = share
        print(f"other processes (and the hypervisor) took {share:.0%} of the CPUs during the run"
              + ("" if share < 0.1 else ": the timings, thread scaling most of all, are understated"))
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump(results, fh, indent=2)
        print(f"wrote {opts.json}")


if __name__ == "__main__":
    main()
