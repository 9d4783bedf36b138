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


# What a loop changes without assigning it is never invariant (fuzz 1722:3740 and what it led to).


@njit
def length_of_a_growing_list(n):
    items = [0]
    s = 0
    for i in range(n):
        items.append(i)
        s += len(items) ** 2
    return s


@njit
def length_of_a_growing_dict(n):
    d = {0: 1}
    s = 0.0
    for i in range(n):
        d[i + 1] = i
        s += len(d) ** 0.5
    return s


@njit
def first_element_after_a_store(v, n):
    k = 1
    for i in range(n):
        v[0] = i + 2
        k = int(next(iter(v))) ** 2
    return n % k


@njit
def fresh_array_in_an_unswitched_test(v, n, x):
    # `b = v / v` is a new array each time: unswitching on `len(b) != x` once evaluated it before
    # the loop, where its block was released at the exit on paths that never made it (fuzz 1721:2810).
    c = 0
    for i in range(n):
        b = v / v
        if len(b) != x:
            c += 1
    return c


def test_what_a_loop_changes_without_assigning_it_is_not_hoisted():
    for n in (0, 1, 5):
        check(length_of_a_growing_list, n)
        check(length_of_a_growing_dict, n)
        check(first_element_after_a_store, np.zeros(3, np.int64), n)
        for x in (2, 3):
            check(fresh_array_in_an_unswitched_test, np.ones(3), n, x)
