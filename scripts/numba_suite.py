"""Run numba's own test files against hasten: numba's `jit`/`njit` replaced by hasten's `njit`.

    python scripts/numba_suite.py [FILE ...] [--timeout S] [--log PATH] [--report-only]

A measure of breadth, and a source of the code numba users write: each test compiles its functions with
hasten and checks them as numba's authors check numba. Tests of numba's internals (its type objects,
dispatcher attributes, object mode, extension API) fail under hasten by design, so the pass rate is a
floor. Prints each file's passed/failed counts and the most common failure messages. Not part of CI:
it needs numba and takes about half an hour for the default files.
"""

import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

CORE = """test_builtins test_lists test_dicts test_sets test_tuples test_unicode test_complex test_mathlib
test_np_functions test_array_reductions test_array_manipulation test_array_methods test_fancy_indexing
test_indexing test_sort test_ufuncs test_operators test_range test_iteration test_comprehension test_closure
test_exceptions test_try_except test_generators test_random test_linalg test_polynomial test_heapq test_slices
test_numberctor test_maxmin test_nan test_unpack_sequence test_array_exprs test_dyn_array test_array_iterators
test_hashing test_print test_python_int test_usecases test_flow_control test_array_attr test_array_return
test_casting test_intwidth test_globals test_recursion test_return_values test_storeslice
test_conditions_as_predicates test_chained_assign test_nested_calls test_map_filter_reduce""".split()


def run_file(tests_dir, name, timeout, log):
    env = dict(os.environ, HASTEN_NUMBA_SUITE_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pathlib.Path(__file__).parent), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "numba_patch",
           "-W", "ignore", "--tb=line", str(tests_dir / f"{name}.py")]
    try:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False


def reason_key(reason):
    # numbers, reprs and locations vary between tests of one cause
    reason = re.sub(r"\(.*?\)|'[^']*'|\"[^\"]*\"|\d+", "…", reason)
    return reason[:110]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", help="numba test modules (default: the core list)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--log", default=None, help="where the per-test JSON lines go")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--report-only", action="store_true", help="summarise an existing --log without running")
    args = parser.parse_args()
    import numba
    tests_dir = pathlib.Path(numba.__file__).parent / "tests"
    log = pathlib.Path(args.log or tempfile.mkstemp(suffix=".jsonl")[1])
    timed_out = []
    if not args.report_only:
        log.write_text("")
        timed_out = [name for name in args.files or CORE if not run_file(tests_dir, name, args.timeout, log)]
    # a test with subtests reports once per failing subtest: it counts once, failed if any part failed
    outcomes = {}
    first_reason = {}
    for line in log.read_text().splitlines():
        row = json.loads(line)
        test = row["test"]
        if row["outcome"] == "failed" or test not in outcomes:
            outcomes[test] = row["outcome"]
        if row["outcome"] == "failed":
            first_reason.setdefault(test, row["reason"])
    per_file = collections.defaultdict(collections.Counter)
    for test, outcome in outcomes.items():
        per_file[test.split("::")[0].rsplit("/", 1)[-1]][outcome] += 1
    reasons = collections.Counter(reason_key(reason) for reason in first_reason.values())
    total = collections.Counter()
    print(f"{'file':34} {'passed':>7} {'failed':>7} {'skipped':>7}   pass rate")
    for name in sorted(per_file):
        c = per_file[name]
        total.update(c)
        ran = c["passed"] + c["failed"]
        print(f"{name:34} {c['passed']:7} {c['failed']:7} {c['skipped']:7}   {100 * c['passed'] / max(ran, 1):5.1f}%")
    ran = total["passed"] + total["failed"]
    print(f"{'all':34} {total['passed']:7} {total['failed']:7} {total['skipped']:7}   {100 * total['passed'] / max(ran, 1):5.1f}%")
    if timed_out:
        print("timed out (counted as far as they ran):", ", ".join(timed_out))
    print(f"\nmost common failures (per-test log: {log}):")
    for reason, count in reasons.most_common(args.top):
        print(f"{count:5}  {reason}")


if __name__ == "__main__":
    main()
