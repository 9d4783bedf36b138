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
