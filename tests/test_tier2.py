"""Tier 2 (LLVM through llvmlite): the same results as tier 1, bit for bit, and a promotion that is
safe while calls run on other threads, in parallel regions and across fork.

The whole suite also runs with HASTEN_TIER=2 (scripts/test.sh), which compiles every
specialisation with LLVM; these tests cover what that run cannot: the automatic policy, the swap,
and the boundaries of the feature."""

import math
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from hasten import _core, njit, prange
from conftest import assert_same, floats, run

pytest.importorskip("llvmlite", reason="tier 2 needs llvmlite (pip install 'hasten[llvm]')")


def kernels():
    def stats(a):
        s = 0.0
        m = -math.inf
        for i in range(a.shape[0]):
            s += a[i] * a[i] - 0.5 * a[i]
            m = max(m, math.sin(a[i]) + math.exp(-abs(a[i])))
        return s, m, np.sum(a), a.mean() if a.shape[0] else 0.0

    def axpy(a, x, y):
        out = np.empty_like(x)
        for i in range(x.shape[0]):
            out[i] = a * x[i] + y[i]
        return out

    def ints(v, k):
        t = 0
        for i in range(v.shape[0]):
            t = t * 31 + v[i] // (k | 1) - v[i] % 7
        return t

    def cumulative(a):
        out = np.zeros_like(a)
        for i in range(1, a.shape[0]):
            out[i] = out[i - 1] * 0.5 + a[i] ** 2 - math.floor(a[i]) + round(a[i])
        return out

    return stats, axpy, ints, cumulative


STATS, AXPY, INTS, CUMULATIVE = kernels()
TIER1 = {f.__name__: njit(tier=1)(f) for f in kernels()}
TIER2 = {f.__name__: njit(tier=2)(f) for f in kernels()}


def same_on_both_tiers(name, *args):
    """Tier 1, tier 2 and CPython agree: results, exceptions and arguments afterwards."""
    one, e1, a1 = run(TIER1[name], *args)
    two, e2, a2 = run(TIER2[name], *args)
    ref, e0, _ = run(TIER1[name].py_func, *args)
    assert (type(e1), str(e1)) == (type(e2), str(e2))
    if e1 is None:
        assert_same(two, one)
        if e0 is None and name != "stats":  # NumPy's sums round unlike CPython's loop only there
            assert_same(two, ref)
    for x, y in zip(a1, a2):
        if isinstance(x, np.ndarray):
            assert_same(y, x)


float_arrays = hnp.arrays(np.float64, st.integers(0, 70), elements=floats)


@settings(max_examples=60, deadline=None)
@given(float_arrays)
def test_float_kernels_are_bit_identical_across_tiers(a):
    same_on_both_tiers("stats", a)
    same_on_both_tiers("cumulative", a)
    same_on_both_tiers("axpy", 1.5, a, a[::-1].copy())
    same_on_both_tiers("axpy", -0.0, a, a)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.int64, st.integers(1, 40), elements=st.integers(-(2**62), 2**62)), st.integers(-5, 5))
def test_integer_overflow_and_division_raise_alike(v, k):
    same_on_both_tiers("ints", v, k)


def test_strided_and_empty_inputs():
    a = np.linspace(-3, 3, 41)
    same_on_both_tiers("axpy", 2.0, a[::3], a[1::3])
    same_on_both_tiers("axpy", 2.0, a[:0], a[:0])
    same_on_both_tiers("axpy", 2.0, a, a[:5])  # IndexError on both


def test_tier_is_reported():
    TIER2["axpy"](1.0, np.ones(3), np.ones(3))
    compiled = next(iter(TIER2["axpy"].overloads.values()))
    assert compiled.tier == 2 and compiled.tier2_compile_time > 0
    assert "tier 2 (LLVM" in TIER2["axpy"].explain()
    TIER1["axpy"](1.0, np.ones(3), np.ones(3))
    assert next(iter(TIER1["axpy"].overloads.values())).tier == 1
    assert "tier 1 (Cranelift)" in TIER1["axpy"].explain()
    stats = next(iter(TIER2["axpy"].stats.values()))
    assert stats["tier"] == 2 and stats["tier2_compile_time"] > 0 and stats["compile_time"] > 0
    listing = TIER2["axpy"].inspect_asm(tier=2)
    text = next(iter(listing.values()))
    assert "hasten_entry" in text and ("vmulpd" in text or "mulpd" in text or "mulsd" in text)
    # numba's inspect_llvm: per signature, the optimised LLVM IR (a string for one signature).
    ir = TIER1["axpy"].inspect_llvm()
    assert list(ir) == list(TIER1["axpy"].inspect_ir())
    sig = next(iter(ir))
    assert "define" in ir[sig] and "fmul" in ir[sig] and TIER1["axpy"].inspect_llvm(sig) == ir[sig]


