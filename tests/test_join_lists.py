"""Joining a list of arrays built at run time (`np.vstack(rows)` after `rows.append(...)`):
`concatenate` (any axis), `stack`, `vstack`, `hstack`, `column_stack`, with NumPy's shapes and
errors (none to join, shapes that differ)."""

import numpy as np
import pytest

from conftest import check
from hasten import njit


@njit
def built(n, k):
    rows = []
    for i in range(n):
        rows.append(np.arange(k) * 1.0 + i)
    return np.vstack(rows), np.hstack(rows), np.concatenate(rows), np.stack(rows, axis=1), np.column_stack(rows)


@njit
def blocks(n):
    bs = [np.ones((2, 3)) * i for i in range(n)]
    return np.concatenate(bs, axis=1), np.concatenate(bs, axis=-2), np.vstack(bs), np.hstack(bs), np.stack(bs)


@njit
def ragged(k):
    rows = [np.ones(3), np.ones(k)]
    return np.vstack(rows)


@njit
def ragged_concat(k):
    rows = [np.ones((2, 3)), np.ones((2, k))]
    return np.concatenate(rows)


@njit
def views(m):
    parts = [m[0], m[-1, ::-1], m[:, 1]]
    return np.concatenate(parts), np.stack(parts[:2])


def test_joins_of_built_lists():
    check(built, 3, 4)
    check(built, 1, 0)
    check(blocks, 3)
    check(views, np.arange(9.0).reshape(3, 3))
    check(views, np.asfortranarray(np.arange(9).reshape(3, 3)))


def test_errors():
    check(built, 0, 3)  # ValueError: need at least one array to concatenate
    check(ragged, 4)  # ValueError: the shapes along dimension 1 differ
    check(ragged, 3)
    check(ragged_concat, 4)
    with pytest.raises(ValueError, match="need at least one array to stack"):
        @njit
        def stack_none(n):
            return np.stack([np.ones(2) for _ in range(n)])

        stack_none(0)


@njit
def arrays_and_lists(a):
    return np.hstack((a[:1], [5.0])), np.concatenate(([1, 2], a)), np.vstack((a[:2], [7.0, 8.0])), np.column_stack((a[:2], [1, 2])), np.stack((a[:2], [True, False]))


@pytest.mark.parametrize("a", [np.arange(3.0), np.array([1, 2, 3], dtype=np.int32)])
def test_lists_among_the_arrays_of_a_join(a):
    check(arrays_and_lists, a)
