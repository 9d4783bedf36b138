"""Dicts and sets with float keys, differential against CPython: `-0.0` and `0.0` are one key (the
first one inserted is kept, as CPython keeps it), an int looks up the float equal to it (and finds
nothing where no float equals it, beyond 2**53), `inf` keys, tuple keys with floats, KeyError with
the float's repr, dicts and sets of floats passed in and written back, and NaN keys: CPython finds
a NaN key by the identity of its float object, which compiled code's floats do not have, so
inserting one raises NotImplementedError naming why; looking one up finds nothing, as in CPython
for a NaN made apart."""

import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import assert_same, check


@njit
def count(xs):
    d = {0.5: 0}
    for x in xs:
        if x in d:
            d[x] += 1
        else:
            d[x] = 1
    return d


@njit
def as_set(xs):
    s = {0.5}
    for x in xs:
        s.add(x)
    return s


@njit
def lookups(xs, k):
    d = {1.5: -1}
    for i, x in enumerate(xs):
        d[x] = i
    return d.get(k, -9), k in d, d.pop(k, -8), len(d)


@njit
def by_int(xs, n):
    d = {0.25: 0}
    for x in xs:
        d[x] = 1
    return n in d, d.get(n, 7)


@njit
def getitem(xs, k):
    d = {2.5: 0}
    for x in xs:
        d[x] = 1
    return d[k]


@njit
def tuple_keys(xs):
    d = {(0, 0.5): 1.0}
    for i, x in enumerate(xs):
        d[(i % 2, x)] = x
    return d


@njit
def insert_nan(x):
    d = {1.0: 1}
    d[x] = 2
    return d


@njit
def add_nan(x):
    s = {1.0}
    s.add(x)
    return s


@njit
def literal_nan():
    return {math.nan: 1}


@njit
def np_keys(a):
    d = {a[0]: 0}
    for x in a:
        d[x] = d[x] + 1 if x in d else 1
    return d


@njit
def mutate(d, s, x):
    d[x] = d.get(x, 0.0) + 1.0
    s.add(x)
    s.discard(-x)
    return len(d), len(s)


floats = st.one_of(st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, math.inf, -math.inf, 1e300, 5e-324]), st.floats(allow_nan=False))


def test_signed_zeros_are_one_key():
    check(count, [-0.0, 0.0, -0.0, 1.0])
    check(count, [0.0, -0.0])
    check(as_set, [-0.0, 0.0, 2.0, -0.0])
    check(as_set, [0.0, -0.0])
    check(lookups, [-0.0, 3.0], 0.0)
    check(lookups, [0.0], -0.0)


def test_ints_find_equal_floats():
    check(by_int, [1.0, 2.0], 1)
    check(by_int, [1.0, 2.0], 3)
    check(by_int, [0.0], 0)
    check(by_int, [9007199254740992.0], 2**53)
    # 2**53 + 1 is no float: CPython finds no key equal to it.
    check(by_int, [9007199254740992.0], 2**53 + 1)
    check(by_int, [9.223372036854776e18], 2**63 - 1)
    check(by_int, [-9.223372036854776e18], -(2**63))


def test_key_errors_show_the_float():
    for k in (3.5, -0.0, math.inf, 1e300, 0.1):
        check(getitem, [1.0], k)
    check(getitem, [1.0], math.nan)


def test_infinities_and_tuples():
    check(count, [math.inf, -math.inf, math.inf])
    check(tuple_keys, [0.5, -0.0, 0.0, 0.5])


def test_numpy_float_keys():
    check(np_keys, np.array([1.0, -0.0, 0.0, 1.0, 2.5]))


def test_nan_keys_are_refused():
    for f, args in [(insert_nan, (math.nan,)), (add_nan, (-math.nan,)), (literal_nan, ())]:
        with pytest.raises(NotImplementedError, match="NaN dict key"):
            f(*args)
    # Looking a NaN up finds nothing, as CPython finds no NaN made apart.
    check(lookups, [1.0, 2.0], math.nan)
    with pytest.raises(NotImplementedError, match="NaN dict key"):
        mutate({1.0: 1.0}, {2.0}, math.nan)


def test_arguments_written_back():
    for d, s, x in [({0.0: 1.0, 2.5: 2.0}, {1.0, -0.0}, -0.0), ({-0.0: 3.0}, {0.0}, 0.0), ({1.0: 1.0}, {-1.0}, 1.0)]:
        pd, ps, hd, hs = copy.deepcopy(d), copy.deepcopy(s), copy.deepcopy(d), copy.deepcopy(s)
        assert mutate(hd, hs, x) == mutate.py_func(pd, ps, x)
        assert_same(hd, pd)
        assert_same(hs, ps)


def test_typed_dict_float_keys():
    from hasten import typed, types
    from hasten.typed import Dict

    d = typed.Dict.empty(types.float64, types.int64)
    d[-0.0] = 1
    d[0.0] = 2
    assert list(d.items()) == [(-0.0, 2)] and math.copysign(1.0, list(d.keys())[0]) == -1.0
    with pytest.raises(NotImplementedError, match="NaN dict key"):
        d[math.nan] = 3
    assert len(d) == 1 and math.nan not in d

    @njit
    def made_inside(xs):
        d = Dict.empty(types.float64, types.int64)
        for x in xs:
            d[x] = 1 if x in d else 0
        return d

    got = made_inside([0.0, -0.0, 2.5])
    assert isinstance(got, typed.Dict) and list(got.items()) == [(0.0, 1), (2.5, 0)]
    assert math.copysign(1.0, list(got.keys())[0]) == 1.0


@settings(max_examples=80, deadline=None)
@given(st.lists(floats, min_size=1, max_size=12), floats)
def test_hypothesis(xs, k):
    check(count, xs)
    check(as_set, xs)
    check(lookups, xs, k)


def test_no_leaks():
    before = hasten.alloc_stats()["live"]
    for _ in range(50):
        count([1.0, -0.0, 0.0])
        try:
            insert_nan(math.nan)
        except NotImplementedError:
            pass
    assert hasten.alloc_stats()["live"] == before


@pytest.mark.parametrize("f,args", [(count, ([-0.0, 0.0, 1.0],)), (by_int, ([9007199254740992.0], 2**53 + 1)), (getitem, ([1.0], 2.5))])
def test_tier2(f, args):
    check(njit(tier=2)(f.py_func), *args, reference=f.py_func)
