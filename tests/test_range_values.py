"""Range objects as values: `r = range(...)` in a local, `len(r)`, `r[i]`, slices of ranges (in a
local or used in place), `in`, `index`, `count`, `start/stop/step`, loops over all of them and
`reversed` of a range whose step is known only at run time. Differential against CPython, errors
and their messages included."""

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from hasten import UnsupportedError, njit
from conftest import check


@njit
def basics(a, b, c, i):
    r = range(a, b, c)
    return len(r), r.start, r.stop, r.step, r[i], list(r), sum(r)


@njit
def sliced(a, b, c, lo, hi, by):
    r = range(a, b, c)
    s = r[lo:hi:by]
    return len(s), list(s), [k for k in r[lo:hi:by]], len(r[lo:]), list(r[:hi]), list(s[::-1])


@njit
def searches(a, b, c, x):
    r = range(a, b, c)
    return x in r, x not in r, r.count(x), (r.index(x) if x in r else -1)


@njit
def index_of(a, b, c, x):
    return range(a, b, c).index(x)


@njit
def in_place(n, i):
    return len(range(2, n, 3)), range(n)[i], i in range(0, n, 2), range(n).start, range(1, n).stop


@njit
def loops(n):
    r = range(n)
    total = 0
    for i in r:
        total += i
    for i in reversed(r):
        total = total * 3 + i
    pairs = list(zip(r, r[1:]))
    return total, pairs, max(r) if n else -1, [k for k in r if k % 2]


@njit
def branches(n):
    if n > 2:
        r = range(n)
    else:
        r = range(2 * n, 0, -1)
    inside = lambda k: k in r
    return [inside(k) for k in range(6)], len(r[::-3])


@njit
def reversed_steps(a, b, c):
    out = []
    for i in reversed(range(a, b, c)):
        out.append(i)
    return out, [i for i in reversed(range(a, b, c))]


@njit
def rebound(n):
    r = range(n)
    r = r[1:]
    r = r[::2]
    return list(r), len(r)


@njit
def float_items(n):
    r = range(n)
    return 2.0 in r, 2.5 in r, r.count(3.0), float("nan") in r, r.index(2.0), float("inf") in r


@njit
def returned(n):
    return range(n)


ints = st.integers(-20, 20)
steps = st.integers(-5, 5)


@settings(max_examples=200, deadline=None)
@given(ints, ints, steps, st.integers(-25, 25))
def test_basics(a, b, c, i):
    check(basics, a, b, c, i)


@settings(max_examples=200, deadline=None)
@given(ints, ints, steps.filter(bool), st.integers(-25, 25), st.integers(-25, 25), steps)
def test_slices(a, b, c, lo, hi, by):
    check(sliced, a, b, c, lo, hi, by)


@settings(max_examples=200, deadline=None)
@given(ints, ints, steps, st.one_of(ints, st.floats(-25, 25), st.sampled_from([0.5, 3.0, -0.0, float("nan"), 1e300])))
def test_searches(a, b, c, x):
    check(searches, a, b, c, x)


@pytest.mark.parametrize("x", [4, 5, 2.0, 2.5])
def test_index_errors(x):
    check(index_of, 0, 5, 2, x)


@pytest.mark.parametrize("n, i", [(7, 0), (7, -1), (7, 6), (7, 7), (7, -8), (0, 0)])
def test_in_place(n, i):
    check(in_place, n, i)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_loops_and_branches(n):
    check(loops, n)
    check(branches, n)
    check(rebound, n)


def test_reversed_with_a_step_known_at_run_time():
    for a, b, c in itertools.product(range(-6, 7), range(-6, 7), range(-3, 4)):
        check(reversed_steps, a, b, c)


def test_float_items():
    check(float_items, 5)


def test_a_range_returned_is_refused_by_name():
    with pytest.raises(UnsupportedError, match="a range object as a value"):
        returned(3)


@njit
def truth_of_ranges(n, m):
    r = range(n, m)
    s = r[::2]
    out = []
    if r:
        out.append(1)
    if not s:
        out.append(2)
    while r and len(out) < 3:
        out.append(3)
    out.append(4 if bool(s) else 5)
    out.append(6 if not r else 7)
    if range(m):
        out.append(8)
    assert r or n >= m
    return out, [k for k in range(3) if r], bool(range(n)), not range(m)


@settings(max_examples=80, deadline=None)
@given(st.integers(-3, 5), st.integers(-3, 5))
def test_truth_of_ranges(n, m):
    check(truth_of_ranges, n, m)
