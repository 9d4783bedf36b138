"""`hasten.typed.List` and `Dict` of strings and arrays (numba's `List.empty_list(types.unicode_type)`,
`List.empty_list(types.float64[:])`, `Dict.empty(types.unicode_type, types.int64)`), differential
against plain Python lists and dicts: from Python, and inside compiled code on the same object.
An array stored from Python is held, not copied: changes through either side are seen by the
other. What a call stores into a container outlives the call (returned or raised); every block and
every array reference is released when the container lets go of it."""

import gc
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, prange, types
from hasten.typed import Dict, List

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)


def counters():
    s = hasten.alloc_stats()
    return s["live"], s["leaked"], s["miscounted"]


@pytest.fixture
def no_leaks():
    """The test's containers, once dropped, leave no block behind and no miscount."""
    gc.collect()
    live, leaked, miscounted = counters()
    yield
    gc.collect()
    assert counters() == (live, leaked, miscounted)


# ---------------------------------------------------------------------------------------------
# Strings


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(-4, 4), text), max_size=20), st.lists(text, max_size=5))
def test_string_list_operations_match_python(ops, start):
    plain = list(start)
    typed = List.empty_list(types.unicode_type)
    typed.extend(start)
    for op, i, s in ops:
        def run(l):
            if op == 0:
                l.append(s)
            elif op == 1:
                l.insert(i, s)
            elif op == 2:
                return l.pop(i)
            elif op == 3:
                l[i] = s
            elif op == 4:
                del l[i]
            elif op == 5:
                l.remove(s)
            elif op == 6:
                l.sort(reverse=i > 0)
            else:
                return l.index(s)
        try:
            expected = ("ok", run(plain))
        except Exception as e:  # noqa: BLE001 - the exception is what is compared
            expected = ("raise", type(e))
        try:
            got = ("ok", run(typed))
        except Exception as e:  # noqa: BLE001
            got = ("raise", type(e))
        assert got == expected
        assert list(typed) == plain and len(typed) == len(plain)
    assert typed[1:3] == plain[1:3] and typed.copy() == plain
    assert str(typed) == "[" + ", ".join(plain) + "]"


@njit
def count_words(d, words):
    for w in words:
        d[w] = d.get(w, 0) + 1
    return len(d)


@njit
def join_and_grow(l, sep):
    out = sep.join(l)
    l.append(out)
    l.append(str(len(l)) + sep)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(text, max_size=12), text)
def test_compiled_code_counts_and_joins_strings_like_python(words, sep):
    plain_d, typed_d = {}, Dict.empty(types.unicode_type, types.int64)
    typed_words = List.empty_list(types.unicode_type)  # a plain empty list has no item type
    typed_words.extend(words)
    assert count_words(typed_d, typed_words) == count_words.py_func(plain_d, words)
    assert dict(typed_d.items()) == plain_d and list(typed_d) == list(plain_d)
    plain_l, typed_l = list(words), List.empty_list(types.unicode_type)
    typed_l.extend(words)
    assert join_and_grow(typed_l, sep) == join_and_grow.py_func(plain_l, sep)
    assert list(typed_l) == plain_l
    assert typed_d._refcount() == 1 and typed_l._refcount() == 1


def test_string_keys_from_python_and_compiled_code_find_each_other(no_leaks):
    d = Dict.empty(types.unicode_type, types.float64)
    d["ä"] = 1.5
    count_words_f = njit(lambda d, k: d.get(k, -1.0))
    assert count_words_f(d, "ä") == 1.5 and count_words_f(d, "a") == -1.0
    d2 = Dict()
    d2["x"] = 1
    assert count_words(d2, ["x", "y", "x"]) == 2
    assert d2["x"] == 3 and d2["y"] == 1 and d2.pop("y") == 1 and "y" not in d2
    with pytest.raises(KeyError):
        d2["nope"]
    assert d2.setdefault("z", 4) == 4 and d2.popitem() == ("z", 4)
    assert repr(d2) == "DictType[unicode_type,int64]({x: 3})"


@njit
def tuple_keys(d):
    d[("a", 1)] = "one"
    d[("b", 2)] = d[("a", 1)] + "!"
    return d[("b", 2)]


