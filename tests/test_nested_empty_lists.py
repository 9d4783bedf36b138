"""Empty lists whose item type later code gives: the items of a list of lists made by a
comprehension or by appends (`adj = [[] for _ in range(n)]`, `adj[u].append(v)`), and an empty
list among a dict literal's list values; compared with CPython."""
import numpy as np

from conftest import check
from hasten import njit


@njit
def adjacency(edges, n):
    adj = [[] for _ in range(n)]
    for k in range(edges.shape[0]):
        adj[edges[k, 0]].append(edges[k, 1])
    return adj


@njit
def appended_empties(n):
    rows = []
    for i in range(n):
        rows.append([])
        for j in range(i):
            rows[i].append(j * 0.5)
    return rows


@njit
def dfs_order(start):
    adj = {0: [1, 2], 1: [3], 2: [3], 3: []}
    stack = [start]
    seen = set()
    order = []
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen.add(u)
        order.append(u)
        for v in adj[u]:
            stack.append(v)
    return order


def test_list_of_lists_from_comprehension():
    edges = np.array([[0, 1], [0, 2], [2, 3], [3, 0]])
    check(adjacency, edges, 4)
    check(adjacency, edges[:0], 3)


def test_list_of_lists_from_appends():
    for n in [0, 1, 4]:
        check(appended_empties, n)


def test_empty_list_among_dict_values():
    for s in [0, 2, 3]:
        check(dfs_order, s)
