"""`l.copy()` of a list (a new list of the same items: a shallow copy, as CPython's) and empty
lists among the items of a list display (`[[1, 2], []]`: typed by their siblings). Differential
against CPython."""

import pytest

from hasten import TypingError, njit
from conftest import check


@njit
def copies(n):
    a = [i * i for i in range(n)]
    b = a.copy()
    b.append(-1)
    rows = [[1.5], [2.5, 3.5]]
    shallow = rows.copy()
    shallow[0].append(9.0)
    shallow.append([0.0])
    words = ["x", "yz"].copy()
    return a, b, rows, shallow, words, a.copy() == a


@njit
def nested_empty(n):
    adj = [[1, 2], [3], []]
    for i in range(n):
        adj[-1].append(i)
    grid = [[], [0.5] * n, []]
    return adj, grid, len([[], ["a"]][0])


@njit
def only_empty():
    return [[], []]


@pytest.mark.parametrize("n", [0, 1, 4])
def test_list_copy(n):
    check(copies, n)


@pytest.mark.parametrize("n", [0, 3])
def test_empty_lists_among_lists(n):
    check(nested_empty, n)


def test_lists_of_only_empty_lists_still_need_an_item_type():
    with pytest.raises(TypingError, match="cannot infer the type of the items"):
        only_empty()
