"""Lists in compiled code, differential against CPython: literals, the methods that change a list,
indexing (negative indices, CPython's IndexError), stores, `len`, iteration that sees the list
change, lists of arrays and of tuples, and lists returned to Python."""

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, prange

from conftest import check, floats, jit_source


@njit
def build(n, x):
    out = []
    for i in range(n):
        out.append(i * x)
    return out


@njit
def methods(n):
    l = [1, 2, 3]
    l.append(n)
    l.insert(0, -1)
    l.insert(100, 50)
    l.insert(-100, 60)
    x = l.pop()
    y = l.pop(0)
    z = l.pop(-2)
    l[1] = 10
    l[-1] = 11
    s = 0
    for v in l:
        s += v
    l.extend(l)
    return l, x, y, z, s, len(l), l[-1]


@njit
def index(l_len, i):
    l = [0.0, 1.5, 3.0]
    while len(l) < l_len:
        l.append(-0.0)
    return l[i]


@njit
def store(i, v):
    l = [1.0, 2.0, 3.0]
    l[i] = v
    return l


@njit
def pop_at(n, i):
    l = [7]
    l.clear()
    for k in range(n):
        l.append(k)
    return l.pop(i), l


@njit
def grow_while_iterating(n):
    l = [1]
    for v in l:
        if v < n:
            l.append(v + 1)
    return l


@njit
def shrink_while_iterating(n):
    l = [0]
    for k in range(n):
        l.append(k)
    seen = []
    for v in l:
        seen.append(v)
        if len(l) > 2:
            l.pop()
    return seen, l


@njit
def arrays_in_a_list(n):
    l = [np.ones(n)]
    for i in range(3):
        l.append(l[-1] * 2.0)
    l[0] = l[2][::-1]
    t = 0.0
    for a in l:
        t += a.sum()
    return l, t


@njit
def tuples_in_a_list(n):
    l = [(0, 0.5)]
    for i in range(n):
        l.append((i, i * 0.25))
    a, b = l.pop()
    return l, a, b


@njit
def list_of_lists(n):
    rows = [[0]]
    rows.pop()
    for i in range(n):
        row = [i]
        for j in range(i):
            row.append(j)
        rows.append(row)
    return rows


@njit
def same_list_twice(n):
    l = [n, n + 1]
    return l, l


def test_building_and_methods():
    check(build, 5, 0.5)
    check(build, 0, 1.0)
    check(methods, 7)
    check(grow_while_iterating, 5)
    check(shrink_while_iterating, 6)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 6), st.integers(-9, 9))
def test_indexing_matches_python(n, i):
    check(index, n, i)
    check(pop_at, n, i)


@settings(max_examples=100, deadline=None)
@given(st.integers(-5, 5), floats)
def test_stores_match_python(i, v):
    check(store, i, v)


def test_lists_of_heap_values_and_tuples():
    check(arrays_in_a_list, 3)
    check(tuples_in_a_list, 4)
    check(list_of_lists, 4)


def test_one_list_returned_twice_is_one_python_list():
    a, b = same_list_twice(3)
    assert a is b and a == [3, 4]


def test_errors_match_python():
    check(index, 3, 3)  # IndexError: list index out of range
    check(pop_at, 0, -1)  # IndexError: pop from empty list
    check(pop_at, 2, 5)  # IndexError: pop index out of range


def test_item_types_are_fixed():
    @njit
    def mixed():
        l = [1, 2]
        l.append(2.5)
        return l

    with pytest.raises(hasten.TypingError, match="this list holds int, not float"):
        mixed()

    @njit
    def never_typed():
        l = []
        return len(l)

    with pytest.raises(hasten.TypingError, match="cannot infer the type of the items of this empty list"):
        never_typed()


def test_lists_free_their_items():
    before = hasten.alloc_stats()["live"]
    for _ in range(1000):
        arrays_in_a_list(4)
        list_of_lists(3)
    assert hasten.alloc_stats()["live"] == before


