"""heapq on lists in compiled code: every operation keeps the list in CPython's own order (the
heap's list after each call equals CPython's), ties and tuples included, with CPython's errors."""

import heapq

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit

from conftest import check


@njit
def push_all_pop_all(xs):
    h = [xs[0]]
    for x in xs[1:]:
        heapq.heappush(h, x)
    snapshot = list(h)
    out = []
    while h:
        out.append(heapq.heappop(h))
    return snapshot, out


@njit
def heapify_then(xs, y):
    h = list(xs)
    heapq.heapify(h)
    first = list(h)
    r = heapq.heapreplace(h, y)
    p = heapq.heappushpop(h, y - 1.0)
    return first, r, p, h


@njit
def pairs(xs):
    h = [(xs[0], 0)]
    for i in range(1, len(xs)):
        heapq.heappush(h, (xs[i], i))
    return [heapq.heappop(h)[1] for _ in range(len(h))]


@njit
def smallest(xs, n):
    return heapq.nsmallest(n, xs), heapq.nlargest(n, xs)


@njit
def dijkstra(w):
    n = w.shape[0]
    dist = np.full(n, np.inf)
    dist[0] = 0.0
    q = [(0.0, 0)]
    while q:
        d, u = heapq.heappop(q)
        if d > dist[u]:
            continue
        for v in range(n):
            if w[u, v] > 0 and d + w[u, v] < dist[v]:
                dist[v] = d + w[u, v]
                heapq.heappush(q, (dist[v], v))
    return dist


@njit
def pop_empty(xs):
    h = list(xs)
    h.clear()
    return heapq.heappop(h)


@njit
def replace_empty(xs):
    h = list(xs)
    h.pop()
    return heapq.heapreplace(h, 2.0)


values = st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(values)
def test_push_pop(xs):
    check(push_all_pop_all, xs)
    check(pairs, xs)


@settings(max_examples=80, deadline=None)
@given(values, st.integers(-6, 6).map(float), st.integers(-2, 40))
def test_heapify_replace_pushpop_nsmallest(xs, y, n):
    check(heapify_then, xs, y)
    check(smallest, xs, n)


def test_from_import_and_graph():
    from heapq import heappop, heappush

    @njit
    def f(xs):
        h = [xs[0]]
        for x in xs:
            heappush(h, -x)
        return [heappop(h) for _ in range(3)]

    check(f, [3.0, 1.0, 2.0])
    w = np.random.default_rng(3).random((12, 12)) * (np.random.default_rng(4).random((12, 12)) < 0.4)
    check(dijkstra, w)


def test_errors():
    check(pop_empty, [1.0])
    check(replace_empty, [1.0])
