"""Empty lists whose item type only a later use gives: `d.setdefault(k, []).append(x)` and
`d[k].append(x)` (a dict of lists, grouped by key), and `h = []` passed to a function that adds to
it (`heapq.heappush(h, item)`). The results are CPython's; a list nothing ever fills stays a
TypingError that names it."""

import heapq

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def group_by_remainder(n):
    d = {}
    for i in range(n):
        d.setdefault(i % 3, []).append(i)
    return d


@njit
def group_floats(a):
    d = {}
    for i, x in enumerate(a):
        d.setdefault(int(x * 3), []).append(float(x))
    return d


@njit
def group_then_index(n):
    d = {0: [1.5]}
    d.setdefault(1, []).append(2.5)
    d[1].append(0.5)
    d.setdefault(0, []).append(-1.0)
    return d, len(d[1])


@njit
def heap_order(a):
    h = []
    for i, x in enumerate(a):
        heapq.heappush(h, (x, i))
    out = []
    while h:
        out.append(heapq.heappop(h)[1])
    return out


@njit
def fill(l, x):
    l.append(x)
    l.append(x * 2)


@njit
def filled_by_a_callee(x):
    l = []
    fill(l, x)
    return l


@njit
def never_filled(n):
    l = []
    return len(l) + n


def test_grouping_by_key():
    for n in (0, 1, 7):
        check(group_by_remainder, n)
    check(group_floats, np.array([0.1, 0.5, 0.4, 0.9, 0.05]))
    check(group_floats, np.zeros(0))
    check(group_then_index, 0)


def test_lists_filled_by_callees():
    check(heap_order, np.array([3.0, 1.0, 2.0, 1.0]))
    check(heap_order, np.zeros(0))
    # CPython's run calls the plain Python `fill` (the jitted one refuses an empty list argument).
    def reference(x):
        l = []
        fill.py_func(l, x)
        return l

    check(filled_by_a_callee, 3, reference=reference)
    check(filled_by_a_callee, 2.5, reference=reference)


def test_a_list_nothing_fills_is_still_refused():
    with pytest.raises(hasten.TypingError, match="cannot infer the type of the items of this empty list"):
        never_filled(1)


@njit
def of_no_items():
    return all([]), any([]), all(()), any(()), sum([]), sum(())


def test_any_all_sum_of_an_empty_literal():
    # CPython's True, False and 0, whatever the items' type would be.
    check(of_no_items)
