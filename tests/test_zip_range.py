"""`range(...)` inside `zip(...)`/`enumerate(...)` of `for` loops and comprehensions: its ints
walked beside the other iterables, the shortest deciding, CPython's ValueError for a zero step."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check
from hasten import njit


@njit
def paired(a, start, stop, step):
    t = 0.0
    n = 0
    for i, (x, k) in enumerate(zip(a, range(start, stop, step))):
        t += float(x) * k - i
        n += 1
    return t, n


@njit
def two_ranges(n):
    return [(i, j) for i, j in zip(range(n), range(n, 0, -1))]


@njit
def with_list(l):
    out = []
    for k, x in zip(range(len(l) - 1, -1, -1), l):
        out.append(k * x)
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-10, 10), max_size=8), st.integers(-5, 5), st.integers(-5, 10), st.sampled_from([1, 2, -1, -3, 0]))
def test_ranges_beside_arrays(xs, start, stop, step):
    check(paired, np.array(xs), start, stop, step)


def test_other_forms():
    check(two_ranges, 4)
    check(two_ranges, 0)
    check(with_list, [1.5, 2.0, -3.0])
    check(paired, np.ones(3), 2**62, 2**63 - 1, 2**61)


def test_iterator_of_such_a_zip_is_refused_by_name():
    @njit
    def it(n):
        z = iter(zip(range(n), range(n)))
        return next(z)

    with pytest.raises(hasten.UnsupportedError, match="iter"):
        it(3)
