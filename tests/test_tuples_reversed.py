"""Tuples as iterables, `tuple(...)`, `reversed(...)` and `hasten.typed.List(iterable)` in compiled
code, differential against CPython: `for x in t`, `x in t`, `sum/min/max/sorted/list/any/all(t)`,
comprehensions and `zip`/`enumerate` over homogeneous tuples; `tuple()` of what has a length known
at compile time, refused by name otherwise; `reversed` of lists (also changed while walked, as
CPython's reverse iterator sees them), dicts and their views (RuntimeError when the size changes),
ranges with constant steps, strings, arrays and tuples."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from hasten.typed import List

from conftest import check, jit_source

ints = st.lists(st.integers(-50, 50), min_size=1, max_size=12)


# --- tuples iterated ---------------------------------------------------------------------------


@njit
def loop_over(t):
    out = []
    for x in t:
        out.append(x)
    return out


@njit
def reductions(t):
    return sum(t), min(t), max(t), sorted(t), sorted(t, reverse=True), list(t), any(t), all(t)


@njit
def membership(t, x):
    return x in t, x not in t, x + 1 in t


@njit
def tuple_comprehensions(t):
    doubled = [2 * x for x in t]
    pairs = [(k, x) for k, x in enumerate(t)]
    zipped = [x * y for x, y in zip(t, doubled)]
    return doubled, pairs, zipped, {x % 3 for x in t}


@njit
def literal_tuples(n):
    s = 0
    for k in (1, n, 3):
        s = 10 * s + k
    names = ""
    for w in ("a", "bc", "d"):
        names += w
    return s, names, 2 in (1, n), [p[0] + p[1] for p in ((1, 2), (3, 4))]


@njit
def tuple_of_arrays(a):
    t = (a, a + 1.0, a * 2.0)
    out = []
    for x in t:
        out.append(x.sum())
    return out, len(list(t))


@njit
def empty_tuple():
    s = 0
    for x in ():
        s += x
    return s, sum(()), list(())


@given(st.tuples(st.integers(-99, 99), st.integers(-99, 99), st.integers(-99, 99)), st.integers(-99, 99))
@settings(max_examples=60, deadline=None)
def test_int_tuples(t, x):
    check(loop_over, t)
    check(reductions, t)
    check(membership, t, x)
    check(tuple_comprehensions, t)


@given(st.tuples(st.floats(allow_nan=True), st.floats(allow_nan=True)))
@settings(max_examples=60, deadline=None)
def test_float_tuples(t):
    check(loop_over, t)
    check(reductions, t)


def test_tuples_of_other_items():
    check(loop_over, ("x", "héllo", ""))
    check(loop_over, ((1, 2.5), (3, -0.0)))
    check(literal_tuples, 7)
    check(tuple_of_arrays, np.arange(5.0))
    check(empty_tuple)


def test_heterogeneous_tuples():
    @njit
    def mixed(t):
        s = 0.0
        for x in t:
            s += x
        return s

    # A loop is compiled once per item (`unroll.rs`), and `sum` of such a tuple adds item after
    # item; `max` of one is refused by name (its result's type would depend on the values).
    check(mixed, (1, 2.5))

    @njit
    def mixed_sum():
        return sum((1, True))

    check(mixed_sum)

    @njit
    def mixed_max():
        return max((1, True))

    with pytest.raises(hasten.UnsupportedError, match="items differ in type"):
        mixed_max()


# --- tuple(...) --------------------------------------------------------------------------------


@njit
def tuple_known(x, t):
    return tuple(), tuple([x, 2.5, "s"]), tuple("héj"), tuple(t), tuple(range(3)), tuple(range(9, -4, -3)), tuple(range(5, 2))


@given(st.integers(-9, 9), st.tuples(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False)))
@settings(max_examples=30, deadline=None)
def test_tuple_of_known_lengths(x, t):
    check(tuple_known, x, t)


@njit
def sorted_tuples(t, names):
    return tuple(sorted(t)), tuple(sorted(t, reverse=True)), tuple(sorted(names, key=len)), tuple(sorted(()))


@given(st.tuples(st.floats(), st.floats(), st.floats(allow_nan=False)), st.tuples(st.text(max_size=3), st.text(max_size=3)))
@settings(max_examples=40, deadline=None)
def test_tuple_of_a_sorted_tuple_is_a_tuple(t, names):
    check(sorted_tuples, t, names)


def test_tuple_of_run_time_lengths_is_refused_by_name():
    @njit
    def of_list(l):
        return tuple(l)

    with pytest.raises(hasten.UnsupportedError, match="length is part of its type"):
        of_list([1, 2])

    @njit
    def of_generator(n):
        return tuple(i for i in range(n))

    with pytest.raises(hasten.UnsupportedError, match="length is part of its type"):
        of_generator(3)

    @njit
    def of_range(n):
        return tuple(range(n))

    with pytest.raises(hasten.UnsupportedError, match="constant bounds"):
        of_range(3)


# --- reversed(...) -----------------------------------------------------------------------------


@njit
def reversed_list(l):
    out = []
    for x in reversed(l):
        out.append(x)
    return out, list(reversed(l)), [2 * x for x in reversed(l)], sum(x for x in reversed(l))


@njit
def reversed_zip(l):
    out = []
    for x, y in zip(reversed(l), l):
        out.append(x - y)
    for k, x in enumerate(reversed(l), 1):
        out.append(k * x)
    return out


@njit
def reversed_while_changed(l, k):
    # CPython's reverse iterator re-reads the length: items past a shrunk end stop the walk,
    # items appended are never reached, items stored below the index are seen.
    out = []
    for x in reversed(l):
        out.append(x)
        if x % 3 == 0 and len(l) > k:
            l.pop()
            l.pop()
        elif x % 3 == 1:
            l.append(x)
        elif len(l) > 1:
            l[0] = x
    return out, l


@given(ints)
@settings(max_examples=60, deadline=None)
def test_reversed_lists(l):
    check(reversed_list, l)
    check(reversed_zip, l)


@given(ints, st.integers(0, 12))
@settings(max_examples=80, deadline=None)
def test_reversed_list_changed_while_walked(l, k):
    check(reversed_while_changed, l, k)


@njit
def reversed_dict(n, drop):
    d = {}
    for i in range(n):
        d[(i * 7) % 11] = i * 0.5
    if drop in d:
        del d[drop]
    keys = [k for k in reversed(d)]
    values = [v for v in reversed(d.values())]
    items = [(k, v) for k, v in reversed(d.items())]
    ks = [k for k in reversed(d.keys())]
    return keys, values, items, ks


@njit
def reversed_dict_grows(n):
    d = {i: i for i in range(n)}
    for k in reversed(d):
        d[k + 100] = k
    return d


@njit
def reversed_dict_same_size(n):
    d = {i: i for i in range(n)}
    out = []
    for k in reversed(d):
        out.append(k)
        d[k] = -k
    return out, d


@given(st.integers(0, 15), st.integers(0, 11))
@settings(max_examples=40, deadline=None)
def test_reversed_dicts(n, drop):
    check(reversed_dict, n, drop)
    check(reversed_dict_grows, n)
    check(reversed_dict_same_size, n)


@pytest.mark.parametrize("step", [1, 2, 3, -1, -2, -5])
def test_reversed_ranges(step):
    src = f"""