# ---------------------------------------------------------------------------------------------
# Random sequences of list operations


OPS = [
    "l.append({v})",
    "l.insert({i}, {v})",
    "if len(l) > 0:\n    acc += l.pop()",
    "if len(l) > {j}:\n    acc += l.pop({i})",
    "if len(l) > {j}:\n    l[{i}] = {v}",
    "if len(l) > {j}:\n    acc += l[{i}]",
    "l.extend(l)",
    "if len(l) > 20:\n    l.clear()",
    "for x in l:\n    acc += x",
    "acc += len(l)",
]


@st.composite
def list_programs(draw):
    lines = ["acc = 0", "l = [1, 2, 3]"]
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(OPS))
        i = draw(st.integers(-4, 4))
        lines.append(op.format(v=draw(st.integers(-9, 9)), i=i, j=abs(i) + (i >= 0)))
    lines.append("return l, acc")
    return "def f():\n" + textwrap.indent("\n".join(lines), "    ") + "\n"


@settings(max_examples=150, deadline=None)
@given(list_programs())
def test_random_operation_sequences(src):
    check(jit_source(src))


# ---------------------------------------------------------------------------------------------
# Lists passed in from Python: typed by their items, changes written back to the caller's list


@njit
def second_derivative(f, dx):
    second = []
    for i in range(1, len(f) - 1):
        second.append((f[i - 1] - 2 * f[i] + f[i + 1]) / dx**2)
    return second


@njit
def change(l, x):
    l.append(x)
    l[0] = x
    l.pop(1)
    return len(l)


@njit
def total(l):
    s = 0.0
    for v in l:
        s += v
    return s


@njit
def identity(l):
    return l


@njit
def change_then_raise(l):
    l.append(9)
    l.insert(0, 8)
    raise ValueError("after changing the list")


@njit
def append_array(l):
    l.append(l[0] * 2.0)
    return l[-1]


def test_the_seed_second_derivative_on_a_list():
    f = [float(i * i) ** 0.5 for i in range(50)]
    check(second_derivative, f, 0.1)


def test_changes_to_a_list_argument_reach_the_caller():
    for l in ([1.0, 2.0, 3.0], [-0.0], [np.nan, np.inf, 1.0]):
        mine, theirs = list(l), list(l)
        assert_same_and_equal(change(mine, 7.5), change.py_func(theirs, 7.5), mine, theirs)
    ints = [1, 2]
    check(change, ints, 3)


def assert_same_and_equal(got, expected, mine, theirs):
    from conftest import assert_same

    assert_same(got, expected)
    assert_same(mine, theirs, "the list after the call")


def test_an_unchanged_list_keeps_its_items_and_identity():
    l = [0.5, 1.5, 2.5]
    items = list(l)
    assert total(l) == 4.5
    assert all(a is b for a, b in zip(items, l)), "a list the call did not change is not rewritten"
    assert identity(l) is l, "returning the list returns the caller's list"


@njit
def store_second(l):
    l[1] = 7.0


def test_items_a_call_did_not_change_keep_their_objects():
    l = [0.5, 1.5, 2.5]
    items = list(l)
    store_second(l)
    assert l == [0.5, 7.0, 2.5]
    assert l[0] is items[0] and l[2] is items[2]


def test_changes_before_an_exception_reach_the_caller():
    mine, theirs = [1, 2], [1, 2]
    with pytest.raises(ValueError):
        change_then_raise(mine)
    with pytest.raises(ValueError):
        change_then_raise.py_func(theirs)
    assert mine == theirs == [8, 1, 2, 9]


def test_arrays_in_a_list_argument():
    a = np.arange(3.0)
    l = [a]
    r = append_array(l)
    assert l[0] is a and l[1] is r, "the caller's array stays, the new one is the one returned"
    assert_same_and_equal(r, a * 2.0, l, [a, a * 2.0])


