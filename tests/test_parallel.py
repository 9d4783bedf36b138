"""`prange` under `parallel=True`: iterations on hasten's thread pool, with private locals,
reductions combined in a fixed order, races refused at compile time, exceptions carried back to the
caller, and the pool's thread count under the user's control."""

import math
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import TypingError, UnsupportedError, njit, prange
from conftest import check


@pytest.fixture(autouse=True)
def all_threads():
    hasten.set_num_threads(hasten_max_threads())
    yield
    hasten.set_num_threads(hasten_max_threads())


def hasten_max_threads():
    n = 1
    while True:
        try:
            hasten.set_num_threads(n + 1)
        except ValueError:
            return n
        n += 1


# ---- results equal the serial loop -------------------------------------------------------------


@njit(parallel=True)
def fill_rows(out, a):
    for i in prange(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = a[i, j] * 2.0 + i - j
    return out


@njit(parallel=True)
def int_reductions(a):
    s = 0
    p = 1
    lo = a[0]
    hi = a[0]
    for i in prange(a.shape[0]):
        s += a[i]
        s -= i
        p *= 1 if a[i] % 3 else -1
        lo = min(lo, a[i])
        hi = max(a[i], hi)
    return s, p, lo, hi, i


@njit(parallel=True)
def assign_form_reductions(n):
    s = 0
    m = n
    for k in prange(1, n + 1, 2):
        s = s + k * k
        m = min(k % 7, m)
    return s, m


@njit(parallel=True)
def private_locals(a, out):
    for i in prange(a.shape[0]):
        x = a[i]
        if x > 0.5:
            y = x * 2.0
        else:
            y = -x
        t = 0.0
        for j in range(3):
            t += y * j
        out[i] = t
    return out


@njit(parallel=True)
def strided_range(out, start, stop, step):
    for i in prange(start, stop, step):
        out[i] = i * 10
    return out, i


@njit(parallel=True)
def row_views(a):
    for i in prange(a.shape[0]):
        row = a[i]
        for j in range(row.shape[0]):
            row[j] = row[j] + i
    return a


@njit(parallel=True)
def allocates_per_iteration(a):
    out = np.empty(a.shape[0])
    for i in prange(a.shape[0]):
        tmp = np.zeros(4)
        for j in range(4):
            tmp[j] = a[i] * j
        out[i] = np.sum(tmp)
    return out


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=300))
@settings(max_examples=60, deadline=None)
def test_int_reductions_equal_cpython(values):
    check(int_reductions, np.array(values, dtype=np.int64))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 17, 1000, 100_001])
def test_assign_forms_and_empty_ranges(n):
    check(assign_form_reductions, n)


@pytest.mark.parametrize("shape", [(1, 1), (7, 3), (64, 65), (1000, 2)])
def test_array_writes_indexed_by_the_loop_variable(shape):
    rng = np.random.default_rng(0)
    check(fill_rows, np.zeros(shape), rng.random(shape))
    check(row_views, rng.random(shape))


def test_private_locals_and_per_iteration_arrays():
    a = np.random.default_rng(1).random(5000)
    check(private_locals, a, np.zeros_like(a))
    before = hasten.alloc_stats()["live"]
    check(allocates_per_iteration, a)
    assert hasten.alloc_stats()["live"] == before


@pytest.mark.parametrize("args", [(0, 50, 3), (49, -1, -2), (10, 10, 1), (5, 50, 7), (0, 50, 0)])
def test_strided_and_reversed_ranges(args):
    check(strided_range, np.zeros(50, dtype=np.int64), *args)


# ---- float reductions: the same bits for every thread count ------------------------------------------


@njit(parallel=True)
def basel(n):
    s = 0.0
    for k in prange(1, n + 1):
        s += 1.0 / (k * k)
    return s


@njit(parallel=True)
def float_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


@pytest.mark.parametrize("threads", [1, 2])
def test_float_reductions_are_deterministic(threads):
    if threads > hasten_max_threads():
        pytest.skip("one core")
    hasten.set_num_threads(threads)
    a = np.random.default_rng(2).standard_normal(200_003) * 1e6
    first = float_sum(a)
    assert all(float_sum(a) == first for _ in range(20))
    assert math.isclose(first, math.fsum(a), rel_tol=1e-9)
    results = {basel(1_000_000) for _ in range(20)}
    assert len(results) == 1
    exact = math.fsum(1.0 / (k * k) for k in range(1, 1_000_001))
    assert math.isclose(results.pop(), exact, rel_tol=1e-14)


