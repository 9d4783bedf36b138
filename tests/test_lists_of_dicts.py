"""Lists of dicts and of sets: literals, comprehensions, append/insert/pop, indexing and mutation
through an item, iteration and generators over them, equality, and lists of dicts passed in
(mutations seen by the caller) and returned."""

import pytest

from hasten import njit

from conftest import check


@njit
def records(n):
    rows = [{"a": 1.0, "b": 2.0}, {"a": 3.0, "b": 4.0}]
    for i in range(n):
        rows.append({"a": float(i), "b": -1.0})
    rows[0]["a"] = 99.0
    last = rows[-1]
    last["c"] = 7.0
    return [r["a"] + r["b"] for r in rows], rows


@njit
def edit_rows(rows, k):
    for r in rows:
        r["x"] = r.get("x", 0.0) + k
    rows.append({"x": -1.0})
    return sum(r["x"] for r in rows), len(rows)


@njit
def sets_per_bucket(n):
    buckets = [{-1}, {-1}, {-1}]
    for i in range(n):
        buckets[i % 3].add(i)
    for b in buckets:
        b.discard(-1)
    return [sorted(b) for b in buckets], buckets[0] == {0, 3}


@njit
def compared(n):
    rows = [{i: float(i)} for i in range(n)]
    other = [{i: float(i)} for i in range(n)]
    popped = rows.pop() if rows else {0: 0.0}
    rows.insert(0, popped)
    return rows == other, rows != rows, rows


@pytest.mark.parametrize("n", [0, 1, 3])
def test_lists_of_dicts(n):
    check(records, n)
    check(compared, n)
    check(sets_per_bucket, n)


def test_passed_in_and_mutated():
    rows = [{"x": 1.5}, {"y": 2.0}]
    check(edit_rows, rows, 0.5)
    got = [{"x": 1.5}, {"y": 2.0}]
    d0 = got[0]
    edit_rows(got, 1.0)
    assert got == [{"x": 2.5}, {"y": 2.0, "x": 1.0}, {"x": -1.0}]
    assert got[0] is d0