def f(a, b):
    out = []
    for x in reversed(range(a, b, {step})):
        out.append(x)
    return out, [y * 2 for y in reversed(range(a, b, {step}))], sum(reversed(range(a, b, {step}))), tuple(reversed(range(-3, 4, {step})))
"""
    f = jit_source(src)
    for a in range(-7, 8, 3):
        for b in range(-8, 9, 2):
            check(f, a, b)


@njit
def reversed_indices(a):
    out = []
    for i in reversed(range(len(a))):
        out.append(a[i])
    for i in reversed(range(a.shape[0] - 1)):
        out.append(-a[i])
    return out


@njit
def reversed_sequences(s, a, t):
    chars = [c for c in reversed(s)]
    total = 0.0
    for x in reversed(a):
        total = total * 2.0 + x
    rows = []
    for r in reversed(a.reshape(2, -1)):
        rows.append(r.sum())
    return chars, total, rows, [x for x in reversed(t)]


@njit
def reversed_view_sees_stores(a):
    out = []
    for x in reversed(a):
        out.append(x)
        a[0] = x
    return out


def test_reversed_of_strings_arrays_and_tuples():
    check(reversed_indices, np.arange(6.0))
    check(reversed_indices, np.arange(0.0))
    check(reversed_sequences, "héllo", np.arange(6.0), (1, 2, 3))
    check(reversed_sequences, "", np.arange(6.0)[::-1], (5,))
    check(reversed_view_sees_stores, np.arange(5.0))


def test_reversed_refusals():
    @njit
    def of_set(n):
        out = []
        for x in reversed({n}):
            out.append(x)
        return out

    with pytest.raises(hasten.TypingError, match="'set' object is not reversible"):
        of_set(1)

    @njit
    def of_zip(l):
        out = []
        for x, y in reversed(zip(l, l)):
            out.append(x)
        return out

    with pytest.raises(hasten.TypingError, match="'zip' object is not reversible"):
        of_zip([1])

    @njit
    def as_value(l):
        r = reversed(l)
        return r

    with pytest.raises(hasten.UnsupportedError, match="reversed"):
        as_value([1])


# --- hasten.typed.List(iterable) ---------------------------------------------------------------


@njit
def typed_from_iterables(l, a, n):
    return List(l), List(range(n)), List(x * 0.5 for x in l if x > 0), List(a), List((x, -x) for x in range(n))


@given(ints, st.integers(0, 6))
@settings(max_examples=30, deadline=None)
def test_typed_list_of_an_iterable(l, n):
    a = np.arange(n, dtype=np.int32)
    got = typed_from_iterables(l, a, n)
    # A typed list made in Python from the same iterables is the reference (item types included).
    expected = ([*l], [*range(n)], [x * 0.5 for x in l if x > 0], [*List(a)], [(x, -x) for x in range(n)])
    for g, e in zip(got, expected):
        assert type(g) is List and list(g) == e
        assert [type(x) for x in g] == [type(x) for x in e]
        assert g._refcount() == 1
    assert got[3].item_type == "int32"


def test_no_blocks_are_left_behind():
    a = np.arange(4.0)
    before = hasten.alloc_stats()
    for _ in range(300):
        tuple_of_arrays(a)
        reversed_list([1, 2, 3])
        reversed_dict(9, 3)
        typed_from_iterables([1, 2], np.arange(2, dtype=np.int32), 2)
    after = hasten.alloc_stats()
    assert after["live"] == before["live"]
    assert after["miscounted"] == before["miscounted"] and after["leaked"] == before["leaked"]


# --- np.array of a list of arrays --------------------------------------------------------------


@njit
def windows(a, w):
    out = []
    for i in range(0, len(a) - w + 1, w):
        out.append(a[i : i + w].copy())
    return np.array(out), np.asarray(out), np.array(out, dtype=np.float64)


@njit
def stack_three(a, b, c):
    return np.array([a, b, c])


@given(st.integers(0, 9), st.integers(1, 4), st.sampled_from([np.float64, np.int32, np.uint8, np.bool_]))
@settings(max_examples=40, deadline=None)
def test_np_array_of_a_list_of_arrays(n, w, dtype):
    a = (np.arange(n) % 3).astype(dtype)
    if n < w:
        # No window: NumPy's shape (0,) is not one this list's type can give.
        with pytest.raises(ValueError, match="empty list of arrays"):
            windows(a, w)
    else:
        check(windows, a, w)


@pytest.mark.parametrize(
    "shapes",
    [[(2, 3), (2, 3), (2, 3)], [(2, 3), (2, 4), (5, 3)], [(2, 3), (2, 3), (2, 4)], [(3,), (3,), (4,)], [(), (), ()], [(0, 2), (0, 2), (0, 3)]],
)
def test_np_array_of_arrays_of_some_shapes(shapes):
    # NumPy's inhomogeneous-shape ValueError names the axes every array shares with the first.
    check(stack_three, *[np.arange(int(np.prod(s)), dtype=np.float64).reshape(s) for s in shapes])
    m = np.arange(12.0).reshape(3, 4)
    check(stack_three, m[:, ::2], m[::-1, 1::2], m[:, 1:3])
