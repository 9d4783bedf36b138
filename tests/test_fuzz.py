"""A short seeded run of the differential fuzzer (tests/fuzz): generated programs must agree with
CPython on every edge input, and nothing may crash. A failure prints the shrunk repro."""

import os
import subprocess
import sys

import hasten

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_seeded_fuzz_run_agrees_with_cpython():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(hasten.__file__)), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz", "--seed", "ci", "--count", "250", "--seconds", "50"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    total = int(out.split("programs in")[0].split()[-1])
    assert total >= 20, out  # the run must have exercised enough programs to mean something
    assert "refused at compile time" in out


SLOW_REFERENCE = """import math
import numpy as np


def g(a, b, m, v, n, x):
    return x, n, a


def f(a, b, m, v, n, x):
    s = 0
    for i in range(K):
        s += i % 7
    return s
"""


def _driver():
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from tests.fuzz import __main__ as driver
    from tests.fuzz import runner

    return driver, runner


def test_phases_announce_reference_and_hasten_runs():
    _, runner = _driver()
    seen = []
    out = runner.run_program(SLOW_REFERENCE.replace("K", "3"), "phases", only=1, tag="ph", phase=seen.append)
    assert out[0] == "ok", out
    assert seen == ["ref", "jit", "ref"]


def test_a_slow_traced_reference_is_not_a_hasten_hang(monkeypatch):
    """The CPython reference runs under a type tracer many times slower than the program: it does
    not count against the hang limit, which is hasten's alone."""
    import time

    driver, runner = _driver()
    # A reference taking about three seconds traced, whatever this machine's speed.
    t0 = time.monotonic()
    runner._call(runner._load(SLOW_REFERENCE.replace("K", "20000"), "<fuzz-cal-py>", False), runner.inputs("slow")[0], {})
    k = int(20000 * 3.0 / max(time.monotonic() - t0, 1e-3))
    monkeypatch.setenv("HASTEN_TIER", "1")  # Cranelift compiles this in well under the limit
    worker = driver.Worker(timeout=1.0, ref_timeout=120)
    try:
        t0 = time.monotonic()
        out = worker.run(SLOW_REFERENCE.replace("K", str(k)), "slow", only=0)
        took = time.monotonic() - t0
    finally:
        worker.close()
    assert out[0] == "ok", out
    assert took > 2.0, "the reference was meant to outlast the hang limit"
