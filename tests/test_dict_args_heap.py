"""Dict and set arguments with strings, NumPy scalars and arrays as keys, items and values: read,
changed (the caller's object sees the change, also when the call raises), returned, and their
strings' reference counts exact (the `exact_reference_counts` fixture)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check
from hasten import njit


@njit
def count_words(counts, text):
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return len(counts)


@njit
def lookup(d, k):
    return d[k]


@njit
def longest_key(d):
    best = ""
    for k in d:
        if len(k) > len(best):
            best = k
    return best


@njit
def join_values(d):
    out = ""
    for k, v in d.items():
        out += k + "=" + v + ";"
    return out


@njit
def rename(d, old, new):
    d[new] = d.pop(old)
    return d


@njit
def total_of_arrays(d):
    t = 0.0
    for k in d:
        t += d[k].sum()
    return t


@njit
def add_array(d, k, a):
    d[k] = a * 2.0
    return len(d)


@njit
def with_words(s, words):
    n = 0
    for w in words.split():
        if w in s:
            n += 1
        else:
            s.add(w)
    return n


@njit
def fail_after_store(d, k):
    d[k] = 1
    raise ValueError("stop")


@njit
def scalar_keys(d, k):
    return d.get(k, -1.0)


def test_word_counts_written_back():
    counts = {"the": 2, "cat": 1}
    check(count_words, counts, "the cat and the hat")
    got = {"the": 2, "cat": 1}
    count_words(got, "the cat and the hat")
    assert got == {"the": 4, "cat": 2, "and": 1, "hat": 1}


def test_read_only_dicts_of_strings():
    d = {"alpha": "a", "beta": "b", "gamma": "c"}
    check(lookup, d, "beta")
    check(lookup, d, "delta")  # KeyError: 'delta'
    check(longest_key, d)
    check(join_values, d)
    assert d == {"alpha": "a", "beta": "b", "gamma": "c"}
    check(lookup, {(1, "x"): 2.5, (2, "y"): 3.5}, (2, "y"))


def test_changed_dict_keeps_caller_object_and_order():
    d = {"a": "1", "b": "2", "c": "3"}
    same = rename(d, "a", "z")
    assert same is d and list(d.items()) == [("b", "2"), ("c", "3"), ("z", "1")]
    check(rename, {"a": "1", "b": "2"}, "a", "b")


def test_arrays_as_values():
    d = {"x": np.arange(3.0), "y": np.ones(4)[::2]}
    check(total_of_arrays, d)
    got = {"x": np.arange(3.0)}
    add_array(got, "y", np.ones(2))
    assert set(got) == {"x", "y"} and np.array_equal(got["y"], np.full(2, 2.0))
    check(add_array, {"x": np.arange(3.0)}, "x", np.ones(2))


def test_sets_of_strings():
    s = {"a", "b"}
    check(with_words, s, "a c b c d")
    got = {"a", "b"}
    with_words(got, "a c b c d")
    assert got == {"a", "b", "c", "d"}


def test_change_seen_when_the_call_raises():
    d = {"a": 0}
    with pytest.raises(ValueError):
        fail_after_store(d, "b")
    assert d == {"a": 0, "b": 1}


def test_numpy_scalar_keys():
    check(scalar_keys, {np.int64(3): 1.5, np.int64(4): 2.5}, 4)
    check(scalar_keys, {np.float64(0.5): 1.5}, 0.5)


def test_lists_as_values_are_refused_by_name():
    with pytest.raises(hasten.UnsupportedArgumentError, match="strings, arrays or tuples of them as values"):
        lookup({"a": [1, 2]}, "a")


@njit
def edit(d, words, drop):
    for w in words:
        d[w] = d.get(w, "") + w[:1]
    for w in drop:
        if w in d:
            del d[w]
    return len(d)


words = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=4), st.text(max_size=3), min_size=1, max_size=6), words, words)
def test_edits_match_cpython(d, add, drop):
    expected, got = dict(d), dict(d)
    assert edit(got, add, drop) == edit.py_func(expected, add, drop)
    assert list(got.items()) == list(expected.items())
