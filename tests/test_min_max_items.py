"""`min`, `max`, `sum` and `sorted` of the iterables CPython's builtins walk item by item: strings
(one-character strings), 1-D arrays (NumPy scalars), lists of strings and of tuples, and `min`/`max`
with `key=` and `default=`. Differential against CPython, NaN and signed zeros included (CPython
keeps the first item no later one beats by `<`/`>`, so where a NaN stands decides the answer)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import hasten
from hasten import njit
from conftest import check


@njit
def extremes_of_text(s):
    return min(s), max(s), sorted(s), sorted(s, reverse=True)


@njit
def extremes_of_array(a):
    return min(a), max(a), sum(a), sorted(a)


@njit
def extremes_of_strings(text):
    words = text.split()
    return min(words), max(words)


@njit
def extremes_of_pairs(n):
    pts = [(i % 3, str(i)) for i in range(n)]
    return min(pts), max(pts)


@njit
def keyed(a):
    xs = [x for x in a.tolist()]
    return min(xs, key=abs), max(xs, key=abs), min(xs, key=lambda x: -x)


@njit
def keyed_words(text):
    words = text.split()
    return max(words, key=len), min(words, key=len), max(words, key=lambda w: w[::-1])


@njit
def defaults(a):
    xs = a.tolist()
    return min(xs, default=-1.5), max(xs, default=99.0), max((x for x in xs if x > 0), default=0.0)


@njit
def keyed_dict(n):
    d = {str(i): (i * 7) % 5 for i in range(n)}
    return max(d, key=lambda k: d[k]), min(d.items(), key=lambda kv: kv[1]), max(d.values(), default=-1)


@njit
def keyed_range(n):
    return max(range(n), key=lambda i: (i - 3) ** 2), min(range(n), key=lambda i: -i, default=-1)


@njit
def keyed_array(a):
    return max(a, key=abs), min(a, key=lambda x: x * x, default=np.float64(7.0))


@njit
def keyed_tuple(n):
    t = (3, -n, 2)
    return min(t, key=lambda x: -x), max(t, default=0)


@njit
def of_int_arrays(a):
    b = a.astype(np.int32)
    return min(b), max(b), sum(b), sorted(b.astype(np.uint8)), min(a > 0)


@pytest.mark.parametrize("s", ["hello world", "b", "", "Zürich ✓ 𝄞", "aAbB"])
def test_text(s):
    check(extremes_of_text, s)


FLOATS = [
    np.array([2.0, np.nan, -3.0, -0.0]),
    np.array([np.nan, 1.0]),
    np.array([0.0, -0.0]),
    np.array([-0.0, 0.0]),
    np.array([np.inf, -np.inf, 5.0]),
    np.array([1.0]),
    np.array([], dtype=np.float64),
    np.arange(10.0)[::-3],
    np.array([1.5, 2.5], dtype=np.float32),
]


@pytest.mark.parametrize("a", FLOATS, ids=range(len(FLOATS)))
def test_array_items(a):
    check(extremes_of_array, a)
    if a.dtype == np.float64:  # the default is a float64
        check(keyed_array, a)
    check(of_int_arrays, np.nan_to_num(a, posinf=9, neginf=-9))


@pytest.mark.parametrize("text", ["pear apple fig", "b", "", "ab a abc ab"])
def test_strings(text):
    check(extremes_of_strings, text)
    check(keyed_words, text)


@pytest.mark.parametrize("n", [0, 1, 5, 9])
def test_pairs_dicts_ranges(n):
    check(extremes_of_pairs, n)
    check(keyed_dict, n)
    check(keyed_range, n)
    check(keyed_tuple, n)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=12))
@settings(max_examples=60, deadline=None)
def test_keys_and_defaults(xs):
    check(keyed, np.array(xs, dtype=np.float64))
    check(defaults, np.array(xs, dtype=np.float64))


@given(st.lists(st.integers(-5, 5), max_size=10))
@settings(max_examples=40, deadline=None)
def test_int_keys_ties(xs):
    # Equal keys: the first item wins for min and for max.
    check(keyed, np.array(xs, dtype=np.int64))


def test_refusals_name_the_feature():
    def rows(a):
        return max(a)

    def mixed_default(xs):
        return max(xs, default=0)

    def several(a, b):
        return min(a, b, key=abs)

    with pytest.raises(hasten.UnsupportedError, match="2-D array"):
        njit(rows)(np.ones((2, 2)))
    with pytest.raises(hasten.UnsupportedError, match="default of type int"):
        njit(mixed_default)([1.5])
    with pytest.raises(hasten.UnsupportedError, match="several arguments"):
        njit(several)(1, -2)


def test_invalid_keyword_and_default_with_several():
    def bad_keyword(xs):
        return min(xs, kee=abs)

    def default_of_several(a, b):
        return min(a, b, default=0)

    with pytest.raises(hasten.TypingError, match="'kee' is an invalid keyword argument for min"):
        njit(bad_keyword)([1])
    with pytest.raises(hasten.TypingError, match="Cannot specify a default for min"):
        njit(default_of_several)(1, 2)


@njit
def keyed_values(text, a):
    k = 2
    return (max(text.split(), key=len), min(a[::-1], key=lambda x: (x - k) ** 2),
            sorted(a[1:], key=lambda x: -x), max((w for w in text.split() if w), key=len, default=""),
            sorted([w.upper() for w in text.split()], key=len, reverse=True))


@pytest.mark.parametrize("text", ["pear apple fig", "a", "xx yy z"])
def test_key_of_a_value_that_is_no_variable(text):
    # The iterable is evaluated once, then the key function on each item.
    check(keyed_values, text, np.array([3.0, -1.0, 2.5, 2.0]))


@njit
def keyed_computed_range(n):
    return max(range(n % 9), key=lambda j: j % 3, default=-1), sorted(range(n + 1, 0, -1), key=lambda j: j % 4)


@pytest.mark.parametrize("n", [0, 5, 20])
def test_key_of_a_computed_range(n):
    check(keyed_computed_range, n)


def test_a_key_that_is_no_function_is_a_typing_error():
    # CPython's TypeError ("'int' object is not callable") when it runs; a compiler crash before.
    @njit
    def not_callable(v):
        return max(v, key=0, default=5)

    with pytest.raises(hasten.TypingError, match="not callable"):
        not_callable(np.arange(3))


@njit
def counted_extremes(keys):
    d = {}
    for k in keys:
        d[k] = d.get(k, 0) + 1
    return max(d, key=d.get), min(d, key=d.get), sorted(d, key=d.get), sorted(d.keys(), key=d.get, reverse=True)


@njit
def argmax_of_dict(d):
    return max(d, key=d.get), min(d.keys(), key=d.get)


@njit
def get_of_another_dict(d, e):
    return max(d, key=e.get)


def test_key_is_the_dicts_own_get():
    check(counted_extremes, [1, 2, 2, 3, 3, 3, 4, 4, 4])
    check(counted_extremes, [5])
    check(argmax_of_dict, {"a": 1.5, "b": -2.0, "c": 7.0, "d": 7.0})


def test_get_of_another_dict_stays_refused():
    with pytest.raises(hasten.UnsupportedError, match="None or int"):
        get_of_another_dict({1: 2}, {1: 3})


@njit
def extremes_of_pairs_iterated(a, b):
    return (max(zip(a, b)), min(enumerate(b)), sorted(zip(a, b), reverse=True), sorted(enumerate(a)),
            max(enumerate(a), key=lambda p: p[1]), min(zip(a, b), default=(a[0], b[0])), sum(reversed(a)), max(reversed(b)))


@njit
def extremes_of_generated_tuples_and_strings(words):
    return (max((len(w), w) for w in words), min(w.upper() for w in words),
            max(w for w in words if len(w) > 1), min((w[-1:], i) for i, w in enumerate(words)))


@njit
def extremes_of_several(p, q, r, s, t):
    return max(p, q, r), min(p, q, r), max(s, t), min(s, t, "m")


@pytest.mark.parametrize("n", [1, 2, 6])
def test_min_max_of_zip_enumerate_reversed(n):
    # CPython compares the tuples item by item: the index breaks ties of enumerate().
    rng = np.random.default_rng(n)
    a = rng.integers(-3, 3, n)
    check(extremes_of_pairs_iterated, a, rng.integers(0, 3, n).astype(np.float64))
    check(extremes_of_pairs_iterated, a.tolist(), [float(x) for x in a[::-1]])


def test_min_max_of_an_empty_zip_raises_as_cpython():
    @njit
    def empty(a, b):
        return max(zip(a, b))

    check(empty, np.zeros(0), np.zeros(0))


@pytest.mark.parametrize("words", [["pear", "apple", "fig"], ["a", "bb", "b"], ["z"]])
def test_min_max_of_generators_of_tuples_and_strings(words):
    check(extremes_of_generated_tuples_and_strings, words)


@pytest.mark.parametrize("p, q, r", [((1, 2.0), (1, 3.0), (0, 9.0)), ((2, -0.0), (2, 0.0), (2, 0.0))])
def test_min_max_of_several_tuples_and_strings(p, q, r):
    check(extremes_of_several, p, q, r, "apple", "pear")


def test_min_max_of_tuples_of_different_types_is_refused_by_name():
    @njit
    def mixed(p, q):
        return max(p, q)

    with pytest.raises(hasten.UnsupportedError, match=r"min\(\)/max\(\) of values of types"):
        mixed((1, 2), (1.5, 2))
