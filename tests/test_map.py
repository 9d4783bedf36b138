"""`map(f, *iterables)` wherever a consumer of an iterable takes it (`list`, `sum`, `min`/`max`,
`sorted`, `set`, `"".join`): the generator `(f(x, ...) for x, ... in zip(...))`; elsewhere refused
by name. And `min`/`max` (and `sum` of ints) of sets."""

import numpy as np
import pytest

from hasten import UnsupportedError, njit

from conftest import check


@njit
def mapped(l):
    return (list(map(abs, l)), sum(map(lambda x: x * 2, l)), ",".join(map(str, l)), sorted(map(lambda x: -x, l)),
            max(map(abs, l)), list(map(lambda a, b: a + b, l, l[::-1])), set(map(lambda x: x % 2, l)))


@njit
def over_arrays(a):
    return list(map(float, a)), sum(map(lambda x, y: x * y, a, a[1:]))


@njit
def double(x):
    return 2 * x


@pytest.mark.parametrize("l", [[3, -1, 2], [0], [5, 5, -5, 7]])
def test_consumers(l):
    check(mapped, l)


@njit
def with_global(a):
    return list(map(double, a))


def test_arrays_and_globals():
    check(over_arrays, np.array([1.5, 2.5, -0.5]))
    check(with_global, [1, 2, 3])


def test_a_map_kept_as_an_iterator_is_refused_by_name():
    @njit
    def kept(l):
        m = map(abs, l)
        return list(m)

    with pytest.raises(UnsupportedError, match="map"):
        kept([1, -2])


@njit
def of_sets(l):
    s = set(l)
    f = {x * 0.5 for x in l}
    return min(s), max(s), sum(s), min(f), max(f), min(x * x for x in s)


@pytest.mark.parametrize("l", [[3, -1, 2], [0], [5, 5, -5, 7]])
def test_min_max_sum_of_sets(l):
    check(of_sets, l)


def test_float_sums_over_sets_are_refused_by_name():
    # CPython adds a set's floats in its own hash order; the last bits depend on it.
    @njit
    def float_sum(l):
        return sum({x * 0.1 for x in l})

    with pytest.raises(UnsupportedError, match="sets"):
        float_sum([1, 2, 3])
