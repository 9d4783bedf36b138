"""hasten.bench: the seeds' measuring method as a library.

    from hasten import bench
    r = bench.compare(
        variants={"python": f_py, "hasten": njit(f_py)},
        setup=lambda n: (np.zeros((n, n)),),   # fresh argument tuple for size n
        sizes=[10, 20, 40],
    )
    print(r.table()); r.save_json("out.json"); r.plot("out.png")

What compare() does, per size:
  * first call of each variant on fresh inputs, timed alone (compile + run);
  * steady state: each variant's loop count is calibrated timeit-style (1, 2, 5, 10, ... calls
    per batch until a batch takes `batch_time`), then batches run round-robin over the variants
    (one batch of each per round) so machine drift hits all alike; min and median per call;
  * every batch call gets a fresh `setup(n)` tuple built before the batch starts (not timed), so
    in-place mutation cannot leak from one call into the next;
  * results are checked against the reference variant (the first by default): exact for
    bool/int arrays and scalars, |a - b| <= atol + rtol*|ref| for floats (rtol=1e-12, atol=0 by
    default); the first call and the last call of every batch are checked; max abs/rel error is
    recorded; a mismatch is reported, and raised only with raise_on_mismatch=True.  When a
    variant returns None its (mutated) arguments are compared instead.
  * complexity per variant: see hasten.bench._fit (log-log slope + best model by residual).

Files for `hasten bench FILE.py` declare a module-level dict:

    BENCH = {"sizes": [...], "setup": callable, "variants": {name: callable},
             # optional: "reference", "rtol", "atol", "check", "title", "threads", "set_threads"}
"""

import json
import math
import os
import platform
import statistics
import sys
import time

from hasten.bench import _fit

__all__ = ["compare", "Result", "machine_info", "compare_outputs", "fit", "load_file"]

fit = _fit.fit


# ---------------------------------------------------------------------------------------------
# machine info


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    """CPU, core count and versions, recorded with every result (timings mean little without)."""
    import numpy

    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
    }
    try:
        import hasten

        info["hasten"] = hasten.__version__
    except Exception:  # the harness still works on a broken build
        info["hasten"] = None
    try:
        import numba

        info["numba"] = numba.__version__
    except Exception:
        info["numba"] = None
    return info


# ---------------------------------------------------------------------------------------------
# result comparison


def compare_outputs(ref, out, rtol=1e-12, atol=0.0):
    """(equal, max_abs_err, max_rel_err, note) for one output against the reference's."""
    import numpy as np

    if isinstance(ref, tuple) and isinstance(out, tuple) and len(ref) == len(out):
        parts = [compare_outputs(a, b, rtol, atol) for a, b in zip(ref, out)]
        eq = all(p[0] for p in parts)
        mabs = max((p[1] for p in parts if p[1] is not None), default=None)
        mrel = max((p[2] for p in parts if p[2] is not None), default=None)
        return eq, mabs, mrel, "; ".join(p[3] for p in parts if p[3])
    try:
        a = np.asarray(ref)
        b = np.asarray(out)
    except Exception:
        return ref == out, None, None, ""
    if a.dtype.kind not in "biufc" or b.dtype.kind not in "biufc":
        try:
            return bool(ref == out), None, None, ""
        except Exception as exc:
            return False, None, None, f"cannot compare: {exc}"
    if a.shape != b.shape:
        return False, None, None, f"shape {b.shape} != reference {a.shape}"
    if a.size == 0:
        return True, 0.0, 0.0, ""
    exact = a.dtype.kind in "biu" and b.dtype.kind in "biu"
    a64 = a.astype(np.complex128 if "c" in (a.dtype.kind + b.dtype.kind) else np.float64)
    b64 = b.astype(a64.dtype)
    with np.errstate(all="ignore"):
        diff = np.abs(a64 - b64)
        # identical values (including matching infs/nans) have zero error
        same = (a64 == b64) | (np.isnan(a64) & np.isnan(b64))
        diff = np.where(same, 0.0, diff)
        diff = np.where(np.isnan(diff), np.inf, diff)
        rel = np.where(diff == 0, 0.0, diff / np.abs(a64))
    mabs = float(diff.max())
    mrel = float(rel.max())
    if exact:
        return mabs == 0.0, mabs, mrel, ""
    with np.errstate(invalid="ignore"):  # rtol * |nan| is nan: matched nans already have diff 0
        ok = (diff == 0) | (diff <= atol + rtol * np.abs(a64))
    return bool(np.all(ok)), mabs, mrel, ""


