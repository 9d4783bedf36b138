"""The truth of lists, dicts, sets and strings is their being non-empty (`while q:`, `if not d:`,
`bool(s)`), and `and`/`or` of them give an operand, each path holding its own reference."""

import pytest

from hasten import njit

from conftest import check


def list_truth(n):
    l = list(range(n))
    first = (bool(l), 1 if l else 0, not l)
    out = []
    while l:
        l.pop()
        out.append(len(l))
    return first, out, bool(l)


def dict_truth(n):
    d = {}
    for i in range(n):
        d[i] = i * 2
    out = (bool(d), not d)
    while d:
        d.popitem()
    return out, bool(d), 1 if d else 0


def set_truth(n):
    s = set(range(n))
    out = (bool(s), not s)
    while s:
        s.pop()
    return out, bool(s)


def str_truth(n):
    s = "x" * n
    return bool(s), not s, s or "empty", s and "full"


def list_or(n):
    l = list(range(n))
    m = l or [5]
    k = l and [6, 7]
    return m, k, l or list(range(3)), l[:0] or l


def dict_or(n):
    d = {i: 1.5 for i in range(n)}
    e = d or {9: 0.0}
    return len(e), sorted(e.keys())


@pytest.mark.parametrize("n", [0, 1, 4])
@pytest.mark.parametrize("f", [list_truth, dict_truth, set_truth, str_truth, list_or, dict_or])
def test_truth_equals_cpython(f, n):
    check(njit(f), n)


def drain(n):
    q = [(0.5, 0)]
    k = 0
    out = []
    while q and k < n:
        out.append(q.pop())
        if k < 3:
            q.append((k * 1.0, k))
            q.append((k * 2.0, k))
        k += 1
    s = "ab"[: n % 3]
    d = {1: 2}
    return out, (1 if s and d else 0), (2 if not q or k else 3), (4 if q or s else 5)


def narrowed(x):
    if x is not None and x > 0:
        return 1
    return 0


@pytest.mark.parametrize("n", [0, 1, 2, 10])
def test_conditions_of_operands_of_any_type(n):
    # `while q and k < n:` only asks each operand's truth: a list and a bool need no common type.
    check(njit(drain), n)
    check(njit(narrowed), n - 1)
    check(njit(narrowed), None)
