"""`for x in t` over a tuple whose items differ in type (also through `literal_unroll` and
`enumerate`), differentially against CPython: the body is compiled once per item, as numba compiles
`literal_unroll`; `continue`, `break`, `else`, nested loops and `return` keep CPython's flow, and
the locals only the loop names take each item's type."""

import numpy as np
import pytest

import hasten
from hasten import literal_unroll, njit
from conftest import check

MIXED = [(1, 2.5, True), (1, "s", 2.5, 3, 4), (np.float32(1.5), 2, -0.0), (1, "s", 2.5), (3, 2.5), ("a",) * 3]


@njit
def sums_of_arrays(a, b):
    total = 0.0
    for arr in (a, b):
        s = arr.sum()
        total += s
    return total


def test_arrays_of_different_dtypes_and_ranks():
    check(sums_of_arrays, np.ones(3), np.arange(4).reshape(2, 2))
    check(sums_of_arrays, np.arange(3, dtype=np.int32), np.ones((2, 2), np.float32))


@njit
def as_strings(t):
    out = []
    for x in literal_unroll(t):
        out.append(str(x))
    return out


@njit
def flow(t):
    n = 0
    for x in t:
        if isinstance(x, str):
            continue
        if x == 3:
            break
        n += 1
    else:
        n += 100
    return n


@njit
def nested(t):
    r = 0
    for x in t:
        for j in range(3):
            if j == 1 and not isinstance(x, str):
                break
            r += 1
        else:
            if isinstance(x, str):
                break
            r += 1000
    return r


@njit
def first_above(t):
    for x in t:
        if not isinstance(x, str) and x > 2:
            return float(x)
    return -1.0


@njit
def counted(t):
    s = 0.0
    for i, x in enumerate(t, 10):
        if not isinstance(x, str):
            s += i * float(x)
    return s


@njit
def last_item(t):
    for x in t:
        pass
    return x


@pytest.mark.parametrize("t", MIXED, ids=repr)
def test_control_flow(t):
    check(as_strings, t)
    check(flow, t)
    check(nested, t)
    check(first_above, t)
    check(counted, t)


def test_the_loop_variable_after_the_loop():
    # Read after the loop, it is one local: an int and a float make it a float (the README's
    # differences from CPython); a tuple of one type keeps it.
    check(last_item, (1.5, 2.5, np.float64(3.5)))
    assert last_item((1, 2.5)) == 2.5


@njit
def carried(t):
    # `last` is read before the iteration assigns it: the previous item's, as in CPython.
    total = 0.0
    for i, x in enumerate(t):
        if i > 0 and not isinstance(last, str) and not isinstance(x, str):
            total += float(x) - float(last)
        last = x
    return total


@njit
def read_in_else(t):
    n = 0.0
    for x in t:
        y = float(x) * 2
        n += y
    else:
        n += y
    return n


def test_values_carried_between_iterations():
    check(carried, (1, 2.5, np.float32(4.0)))
    check(carried, (np.int8(3), True, 0.25))
    check(read_in_else, (1, 2.5))
    check(read_in_else, (True, 3, np.float32(0.5)))


@njit
def with_try(t):
    n = 0
    for x in t:
        try:
            n += 1
        except ValueError:
            pass
    return n


def test_refused_bodies_are_named():
    with pytest.raises(hasten.UnsupportedError, match="whose body holds a try statement"):
        with_try((1, 2.5))


@njit
def zipped(a, b):
    s = 0.0
    names = ""
    for u, v, w in zip((1, 2.5, True), (a, b, a + b), ("x", "yy", "zzz")):
        s += u * v
        names += w
    return s, names


@njit
def zipped_shortest_break_else(a, k):
    n = 0
    for p, q in zip((1, "a", 2.5, 3), (a, a * 2, a * 3)):
        if n == k:
            break
        n += 1
    else:
        n = -1
    return n


@njit
def zipped_arrays(a, b):
    out = 0.0
    for x, y in zip((a, b), (b, a)):
        out += float((x * y).sum())
    return out


def test_zip_of_tuples_whose_items_differ():
    check(zipped, 1.5, -2.0)
    check(zipped, np.float32(0.5), 3)
    for k in range(5):
        check(zipped_shortest_break_else, 2.0, k)
    check(zipped_arrays, np.arange(3.0), np.arange(3, dtype=np.int32))


HALF = np.float32(0.5)


@njit
def mixed_sums(x, y):
    t = (1, 2.5, x)
    u = (True, np.float32(1.5), 2)
    return sum(t), sum(t, y), sum(u), sum((x, 0.5, y)), sum(v for v in t), sum((y, x, 0.5)), sum((x, y, HALF))


def test_sum_of_tuples_whose_items_differ():
    # CPython's additions one item after another: an int prefix adds exactly before a float joins,
    # NumPy scalars follow NEP 50.
    for x, y in [(3, 2), (-1, 10**9), (0, -0.0), (True, 1.5), (2**53, 1), (2**62, 2**62 - 1)]:
        check(mixed_sums, x, y)

    def mixed_min(x):
        return min((1, 2.5, x))

    with pytest.raises(hasten.UnsupportedError, match="differ in type"):
        njit(mixed_min)(3)


@njit
def sums_with_start(x, y, z, xs):
    t = (x, y, 0.5)
    same = (x, y, z)
    return sum(t, z), sum((x, y, 0.5), z), sum(t, start=z), sum(same, z), sum(same, start=0.5), sum(xs, z)


def test_sum_with_a_start_of_tuples():
    # CPython's additions from the start, item after item: the int prefix stays exact (2**53 + 1 +
    # 1 before the float), which a total carried in one float local would round (found here: the
    # library's fold over a tuple unified its total to float).
    for x, y, z in [(2**53, 1, 1), (3, -1, 2), (True, 2, 0)]:
        check(sums_with_start, x, y, z, [1.5, 2.5])

