"""Dump the Cranelift IR and `explain()` of every specialisation the test suite and the bench kernels
compile, to prove that a refactoring changed no generated code.

    python scripts/irdump.py OUT_FILE [pytest args...]

Runs pytest over tests/ with this file as a plugin that records every dispatcher `njit` creates, then
compiles the bench kernels at small sizes, and writes one text file: per function (module, qualified
name, first line), the sorted set of distinct (signature, IR, explain) listings. Hypothesis runs
derandomised and without its example database, so two runs of the same tree give the same bytes.
"""

import os
import re
import sys

_DISPATCHERS = []


def _key(d):
    func = d.py_func
    module = re.sub(r"_\d+$", "", func.__module__ or "?")
    return f"{module}:{func.__qualname__}:{func.__code__.co_firstlineno}"


# Addresses of the interned message strings differ from run to run (48-bit heap pointers).
_POINTER = re.compile(r"\b0x[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}\b(?!_)")


def _listings(d):
    out = set()
    for sig in d.signatures:
        try:
            ir = _POINTER.sub("<ptr>", d.inspect_ir(sig))
            out.add(f"--- {sig}\n{ir}\n--- explain\n{d.explain(sig)}")
        except Exception as e:  # a signature whose compile failed has no listing
            out.add(f"--- {sig}\n<{type(e).__name__}>")
    return out


def pytest_configure(config):
    from hypothesis import settings

    settings.register_profile("irdump", derandomize=True, database=None, print_blob=False)
    settings.load_profile("irdump")
    import hasten._decorators as decorators

    wrap = decorators._wrap

    def recording_wrap(func, options):
        d = wrap(func, options)
        _DISPATCHERS.append(d)
        return d

    decorators._wrap = recording_wrap


def _bench_kernels():
    """Compile the bench workloads (serial and parallel variants) at small sizes."""
    import numpy as np

    from hasten import njit, prange

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "bench"))
    import seedlib

    mod = seedlib.load(njit)
    for fname, _size, make in seedlib.WORKLOADS.values():
        getattr(mod, fname)(*make(12))
    for parallel in (False, True):
        pjit = njit(parallel=True) if parallel else njit
        par = seedlib.load(njit, source=os.path.join(here, "..", "bench", "parallel_kernels.py"),
                           pjit=pjit, prange=prange)
        rng = np.random.default_rng(0)
        par.basel(100)
        par.basel_range(1, 50)
        par.conv(rng.random((12, 12)), rng.random((3, 3)))
        par.process_image(np.zeros((6, 6)))
        par.process_rows(np.zeros((6, 6)), 1, 4)
        par.region(rng.random((8, 8)))


def main():
    out_path = sys.argv[1]
    import pytest

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    args = ["-q", "-p", "irdump", "-p", "no:cacheprovider", "tests/"] + sys.argv[2:]
    code = pytest.main(args)
    import irdump  # the plugin's module, which pytest imported under that name

    irdump._bench_kernels()
    by_key = {}
    for d in irdump._DISPATCHERS:
        by_key.setdefault(_key(d), set()).update(_listings(d))
    with open(out_path, "w") as f:
        for key in sorted(by_key):
            f.write(f"===== {key}\n")
            for listing in sorted(by_key[key]):
                f.write(listing + "\n")
    print(f"irdump: {len(by_key)} functions, pytest exit {code}, written to {out_path}")


if __name__ == "__main__":
    main()