def test_list_arguments_that_cannot_be_typed():
    with pytest.raises(hasten.UnsupportedArgumentError, match="empty list"):
        identity([])
    with pytest.raises(hasten.UnsupportedArgumentError, match="not all of one supported type"):
        identity([1, 2.5])
    with pytest.raises(hasten.UnsupportedArgumentError, match="not all of one supported type"):
        identity([[1.0], [2]])
    with pytest.raises(hasten.UnsupportedArgumentError, match="not all of one supported type"):
        identity([[], []])


def test_list_arguments_free_everything():
    before = hasten.alloc_stats()["live"]
    l = [np.ones(2)]
    for _ in range(1000):
        total([1.0, 2.0])
        change([1.0, 2.0], 3.0)
        identity(l)
    append_array([np.ones(2)])
    import gc

    gc.collect()
    assert hasten.alloc_stats()["live"] == before


# ---------------------------------------------------------------------------------------------
# Comprehensions over ranges


@njit
def squares(n):
    return [i * i for i in range(n)]


@njit
def filtered(start, stop, step):
    return [i * 0.5 for i in range(start, stop, step) if i % 3 != 0]


@njit
def arrays_made_in_a_comprehension(n):
    return [np.arange(i) * 2.0 for i in range(n)]


@njit
def comprehension_in_a_loop(n):
    total = 0
    for k in range(n):
        l = [j**2 for j in range(k)]
        total += len(l) + (l[-1] if len(l) > 0 else 0)
    return total


@njit
def list_of_a_range(n):
    return list(range(n)), list(range(n, 0, -2))


@settings(max_examples=100, deadline=None)
@given(st.integers(-5, 12), st.integers(-5, 12), st.sampled_from([1, 2, -1, -3]))
def test_comprehensions_match_python(start, stop, step):
    check(squares, stop)
    check(filtered, start, stop, step)
    check(list_of_a_range, stop)
    check(comprehension_in_a_loop, stop)


def test_comprehensions_of_arrays():
    check(arrays_made_in_a_comprehension, 4)
    before = hasten.alloc_stats()["live"]
    for _ in range(100):
        arrays_made_in_a_comprehension(5)
    assert hasten.alloc_stats()["live"] == before


# ---------------------------------------------------------------------------------------------
# Concatenation, repetition and reductions


@njit
def concat_repeat(n, x):
    a = [x] * n
    b = a + [1.5, 2.5]
    c = 2 * [0]
    c[0] = n
    return a, b, c, c * -1


@njit
def repeat_heap_items(n, s):
    words = [s, s + "!", ""] * n
    rows = [[1, 2], [3]] * n
    if n > 0:
        rows[0].append(n)  # the copies are the same lists, as in CPython
    return words, rows, len(words), [n > 0, False] * n


@settings(max_examples=60, deadline=None)
@given(st.integers(-2, 9), st.text(max_size=4))
def test_repetition_of_heap_items(n, s):
    repeat_heap_items(1, "x")  # the first call keeps its string constants
    before = hasten.alloc_stats()["live"]
    check(repeat_heap_items, n, s)
    assert hasten.alloc_stats()["live"] == before


@njit
def reductions(l):
    return min(l), max(l), sum(l)


@njit
def reductions_of_bools(n):
    l = [True, False] * n
    return sum(l), min(l), max(l)


@settings(max_examples=100, deadline=None)
@given(st.integers(-2, 5), floats)
def test_concatenation_and_repetition(n, x):
    check(concat_repeat, n, x)


@njit
def sort_in_place(l, reverse):
    l.sort(reverse=reverse)
    return l


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([0.0, -0.0, 1.5, -1.5, float("inf"), -float("inf")]), min_size=1, max_size=300), st.booleans())
def test_sort_keeps_signed_zeros_in_cpythons_order(items, reverse):
    # -0.0 == 0.0: a stable sort keeps them as they came (reversed with reverse=True), as CPython's.
    want = sorted(items, reverse=reverse)
    got = sort_in_place(list(items), reverse)
    assert [repr(x) for x in got] == [repr(x) for x in want]