def _default_output(args, result):
    # in-place workloads (seed 000's process_image) return None: their arguments are the output
    return result if result is not None else tuple(args)


# ---------------------------------------------------------------------------------------------
# progress


class _Progress:
    """tqdm or rich when importable, else one rewritten stderr line; silent if stderr is no tty."""

    def __init__(self, total, desc, enabled=None):
        self.total, self.n, self.desc = total, 0, desc
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar = None
        if not self.enabled:
            return
        try:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False)
        except Exception:
            self.bar = None

    def update(self, label=""):
        self.n += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(label)
            self.bar.update(1)
        else:
            sys.stderr.write(f"\r{self.desc}: {self.n}/{self.total} {label[:40]:<40}")
            sys.stderr.flush()

    def close(self):
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.close()
        else:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# timing


def _fmt_time(t):
    if t is None or (isinstance(t, float) and math.isnan(t)):
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if t >= scale:
            return f"{t / scale:.3g} {unit}"
    return f"{t / 1e-9:.3g} ns"


def _batch(f, argsets, timer):
    """Time len(argsets) back-to-back calls; return (seconds per call, last result, last args)."""
    t0 = timer()
    for a in argsets:
        res = f(*a)
    t1 = timer()
    return (t1 - t0) / len(argsets), res, argsets[-1]


