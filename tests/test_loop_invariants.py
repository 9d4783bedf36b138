"""Loop-invariant expensive expressions (`**`, `math.*`) are computed once per loop entry; results,
errors and their timing must stay exactly CPython's."""

import math

import numpy as np
from hypothesis import given, settings

from hasten import njit
from conftest import check, floats


@njit
def scaled_sum(a, dx):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] / dx**2 + math.exp(dx)
    return s


@njit
def power_in_empty_loop(n, x):
    s = 0.0
    for i in range(n):
        s += 0.0 ** x
    return s


@njit
def invariant_changes_between_entries(n):
    total = 0.0
    for k in range(1, n):
        for i in range(3):
            total += k ** 0.5
    return total


@njit
def reassigned_in_loop(n, x):
    s = 0.0
    for i in range(n):
        s += x ** 1.5
        x = x + 1.0
    return s


@settings(max_examples=200, deadline=None)
@given(floats)
def test_invariant_power_and_exp(dx):
    check(scaled_sum, np.linspace(-3.0, 3.0, 7), dx)


def test_invariant_error_only_when_the_loop_runs():
    check(power_in_empty_loop, 0, -1.0)
    check(power_in_empty_loop, 3, -1.0)


def test_cache_is_reset_on_each_entry_of_the_loop():
    check(invariant_changes_between_entries, 6)


def test_variables_assigned_in_the_loop_are_not_invariant():
    check(reassigned_in_loop, 5, 2.0)


@njit
def generator_inside_a_loop(n):
    s = 0
    for i in range(n):
        s += sum(g ** 2 for g in range(3))
    return s


@njit
def nested_generators_inside_a_loop(n, x):
    s = 0.0
    for i in range(n):
        s += sum(sum(x ** (g + h) for h in range(2)) for g in range(i))
    return s


def test_generator_bodies_are_not_hoisted_out_of_the_loop():
    check(generator_inside_a_loop, 3)
    check(nested_generators_inside_a_loop, 4, 1.5)
    assert "hoisted: `g ** 2`" not in generator_inside_a_loop.explain()


@njit
def array_power_in_loop(v, n):
    for k in range(n):
        v[:] = v ** 2
    return v


@njit
def array_power_temporary_in_loop(v, n):
    s = 0.0
    for k in range(n):
        w = v ** 2.5
        v[0] += 1
        s += float(w.sum())
    return s


def test_array_powers_are_not_hoisted_out_of_loops_that_store_into_their_operands():
    # found by the fuzzer: hoisting `v ** 2` failed Cranelift's verifier (and would read stale elements)
    check(array_power_in_loop, np.arange(3), 2)
    check(array_power_in_loop, np.arange(3.0), 3)
    check(array_power_temporary_in_loop, np.arange(3.0), 2)
    check(array_power_temporary_in_loop, np.arange(3.0), 0)
