"""What a `while` condition proves inside its body, and what each `and` operand proves for the
operands after it (codegen `facts::guarded_where`, `branch_and`): checks are removed only while the
facts hold. Differential against CPython, on the cases where a fact must stop holding: the local
changes (before a later use, in a nested loop, in one branch), a negative index that wraps, an
index read by the condition that does not bound what the body reads."""

import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit
from conftest import check

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "bench"))
import kernel_defs  # noqa: E402  (the benchmark's insertion sort, whose inner loop these facts serve)

insertion_sort = njit(kernel_defs.insertion_sort)


@njit
def changes_before_use(a, j):
    s = 0
    while j >= 0:
        s += int(a[j])
        j -= 2
        s += int(a[j])
    return s


@njit
def changes_in_nested_loop(a, j):
    s = 0
    while j >= 0:
        for _ in range(3):
            s = s * 3 + int(a[j])
            j -= 1
    return s


@njit
def changes_in_one_branch(a, j, k):
    s = 0
    while j >= 0 and k > 0:
        if a[j] > 2:
            j -= 3
        s += int(a[j])
        j -= 1
        k -= 1
    return s


@njit
def condition_reads_the_element(a, j):
    s = 0
    while j < 5 and a[j] > 0:
        s += int(a[j]) + int(a[j - 1])
        j += 1
    return s


@njit
def bounded_by_length(a, j):
    s = 0
    while j < len(a):
        s += int(a[j])
        j += 1
    return s


@njit
def and_chain(a, j):
    if j >= 0 and a[j] > 2 and a[j - 1] < 5:
        return int(a[j - 1])
    return -1


@njit
def grows_past_the_fact(a, j):
    s = 0
    while j >= 0 and j < len(a):
        s += int(a[j])
        j = j * 2 + 1
        s += int(a[j % len(a)])
    return s


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), max_size=12))
def test_insertion_sort(xs):
    check(insertion_sort, np.array(xs, dtype=np.int64))


A = np.array([3, 1, 4, 1, 5, 9, 2, 6])


@pytest.mark.parametrize("f", [changes_before_use, changes_in_nested_loop, condition_reads_the_element,
                               bounded_by_length, and_chain, grows_past_the_fact])
@pytest.mark.parametrize("j", [-9, -8, -3, -1, 0, 1, 2, 5, 7, 8, 20])
def test_facts_stop_where_they_must(f, j):
    check(f, A, j)


@pytest.mark.parametrize("j", [-8, -1, 0, 3, 7])
@pytest.mark.parametrize("k", [0, 1, 4, 9])
def test_change_in_one_branch(j, k):
    check(changes_in_one_branch, A, j, k)
