"""Compile time against function size: a generated function of N statement pairs, each sorting,
taking a median, summing along an axis and a histogram (about a hundred Cranelift blocks per pair),
compiled by hasten and by numba in fresh interpreters. A compiler whose time grows faster than the
function shows it here as a rising time per pair.

    python bench/compile_scaling.py [--sizes 25 50 100 200] [--repeat N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import importlib.util, json, sys, time
import numpy as np
tool, path = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("generated", path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
if tool == "hasten":
    from hasten import njit
else:
    from numba import njit
f = njit(mod.f)
a, m = np.linspace(-1.0, 1.0, 10), np.arange(12.0).reshape(3, 4)
t = time.perf_counter()
first = f(a, a[::-1].copy(), m)
first_call = time.perf_counter() - t
expected = mod.f(a, a[::-1].copy(), m)
assert first == expected if tool == "hasten" else abs(first - expected) <= 1e-9 * abs(expected), (first, expected)
print(json.dumps(first_call))
"""


def source(n):
    lines = ["import numpy as np", "", "", "def f(a, b, m):", "    x = 0.0"]
    for i in range(n):
        lines.append(f"    t{i} = np.sort(a) * {i}.0 + b")
        lines.append(f"    x += float(np.median(t{i})) + float(np.sum(m, axis={i % 2}).sum()) + float(np.histogram(a, 5)[0][0])")
    lines.append("    return x")
    return "\n".join(lines) + "\n"


def first_call(tool, path):
    out = subprocess.run([sys.executable, "-c", CHILD, tool, path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200])
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per figure (the best is kept)")
    parser.add_argument("--no-numba", action="store_true")
    args = parser.parse_args()
    tools = ["hasten"] + ([] if args.no_numba else ["numba"])
    print(f"{'pairs':>6} " + " ".join(f"{t + ' s':>10} {'ms/pair':>8}" for t in tools))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = os.path.join(tmp, f"generated_{n}.py")
            with open(path, "w") as fh:
                fh.write(source(n))
            row = [f"{n:>6}"]
            for tool in tools:
                best = min(first_call(tool, path) for _ in range(args.repeat))
                row.append(f"{best:>10.2f} {1000 * best / n:>8.1f}")
            print(" ".join(row), flush=True)


if __name__ == "__main__":
    main()
