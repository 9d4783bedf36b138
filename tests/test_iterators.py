"""`iter()` and `next()` in compiled code, differential against CPython: iterators over ranges,
arrays (items and rows), lists, tuples, strings, dicts (keys, values, items), sets, `zip`,
`enumerate` and `reversed` lists; `next(it, default)`; StopIteration raised, caught by
`try/except` in compiled code and seen by Python; `for x in it` going on from where `next` left
it; iterators passed to jitted callees; exhausted iterators staying exhausted; CPython's
"changed size" RuntimeError; and the refusals."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import check, python_reference


@njit
def first_then_rest(a):
    it = iter(a)
    x = next(it)
    s = x - x
    for y in it:
        s += y
    return x, s


@njit
def drain(n, start, step):
    it = iter(range(start, n, step))
    out = []
    try:
        while True:
            out.append(next(it))
    except StopIteration:
        pass
    return out, next(it, -1)


@njit
def take(it):
    return next(it)


@njit
def through_callee(l):
    it = iter(l)
    a = take(it)
    b = take(it)
    return a, b, [x for x in it]


@njit
def exhausted(l):
    it = iter(l)
    next(it)
    return next(it)


@njit
def pairs(l):
    it = iter(l)
    out = []
    for x in it:
        out.append((x, next(it, -1)))
    return out


@njit
def stays_exhausted(l):
    it = iter(l)
    n = 0
    for _ in it:
        n += 1
    l.append(99)
    return n, next(it, -7), l


@njit
def sees_appends(l):
    it = iter(l)
    a = next(it)
    l.append(5)
    return a, [x for x in it]


@njit
def string_chars(s):
    it = iter(s)
    a = next(it)
    return a, next(it, "?"), "".join([c for c in it])


@njit
def tuple_items(t):
    it = iter(t)
    return next(it) + next(it), [x for x in it]


@njit
def rows(a):
    it = iter(a)
    r = next(it)
    r[0] = -1.0
    return r.copy(), [row.sum() for row in it]


@njit
def dict_walks(n):
    d = {}
    for i in range(n):
        d[i * 7 % 5] = i * 1.5
    del d[2]
    ks, vs, its = iter(d), iter(d.values()), iter(d.items())
    return next(ks), next(vs), next(its), [k for k in ks], [v for v in vs], [kv for kv in its]


@njit
def str_keyed(n):
    d = {"a": "x", "bé": "y"}
    d[str(n)] = "z"
    it = iter(d.items())
    first = next(it)
    rest = [k + v for k, v in it]
    return first, rest, next(it, ("none", "none")), next(iter(d.values()), "?")


@njit
def dict_grows(n):
    d = {0: 0}
    it = iter(d)
    d[n] = 1
    return next(it)


@njit
def dict_grows_caught(n):
    d = {0: 0}
    it = iter(d)
    d[n] = 1
    first = ""
    try:
        next(it)
    except RuntimeError as e:
        first = str(e)
    del d[n]
    # CPython's dict iterator keeps raising once the size changed, even if it changes back.
    try:
        next(it)
    except RuntimeError as e:
        return first, str(e)
    return first, "no error"


@njit
def set_grows(n):
    s = {1, 2}
    it = iter(s)
    next(it)
    s.add(n)
    return next(it)


@njit
def set_items(xs):
    s = set()
    for x in xs:
        s.add(x)
    it = iter(s)
    total = 0
    for x in it:
        total += x
    return total, next(it, 0)


@njit
def zipped(a, b):
    it = iter(zip(a, b))
    p = next(it)
    return p, [x for x in it]


@njit
def enumerated(a, k):
    it = iter(enumerate(a, k))
    p = next(it)
    return p, [x for x in it]


@njit
def backwards(l):
    it = iter(reversed(l))
    a = next(it)
    return a, [x for x in it]


@njit
def iter_of_iter(l):
    it = iter(l)
    same = iter(it)
    next(same)
    return next(it)


@njit
def caught_outside(l):
    it = iter(l)
    for _ in range(len(l) + 1):
        next(it)
    return 0


@njit
def stop_args(l):
    it = iter(l)
    try:
        next(it)
        next(it)
    except StopIteration as e:
        return str(e)
    return "none"


@njit
def defaults(l):
    it = iter(l)
    return next(it, 0.5), next(it, 0.5)


@njit
def zero_step(n, k):
    it = iter(range(0, n, k))
    return next(it)


@njit
def big_range(a, b, c):
    it = iter(range(a, b, c))
    return next(it, 0), next(it, 0), [x for x in it][:3]


def test_next_then_for():
    check(first_then_rest, np.arange(5.0))
    check(first_then_rest, [1.0, 2.0, 3.0])
    check(first_then_rest, np.arange(1.0))


@pytest.mark.parametrize("n,start,step", [(20, 2, 3), (0, 0, 1), (-10, 5, -4), (5, 5, 1), (10, 9, -1)])
def test_ranges(n, start, step):
    check(drain, n, start, step)


def test_range_zero_step_and_limits():
    check(zero_step, 3, 0)
    big = 2**63 - 1
    check(big_range, -big - 1, big, 2**62)
    check(big_range, big, -big - 1, -(2**62))
    check(big_range, 0, big, big)


def test_iterator_passed_to_callee():
    ref = python_reference(through_callee)
    check(through_callee, [1, 2, 3, 4], reference=ref)
    check(through_callee, [1, 2], reference=ref)


def test_stop_iteration_reaches_python():
    check(exhausted, [1])
    check(caught_outside, [1, 2])
    with pytest.raises(StopIteration) as info:
        exhausted([1])
    assert info.value.args == ()
    check(stop_args, [5])


def test_for_and_next_share_the_walk():
    check(pairs, [1, 2, 3, 4, 5])
    check(pairs, [1])


def test_list_iterators_follow_cpython():
    for l in ([1, 2], [3]):
        expected = stays_exhausted.py_func(list(l))
        assert stays_exhausted(list(l)) == expected
    check(sees_appends, [1, 2])


def test_strings_tuples_rows():
    check(string_chars, "héllo, wörld")
    check(string_chars, "a")
    check(tuple_items, (1, 2, 3, 4))
    check(tuple_items, (1.5, 2.5))
    check(rows, np.arange(12.0).reshape(4, 3))
    check(rows, np.arange(12.0).reshape(3, 4)[:, ::-1])


def test_dicts_and_sets():
    check(dict_walks, 5)
    check(dict_walks, 9)
    check(str_keyed, 3)
    check(dict_grows, 3)
    check(dict_grows_caught, 3)
    check(set_grows, 3)
    check(set_items, [3, 1, 2, 3])
    check(set_items, [4])


def test_zip_enumerate_reversed():
    check(zipped, [1, 2, 3], np.arange(2.0))
    check(zipped, [1], np.arange(3.0))
    check(enumerated, np.arange(3.0), 10)
    check(enumerated, [7], -1)
    check(backwards, [1, 2, 3])
    check(backwards, [4])


def test_iter_of_an_iterator_is_itself():
    check(iter_of_iter, [1, 2, 3])


def test_defaults():
    check(defaults, [3.5])
    check(defaults, [-1.0, 2.0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=8), st.lists(st.sampled_from(["next", "default", "loop1"]), max_size=12))
def test_operation_sequences(items, ops):
    """Random sequences of `next(it)`, `next(it, d)` and one-step loops over one list iterator."""
    lines = ["def f(l):", "    it = iter(l)", "    out = [0]"]
    for op in ops:
        if op == "next":
            lines.append("    out.append(next(it))")
        elif op == "default":
            lines.append("    out.append(next(it, -100))")
        else:
            lines += ["    for x in it:", "        out.append(x * 2)", "        break"]
    lines.append("    return out")
    from conftest import jit_source

    f = jit_source("\n".join(lines) + "\n")
    check(f, items)


def test_no_leaks():
    before = hasten.alloc_stats()["live"]
    for _ in range(50):
        through_callee([1, 2, 3])
        rows(np.arange(6.0).reshape(3, 2))
        string_chars("abc")
        string_chars("é")
        str_keyed(2)
        dict_walks(6)
        try:
            exhausted([1])
        except StopIteration:
            pass
    assert hasten.alloc_stats()["live"] == before


def test_refusals():
    @njit
    def returns(l):
        return iter(l)

    with pytest.raises(hasten.UnsupportedError, match="returning an iterator"):
        returns([1])

    @njit
    def none_default(l):
        return next(iter(l), None)

    # None or the item: an optional value (tests/test_optional_locals.py).
    check(none_default, [1])
    check(none_default, np.arange(0))

    @njit
    def not_iterator(l):
        return next(l)

    with pytest.raises(hasten.TypingError, match="is not an iterator"):
        not_iterator([1])

    @njit
    def other_default(l):
        return next(iter(l), 0.5)

    # CPython gives an int item or the float default: two types, which compiled code cannot.
    with pytest.raises(hasten.UnsupportedError, match="one value cannot hold both"):
        other_default([1])

    @njit
    def zip_of_iterator(l):
        return [x for x in zip(iter(l), l)]

    with pytest.raises(hasten.UnsupportedError, match="of an iterator"):
        zip_of_iterator([1])


def test_prange_refuses_a_shared_iterator():
    from hasten import prange

    @njit(parallel=True)
    def shared(l):
        it = iter(l)
        out = np.zeros(4)
        for i in prange(4):
            out[i] = next(it, 0)
        return out

    with pytest.raises(hasten.UnsupportedError, match="iterator made before a prange loop"):
        shared([1, 2, 3])

    @njit(parallel=True)
    def private(l):
        out = np.zeros(4)
        for i in prange(4):
            it = iter(l)
            out[i] = next(it) + i
        return out

    check(private, [1.5, 2.5])


@pytest.mark.parametrize("f,args", [(through_callee, ([1, 2, 3],)), (dict_walks, (5,)), (zipped, ([1, 2], np.arange(2.0)))])
def test_tier2(f, args):
    g = njit(tier=2)(f.py_func)
    check(g, *args, reference=python_reference(f))


@njit
def loop_else(l, stop):
    it = iter(l)
    out = []
    for x in it:
        if x == stop:
            break
        out.append(x)
    else:
        out.append(-1)
    return out, next(it, -2)


@njit
def nested_same(l):
    it = iter(l)
    out = []
    for x in it:
        for y in it:
            out.append(x * 10 + y)
            break
    return out


@njit
def reversed_shrinks(l):
    it = iter(reversed(l))
    a = next(it)
    l.pop()
    l.pop()
    return a, [x for x in it]


@njit
def raises_mid_walk(l, k):
    it = iter(l)
    total = 0
    try:
        for x in it:
            total += 100 // (x - k)
    except ZeroDivisionError:
        total = -total
    return total, next(it, 0)


@njit
def arrays_of_rows(a):
    out = []
    it = iter(a)
    for row in it:
        out.append(row[::-1].copy())
    return out


def test_more_walks():
    check(loop_else, [1, 2, 3], 2)
    check(loop_else, [1, 2, 3], 9)
    check(nested_same, [1, 2, 3, 4, 5])
    check(reversed_shrinks, [1, 2, 3, 4])
    check(reversed_shrinks, [1, 2])
    check(raises_mid_walk, [3, 5, 7, 9], 7)
    check(raises_mid_walk, [3, 5], 1)
    check(arrays_of_rows, np.arange(6.0).reshape(3, 2))
    check(arrays_of_rows, np.zeros((0, 3)))