@settings(max_examples=150, deadline=None)
@given(st.lists(floats, min_size=1, max_size=6) | st.lists(st.integers(-(2**60), 2**60), min_size=1, max_size=6))
def test_sum_min_max_of_lists(l):
    # Items below 2**60: no partial sum leaves 64 bits (where hasten raises OverflowError).
    check(reductions, l)


def test_reductions_of_empty_and_bool_lists():
    check(reductions_of_bools, 3)
    check(reductions_of_bools, 0)  # ValueError: min() arg is an empty sequence


# ---------------------------------------------------------------------------------------------
# NumPy arrays from lists


@njit
def to_array(l):
    return np.array(l), np.asarray(l)


@njit
def to_float32(n):
    l = [i for i in range(n)]
    return np.array(l, dtype=np.float64), np.array([True, False], dtype=np.int8)


@settings(max_examples=100, deadline=None)
@given(st.lists(floats, min_size=1, max_size=6) | st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=6) | st.lists(st.booleans(), min_size=1, max_size=4))
def test_arrays_from_lists_match_numpy(l):
    check(to_array, l)


def test_arrays_from_lists_with_dtype():
    check(to_float32, 4)
    check(to_float32, 0)

    @njit
    def narrowing(l):
        return np.array(l, dtype=np.int8)

    check(narrowing, [1, 2])
    check(narrowing, [1, 200])  # OverflowError: Python integer 200 out of bounds for int8
    check(narrowing, [1.5, -2.5])


@njit(parallel=True)
def lists_per_iteration(n):
    out = np.zeros(n)
    for i in prange(n):
        m = [i * 1.0]
        for k in range(i % 4):
            m.append(k * 0.5)
        out[i] = sum(m) + len(m)
    return out


def test_prange_iterations_build_their_own_lists():
    check(lists_per_iteration, 50)
    before = hasten.alloc_stats()["live"]
    for _ in range(100):
        lists_per_iteration(64)
    assert hasten.alloc_stats()["live"] == before

    @njit(parallel=True)
    def shared(n):
        l = [0.0]
        for i in prange(n):
            l.append(1.0)
        return l

    with pytest.raises(hasten.TypingError, match="shared by the iterations"):
        shared(4)


@njit
def membership(l, x):
    return x in l, x not in l, (x + 1) in l


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=5), st.integers(-4, 4))
def test_membership_in_int_lists(l, x):
    check(membership, l, x)
    check(membership, [v > 0 for v in l], x > 0)


def test_membership_in_float_lists():
    # `==` after CPython's identity test; a NaN meeting a NaN raises (tests/test_tuple_concat_float_in.py).
    check(membership, [1.0, -0.0], 0.0)
    check(membership, [1.0, 2.5], 2)


@njit
def slices(n, start, stop, step):
    l = [i * 10 for i in range(n)]
    rows = [np.ones(2) * i for i in range(n)]
    return l[start:stop:step], l[start:], l[:stop], l[::step], l[:], len(rows[start:stop])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 6), st.integers(-8, 8), st.integers(-8, 8), st.sampled_from([1, 2, 3, -1, -2, 0]))
def test_slices_follow_python(n, start, stop, step):
    check(slices, n, start, stop, step)  # a zero step: ValueError: slice step cannot be zero


@njit
def _sorted(l, reverse):
    return sorted(l), sorted(l, reverse=reverse), l


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-5, 5), max_size=80), st.booleans())
def test_sorted_ints(items, reverse):
    check(_sorted, items or [0], reverse)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([1.5, -0.0, 0.0, 2.0, float("nan"), float("inf"), -1.0]), min_size=1, max_size=63), st.booleans())
