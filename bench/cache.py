"""What `cache=True` saves: the first call of each seed workload in a fresh process, compiled versus
loaded from the on-disk cache, for hasten and for numba.

For each workload and configuration a fresh interpreter loads the seed workloads with the
decorator and times compiling (or loading) the specialisation for the workload's arguments, which
is what its first call costs beyond a later one (`f.compile(...)` for numba, the same entry point
explicit signatures use for hasten), then runs it once. Cached
configurations are populated by one untimed process first. hasten's figures also give the
compile-or-load part alone (`f.stats`), and each cached hasten run checks that it was a hit
(`hasten.cache_stats()`), so a figure can never be a silent recompile.

    python bench/cache.py [--repeat N] [--only NAME ...] [--json PATH]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedlib  # noqa: E402
from seeds import fmt  # noqa: E402

CHILD = r"""
import json, sys, time
sys.path.insert(0, {bench!r})
import seedlib
tool, cached, name = {tool!r}, {cached!r}, {name!r}
if tool == "hasten":
    import hasten
    decorator = hasten.njit(cache=cached)
else:
    import numba
    decorator = numba.njit(cache=cached)
# Registered in sys.modules under a fixed name: numba's cache pickles references to the module.
import importlib.util
spec = importlib.util.spec_from_file_location("seed_workloads_cached", seedlib.SOURCE)
mod = importlib.util.module_from_spec(spec)
mod.jit = decorator
sys.modules[spec.name] = mod
spec.loader.exec_module(mod)
fname, n, make = seedlib.WORKLOADS[name]
args = make(n)
f = getattr(mod, fname)
# Compiling (or loading) for the arguments' types without running, so that the run's own time and
# its noise stay out of the figure: what a first call costs beyond a later one.
t = time.perf_counter()
if tool == "hasten":
    f._compile_signature([hasten.typeof(a) for a in args])
else:
    f.compile(tuple(numba.typeof(a) for a in args))
out = {{"first": time.perf_counter() - t}}
f(*args)
if tool == "hasten":
    (compiled,) = f.overloads.values()
    out["compile_or_load"] = compiled.compile_time
    out["stats"] = hasten.cache_stats()
print(json.dumps(out))
"""


def child(tool, cached, name, cache_dir):
    env = dict(os.environ, HASTEN_CACHE_DIR=cache_dir, NUMBA_CACHE_DIR=cache_dir)
    code = CHILD.format(bench=os.path.dirname(os.path.abspath(__file__)), tool=tool, cached=cached, name=name)
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{tool} {name}: {p.stderr.strip().splitlines()[-1:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def measure(tool, cached, name, repeat):
    """Best first call over `repeat` fresh processes (after one populating run when cached)."""
    with tempfile.TemporaryDirectory() as d:
        if cached:
            child(tool, True, name, d)
        runs = [child(tool, cached, name, d) for _ in range(repeat)]
    if tool == "hasten" and cached:
        assert all(r["stats"]["hits"] == 1 and r["stats"]["misses"] == 0 for r in runs), runs
    return min(runs, key=lambda r: r["first"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--json")
    opts = ap.parse_args()
    try:
        import numba  # noqa: F401

        tools = ["hasten", "numba"]
    except ImportError:
        tools = ["hasten"]
    rows = {}
    # First-call cost beyond a run, and the part of hasten's inside the compiler or the loader.
    header = f"{'workload':<18} {'hasten compile':>15} {'hasten cached':>14} {'(compile)':>10} {'(load)':>9}"
    if "numba" in tools:
        header += f" {'numba compile':>14} {'numba cached':>13}"
    print(header)
    for name in opts.only or seedlib.WORKLOADS:
        row = {}
        for tool in tools:
            for cached in (False, True):
                row[f"{tool}_{'cached' if cached else 'compile'}"] = measure(tool, cached, name, opts.repeat)
        rows[name] = row
        line = (
            f"{name:<18} {fmt(row['hasten_compile']['first']):>15} {fmt(row['hasten_cached']['first']):>14} "
            f"{fmt(row['hasten_compile']['compile_or_load']):>10} {fmt(row['hasten_cached']['compile_or_load']):>9}"
        )
        if "numba" in tools:
            line += f" {fmt(row['numba_compile']['first']):>14} {fmt(row['numba_cached']['first']):>13}"
        print(line, flush=True)
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
