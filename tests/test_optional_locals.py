"""Locals that hold None on some paths and a number on others (`best = None` ... `best = x`):
`is None` tests, arithmetic and orderings of their values (CPython's TypeError when None),
assignments and returns, compared with CPython."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from conftest import check
from hasten import UnsupportedError, njit


@njit
def smallest(a):
    best = None
    for x in a:
        if best is None or x < best:
            best = x
    return best


@njit
def first_above(a, t):
    found = None
    for i in range(len(a)):
        if a[i] > t:
            found = i
            break
    if found is None:
        return -1
    return found


@njit
def maybe(a):
    r = None
    if a[0] > 0.5:
        r = a[0]
    return r


@njit
def steps(a):
    prev = None
    rises = 0
    for x in a:
        if prev is not None and x - prev > 0:
            rises += 1
        prev = x
    return rises, prev


@njit
def equality_forms(n):
    v = None
    if n > 2:
        v = n * 2
    return v == None, v != None, None is v, None is not v  # noqa: E711


@njit
def widened(n):
    v = None
    if n > 0:
        v = n
    if n > 5:
        v = 2.5
    return v


@njit
def add_one(flag):
    r = None
    if flag:
        r = 1.5
    return r + 1


@njit
def left_none(flag, x):
    r = None
    if flag:
        r = 3
    return x - r


@njit
def ordered(flag, x):
    r = None
    if flag:
        r = x
    return r < 3, 3 <= r


@njit
def numpy_scalar_order(a, flag):
    r = None
    if flag:
        r = a[0]
    return r > a[1]


@njit
def copy_of_optional(n):
    a = None
    if n > 1:
        a = n
    b = a
    if b is None:
        return 0
    return b * 10


@njit
def bool_optional(a):
    seen = None
    for x in a:
        if x > 0.9:
            seen = True
    return seen


@njit
def int32_optional(a):
    best = None
    for x in a:
        if best is None or x > best:
            best = x
    return best


def test_first_match_patterns():
    a = np.array([0.3, 0.9, 0.1, 0.7])
    for args in [(a,), (a[:0],), (a[::-1],)]:
        check(smallest, *args)
    for t in [0.0, 0.5, 0.95]:
        check(first_above, a, t)
    for b in [a, a[1:]]:
        check(maybe, b)
        check(steps, b)
    check(steps, a[:0])
    for n in range(5):
        check(equality_forms, n)
    for n in [-1, 3, 7]:
        check(copy_of_optional, n)
    # A variable assigned an int and a float holds a float (one type per variable, as in numba).
    for n in [-1, 7]:
        check(widened, n)
    check(bool_optional, a)
    check(bool_optional, a[:1])
    check(int32_optional, np.array([3, -1, 7], dtype=np.int32))
    check(int32_optional, np.array([], dtype=np.int32))


def test_none_operand_raises_cpythons_type_error():
    check(add_one, True)
    check(add_one, False)
    check(left_none, True, 10)
    check(left_none, False, 10)
    check(left_none, False, 2.5)
    check(ordered, True, 1.0)
    check(ordered, False, 1.0)
    check(ordered, False, 1)
    a = np.array([0.5, 0.25])
    check(numpy_scalar_order, a, True)
    check(numpy_scalar_order, a, False)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(0, 12), elements=st.floats(allow_nan=True, allow_infinity=True)))
def test_smallest_matches_cpython_with_nans(a):
    check(smallest, a)
    check(steps, a)


def test_optional_tier2_agrees():
    import os
    a = np.array([0.4, 0.2, 0.8])
    for f, args in [(smallest, (a,)), (first_above, (a, 0.5)), (steps, (a,))]:
        again = njit(f.py_func, tier=2) if os.environ.get("HASTEN_TIER") != "1" else f
        assert repr(again(*args)) == repr(f.py_func(*args))


def appends_optional(n):
    out = []
    v = None
    if n > 0:
        v = n
    out.append(v)
    return out


def optional_list(n):
    v = None
    if n > 0:
        v = [n]
    return v


def truth_in_and(n):
    v = None
    if n > 0:
        v = n
    if v and n > 1:
        return 1
    return 0


@pytest.mark.parametrize("f", [appends_optional, optional_list, truth_in_and])
def test_unsupported_uses_name_the_feature(f):
    with pytest.raises(UnsupportedError, match="None"):
        njit(f)(3)


@njit
def dict_get_none(keys, k):
    d = {}
    for i in range(len(keys)):
        d[keys[i]] = i * 0.5
    v = d.get(k)
    w = d.get(k, None)
    if v is None:
        return -1.0, w
    return v + 1, w


@njit
def dict_get_ordered(k):
    d = {1: 10, 2: 20}
    return d.get(k) < 15


def test_dict_get_without_default_is_optional():
    keys = np.array([3, 1, 4])
    for k in [1, 4, 9]:
        check(dict_get_none, keys, k)
    check(dict_get_ordered, 1)
    check(dict_get_ordered, 5)


@njit
def truth_of_optional(n, x):
    v = None
    if n > 0:
        v = x
    w = not v
    if v:
        return 1, w
    return 0, w


def test_truth_of_optional():
    for n, x in [(0, 1.0), (1, 0.0), (1, -2.0), (2, 0.5)]:
        check(truth_of_optional, n, x)
    check(truth_of_optional, 1, 0)
    check(truth_of_optional, 1, 7)


@njit
def drain(a):
    it = iter(a)
    s = 0
    while True:
        v = next(it, None)
        if v is None:
            break
        s += v
    return float(s), next(it, None)


@njit
def add_maybe(flag):
    v = None
    if flag:
        v = 2
    s = 10
    s += v
    return s


def test_next_with_none_default_and_augmented_assignment():
    check(drain, np.arange(5))
    check(drain, np.arange(0.5, 3.0))
    check(drain, np.arange(0))
    check(add_maybe, True)
    check(add_maybe, False)


@njit
def equals_none(x):
    o = None
    return o == None, o != None, x == None, None != x, "s" == None  # noqa: E711


def test_equality_with_none_is_identity():
    for x in [1, 2.5, True]:
        check(equals_none, x)