def test_sorted_floats_like_cpython(items, reverse):
    # Below 64 items CPython's sort is reproduced step by step: NaN lands where CPython puts it.
    check(_sorted, items, reverse)


def _runs(rng, n, nan_share):
    """Floats with natural runs up and down of random lengths (so merges gallop), repeats, and NaN."""
    out = []
    while len(out) < n:
        run = sorted(rng.integers(-50, 50, int(rng.integers(1, 200))) / 4.0)
        out += run[::-1] if rng.random() < 0.5 else run
    out = [float(x) for x in out[:n]]
    for i in np.flatnonzero(rng.random(n) < nan_share):
        out[i] = float("nan")
    return out


@pytest.mark.parametrize("seed", range(12))
def test_sorted_long_floats_with_nan_like_cpython(seed):
    # CPython's timsort (runs, powersort merges, galloping) is reproduced step by step, so NaN lands
    # where CPython puts it at every length.
    rng = np.random.default_rng(seed)
    for n in [64, 65, 100, 257, 1000, 3000]:
        for share in [0.0, 0.01, 0.3]:
            check(_sorted, _runs(rng, n, share), bool(seed % 2))
    check(_sorted, [float(x) for x in rng.integers(-20, 20, 500) / 4], True)
    check(_sorted, [float("nan")] + [1.0] * 70, False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([1.5, -0.0, 0.0, 2.0, float("nan"), float("inf"), -1.0]), min_size=64, max_size=400), st.booleans())
def test_sorted_many_floats_like_cpython(items, reverse):
    check(_sorted, items, reverse)


@pytest.mark.parametrize("seed", range(4))
def test_sorted_long_ints_like_cpython(seed):
    rng = np.random.default_rng(seed)
    for n in [64, 500, 5000]:
        check(_sorted, [int(x) for x in rng.integers(-5, 5, n)], bool(seed % 2))
        check(_sorted, [int(x) for x in np.sort(rng.integers(-1000, 1000, n))[::-1]], False)


@njit
def _search(l, x):
    n = l.count(x)
    l.reverse()
    i = l.index(x)
    l.remove(x)
    return n, i, l


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=12), st.integers(-4, 4))
def test_count_index_remove_reverse(items, x):
    check(_search, items, x)


def test_search_bools_and_refusals():
    check(_search, [True, False, True], True)
    check(_search, [True, True], False)
    check(_search, [(1, 2.0)] and [1, 2], 5)
    check(_search, [1.5, 2.5, 1.5], 1.5)  # floats: CPython's `==` (tests/test_tuple_concat_float_in.py)


@njit
def _cross_kind_search(l, x):
    return x in l, x not in l, l.count(x)


@njit
def _cross_kind_index(l, x):
    return l.index(x)


@njit
def _cross_kind_remove(l, x):
    l.remove(x)
    return l


@pytest.mark.parametrize("items,x", [([1, 2, 3], "a"), ([1.5, float("nan")], "nan"), (["a", "1"], 1), (["a"], 2.5),
                                     (["1"], True), ([1 + 2j], "x"), ([1.0], "")])
def test_a_string_among_numbers_or_a_number_among_strings_is_never_found(items, x):
    # CPython compares every item and finds none equal: `in` is False, count 0, index and
    # remove raise ValueError (was refused as unsupported).
    check(_cross_kind_search, items, x)
    check(_cross_kind_index, items, x)
    check(_cross_kind_remove, items, x)


def test_numpy_scalars_go_into_lists_of_python_numbers():
    # A list keeps one item type, as numba's lists do: np.float64 goes into a list of floats (and
    # the reverse) with its value; CPython's list would hold both types, of equal values.
    @njit
    def f(a):
        l = [0.0]
        l.append(a[0])
        t = [(0.0, 1)]
        t.append((a[1], 2))
        n = [a[0]]
        n.append(2.5)
        l[0] = a[1]
        return l, t, n

    a = np.array([1.5, -0.0])
    got, want = f(a), f.py_func(a)
    assert got == want
    assert [type(x) for x in got[0]] == [float, float]
    assert [type(x) for x in got[2]] == [np.float64, np.float64]