def test_tuples_of_strings_as_keys_and_values():
    key = types.Tuple((types.unicode_type, types.int64))
    tuple_keys(Dict.empty(key, types.unicode_type))  # makes the function's string constants, which live on
    gc.collect()
    live = counters()
    d = Dict.empty(key, types.unicode_type)
    assert tuple_keys(d) == "one!"
    assert dict(d.items()) == {("a", 1): "one", ("b", 2): "one!"}
    del d
    gc.collect()
    assert counters() == live


# ---------------------------------------------------------------------------------------------
# Arrays


def test_arrays_from_python_are_held_not_copied(no_leaks):
    a = np.arange(5.0)
    before = sys.getrefcount(a)
    l = List.empty_list(types.float64[:])
    l.append(a)
    assert sys.getrefcount(a) == before + 1
    l[0][1] = 10.0  # through the container
    assert a[1] == 10.0
    a[2] = 20.0  # through the array
    assert l[0][2] == 20.0
    l.append(np.ones((4, 2))[:, 0])  # a strided view is a float64[:] too
    assert l[1].tolist() == [1.0] * 4 and repr(l).startswith("ListType[array(float64, 1d, A)]")
    assert l.pop(0) is not a
    gc.collect()
    assert sys.getrefcount(a) == before
    del l
    gc.collect()


def test_wrong_arrays_are_type_errors():
    l = List.empty_list(types.float64[:])
    for bad in (np.zeros(3, dtype=np.int64), np.zeros((2, 2)), [1.0], "x"):
        with pytest.raises(TypeError, match="cannot hold"):
            l.append(bad)
    ro = np.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(TypeError, match="cannot hold"):
        l.append(ro)
    s = List.empty_list(types.unicode_type)
    with pytest.raises(TypeError, match="cannot hold"):
        s.append(1)
    d = Dict.empty(types.unicode_type, types.float64[:, :])
    with pytest.raises(TypeError, match="key must be unicode_type"):
        d[1] = np.zeros((1, 1))
    assert len(l) == len(s) == len(d) == 0


@njit
def grow_arrays(l, extra):
    total = 0.0
    for x in l:
        total += x.sum()
    l.append(extra)  # an argument's array, borrowed for the call
    l.append(np.full(3, total))  # an array the call made
    l[0][0] = -1.0
    return total, l[-1]


@njit
def fails_after_storing(l, d, i):
    l.append(np.zeros(2) + i)
    d[str(i)] = np.ones((1, 2))
    return l[i]


def test_compiled_code_stores_arrays_that_outlive_the_call(no_leaks):
    a, b = np.arange(3.0), np.arange(4.0)
    l = List([a])
    plain = [a.copy()]
    got = grow_arrays(l, b)
    expected = grow_arrays.py_func(plain, b)
    assert got[0] == expected[0] and np.array_equal(got[1], expected[1])
    gc.collect()
    assert [x.tolist() for x in l] == [x.tolist() for x in plain]
    assert a[0] == -1.0  # the caller's array itself
    b[1] = 50.0  # the stored argument array is held, not copied
    assert l[1][1] == 50.0
    last = got[1]
    del got
    gc.collect()
    assert l[2].tolist() == [3.0, 3.0, 3.0] and last.tolist() == [3.0, 3.0, 3.0]
    last[0] = 9.0  # the result and the container share the array
    assert l[2][0] == 9.0
    d = Dict.empty(types.unicode_type, types.float64[:, :])
    with pytest.raises(IndexError):
        fails_after_storing(l, d, 100)
    gc.collect()
    # What the call stored before raising stays, as in CPython.
    assert l[3].tolist() == [100.0, 100.0] and d["100"].tolist() == [[1.0, 1.0]]
    assert fails_after_storing(l, d, 0).tolist() == [-1.0, 1.0, 2.0]
    assert (l._refcount(), d._refcount()) == (1, 1)
    del l, d, last
    gc.collect()


@njit
def made_inside(n):
    l = List()
    d = Dict()
    for i in range(n):
        l.append(np.arange(i * 1.0))
        d[str(i)] = l[-1]
    return l, d, l[n - 1]


