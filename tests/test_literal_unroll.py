"""`hasten.literal_unroll` (numba's): a tuple of one item type, a list or an array iterated as it
is, from compiled code and from Python; a tuple of items of different types compiled once per item."""

import numpy as np

from conftest import check
from hasten import literal_unroll, njit


@njit
def totals(t, arrs, xs):
    s = 0.0
    for x in literal_unroll(t):
        s += x
    for a in literal_unroll(arrs):
        s += float(a.sum())
    for v in literal_unroll(xs):
        s -= v
    return s


@njit
def mixed(t):
    s = 0.0
    for x in literal_unroll(t):
        s += x
    return s


def test_one_item_type():
    check(totals, (1.0, 2.0, 3.5), (np.ones(2), np.arange(3.0)), [0.5, 0.25])
    check(totals, (), (np.ones(1),), np.arange(4.0))
    assert literal_unroll((1, "a")) == (1, "a")


def test_items_of_different_types():
    # Compiled once per item, as numba compiles it (`unroll.rs`; test_tuple_unroll.py).
    check(mixed, (1, 2.5))
    check(mixed, (True, np.float32(0.5), 3, np.int8(-2)))
