"""hasten.bench: the harness catches wrong answers, separates compile time, fits complexity."""

import json
import math
import random
import time

import numpy as np
import pytest

from hasten import bench
from hasten.bench import _fit

FAST = dict(batch_time=0.0005, min_time=0.002, min_repeats=2, max_repeats=3)


def _sum_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def test_import_hasten_does_not_import_bench_or_numpy():
    import subprocess
    import sys

    code = "import sys, hasten; print('hasten.bench' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_wrong_variant_is_reported_with_max_error():
    r = bench.compare(
        {"ref": lambda a: a * 2, "same": lambda a: a + a, "wrong": lambda a: a * 2 + (a > 5)},
        lambda n: (np.arange(n, dtype=np.float64),), [8, 16], **FAST)
    assert not r.all_equal
    for n in (8, 16):
        assert r.record("same", n)["equal"] is True
        bad = r.record("wrong", n)
        assert bad["equal"] is False and bad["mismatches"] == bad["checks"] > 0
        assert bad["max_abs_err"] == 1.0
    assert "DIFFERS" in r.table()
    with pytest.raises(AssertionError, match="wrong differs"):
        bench.compare({"ref": lambda a: a, "wrong": lambda a: a + 1},
                      lambda n: (np.arange(n),), [4], raise_on_mismatch=True, **FAST)


def test_compare_outputs_rules():
    assert bench.compare_outputs(np.arange(4), np.arange(4))[0]
    assert not bench.compare_outputs(np.arange(4), np.arange(4) + [0, 0, 0, 1])[0]  # ints exact
    eq, mabs, mrel, _ = bench.compare_outputs(1.0, 1.0 + 1e-13)
    assert eq and mabs == pytest.approx(1e-13, rel=1e-2)
    assert not bench.compare_outputs(1.0, 1.0 + 1e-10)[0]  # beyond default rtol 1e-12
    assert bench.compare_outputs(1.0, 1.0 + 1e-10, rtol=1e-9)[0]
    assert not bench.compare_outputs(np.zeros(3), np.zeros(4))[0]
    assert bench.compare_outputs(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]))[0]


def test_broken_variant_is_reported_not_raised():
    def boom(a):
        raise ValueError("nope")

    r = bench.compare({"ref": _sum_loop, "boom": boom}, lambda n: (np.ones(n),), [4], **FAST)
    assert "ValueError: nope" in r.record("boom", 4)["error"]
    assert "ERROR" in r.table()


def _noisy(sizes, g, seed):
    rng = random.Random(seed)
    return [1e-6 * g(n) * math.exp(rng.gauss(0, 0.03)) for n in sizes]


@pytest.mark.parametrize("model,g,exponent", [
    ("O(n)", lambda n: n, 1.0),
    ("O(n log n)", lambda n: n * math.log(n), None),
    ("O(n^2)", lambda n: n * n, 2.0),
    ("O(n^3)", lambda n: n**3, 3.0),
    ("O(1)", lambda n: 1.0, 0.0),
    ("O(log n)", lambda n: math.log(n), None),
])
def test_fit_recovers_synthetic_models(model, g, exponent):
    sizes = [2**k for k in range(4, 16)]
    for seed in range(5):
        res = _fit.fit(sizes, _noisy(sizes, g, seed))
        assert res["class"] == model
        if exponent is not None:
            assert abs(res["slope"] - exponent) < 0.05


def test_fit_needs_two_sizes():
    assert _fit.fit([10], [1.0]) == {"slope": None, "class": None}


def test_injected_timer_makes_timing_deterministic():
    clock = [0.0]

    def timer():
        return clock[0]

    def linear(n):
        clock[0] += 1e-6 * n  # each call "takes" n microseconds on the fake clock

    def quadratic(n):
        clock[0] += 1e-8 * n * n

    r = bench.compare({"lin": linear, "quad": quadratic}, lambda n: (n,), [100, 200, 400, 800],
                      timer=timer, check=False, **FAST)
    assert r.record("lin", 400)["median"] == pytest.approx(400e-6)
    assert r.complexity["lin"]["slope"] == pytest.approx(1.0)
    assert r.complexity["quad"]["slope"] == pytest.approx(2.0)
    assert r.complexity["lin"]["class"] == "O(n)" and r.complexity["quad"]["class"] == "O(n^2)"


