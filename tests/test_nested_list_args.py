"""Lists of lists passed in (the rows of a table, an adjacency list), and one Python container
passed in twice: one runtime container per Python object, the call's changes written back into
the caller's objects (inner lists included), identities kept, reference counts exact."""

import numpy as np
import pytest

import hasten
from conftest import check
from hasten import njit


@njit
def row_sums(rows):
    out = []
    for r in rows:
        s = 0.0
        for x in r:
            s += x
        out.append(s)
    return out


@njit
def scale_rows(rows, k):
    for r in rows:
        for j in range(len(r)):
            r[j] *= k
    return len(rows)


@njit
def grow(adj, i, j):
    adj[i].append(j)
    adj[j].append(i)
    return len(adj[i])


@njit
def add_row(rows):
    rows.append([0.5, 1.5])
    rows[0].append(9.0)
    return rows


@njit
def bfs(adj, start):
    seen = [False] * len(adj)
    order = [start]
    seen[start] = True
    k = 0
    while k < len(order):
        for nb in adj[order[k]]:
            if not seen[nb]:
                seen[nb] = True
                order.append(nb)
        k += 1
    return order


@njit
def two_views(a, b):
    a.append(1.0)
    return len(b)


@njit
def dict_twice(d, e):
    d["x"] = 1
    return len(e)


@njit
def words_in_rows(rows):
    n = 0
    for r in rows:
        for w in r:
            n += len(w)
    rows[0][0] = rows[0][0] + "!"
    return n


@njit
def fail_midway(rows):
    rows[1].append(3)
    raise ValueError("stop")


@njit
def swap_rows(rows):
    rows[0], rows[1] = rows[1], rows[0]
    return rows


def test_read_rows():
    check(row_sums, [[1.0, 2.0], [], [3.5]])
    check(bfs, [[1, 2], [0, 3], [0], [1]], 0)
    check(bfs, [[1], [0], [3], [2]], 2)


def test_inner_lists_written_back_in_place():
    rows = [[1.0, 2.0], [3.0]]
    inner = rows[0]
    scale_rows(rows, 2.0)
    assert rows == [[2.0, 4.0], [6.0]] and rows[0] is inner
    adj = [[], [0], [1]]
    adj[0].append(2)
    assert grow(adj, 0, 1) == grow.py_func([[2], [0], [1]], 0, 1)
    assert adj == [[2, 1], [0, 0], [1]]


def test_outer_list_changed():
    rows = [[1.0], [2.0]]
    first = rows[0]
    out = add_row(rows)
    assert out is rows and rows == [[1.0, 9.0], [2.0], [0.5, 1.5]] and rows[0] is first
    rows = [[1], [2]]
    a, b = rows
    swap_rows(rows)
    assert rows[0] is b and rows[1] is a


def test_aliased_rows_stay_one_object():
    rows = [[0.0] * 2] * 3  # three references to one list, as CPython's classic surprise
    scale_rows(rows, 3.0)  # scales the one list three times
    expected = [[0.0] * 2] * 3
    scale_rows.py_func(expected, 3.0)
    assert rows == expected and rows[0] is rows[1] is rows[2]
    rows = [[1.0, 2.0]] * 2
    scale_rows(rows, 2.0)
    assert rows == [[4.0, 8.0], [4.0, 8.0]] and rows[0] is rows[1]


def test_one_container_passed_twice():
    l = [1.0]
    assert two_views(l, l) == 2 and l == [1.0, 1.0]
    d = {"a": 0}
    assert dict_twice(d, d) == 2 and d == {"a": 0, "x": 1}
    rows = [[1.0], [2.0]]
    assert two_views(rows[0], rows[0]) == 2 and rows == [[1.0, 1.0], [2.0]]


def test_rows_of_strings():
    rows = [["ab", "c"], ["déf"]]
    assert words_in_rows(rows) == 6 and rows == [["ab!", "c"], ["déf"]]


def test_changes_seen_when_the_call_raises():
    rows = [[1], [2]]
    with pytest.raises(ValueError):
        fail_midway(rows)
    assert rows == [[1], [2, 3]]


def test_refusals():
    with pytest.raises(hasten.UnsupportedArgumentError):
        row_sums([[1.0], [2]])  # inner lists of different item types
    with pytest.raises(hasten.UnsupportedArgumentError):
        row_sums([hasten.typed.List([1.0])])  # a typed list inside a plain one


def test_a_list_holding_itself_is_refused():
    l = [[1.0]]
    l.append(l)
    with pytest.raises(hasten.UnsupportedArgumentError):
        row_sums(l)