def test_containers_made_inside_return_their_arrays_and_strings(no_leaks):
    l, d, last = made_inside(4)
    assert isinstance(l, List) and isinstance(d, Dict)
    assert [x.tolist() for x in l] == [list(range(i)) for i in range(4)]
    assert list(d.keys()) == ["0", "1", "2", "3"]
    last[0] = 7.0
    assert l[3][0] == 7.0 and d["3"][0] == 7.0
    del l
    gc.collect()
    assert d["3"].tolist() == [7.0, 1.0, 2.0]
    del d, last


def test_round_trips_leave_nothing_behind():
    a = np.ones(8)
    l = List([a])
    d = Dict.empty(types.unicode_type, types.int64)

    def round_trip(i):
        grow_arrays(l, a)
        l.pop()
        l.pop()
        count_words(d, ["a", "b" + str(i % 3)])
        try:
            fails_after_storing(l, Dict.empty(types.unicode_type, types.float64[:, :]), 10)
        except IndexError:
            l.pop()

    for i in range(3):  # d's four keys, then no new block lives on
        round_trip(i)
    gc.collect()
    base_refs = sys.getrefcount(a)
    live = counters()
    for i in range(2000):
        round_trip(i)
    gc.collect()
    assert counters() == live and sys.getrefcount(a) == base_refs
    assert len(l) == 1 and d["a"] == 2003


# ---------------------------------------------------------------------------------------------
# Made in compiled code from type objects


@njit
def typed_from_type_objects(n):
    words = List.empty_list(types.unicode_type)
    rows = List.empty_list(types.float64[:])
    grids = Dict.empty(key_type=types.unicode_type, value_type=types.int64[:, :])
    for i in range(n):
        words.append(str(i) * 2)
        rows.append(np.arange(i * 1.0))
        grids[words[-1]] = np.zeros((i, 2), dtype=np.int64) + i
    return words, rows, grids


def test_empty_containers_of_strings_and_arrays_made_inside_match_python(no_leaks):
    got = typed_from_type_objects(4)
    expected = typed_from_type_objects.py_func(4)
    for g, e in zip(got, expected):
        assert type(g) is type(e) and repr(g).split("(")[0] == repr(e).split("(")[0]
    assert list(got[0]) == list(expected[0])
    assert [r.tolist() for r in got[1]] == [r.tolist() for r in expected[1]]
    assert [(k, v.tolist(), v.dtype) for k, v in got[2].items()] == [(k, v.tolist(), v.dtype) for k, v in expected[2].items()]
    assert repr(got[1]).startswith("ListType[array(float64, 1d, A)]")
    del got, expected


def test_numbas_type_objects_name_the_same_item_types():
    numba = pytest.importorskip("numba", reason="numba's type objects need numba")
    nt = numba.types

    @njit
    def f():
        d = Dict.empty(nt.unicode_type, nt.float32[:])
        d["x"] = np.ones(2, dtype=np.float32)
        return d, List.empty_list(nt.int8[:, :])

    d, l = f()
    assert repr(d) == "DictType[unicode_type,array(float32, 1d, A)]({x: [1. 1.]})"
    assert repr(l) == "ListType[array(int8, 2d, A)]([])"


# ---------------------------------------------------------------------------------------------
# Stored from prange chunks


@hasten.njit(parallel=True)
def fill_in_parallel(words, rows, plain, n):
    for i in prange(n):
        words[i] = str(i) * 2
        rows[i] = np.full(3, i * 1.0)
        plain[i] = str(i)
    return 0


def test_values_stored_by_prange_chunks_outlive_the_chunks(no_leaks):
    n = 400
    words, rows, plain = List(["x"] * n), List([np.zeros(3) for _ in range(n)]), ["y"] * n
    fill_in_parallel(words, rows, plain, n)
    gc.collect()
    [str(i) * 50 for i in range(n)], [np.ones(3) for _ in range(n)]  # reuse whatever was freed
    assert list(words) == [str(i) * 2 for i in range(n)]
    assert [r.tolist() for r in rows] == [[i * 1.0] * 3 for i in range(n)]
    assert plain == [str(i) for i in range(n)]
    del words, rows
    gc.collect()
