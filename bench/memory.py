"""Peak memory of loops that make temporary arrays, under hasten, numba and plain NumPy.

    python bench/memory.py [--quick]

Each (workload, runner) runs in a fresh subprocess: the function is compiled and run once on a tiny
input, the process's peak RSS is reset to its current RSS (Linux: ``/proc/self/clear_refs``), and
the peak after the measured calls minus the RSS before them is what the calls held at their peak. tracemalloc cannot see the buffers of compiled code, hence RSS.
These are the yardsticks of the memory-model issue: compiled code that frees temporaries in the
iteration that made them stays near numba's figure.
"""

import argparse
import json
import subprocess
import sys
import textwrap

# Workloads: source of `kernel(n, steps)`, the measured arguments, the warm-up arguments.
WORKLOADS = {
    "temporaries": (
        """
        def kernel(n, steps):
            s = 0.0
            for k in range(steps):
                t = np.ones(n)
                s += t.sum()
            return s
        """,
        (125_000, 2_000),
        (10, 2),
    ),
    "heat_rebind": (
        """
        def kernel(n, steps):
            u = np.zeros(n)
            u[n // 2] = 1.0
            r = 0.25
            for k in range(steps):
                v = u.copy()
                v[1:-1] = u[1:-1] + r * (u[2:] - 2.0 * u[1:-1] + u[:-2])
                u = v
            return u.sum()
        """,
        (1_000_000, 200),
        (10, 2),
    ),
    "new_array_per_call": (
        """
        def kernel(n, steps):
            return np.ones(n) * steps
        """,
        (1_000, 1),
        (10, 1),
    ),
}

RUNNER = """
import json, sys, time
import numpy as np
runner, calls = sys.argv[1], int(sys.argv[2])
src = sys.stdin.read()
# The compilers read a function's source through linecache, as they would from a file.
import linecache
linecache.cache["<memory-bench>"] = (len(src), None, src.splitlines(True), "<memory-bench>")
scope = {"np": np}
exec(compile(src, "<memory-bench>", "exec"), scope)
kernel = scope["kernel"]
if runner == "hasten":
    from hasten import njit
    kernel = njit(kernel)
elif runner == "numba":
    from numba import njit
    kernel = njit(kernel)
warm, args = json.loads(sys.argv[3]), json.loads(sys.argv[4])
kernel(*warm)


def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


before = status("VmRSS")
# Reset the peak (VmHWM) to the current RSS, so that the peak read below is the call's own.
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
t0 = time.perf_counter()
for _ in range(calls):
    kernel(*args)
elapsed = time.perf_counter() - t0
print(json.dumps({"growth_mb": (status("VmHWM") - before) / 1024, "seconds": elapsed}))
"""


def measure(runner, source, args, warm, calls):
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, runner, str(calls), json.dumps(list(warm)), json.dumps(list(args))],
        input=textwrap.dedent(source), capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the steps and calls")
    opts = ap.parse_args()
    runners = ["python", "hasten"]
    try:
        import numba  # noqa: F401

        runners.append("numba")
    except ImportError:
        print("numba is not installed: its column is left out")
    print(f"{'workload':<20} {'runner':<8} {'peak growth':>12} {'time':>10}")
    for name, (source, args, warm) in WORKLOADS.items():
        calls = 1
        if name == "new_array_per_call":
            calls = 100_000 if opts.quick else 1_000_000
        elif opts.quick:
            args = (args[0], max(1, args[1] // 10))
        for runner in runners:
            if runner == "python" and name == "new_array_per_call" and not opts.quick:
                continue
            r = measure(runner, source, args, warm, calls)
            if "error" in r:
                print(f"{name:<20} {runner:<8} {'error: ' + r['error'][:60]}")
                continue
            print(f"{name:<20} {runner:<8} {r['growth_mb']:>9.1f} MB {r['seconds']:>9.3f}s")


if __name__ == "__main__":
    main()