def test_real_timing_separates_n_from_n_squared():
    def lin(n):
        s = 0
        for i in range(n * n):
            s += i
        return s

    def quad(n):
        s = 0
        for i in range(n * n):
            for j in range(n):
                s += j
        return s

    # lin is n^2 iterations of the side and quad n^3: one extra power of n between them.
    # Sizes over a factor of 8 (a call takes ~0.02-200 ms), several repeats: the median shrugs off
    # a hiccup, and the wide span keeps a slowed size from bending the fit much. The true
    # difference is 1; 0.4 leaves room for a loaded machine and still tells them apart. A burst of
    # load from other processes can bend one run's slopes, so four runs are allowed; a harness
    # that cannot tell them apart fails all four.
    gaps = []
    for _ in range(4):
        r = bench.compare({"lin": lin, "quad": quad}, lambda n: (n,), [16, 32, 64, 128], check=False,
                          batch_time=0.005, min_time=0.03, min_repeats=5, max_repeats=7)
        gaps.append(r.complexity["quad"]["slope"] - r.complexity["lin"]["slope"])
        if gaps[-1] > 0.4:
            break
    assert gaps[-1] > 0.4, gaps


def test_first_call_is_timed_apart_from_steady_state():
    state = {"compiled": False}

    def slow_first(a):
        if not state["compiled"]:
            time.sleep(0.05)
            state["compiled"] = True
        return a + 1

    r = bench.compare({"ref": lambda a: a + 1, "jit": slow_first}, lambda n: (np.arange(n),),
                      [10], **FAST)
    rec = r.record("jit", 10)
    assert rec["first"] >= 0.05
    assert rec["median"] < 0.01 and rec["equal"]


def test_mutating_variants_get_fresh_inputs():
    def double_inplace(a):
        a *= 2
        return a.copy()

    calls = []

    def setup(n):
        calls.append(n)
        return (np.arange(n, dtype=np.float64),)

    r = bench.compare({"ref": lambda a: a * 2, "mut": double_inplace}, setup, [5, 50], **FAST)
    for n in (5, 50):
        rec = r.record("mut", n)
        assert rec["equal"] is True and rec["checks"] >= 2 and rec["mismatches"] == 0
    assert len(calls) > 10


def test_none_result_compares_mutated_arguments():
    def fill(a):
        a[:] = 3

    def fill_wrong(a):
        a[:-1] = 3

    r = bench.compare({"ref": fill, "bad": fill_wrong}, lambda n: (np.zeros(n),), [4], **FAST)
    assert r.record("bad", 4)["equal"] is False


def test_thread_sweep_calls_set_threads():
    seen = []
    r = bench.compare({"a": lambda n: n}, lambda n: (n,), [1, 2], threads=[1, 2],
                      set_threads=seen.append, **FAST)
    assert seen == [1, 2] and set(r.threads["a"]) == {"1", "2"}


def test_json_round_trip_table_and_machine(tmp_path):
    from hasten import njit

    r = bench.compare({"python": _sum_loop, "hasten": njit(_sum_loop)},
                      lambda n: (np.ones(n),), [100, 1000], title="sum", **FAST)
    text = r.to_json()
    data = json.loads(text)
    assert data["variants"] == ["python", "hasten"] and data["sizes"] == [100, 1000]
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu"]
    back = bench.Result.from_json(text)
    assert back.table() == r.table()
    p = r.save_json(tmp_path / "r.json")
    assert bench.Result.from_json(open(p).read()).records == back.records
    t = r.table()
    for word in ("sum", "python", "hasten", "reference", "ok", "slope", "machine:", "NumPy"):
        assert word in t


def test_plot_writes_png_or_explains(tmp_path):
    r = bench.compare({"a": lambda n: n, "b": lambda n: n}, lambda n: (n,), [1, 2], **FAST)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install matplotlib"):
            r.plot(tmp_path / "x.png")
    else:
        path = r.plot(tmp_path / "x.png")
        assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
