"""print() in compiled code, differential against CPython: the text that reaches sys.stdout (as
pytest's capsys sees it) for numbers, bools, strings, None, tuples, lists, dicts, sets and arrays,
with sep, end and flush; from a prange body too."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hasten import njit, prange

from conftest import floats, ints


def same_output(capsys, f, *args):
    f.py_func(*args)
    expected = capsys.readouterr().out
    f(*args)
    got = capsys.readouterr().out
    assert got == expected


@njit
def scalars(x, n, b, s):
    print(x, n, b, s)
    print(x, n, sep="")
    print(s, end="")
    print()
    print(n, s, sep=s, end=s)
    print(None, flush=True)


@given(floats, ints, st.booleans(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=10))
# `same_output` reads the capture after each call, so sharing capsys across examples is safe.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_scalars(capsys, x, n, b, s):
    same_output(capsys, scalars, x, n, b, s)


@njit
def containers(n, x):
    l = [i * x for i in range(n)]
    d = {}
    for i in range(n):
        d[i] = str(i) * 2
    t = (n, x, "t")
    print(l, d, t)
    print([str(i) for i in range(n)], {n, n + 1})
    print(np.arange(n) * x, np.ones((2, n)))
    print(np.zeros(n, dtype=np.int32), np.float32(x), np.int64(n))


@pytest.mark.parametrize("n", [0, 1, 3, 12, 1001])
def test_containers_and_arrays_print_as_cpython_and_numpy(capsys, n):
    same_output(capsys, containers, n, 0.1)


@njit(parallel=True)
def from_prange(n):
    for i in prange(n):
        print("item", i)


def test_print_from_a_prange_body(capsys):
    from_prange(8)
    lines = sorted(capsys.readouterr().out.splitlines())
    assert lines == sorted(f"item {i}" for i in range(8))


@njit
def reports(values):
    total = 0.0
    for v in values:
        total += v
        print(f"{v:8.3f} running total {total:.2f}")
    return total


def test_print_of_fstrings_in_a_loop(capsys):
    same_output(capsys, reports, [0.5, 1.25, -3.0, 1e10])