def test_bad_tier_values_are_refused():
    with pytest.raises(ValueError, match="tier= must be 1, 2 or 'auto'"):
        njit(tier=3)


@pytest.fixture
def promote_at_once():
    _core._set_promote_after(0.0)
    yield
    _core._set_promote_after(0.2)


def wait_for_tier2(f, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        compiled = list(f.overloads.values())
        if compiled and compiled[0].tier == 2:
            return compiled[0]
        assert not compiled or compiled[0].tier2_error is None, compiled[0].tier2_error
        time.sleep(0.01)
    pytest.fail("not promoted")


def test_automatic_promotion_under_calls_from_eight_threads(promote_at_once):
    f = njit(tier="auto")(AXPY)
    x, y = np.linspace(0, 1, 1000), np.linspace(1, 2, 1000)
    expected = AXPY(2.5, x, y)
    failures = []

    def worker():
        for _ in range(300):
            got = f(2.5, x, y)
            if not np.array_equal(got, expected):
                failures.append(got)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_for_tier2(f)
    assert not failures
    assert np.array_equal(f(2.5, x, y), expected)


def test_promotion_while_a_parallel_region_runs(promote_at_once):
    @njit(parallel=True, tier="auto")
    def spread(a):
        out = np.empty_like(a)
        for i in prange(a.shape[0]):
            s = 0.0
            for j in range(200):
                s += math.sqrt(a[i] + j)
            out[i] = s
        return out

    a = np.linspace(0, 1, 20000)
    expected = spread.py_func(a)
    results = []
    long_call = threading.Thread(target=lambda: results.append(spread(a)))
    long_call.start()
    for _ in range(5):
        results.append(spread(a[:100]))
    long_call.join()
    wait_for_tier2(spread)
    assert_same(spread(a), expected)
    assert all(r.shape in ((20000,), (100,)) for r in results)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_fork_after_promotion():
    f = TIER2["cumulative"]
    a = np.linspace(-2, 2, 50)
    expected = f(a)
    pid = os.fork()
    if pid == 0:  # the child runs tier 2's code it inherited
        ok = np.array_equal(f(a), expected) and next(iter(f.overloads.values())).tier == 2
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0


def test_without_llvmlite_auto_stays_on_tier1_and_tier2_names_the_extra(tmp_path):
    script = tmp_path / "no_llvm.py"
    script.write_text(
        "import sys\n"
        "sys.modules['llvmlite'] = None\n"
        "import numpy as np\n"
        "from hasten import njit, _core\n"
        "_core._set_promote_after(0.0)\n"
        "def double_sum(a):\n"
        "    return a.sum() * 2\n"
        "f = njit(double_sum)\n"
        "for _ in range(5): assert f(np.ones(4)) == 8.0\n"
        "c = next(iter(f.overloads.values()))\n"
        "assert c.tier == 1 and 'hasten[llvm]' in c.tier2_error, c.tier2_error\n"
        "try:\n"
        "    f.inspect_llvm()\n"
        "    raise SystemExit('inspect_llvm() gave IR without llvmlite')\n"
        "except ImportError as e:\n"
        "    assert 'hasten[llvm]' in str(e), e\n"
        "g = njit(tier=2)(double_sum)\n"
        "try:\n"
        "    g(np.ones(4))\n"
        "except ImportError as e:\n"
        "    assert 'hasten[llvm]' in str(e), e\n"
        "    print('ok')\n"
    )
    env = dict(os.environ, HASTEN_TIER="auto")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr
