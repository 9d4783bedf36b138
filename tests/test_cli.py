"""The `hasten` command: python -m hasten bench seeds / bench FILE / profile SCRIPT."""

import json
import subprocess
import sys
import textwrap


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "hasten", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)  # a hang guard, not a speed test


def test_bench_seeds_quick(tmp_path):
    p = _run("bench", "seeds", "--quick", "--out", str(tmp_path))
    assert p.returncode == 0, p.stderr
    for name in ("process_image", "silly_sum", "convolution", "laplacian", "second_derivative",
                 "list_add", "basel"):
        data = json.loads((tmp_path / f"{name}.json").read_text())
        assert "hasten" in data["variants"]
        assert all(r["error"] is None for r in data["records"]["hasten"]), name
        assert all(r["equal"] for r in data["records"]["hasten"]), name
    assert "published, other machine" in p.stdout and "372 ms" in p.stdout


def test_bench_seeds_only_and_unknown(tmp_path):
    p = _run("bench", "seeds", "--quick", "--only", "nope", "--out", str(tmp_path))
    assert p.returncode == 2 and "unknown seed benchmark" in p.stderr


def test_bench_user_file(tmp_path):
    f = tmp_path / "mybench.py"
    f.write_text(textwrap.dedent("""
        import numpy as np
        from hasten import njit

        def total(a):
            s = 0.0
            for i in range(a.shape[0]):
                s += a[i]
            return s

        BENCH = {"sizes": [10, 100], "setup": lambda n: (np.ones(n),),
                 "variants": {"python": total, "hasten": njit(total), "numpy": np.sum},
                 "min_time": 0.001, "batch_time": 0.0005, "min_repeats": 1}
    """))
    p = _run("bench", str(f), "--out", str(tmp_path / "out"))
    assert p.returncode == 0, p.stdout + p.stderr
    data = json.loads((tmp_path / "out" / "mybench.json").read_text())
    assert data["variants"] == ["python", "hasten", "numpy"]
    assert "mybench.py" in p.stdout and "hasten" in p.stdout


def test_profile_reports_compilable_and_not(tmp_path):
    s = tmp_path / "script.py"
    s.write_text(textwrap.dedent("""
        import sys
        import numpy as np

        def good(a):
            s = 0.0
            for i in range(a.shape[0]):
                s += a[i]
            return s

        def bad(a):
            return [(t := x * x) for x in a]

        def never(x):
            return x

        a = np.arange(10.0)
        good(a)
        bad(a)
        a[:] = -1  # mutation after the call must not change the recorded arguments
        print("args", sys.argv[1:])
    """))
    p = _run("profile", str(s), "one", "two")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "args ['one', 'two']" in out
    assert "cumulative" in out
    assert "good: compiles" in out
    line = next(ln for ln in out.splitlines() if " bad: " in ln)
    assert "assignment expressions (:=) are not supported" in line and "script.py:12" in line
    assert "never: not called" in out
