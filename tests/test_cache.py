"""cache=True: compiled machine code kept on disk and loaded by later processes.

Each test writes a module into a temporary directory and runs it in fresh interpreters; whether a
call compiled or loaded its code is read from `hasten.cache_stats()` and `Compiled.from_cache`,
never from timing."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

MODULE = '''
import numpy as np
from hasten import njit, prange

K = {k}

@njit(cache=True)
def helper(x):
    t = 0.0
    for i in range(3):
        t += x / (i + 1)
    return t

@njit(cache=True)
def kernel(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += helper(a[i]) * K
    if s > 1e12:
        raise ValueError("sum too large")
    return s

@njit(cache=True, parallel=True)
def par(a):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        out[i] = a[i] * {k} + 1.0
    return out
'''

RUNNER = '''
import json, sys
import numpy as np
import hasten, mod
a = np.arange(2000.0)
out = {}
out["kernel"] = mod.kernel(a)
out["kernel_int"] = mod.kernel(np.arange(5))
out["par"] = float(mod.par(a).sum())
try:
    mod.kernel(np.full(3, 1e13))
except ValueError as e:
    out["error"] = str(e)
out["from_cache"] = [c.from_cache for f in (mod.kernel, mod.par) for c in f.overloads.values()]
out["stats"] = hasten.cache_stats()
print(json.dumps(out))
'''


def _write_module(tmp_path, k=3, body=MODULE):
    (tmp_path / "mod.py").write_text(body.format(k=k))


def _run(tmp_path, env_extra=None, cache_dir=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"])
    env.pop("HASTEN_CACHE_DIR", None)
    if cache_dir is not None:
        env["HASTEN_CACHE_DIR"] = str(cache_dir)
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    env.update(env_extra or {})
    out = subprocess.run([sys.executable, "-c", RUNNER], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["warnings"] = out.stderr
    return result


def _expected(k):
    import numpy as np

    a = np.arange(2000.0)
    h = lambda x: sum(x / (i + 1) for i in range(3))  # noqa: E731
    kernel = 0.0
    for x in a:
        kernel += h(x) * k
    return kernel, float((a * k + 1.0).sum())


def _entries(d):
    return sorted(p for p in d.rglob("*.hastenc"))


def test_second_process_loads_every_specialisation(tmp_path):
    _write_module(tmp_path)
    first = _run(tmp_path, cache_dir=tmp_path / "cache")
    assert "Warning" not in first["warnings"]
    # kernel for float and int arrays, par, error call reuses the float specialisation.
    assert first["stats"] == {"hits": 0, "misses": 3, "rejected": 0, "stored": 3, "uncacheable": 0}
    assert first["from_cache"] == [False, False, False]
    assert len(_entries(tmp_path / "cache")) == 3
    second = _run(tmp_path, cache_dir=tmp_path / "cache")
    assert second["stats"] == {"hits": 3, "misses": 0, "rejected": 0, "stored": 0, "uncacheable": 0}
    assert second["from_cache"] == [True, True, True]
    kernel, par = _expected(3)
    for run in (first, second):
        assert run["kernel"] == kernel and run["par"] == par
        assert run["error"] == "sum too large"  # the message lives in the relocated data object
    assert first["kernel_int"] == second["kernel_int"]


def test_default_directory_is_pycache_beside_the_source(tmp_path):
    _write_module(tmp_path)
    _run(tmp_path)
    assert len(_entries(tmp_path / "__pycache__")) == 3
    assert _run(tmp_path)["stats"]["hits"] == 3


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_corrupt_entry_is_recompiled_not_loaded(tmp_path, damage):
    _write_module(tmp_path)
    _run(tmp_path, cache_dir=tmp_path / "cache")
    for path in _entries(tmp_path / "cache"):
        data = bytearray(path.read_bytes())
        if damage == "flip":
            data[len(data) * 3 // 4] ^= 0x10
        elif damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "garbage":
            data = bytearray(b"\x90" * len(data))
        else:
            data = bytearray()
        path.write_bytes(bytes(data))
    run = _run(tmp_path, cache_dir=tmp_path / "cache")
    assert run["stats"] == {"hits": 0, "misses": 3, "rejected": 3, "stored": 3, "uncacheable": 0}
    assert run["kernel"] == _expected(3)[0]
    assert _run(tmp_path, cache_dir=tmp_path / "cache")["stats"]["hits"] == 3


def test_a_changed_global_invalidates(tmp_path):
    _write_module(tmp_path, k=3)
    _run(tmp_path, cache_dir=tmp_path / "cache")
    _write_module(tmp_path, k=5)
    run = _run(tmp_path, cache_dir=tmp_path / "cache")
    # The entries of the old program are found under the same names and refused by their key.
    assert run["stats"]["hits"] == 0 and run["stats"]["rejected"] == 3
    assert (run["kernel"], run["par"]) == _expected(5)
    assert len(_entries(tmp_path / "cache")) == 3  # replaced, not accumulated


def test_a_changed_callee_source_invalidates(tmp_path):
    _write_module(tmp_path)
    _run(tmp_path, cache_dir=tmp_path / "cache")
    _write_module(tmp_path, body=MODULE.replace("t += x / (i + 1)", "t += x / (i + 2)"))
    run = _run(tmp_path, cache_dir=tmp_path / "cache")
    # `kernel` calls `helper`: its two entries are stale; `par` does not and is still a hit.
    assert run["stats"]["rejected"] == 2 and run["stats"]["hits"] == 1
    a = [float(x) for x in range(2000)]
    assert run["kernel"] == sum(sum(x / (i + 2) for i in range(3)) * 3 for x in a)


def test_two_processes_writing_the_same_entries(tmp_path):
    _write_module(tmp_path)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"])
    env["HASTEN_CACHE_DIR"] = str(tmp_path / "cache")
    procs = [
        subprocess.Popen([sys.executable, "-c", RUNNER], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    kernel, par = _expected(3)
    assert all(r["kernel"] == kernel and r["par"] == par for r in results)
    assert len(_entries(tmp_path / "cache")) == 3
    assert not list((tmp_path / "cache").rglob("*.tmp")), "a temporary file was left behind"
    assert _run(tmp_path, cache_dir=tmp_path / "cache")["stats"]["hits"] == 3


def test_a_source_directory_that_cannot_hold_pycache_falls_back_to_the_user_cache(tmp_path):
    _write_module(tmp_path)
    (tmp_path / "__pycache__").write_text("a file where the directory would go")
    first = _run(tmp_path)
    assert first["stats"]["stored"] == 3
    assert len(_entries(tmp_path / "user-cache" / "hasten")) == 3
    assert _run(tmp_path)["stats"]["hits"] == 3


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_source_directory_uses_the_user_cache(tmp_path):
    src = tmp_path / "pkg"
    src.mkdir()
    _write_module(src)
    src.chmod(0o555)
    try:
        env = {"PYTHONPATH": os.pathsep.join([str(src), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"])}
        first = _run(tmp_path, env_extra=env)
        assert first["stats"]["stored"] == 3
        assert _run(tmp_path, env_extra=env)["stats"]["hits"] == 3
    finally:
        src.chmod(0o755)


def test_an_unwritable_cache_directory_still_runs(tmp_path):
    _write_module(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    run = _run(tmp_path, cache_dir=blocker / "cache")
    assert run["stats"] == {"hits": 0, "misses": 3, "rejected": 0, "stored": 0, "uncacheable": 0}
    for name in ("kernel", "par"):
        assert f"RuntimeWarning: hasten: cannot cache {name}(): no writable cache directory" in run["warnings"]
    assert run["kernel"] == _expected(3)[0]


def test_explicit_signatures_are_cached(tmp_path):
    (tmp_path / "mod.py").write_text(
        textwrap.dedent(
            """
            from hasten import njit
            @njit(["float64(float64[:])", "int64(int64[:])"], cache=True)
            def kernel(a):
                s = a[0] * 0
                for x in a:
                    s += x
                return s
            par = kernel
            """
        )
    )
    runner = "import json, numpy as np, hasten, mod\nprint(json.dumps([mod.kernel(np.arange(4.0)), mod.kernel(np.arange(4)), hasten.cache_stats()]))"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"]), HASTEN_CACHE_DIR=str(tmp_path / "c"))
    outs = [json.loads(subprocess.run([sys.executable, "-c", runner], env=env, capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    assert outs[0][:2] == outs[1][:2] == [6.0, 6]
    assert outs[0][2]["stored"] == 2 and outs[1][2]["hits"] == 2 and outs[1][2]["misses"] == 0


def test_in_process_counters_and_flag(tmp_path, monkeypatch):
    import numpy as np

    import hasten

    monkeypatch.setenv("HASTEN_CACHE_DIR", str(tmp_path))
    f = hasten.njit(cache=True)(_cached_in_process)
    before = hasten.cache_stats()
    assert f(np.arange(3.0)) == 3.0
    after = hasten.cache_stats()
    assert after["misses"] + after["hits"] == before["misses"] + before["hits"] + 1
    (compiled,) = f.overloads.values()
    assert isinstance(compiled.from_cache, bool)
    assert "function" in compiled.inspect_ir()


def _cached_in_process(a):
    return a.sum()


def test_a_notebook_cell_is_cached_in_the_user_cache(tmp_path):
    runner = textwrap.dedent(
        """
        import json, linecache, hasten
        src = "from hasten import njit\\n@njit(cache=True)\\ndef cell(x):\\n    return x * 3 + 1\\n"
        name = "<ipython-input-5-feedbeef>"
        linecache.cache[name] = (len(src), None, src.splitlines(True), name)
        ns = {}
        exec(compile(src, name, "exec"), ns)
        print(json.dumps([ns["cell"](4), hasten.cache_stats()]))
        """
    )
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python", XDG_CACHE_HOME=str(tmp_path))
    env.pop("HASTEN_CACHE_DIR", None)
    outs = [json.loads(subprocess.run([sys.executable, "-c", runner], env=env, capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    assert outs[0][0] == outs[1][0] == 13
    assert outs[0][1]["stored"] == 1 and outs[1][1]["hits"] == 1
    assert len(_entries(tmp_path / "hasten")) == 1


def test_inner_functions_and_builtin_function_arguments_cache_and_frozen_arrays_do_not(tmp_path):
    (tmp_path / "mod.py").write_text(
        textwrap.dedent(
            """
            import operator
            import numpy as np
            from hasten import njit
            TABLE = np.array([1.0, 2.0, 3.0])
            @njit(cache=True)
            def closures(a, k):
                def g(i):
                    return a[i] * k
                return sum(g(i) for i in range(3)) + (lambda: k)()
            @njit(cache=True)
            def frozen(i):
                return TABLE[i]
            @njit(cache=True)
            def takes(fn, x):
                return fn(x, 2)
            """
        )
    )
    runner = ("import json, numpy as np, operator, hasten, mod\n"
              "print(json.dumps([mod.closures(np.ones(3), 2.0), mod.frozen(1), mod.takes(operator.add, 3), hasten.cache_stats()]))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"]), HASTEN_CACHE_DIR=str(tmp_path / "c"))
    outs = [json.loads(subprocess.run([sys.executable, "-c", runner], env=env, capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    assert outs[0][:3] == outs[1][:3] == [8.0, 2.0, 5]
    # The function with inner functions and the one taking a builtin function are stored and then
    # loaded; the frozen array's compiled code holds this process's addresses and is not.
    assert outs[0][3]["stored"] == 2 and outs[1][3]["hits"] == 2 and outs[1][3]["stored"] == 0