def test_float_reductions_give_the_same_bits_for_every_thread_count(tmp_path):
    # Eight threads on any machine (oversubscribed on a small one): chunking depends on the trip
    # count alone, so every thread count combines the same partials in the same order.
    script = tmp_path / "threads.py"
    script.write_text(textwrap.dedent(
        """
        import numpy as np
        import hasten
        from hasten import njit, prange

        @njit(parallel=True)
        def float_sum(a):
            s = 0.0
            for i in prange(a.shape[0]):
                s += a[i] * 1.1
            return s

        a = np.random.default_rng(5).standard_normal(1_000_003) * 1e6
        seen = set()
        for threads in range(1, 9):
            hasten.set_num_threads(threads)
            seen.add(tuple(float_sum(a[:n]).hex() for n in (3, 70, 5000, 300_001, 1_000_003)))
        print(len(seen))
        """
    ))
    env = dict(os.environ, HASTEN_NUM_THREADS="8", PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


@njit(parallel=True)
def sum_from_negative_zero(a):
    s = -0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def test_signed_zeros_are_kept_as_the_serial_sum_keeps_them():
    # The chunks start from -0.0, the identity of float `+`, so the sign is the serial loop's.
    for a in (np.full(1000, -0.0), np.zeros(1000), np.array([0.0, -0.0] * 300)):
        check(float_sum, a)
        check(sum_from_negative_zero, a)


def test_int_reduction_overflow_raises():
    @njit(parallel=True)
    def big(n):
        s = 0
        for i in prange(n):
            s += 2**62
        return s

    with pytest.raises(OverflowError):
        big(100)
    assert big(1) == 2**62


# ---- exceptions --------------------------------------------------------------------------------


@njit(parallel=True)
def fails_at(a, bad):
    for i in prange(a.shape[0]):
        if i == bad:
            raise ValueError("bad iteration")
        a[i] = 1.0


@njit(parallel=True)
def out_of_bounds(a, extra):
    for i in prange(a.shape[0] + extra):
        a[i] = i


@pytest.mark.parametrize("bad", [0, 1, 99_999, 50_000])
def test_an_exception_in_any_iteration_reaches_python(bad):
    with pytest.raises(ValueError, match="bad iteration") as info:
        fails_at(np.zeros(100_000), bad)
    assert any("test_parallel.py" in n for n in getattr(info.value, "__notes__", []))
    a = np.zeros(10)
    fails_at(a, -1)
    assert (a == 1.0).all()


def test_index_errors_from_workers():
    check(out_of_bounds, np.zeros(1000), 1)
    check(out_of_bounds, np.zeros(1000), 0)


def test_many_failing_calls_leave_the_pool_working():
    for k in range(200):
        with pytest.raises(ValueError):
            fails_at(np.zeros(64), k % 64)
    assert basel(1000) == basel(1000)


# ---- nesting and the serial fallbacks ----------------------------------------------------------


@njit(parallel=True)
def nested_prange(out):
    for i in prange(out.shape[0]):
        for j in prange(out.shape[1]):
            out[i, j] = i * 100 + j
    return out


@njit(parallel=True)
def row_sum(a, i):
    s = 0.0
    for j in prange(a.shape[1]):
        s += a[i, j]
    return s


@njit(parallel=True)
def calls_a_parallel_function(a, out):
    for i in prange(a.shape[0]):
        out[i] = row_sum(a, i)
    return out


@njit
def prange_without_parallel(n):
    s = 0
    for i in prange(n):
        s += i
        if s > 100:
            s = s - 100
    return s


def test_nested_prange_runs_the_inner_loop_serially():
    check(nested_prange, np.zeros((37, 5)))
    a = np.arange(60.0).reshape(6, 10)
    check(calls_a_parallel_function, a, np.zeros(6))


def test_prange_without_parallel_is_range():
    # Reading the accumulator inside the loop is fine when the loop is serial.
    check(prange_without_parallel, 1000)


def test_concurrent_callers_share_the_pool():
    a = np.random.default_rng(3).random(300_000)
    expected = float_sum(a)
    results = []

    def work():
        results.extend(float_sum(a) for _ in range(20))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 60


def test_the_gil_is_released_while_a_region_runs():
    n = 300_000_000
    done = threading.Event()
    ticks = 0

    def run():
        basel(n)
        done.set()

    t = threading.Thread(target=run)
    t.start()
    while not done.is_set():
        ticks += 1
    t.join()
    assert ticks > 1000


# ---- thread control and fork -------------------------------------------------------------------


def test_thread_count_control():
    top = hasten_max_threads()
    assert hasten.get_num_threads() == top
    hasten.set_num_threads(1)
    assert hasten.get_num_threads() == 1
    assert basel(10_000) == basel(10_000)
    for bad in (0, -1, top + 1):
        with pytest.raises(ValueError, match="number of threads"):
            hasten.set_num_threads(bad)


def test_environment_sets_the_pool_size():
    code = "import hasten; print(hasten.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "HASTEN_NUM_THREADS": "3"},
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "3"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_runs_parallel_code():
    expected = basel(2_000_000)  # the parent's pool is running
    pid = os.fork()
    if pid == 0:
        ok = all(basel(2_000_000) == expected for _ in range(5))
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


# ---- races refused at compile time -------------------------------------------------------------


def shared_element(a):
    for i in prange(a.shape[0]):
        a[0] = i


def last_value_escapes(a):
    t = 0.0
    for i in prange(a.shape[0]):
        t = a[i]
    return t


def reduction_read_in_loop(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        if s > 3.0:
            a[i] = 0.0
    return s


def carried_from_previous_iteration(a):
    t = 0.0
    for i in prange(a.shape[0]):
        if i > 0:
            t = 1.0
        a[i] = t


def view_of_a_shared_row(a):
    for i in prange(a.shape[0]):
        row = a[0]
        row[1] = i


def mixed_reduction_operators(a):
    s = 1.0
    for i in prange(a.shape[0]):
        s += a[i]
        s *= 2.0
    return s


def whole_array_update(a):
    for i in prange(3):
        a += 1.0


def scalar_not_a_reduction(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s = s * 0.5 + a[i]
    return s


def breaks_out(a):
    for i in prange(a.shape[0]):
        if a[i] > 0:
            break


def returns_inside(a):
    for i in prange(a.shape[0]):
        if a[i] > 0:
            return i
    return -1


@pytest.mark.parametrize(
    "func, error, text, caret",
    [
        (shared_element, TypingError, "not indexed by the prange variable `i`", "a[0] = i"),
        (last_value_escapes, TypingError, "`t` is assigned in every iteration", "t = a[i]"),
        (reduction_read_in_loop, TypingError, "reduction variable `s` is read", "if s > 3.0:"),
        (carried_from_previous_iteration, TypingError, "`t` may be read before it is assigned", "a[i] = t"),
        (view_of_a_shared_row, TypingError, "write to `row[…]`", "row[1] = i"),
        (mixed_reduction_operators, TypingError, "different operators", "s *= 2.0"),
        (whole_array_update, TypingError, "updates the array `a` in place", "a += 1.0"),
        (scalar_not_a_reduction, TypingError, "assigned in every iteration", "s = s * 0.5 + a[i]"),
        (breaks_out, UnsupportedError, "`break` cannot leave a prange loop", "break"),
        (returns_inside, UnsupportedError, "`return` inside a prange loop", "return i"),
    ],
)
def test_races_are_compile_errors_with_a_caret(func, error, text, caret):
    f = njit(parallel=True)(func)
    with pytest.raises(error) as info:
        f(np.zeros((4, 4)) if func is view_of_a_shared_row else np.zeros(4))
    message = str(info.value)
    assert text in message
    assert "test_parallel.py:" in message and caret in message and "^" in message
    # The same function is fine where prange is range.
    njit(func)(np.zeros((4, 4)) if func is view_of_a_shared_row else np.zeros(4))


def test_loops_that_look_racy_but_are_not():
    @njit(parallel=True)
    def shifted(a, out):
        for i in prange(1, a.shape[0]):
            out[i - 1] = a[i] - a[i - 1]
            out[2 * i + a.shape[0]] = 1.0
        return out

    check(shifted, np.arange(10.0) ** 2, np.zeros(40))


# ---- parallel=True on fused array expressions --------------------------------------------------


@njit(parallel=True)
def laplacian_expression(f, dx, dy):
    return (f[2:, 1:-1] - 2 * f[1:-1, 1:-1] + f[:-2, 1:-1]) / dx**2 + (
        f[1:-1, 2:] - 2 * f[1:-1, 1:-1] + f[1:-1, :-2]
    ) / dy**2


@njit(parallel=True)
def broadcast_mix(a, row, k):
    return np.sqrt(np.abs(a * row + k)) + np.arange(a.shape[1]) * 0.5


@njit(parallel=True)
def int_expression(a, b):
    return (a * 3 - b) // 2 + (a > b)


@pytest.mark.parametrize("n", [3, 10, 130, 700])
def test_fused_expressions_are_split_over_rows(n):
    rng = np.random.default_rng(n)
    f = rng.random((n, n))
    check(laplacian_expression, f, 0.25, 0.5)
    check(broadcast_mix, rng.standard_normal((n, n + 1)), rng.standard_normal(n + 1), 1.5)
    a = rng.integers(-1000, 1000, (n, 3 * n), dtype=np.int32)
    check(int_expression, a, rng.integers(-1000, 1000, (n, 3 * n), dtype=np.int32))


def test_fused_expression_errors_and_empty_results():
    check(broadcast_mix, np.zeros((200, 100)), np.zeros(99), 1.0)
    check(laplacian_expression, np.zeros((2, 50_000)), 1.0, 1.0)
    check(laplacian_expression, np.zeros((0, 0)), 1.0, 1.0)
