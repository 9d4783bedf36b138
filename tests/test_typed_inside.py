"""`hasten.typed.List`/`Dict` made inside compiled code (`List()`, `List.empty_list(t)`, `Dict()`,
`Dict.empty(key_type=, value_type=)`), as numba makes them: the same runtime list and dict compiled
code uses for its own, returned to Python as `hasten.typed` containers (the same object for
repeats), whose items equal what CPython computes with plain lists and dicts; counts and live
blocks come back to where they were."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, types
from hasten.typed import Dict, List


@njit
def squares(n):
    l = List()
    for i in range(n):
        l.append(i * 0.5)
    return l


@njit
def typed_pair(keys):
    l = List.empty_list(types.int64)
    d = Dict.empty(key_type=types.int64, value_type=types.float64)
    for k in keys:
        l.append(k)
        d[k] = d.get(k, 0.0) + 1.5
    return l, d, (l, d)


@njit
def narrow(n):
    l = List.empty_list(types.int32)
    d = Dict.empty(types.uint8, types.boolean)
    for i in range(n):
        l.append(np.int32(-i))
        d[np.uint8(i)] = i % 2 == 0
    return l, d


@njit
def untyped_dict(n):
    d = Dict()
    for i in range(n):
        d[(i, -i)] = i
    return d


def plain(f, *args):
    """What CPython computes with `List`/`Dict` as plain lists and dicts."""
    g = f.py_func.__globals__
    saved = g["List"], g["Dict"]

    class PlainList(list):
        @staticmethod
        def empty_list(item_type):
            return []

    class PlainDict(dict):
        @staticmethod
        def empty(key_type, value_type):
            return {}

    g["List"], g["Dict"] = PlainList, PlainDict
    try:
        return f.py_func(*args)
    finally:
        g["List"], g["Dict"] = saved


def same(got, expected):
    if isinstance(expected, tuple):
        assert type(got) is tuple and len(got) == len(expected)
        for a, b in zip(got, expected):
            same(a, b)
    elif isinstance(expected, list):
        assert type(got) is List and list(got) == list(expected)
        assert [type(x) for x in got] == [type(x) for x in expected]
    else:
        assert type(got) is Dict and dict(got.items()) == dict(expected)
        assert list(got.keys()) == list(expected.keys())


@pytest.mark.parametrize("n", [0, 1, 5])
def test_made_inside_and_returned(n):
    same(squares(n), plain(squares, n))
    same(untyped_dict(n), plain(untyped_dict, n))
    l, d = narrow(n)
    assert l.item_type == "int32" and list(l) == [-i for i in range(n)]
    assert dict(d.items()) == {i: i % 2 == 0 for i in range(n)}


@given(st.lists(st.integers(-9, 9), min_size=1, max_size=20))
@settings(max_examples=40, deadline=None)
def test_typed_pair(keys):
    got = typed_pair(keys)
    same(got, plain(typed_pair, keys))
    l, d, (l2, d2) = got
    assert l is l2 and d is d2
    assert l._refcount() == 1 and d._refcount() == 1


def test_returned_containers_work_from_python_and_compiled_code():
    l = squares(3)
    assert l.item_type == "float64" and repr(l) == "ListType[float64]([0.0, 0.5, 1.0])"
    l.append(7.0)

    @njit
    def total(x):
        s = 0.0
        for v in x:
            s += v
        x.append(s)
        return x

    assert total(l) is l and list(l) == [0.0, 0.5, 1.0, 7.0, 8.5]
    assert l._refcount() == 1


def test_blocks_are_freed_with_their_objects():
    before = hasten.alloc_stats()
    for _ in range(2000):
        typed_pair([0, 1, 2, 3])
        squares(3)
    after = hasten.alloc_stats()
    assert after["live"] == before["live"]
    assert after["miscounted"] == before["miscounted"] and after["leaked"] == before["leaked"]


def test_refusals():
    @njit
    def lists():
        l = List()
        l.append([1])
        return l

    with pytest.raises(hasten.UnsupportedError, match=r"hasten.typed containers of list\(int\) are not supported"):
        lists()

    @njit
    def computed_type(n):
        return List.empty_list(types.float64 if n else types.int64)

    with pytest.raises(hasten.UnsupportedError, match="type object known at compile time"):
        computed_type(1)

    @njit
    def float_keys():
        return Dict.empty(types.float32, types.int64)

    with pytest.raises(hasten.UnsupportedError, match="typed.Dict with float32 keys"):
        float_keys()

    @njit
    def of_iterable(n):
        return Dict({n: 1.0})

    with pytest.raises(hasten.UnsupportedError, match=r"Dict\(\) of arguments"):
        of_iterable(2)

    @njit
    def missing():
        return Dict.empty(key_type=types.int64)

    with pytest.raises(hasten.TypingError, match="missing required argument 'value_type'"):
        missing()


def test_numba_type_objects_name_the_items():
    numba = pytest.importorskip("numba")
    nt = numba.types

    @njit
    def with_numba_types(n):
        l = List.empty_list(nt.float32)
        for i in range(n):
            l.append(np.float32(i) / np.float32(3))
        return l

    l = with_numba_types(3)
    assert l.item_type == "float32"
    assert list(l) == [float(np.float32(i) / np.float32(3)) for i in range(3)]
