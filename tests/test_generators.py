"""sum/min/max over generator expressions on range(): compiled as loops with Python's semantics, bit
for bit (the sum adds left to right from int 0)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from hasten.bench import workloads
from conftest import check


basel_idiomatic = njit(workloads.basel_idiomatic)  # seed 003: sum(x**(-2) for x in range(1, N))


@njit
def reductions(a, b, s, k):
    total = sum(x * k for x in range(a, b, s) if x % 3 != 0)
    lo = min(abs(x - 7) + 0.5 for x in range(a, b, s))
    hi = max(x for x in range(a, b, s))
    return total, lo, hi, sum(range(a, b, s))


@njit
def shadows(x):
    # The generator's x is its own: the argument x is untouched.
    return sum(x for x in range(3)) + x


def test_seed_idiomatic_basel_is_python_exact():
    check(basel_idiomatic, 10_000)
    assert basel_idiomatic(10**6) == basel_idiomatic.py_func(10**6)


@settings(max_examples=300, deadline=None)
@given(st.integers(-20, 20), st.integers(-20, 20), st.sampled_from([-3, -1, 1, 2]), st.sampled_from([2, -1, 0]))
def test_generator_reductions(a, b, s, k):
    check(reductions, a, b, s, k)


def test_generator_scope():
    check(shadows, 10)


def test_empty_min_raises():
    with pytest.raises(ValueError, match="min\\(\\) arg is an empty sequence"):
        reductions(5, 5, 1, 1)


@njit
def unbound_in_generator(n, flag):
    if flag:
        w = 2
    return sum(k * w for k in range(n))


@njit
def unbound_in_generator_range(n, flag):
    if flag:
        w = 2
    return sum(k for k in range(w, n))


def test_an_unbound_local_read_in_a_generator_is_a_free_variable():
    # found by the fuzzer: CPython reads the function's locals from a generator as free variables
    check(unbound_in_generator, 3, True)
    check(unbound_in_generator, 3, False)  # NameError: cannot access free variable 'w' ...
    check(unbound_in_generator, 0, False)
    check(unbound_in_generator_range, 3, False)  # the range is evaluated in the function: UnboundLocalError


@njit
def _squares_over(a):
    return [x * x for x in a if x > 2]


@njit
def _row_sums(A):
    return [r.sum() for r in A]


@njit
def _zipped(a, b):
    return [i + u * v for i, (u, v) in enumerate(zip(a, b))]


@njit
def _reduced(a, l):
    return sum(x for x in a), max(x * 2 for x in a), min(v for v in l if v > 1)


@njit
def _shadowing(a):
    x = 5
    y = [x + 1 for x in a]
    return x, y


def test_generators_over_iterables():
    a = np.arange(6.0)
    check(_squares_over, a)
    check(_squares_over, a[::-2])
    check(_row_sums, a.reshape(2, 3))
    check(_zipped, a, a[::-1])
    check(_reduced, a, [3, 1, 2])
    check(_reduced, a, [0])
    check(_shadowing, a)


@njit
def _any_all_items(l, a):
    return any(l), all(l), any(a), all(a)


@njit
def _any_all_stop(n):
    # CPython stops at the first deciding item: the later division by zero never runs.
    return any(10 // (i - 3) > 2 for i in range(n)), all(10 // (3 - i) > 2 for i in range(n))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-2, 2), max_size=6))
def test_any_all(items):
    check(_any_all_items, items or [0], np.array(items, dtype=np.float64))
    check(_any_all_stop, len(items))
