"""Named tuples (`collections.namedtuple`, `typing.NamedTuple`), differentially against CPython:
made in compiled code (positional and keyword arguments, defaults, `*t`), passed in, read by field
and by index, unpacked, iterated, compared, hashed as dict keys, put in lists, and returned as
instances of their own class; `isinstance`/`type(x) is` tell them from plain tuples. Wrong calls
and unknown fields give CPython's messages as TypingErrors."""

from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import njit
from conftest import check

Point = namedtuple("Point", ["x", "y"])
Point3 = namedtuple("Point3", "x y z", defaults=(0.5,))
Other = namedtuple("Other", ["x", "y"])


class Record(NamedTuple):
    key: int
    weight: float = 2.0


ORIGIN = Point(0, 0)


@njit
def by_field(p):
    return p.x * 10 + p.y


@njit
def make(a, b):
    return Point(a, b)


@njit
def make_with_keywords(a):
    return Point3(a, y=2), Point3(z=1.5, y=a, x=0), Point(y=a, x=-a)


@njit
def make_record(k):
    r = Record(k)
    return r, r.weight * r.key, Record(k, weight=0.25)


@njit
def global_instance():
    return ORIGIN, ORIGIN.y + 1


@njit
def as_tuple(p):
    x, y = p
    return x - y, len(p), p[1], p[-2], p == (p.x, p.y), p != Point(0, 0), p[:1], p + (3,)


@njit
def listed(n):
    return [Point(i, i * 0.5) for i in range(n)]


@njit
def summed(points):
    s = 0.0
    for p in points:
        s += p.x * p.y
    return s


@njit
def of_arrays(n):
    p = Point(np.arange(n), np.ones(n))
    return p.x + p.y, p


@njit
def starred(t):
    return Point(*t)


@njit
def keyed(points):
    d = {}
    for p in points:
        d[p] = d.get(p, 0) + 1
    return d


@njit
def classes(p, t):
    return (isinstance(p, Point), isinstance(p, tuple), isinstance(p, Other), type(p) is tuple, type(p) is Point,
            isinstance(t, Point), type(t) is tuple)


@njit
def fields(p):
    return p._fields


@njit
def passed_on(p):
    return by_field(p), make(p.y, p.x)


@njit
def unknown_field(p):
    return p.z


@njit
def missing_argument(a):
    return Point(a)


@njit
def too_many(a):
    return Point(a, a, a)


@njit
def wrong_keyword(a):
    return Point(a, w=a)


@njit
def twice(a):
    return Point(a, x=a)


@njit
def stored_class():
    f = Point
    return f(1, 2)


def test_made_in_compiled_code_and_returned_as_the_class():
    check(make, 1, 2.5)
    check(make, np.float32(1.5), "s")
    check(make_with_keywords, 3)
    check(make_record, 4)
    check(global_instance)
    check(of_arrays, 3)
    check(listed, 4)
    check(starred, (1, 2.5))


@given(st.integers(-2**40, 2**40), st.floats(allow_nan=True, allow_infinity=True))
@settings(max_examples=50, deadline=None)
def test_read_by_field_and_index(x, y):
    check(by_field, Point(x, y))
    if y == y:
        # A NaN met in a comparison of tuples is refused by design (CPython's answer rests on
        # object identity).
        check(as_tuple, Point(x, y))
    check(passed_on, Point(x, y))


def test_lists_and_dict_keys_of_named_tuples():
    check(summed, [Point(1.0, 2.0), Point(3.0, -4.5)])
    check(keyed, [Point(1, 2), Point(2, 1), Point(1, 2)])


def test_isinstance_tells_named_from_plain_tuples():
    check(classes, Point(1, 2), (1, 2))
    check(fields, Point(1, 2))
    check(fields, Record(1, 0.5))


@pytest.mark.parametrize("f, arg, message", [
    (unknown_field, Point(1, 2), "'Point' object has no attribute 'z'"),
    (missing_argument, 1, r"Point.__new__\(\) missing 1 required positional argument: 'y'"),
    (too_many, 1, r"Point.__new__\(\) takes 3 positional arguments but 4 were given"),
    (wrong_keyword, 1, r"Point.__new__\(\) got an unexpected keyword argument 'w'"),
    (twice, 1, r"Point.__new__\(\) got multiple values for argument 'x'"),
])
def test_wrong_uses_are_cpythons_errors_at_compile_time(f, arg, message):
    with pytest.raises(hasten.TypingError, match=message):
        f(arg)
    with pytest.raises((AttributeError, TypeError), match=message):
        f.py_func(arg)


def test_the_class_as_a_value_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="the namedtuple class 'Point' as a value"):
        stored_class()


def test_an_attribute_of_a_plain_tuple_is_refused():
    with pytest.raises(hasten.UnsupportedError, match=r"attribute '\.x' is not supported"):
        by_field((1, 2))


@njit
def logged(log, k, value):
    log.append(k)
    return value


@njit
def keyword_order(log, a):
    return Point3(z=logged(log, 1, a), x=logged(log, 2, 2 * a), y=logged(log, 3, 3.5)), log


@njit
def raises_in_source_order(x):
    return Point(y=int(x * 1e308 * 10.0), x=1.0 / (x * 0.0))


def test_keyword_arguments_are_evaluated_in_source_order():
    check(keyword_order, [0], 1.5)
    # OverflowError from y first, as CPython, not x's ZeroDivisionError.
    check(raises_in_source_order, 1.0)
