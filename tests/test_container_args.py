"""Dicts and sets passed in from Python, differential against CPython: the caller's object shows
the call's changes afterwards (stores, `+=` in place, deletions, `update`, `popitem`, `clear`, set
algebra in place), keeps its identity when returned, and is left alone when the call does not
change it; the refusals of dicts and sets hasten cannot take."""

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check


def same_mutations(f, *args):
    """f.py_func and f on deep copies of args: equal results, equal arguments afterwards (dicts in
    the same order), the same exception."""
    pa, ha = copy.deepcopy(args), copy.deepcopy(args)
    try:
        expected, pexc = f.py_func(*pa), None
    except Exception as e:  # noqa: BLE001 - the exception is what is compared
        expected, pexc = None, e
    try:
        got, hexc = f(*ha), None
    except Exception as e:  # noqa: BLE001
        got, hexc = None, e
    assert type(hexc) is type(pexc), (hexc, pexc)
    if pexc is not None:
        assert str(hexc) == str(pexc)
    assert got == expected
    for h, p in zip(ha, pa):
        assert h == p
        if isinstance(p, dict):
            assert list(h.items()) == list(p.items())
    return got, ha


@njit
def count_into(d, a):
    for x in a:
        d[x] = d.get(x, 0) + 1
    return len(d)


@njit
def bump(d, k):
    d[k] += 10
    return d[k]


@njit
def edit(d, k):
    d[k] = 0.5
    if k + 1 in d:
        del d[k + 1]
    d.pop(k + 2, 0.0)
    return d


@njit
def popitem_and_update(d, e):
    k, v = d.popitem()
    d.update(e)
    return k, v


@njit
def reads(d, s):
    total = 0.0
    for k, v in d.items():
        total += k * v
    return total, len(s), 3 in s


@njit
def set_edit(s, t, op):
    if op == 0:
        s |= t
    elif op == 1:
        s &= t
    elif op == 2:
        s -= t
    elif op == 3:
        s ^= t
    elif op == 4:
        s.add(100)
    else:
        s.clear()
    return s


@njit
def tuple_keys(d):
    d[(9, 9)] = (1.5, True)
    return d


@njit
def clear_it(d):
    d.clear()


def test_dict_written_back():
    same_mutations(count_into, {1: 5, 2: 1}, [1, 3, 3, 2])
    same_mutations(bump, {1: 5, 2: 1}, 2)
    same_mutations(bump, {1: 5, 2: 1}, 7)
    same_mutations(edit, {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0}, 1)
    same_mutations(edit, {5: 1.0}, 1)
    same_mutations(popitem_and_update, {1: 2, 3: 4}, {3: 0, 7: 7})
    same_mutations(tuple_keys, {(1, 2): (0.5, False)})
    same_mutations(clear_it, {True: 1, False: 0})


def test_identity_and_unchanged():
    d = {1: 1.0, 2: 2.0}
    assert edit(d, 1) is d
    s = {1, 2}
    t = {2, 3}
    assert set_edit(s, t, 0) is s and s == {1, 2, 3}
    d = {3: 2.0, 1: 4.0}
    s = {3, 4}
    before = (list(d.items()), set(s))
    assert reads(d, s) == reads.py_func(d, s)
    assert (list(d.items()), set(s)) == before


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(-3, 5)), st.sets(st.integers(-3, 5), min_size=1), st.integers(0, 5))
def test_sets_written_back(s, t, op):
    if not s:
        s = {0}
    same_mutations(set_edit, s, t, op)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(-3, 3), st.integers(-5, 5), min_size=1), st.lists(st.integers(-3, 3), min_size=1))
def test_counting_hypothesis(d, a):
    same_mutations(count_into, d, a)


def test_refusals():
    for bad, why in [({}, "empty dict"), ({1: 1, 2: 1.5}, "dict"), ({1: [1]}, "dict"), (set(), "empty set")]:
        with pytest.raises(hasten.UnsupportedArgumentError, match=why):
            clear_it(bad)


@njit
def words_edit(words, w):
    words.append(w)
    words[0] = words[0] + "!"
    return len(words)


@njit
def words_read(words):
    n = 0
    for w in words:
        n += len(w)
    return n, words[-1]


@njit
def words_reversed(words):
    words.reverse()
    return words


@njit
def tuple_items(items):
    total = 0
    for n, name in items:
        total += n * len(name)
    return total


def test_lists_of_strings():
    same_mutations(words_edit, ["a", "bé", ""], "x")
    same_mutations(words_read, ["a", "bé", "cc"])
    same_mutations(words_reversed, ["b", "a", "c", "a"])
    same_mutations(tuple_items, [(1, "ab"), (2, "c")])
    words = ["x", "y"]
    assert words_reversed(words) is words and words == ["y", "x"]
    # The strings of a list the call left unchanged are freed with it (the fixture checks "leaked").
    before = hasten.alloc_stats()["live"]
    for _ in range(200):
        words_read(["p", "q" * 5])
    assert hasten.alloc_stats()["live"] == before


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=4), min_size=1, max_size=8), st.text(max_size=3))
def test_strings_hypothesis(words, w):
    same_mutations(words_edit, words, w)
    same_mutations(words_read, words)


@njit
def look_up(d, s, k):
    return d[k], k in d, k in s, d.get(k, 0)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32])
def test_dicts_and_sets_of_narrow_numpy_ints_passed_in(dtype):
    # NumPy writes a narrow int's bytes only: a negative key is widened with its sign to match
    # the keys compiled code makes
    keys = [dtype(x) for x in ([-1, 3, -128] if np.dtype(dtype).kind == "i" else [1, 3, 200])]
    d = {k: j for j, k in enumerate(keys)}
    for k in keys:
        check(look_up, d, set(keys), k)
    check(look_up, {(keys[0], 1): 5}, {(keys[0], 1)}, (keys[0], 1))
