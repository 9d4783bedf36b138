"""Range loops whose Ctrl-C poll is taken once per chunk of iterations (`chunk_header` in
codegen's loops.rs): an outer loop counts chunks down, an inner loop runs each one. Checked against
CPython across chunk boundaries, with `break`, `continue`, `else`, negative and non-unit steps, the
loop variable read after the loop, and ranges that end next to the int64 limits, where the counter
passes the last value by wrapping around."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit, prange
from conftest import check

I64_MAX = 2**63 - 1
I64_MIN = -2**63


def _loop(step):
    # `step=None`: the step is an argument, known only at run time.
    params, step = ("start, stop, brk, cont", step) if step is not None else ("start, stop, brk, cont, step=1", "step")
    src = f'''
def f({params}):
    s = 0
    c = 0
    i = -1
    for i in range(start, stop, {step}):
        c += 1
        if i == cont:
            continue
        s += i % 1000
        if i == brk:
            break
    else:
        s = -s
    return s, c, i
'''
    from conftest import jit_source
    return jit_source(src)


STEPS = [1, 2, 7, -1, -3, 1 << 20]
LOOPS = {step: _loop(step) for step in STEPS}
VARIABLE = _loop(None)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("n", [0, 1, 1023, 1024, 1025, 2048, 2049, 5000])
def test_chunk_boundaries(step, n):
    f = LOOPS[step]
    start, stop = (0, n * abs(step)) if step > 0 else (n * abs(step), 0)
    for brk in [-1, 1023 * step, 1024 * step, 2047 * step]:
        for cont in [-1, 0, 1024 * step]:
            check(f, start, stop, brk, cont)


@pytest.mark.parametrize("step", STEPS)
@given(st.integers(-5000, 5000), st.integers(-5000, 5000), st.integers(-5000, 5000))
@settings(max_examples=30, deadline=None)
def test_any_bounds(step, start, stop, brk):
    check(LOOPS[step], start, stop, brk, -7)


@pytest.mark.parametrize("step", STEPS)
@given(st.integers(-5000, 5000), st.integers(-5000, 5000), st.integers(-5000, 5000))
@settings(max_examples=20, deadline=None)
def test_a_step_known_at_run_time(step, start, stop, brk):
    check(VARIABLE, start, stop, brk, -7, step)


@pytest.mark.parametrize("step", [1, 7, -1, -3])
def test_ranges_next_to_the_int64_limits(step):
    for f, extra in ((LOOPS[step], ()), (VARIABLE, (step,))):
        if step > 0:
            check(f, I64_MAX - 3000, I64_MAX, -1, -1, *extra)
            check(f, I64_MIN, I64_MIN + 3000, -1, -1, *extra)
        else:
            check(f, I64_MIN + 3000, I64_MIN, -1, -1, *extra)
            check(f, I64_MAX, I64_MAX - 3000, -1, -1, *extra)


@pytest.mark.parametrize("start, stop, step", [
    (I64_MIN, I64_MAX, 2**62), (I64_MIN, I64_MAX, 2**63 - 1), (I64_MAX, I64_MIN, -2**62),
    (I64_MAX, I64_MIN, I64_MIN), (0, I64_MAX, 2**61 + 3), (-5, 5, I64_MAX),
])
def test_steps_that_span_the_int64_range(start, stop, step):
    # A chunk's `(k - 1) * step` wraps modulo 2**64 here; the counter still stops on the last value.
    check(VARIABLE, start, stop, -1, -1, step)


@njit
def _nested(a, n, m):
    t = 0.0
    for i in range(n):
        for j in range(m):
            t += float(a[(i * m + j) % a.shape[0]])
    return t


def test_nested_unbounded_loops():
    a = np.arange(17.0)
    for n, m in [(0, 5), (3, 0), (3, 1500), (1500, 3), (2, 2049)]:
        check(_nested, a, n, m)


@njit
def _constant_next_to_the_limit():
    c = 0
    for i in range(9223372036854772807, 9223372036854775807, 7):
        c += i % 3
    return c


@njit
def _axis_with_a_huge_step(a, step):
    c = 0
    for i in range(1, a.shape[0], step):
        c += 1
    return c


def test_unpolled_loops_do_not_wrap():
    check(_constant_next_to_the_limit)
    for step in [1, 3, I64_MAX, 2**62 + 1]:
        check(_axis_with_a_huge_step, np.zeros(10), step)


@njit(parallel=True)
def _prange_fill(out, n, step):
    s = 0
    for i in prange(n):
        out[i] = i * step
        s += i % 5
    return s


@pytest.mark.parametrize("n", [0, 1, 1023, 1024, 1025, 4097, 20000])
def test_prange_chunks(n):
    # Each thread's share of the range is run in chunks of 1,024 with a poll between them.
    check(_prange_fill, np.zeros(20000, dtype=np.int64), n, 3)