def compare(
    variants,
    setup,
    sizes,
    check=True,
    reference=None,
    rtol=1e-12,
    atol=0.0,
    raise_on_mismatch=False,
    fresh=True,
    output=None,
    batch_time=0.01,
    min_time=0.1,
    min_repeats=3,
    max_repeats=20,
    max_number=10**5,
    timer=time.perf_counter,
    threads=None,
    set_threads=None,
    progress=None,
    title="",
    notes=(),
    published=None,
):
    """Time and cross-check `variants` over `sizes`; return a Result.

    variants: {name: callable}; setup(n) -> argument tuple (called anew for every timed call when
    fresh=True); check: True (compare to the reference), False, or callable(ref, out) -> bool;
    output(args, result) -> value to compare (default: result, or the args if result is None);
    timer: clock in seconds (injectable for tests); threads + set_threads(k): after the size
    sweep, re-time every variant at the largest size with set_threads(k) for each k;
    published: {variant: text} figures from elsewhere to show beside ours.
    """
    names = list(variants)
    if not names:
        raise ValueError("compare() needs at least one variant")
    ref = reference if reference is not None else names[0]
    if ref not in variants:
        raise ValueError(f"reference {ref!r} is not a variant")
    output = output or _default_output
    records = {name: [] for name in names}
    bar = _Progress(len(sizes) * len(names), title or "bench", progress)

    def argsets(n, number):
        if fresh:
            return [tuple(setup(n)) for _ in range(number)]
        a = tuple(setup(n))
        return [a] * number

    def checked(rec, ref_out, args, res):
        if check is False or ref_out is None:
            return
        out = output(args, res)
        if callable(check):
            eq, mabs, mrel, note = bool(check(ref_out, out)), None, None, ""
        else:
            eq, mabs, mrel, note = compare_outputs(ref_out, out, rtol, atol)
        rec["checks"] += 1
        if not eq:
            rec["mismatches"] += 1
            rec["equal"] = False
            if note:
                rec["note"] = note
        for key, val in (("max_abs_err", mabs), ("max_rel_err", mrel)):
            if val is not None and (rec[key] is None or val > rec[key]):
                rec[key] = val
        if not eq and raise_on_mismatch:
            raise AssertionError(f"{rec['variant']} differs from {ref} at n={rec['size']}: "
                                 f"max abs err {mabs}, max rel err {mrel} {note}")

    for n in sizes:
        recs, ref_out = {}, None
        # first calls: reference first, so its output is known before the others are checked
        for name in [ref] + [x for x in names if x != ref]:
            rec = recs[name] = {
                "variant": name, "size": n, "first": None, "min": None, "median": None,
                "times": [], "number": 0, "equal": True, "checks": 0, "mismatches": 0,
                "max_abs_err": None, "max_rel_err": None, "error": None, "note": "",
            }
            args = tuple(setup(n))
            try:
                t0 = timer()
                res = variants[name](*args)
                rec["first"] = timer() - t0
            except Exception as exc:  # a broken variant is reported, not fatal
                rec["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                rec["equal"] = None
                continue
            if name == ref:
                ref_out = output(args, res)
            else:
                checked(rec, ref_out, args, res)
        live = [x for x in names if recs[x]["error"] is None]
        # calibrate loop counts timeit-style, then pick repeats to fill min_time
        plan = {}
        for name in live:
            number, per = 1, None
            try:
                while True:
                    per, _, _ = _batch(variants[name], argsets(n, number), timer)
                    if per * number >= batch_time or number >= max_number:
                        break
                    # timeit's 1, 2, 5, 10, 20, 50, ... ladder
                    number = min(max_number, number * 5 // 2 if str(number)[0] == "2" else number * 2)
            except Exception as exc:
                recs[name]["error"] = f"{type(exc).__name__}: {exc}"
                continue
            reps = int(min_time / max(per * number, 1e-9))
            plan[name] = [number, max(min_repeats, min(max_repeats, reps))]
        rounds = max((p[1] for p in plan.values()), default=0)
        for r in range(rounds):
            for name in plan:  # round-robin: each variant once per round
                number, reps = plan[name]
                if r >= reps or recs[name]["error"]:
                    continue
                try:
                    per, res, args = _batch(variants[name], argsets(n, number), timer)
                except Exception as exc:
                    recs[name]["error"] = f"{type(exc).__name__}: {exc}"
                    continue
                recs[name]["times"].append(per)
                recs[name]["number"] = number
                if name != ref:
                    checked(recs[name], ref_out, args, res)
        for name in names:
            rec = recs[name]
            if rec["times"]:
                rec["min"] = min(rec["times"])
                rec["median"] = statistics.median(rec["times"])
            records[name].append(rec)
            bar.update(f"{name} n={n}")
    bar.close()

    thread_times = {}
    if threads and set_threads is not None:
        n = sizes[-1]
        for k in threads:
            set_threads(k)
            for name in names:
                try:
                    vals = []
                    for _ in range(max(1, min_repeats)):
                        per, _, _ = _batch(variants[name], argsets(n, 1), timer)
                        vals.append(per)
                    thread_times.setdefault(name, {})[str(k)] = statistics.median(vals)
                except Exception as exc:
                    thread_times.setdefault(name, {})[str(k)] = f"{type(exc).__name__}: {exc}"

    complexity = {}
    for name in names:
        ok = [r for r in records[name] if r["median"]]
        complexity[name] = _fit.fit([r["size"] for r in ok], [r["median"] for r in ok])
    return Result(
        title=title, variants=names, sizes=list(sizes), reference=ref, rtol=rtol, atol=atol,
        records=records, complexity=complexity, threads=thread_times, machine=machine_info(),
        notes=list(notes), published=dict(published or {}),
    )


# ---------------------------------------------------------------------------------------------
# results


class Result:
    """Everything one compare() measured; records[variant] is a list of per-size dicts."""

    def __init__(self, title, variants, sizes, reference, rtol, atol, records, complexity,
                 threads, machine, notes, published):
        self.title, self.variants, self.sizes, self.reference = title, variants, sizes, reference
        self.rtol, self.atol, self.records, self.complexity = rtol, atol, records, complexity
        self.threads, self.machine, self.notes, self.published = threads, machine, notes, published

    def record(self, variant, size):
        return next(r for r in self.records[variant] if r["size"] == size)

    @property
    def all_equal(self):
        """True when no variant was found to differ from the reference (errors excluded)."""
        return all(r["equal"] is not False for recs in self.records.values() for r in recs)

    def to_dict(self):
        return {k: getattr(self, k) for k in (
            "title", "variants", "sizes", "reference", "rtol", "atol", "records", "complexity",
            "threads", "machine", "notes", "published")}

    def to_json(self):
        return json.dumps(self.to_dict(), indent=1, default=str)

    def save_json(self, path):
        with open(path, "w") as fh:
            fh.write(self.to_json())
        return path

    @classmethod
    def from_json(cls, text):
        return cls(**json.loads(text))

    def table(self):
        """Plain-text table: one row per variant and size, then a complexity line per variant."""
        head = ["variant", "n", "first call", "min", "median", "x ref", "check"]
        rows = []
        for name in self.variants:
            for r in self.records[name]:
                ref_med = self.record(self.reference, r["size"])["median"]
                speed = f"{ref_med / r['median']:.3g}x" if ref_med and r["median"] else "-"
                if r["error"]:
                    chk = "ERROR " + r["error"][:60]
                elif name == self.reference:
                    chk = "reference"
                elif r["checks"] == 0:
                    chk = "unchecked"
                else:
                    err = f" (max abs {r['max_abs_err']:.2g}, rel {r['max_rel_err']:.2g})" \
                        if r["max_abs_err"] else ""
                    chk = ("ok" if r["equal"] else f"DIFFERS {r['mismatches']}/{r['checks']}") + err
                    if r["note"]:
                        chk += " " + r["note"]
                rows.append([name, str(r["size"]), _fmt_time(r["first"]), _fmt_time(r["min"]),
                             _fmt_time(r["median"]), speed, chk])
        widths = [max(len(x) for x in col) for col in zip(head, *rows)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
        out = []
        if self.title:
            out += [self.title, "=" * len(self.title)]
        out += [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
        out.append("")
        out.append(f"complexity (log-log slope of median vs n; best model by residual), "
                   f"tolerance rtol={self.rtol:g} atol={self.atol:g}:")
        pw = max(len(n) for n in self.variants)
        for name in self.variants:
            c = self.complexity.get(name) or {}
            s = f"{c['slope']:.2f}" if c.get("slope") is not None else "-"
            pub = self.published.get(name)
            extra = f"   published, other machine: {pub}" if pub else ""
            out.append(f"  {name.ljust(pw)}  slope {s:>5}  {c.get('class') or '-':<10}{extra}")
        for name, per in self.threads.items():
            out.append(f"  threads {name}: " + ", ".join(
                f"{k}: {_fmt_time(v) if isinstance(v, float) else v}" for k, v in per.items()))
        for note in self.notes:
            out.append(f"note: {note}")
        m = self.machine
        out.append(f"machine: {m.get('cpu')}, {m.get('cores')} cores; Python {m.get('python')}, "
                   f"NumPy {m.get('numpy')}, hasten {m.get('hasten')}, numba {m.get('numba')}")
        return "\n".join(out)

    def plot(self, path):
        """Write a PNG: log-log median time vs n per variant, and speed-up bars at the largest n."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ImportError("Result.plot needs matplotlib: pip install matplotlib "
                              "(or pip install 'hasten[bench]')") from exc
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
        for name in self.variants:
            pts = [(r["size"], r["median"]) for r in self.records[name] if r["median"]]
            if pts:
                c = self.complexity.get(name) or {}
                lab = f"{name} ({c.get('class') or '?'})"
                ax1.loglog(*zip(*pts), marker="o", label=lab)
        ax1.set_xlabel("n")
        ax1.set_ylabel("median time per call (s)")
        ax1.legend(fontsize=7)
        ax1.set_title(self.title or "time vs size")
        big = self.sizes[-1]
        ref = self.record(self.reference, big)["median"]
        bars = [(name, ref / self.record(name, big)["median"]) for name in self.variants
                if ref and self.record(name, big)["median"]]
        if bars:
            ax2.bar([b[0] for b in bars], [b[1] for b in bars])
            ax2.set_yscale("log")
            ax2.tick_params(axis="x", labelrotation=30, labelsize=7)
        ax2.set_ylabel(f"speed-up vs {self.reference}")
        ax2.set_title(f"n = {big}")
        fig.tight_layout()
        fig.savefig(path, dpi=90)
        plt.close(fig)
        return path


# ---------------------------------------------------------------------------------------------
# user files for `hasten bench FILE.py`


def load_file(path):
    """Run a user file and return its BENCH dict (see the module docstring)."""
    import runpy

    ns = runpy.run_path(path, run_name="__hasten_bench__")
    spec = ns.get("BENCH")
    if not isinstance(spec, dict) or not {"sizes", "setup", "variants"} <= set(spec):
        raise ValueError(f"{path}: define BENCH = {{'sizes': [...], 'setup': f, 'variants': {{...}}}}")
    return spec


def run_file(path, **overrides):
    spec = dict(load_file(path))
    spec.setdefault("title", os.path.basename(path))
    spec.update(overrides)
    return compare(**spec)