@njit
def floats_plus_ints(xs):
    return [x for x in xs if x > 1] + [0]


def test_concatenating_lists_of_two_item_types_is_refused_by_name():
    # CPython makes a list of floats and ints; a compiled list keeps one item type.
    with pytest.raises(hasten.UnsupportedError, match=r"lists whose items differ in type \(float and int, from `\+`\)"):
        floats_plus_ints([0.5, 2.0])


def test_list_displays_of_two_python_number_types_are_refused_by_name():
    # CPython keeps each item's type (`[1, 2.5][0]` is the int 1); a list converted to floats
    # would read 1.0. NumPy scalars beside the Python numbers of their representation are taken.
    def ints_among_floats():
        l = [1, 2.5]
        return l[0]

    def bools_among_ints(x):
        return [x > 0, 2]

    def nested(x):
        return [(1, x), (2, 0.5)]

    for f, args in [(ints_among_floats, ()), (bools_among_ints, (1,)), (nested, (2,))]:
        with pytest.raises(hasten.UnsupportedError, match=r"lists whose items differ in type \((int among float|bool among int|\(int, int\) among \(int, float\))\)"):
            njit(f)(*args)

    def scalars_among_floats(a):
        return [a[0], 2.5, a.sum()]

    # Where NumPy takes the display as an array, NumPy promotes its items.
    def as_arrays(a):
        b = a.copy()
        b[:2] = [1, 2.5]
        return b, np.append(a, [1, 2.5]), np.array([[1, 2.5], [True, 4]]), np.hstack((a, [1, True]))

    check(njit(as_arrays), np.array([0.5, 1.5, 3.0]))

    # (The list keeps the first item's type, np.float64, as `append` does: equal values, np.float64
    # being a float.)
    a = np.array([1.5, 2.0])
    got = njit(scalars_among_floats)(a)
    assert got == scalars_among_floats(a) and [type(x) for x in got] == [np.float64] * 3


@njit
def extreme_lists(a, b, c):
    best = max(a, b, c)
    best.append(-1.0)
    return min(a, b), max([a, b, c]), min([c, b, a]), max(a, a), best, a, b, c


@pytest.mark.parametrize("a, b, c", [([1.0, 2.0], [1.0, 3.0], [0.5]), ([0.0], [0.0, -1.0], [-5.0]), ([2.0], [2.0], [2.0]),
                                     ([1.0, 2.0, 3.0], [1.0, 2.0], [1.0, 2.0, 3.0])])
def test_min_and_max_of_lists_compare_item_by_item(a, b, c):
    # The first greatest list wins, and it is the very list: appending to it shows in the argument.
    check(extreme_lists, a, b, c)


@njit
def extreme_nested(rows):
    return max(rows), min(rows, default=[[0]]), max([["b"], ["a", "c"]])


def test_min_and_max_of_lists_of_lists():
    check(extreme_nested, [[[1], [2, 3]], [[1], [2]], [[0, 9]]])


@njit
def append_to_maybe_unbound(c, n):
    if c:
        out = [1.0]
    for i in range(n):
        out.append(i * 0.5)
    return len(out)


@njit
def length_of_maybe_unbound(c, n):
    if c:
        out = [1.0]
    s = 0
    for i in range(n):
        if i > 2:
            s += len(out)
    return s


@pytest.mark.parametrize("c", [True, False])
def test_a_list_local_that_may_be_unbound_raises_in_a_loop(c):
    # Pins that no loop optimisation reads the list's memory before the local's bound check
    # (a hoisted load of the list body crashed here).
    check(append_to_maybe_unbound, c, 5)
    check(length_of_maybe_unbound, c, 5)
