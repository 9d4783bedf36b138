"""`sorted()` and `list.sort()` of strings (code-point order, as CPython) and of tuples (compared
item by item, the first unequal one deciding), of lists of lists (likewise, the shorter first
where one is the other's start), `sorted(s)` of sets of numbers, strings and tuples,
and string and tuple keys of key functions. (A NaN inside tuples is left out: CPython's tuple
comparison first asks whether two items are the same object, which compiled floats are not.)"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, floats
from hasten import njit


@njit
def sorted_words(words, reverse):
    return sorted(words, reverse=reverse)


@njit
def sort_in_place(words):
    words.sort()
    return words


@njit
def by_reversed_text(words):
    return sorted(words, key=lambda w: w[::-1])


@njit
def sorted_set_of(xs, reverse):
    s = set()
    for x in xs:
        s.add(x)
    return sorted(s, reverse=reverse)


@njit
def unique_sorted(a):
    return sorted(set(a))


@njit
def sorted_word_set(text):
    return sorted(set(text.split()))


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)


@settings(max_examples=80, deadline=None)
@given(st.lists(text, min_size=1, max_size=12), st.booleans())
def test_strings_sort_in_code_point_order(words, reverse):
    check(sorted_words, words, reverse)
    check(sort_in_place, words)
    check(by_reversed_text, words)


@settings(max_examples=80, deadline=None)
@given(st.lists(floats, min_size=0, max_size=12), st.booleans())
def test_sets_of_floats(xs, reverse):
    # A NaN item is refused (hasten's floats have no identity to find it by): skip those.
    xs = [x for x in xs if x == x]
    check(sorted_set_of, xs + [0.5], reverse)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=12), st.booleans())
def test_sets_of_ints(xs, reverse):
    check(sorted_set_of, xs, reverse)


def test_sets_of_other_items():
    check(sorted_set_of, ["pear", "apple", "", "äpfel", "apple"], False)
    check(sorted_set_of, [True, False, True], True)
    check(unique_sorted, np.array([3, 1, 2, 3, -7], np.int32))
    check(unique_sorted, np.array([3, 1, 2, 3], np.uint8))
    check(unique_sorted, np.array([0.5, -0.0, 0.0, 2.5], np.float64))
    check(sorted_word_set, "the cat and the hat and the bat")


@njit
def sorted_pairs(pairs, reverse):
    by_second = sorted(pairs, key=lambda p: (p[1], -p[0]))
    pairs.sort(reverse=reverse)
    return pairs, by_second, sorted({p for p in pairs})


@njit
def sorted_counts(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    items = list(counts.items())
    return sorted(counts.items()), sorted(items, key=lambda kv: (-kv[1], kv[0]))


@njit
def nested_tuples(xs):
    return sorted([((x % 3, -x), x * 0.5) for x in xs], reverse=True)


finite = st.floats(allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), finite | st.sampled_from([0.0, -0.0, 1.5])), min_size=1, max_size=10), st.booleans())
def test_tuples_of_numbers(pairs, reverse):
    check(sorted_pairs, pairs, reverse)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-2, 2), text), min_size=1, max_size=8), st.booleans())
def test_tuples_with_strings(pairs, reverse):
    check(sorted_pairs, pairs, reverse)


def test_tuple_keys_and_nesting():
    check(sorted_counts, "b a c a b a z")
    check(nested_tuples, [5, -1, 3, 2, 8, 0])


def test_unsortable_items_are_refused_by_name():
    @njit
    def array_items(a):
        return sorted([a, a + 1.0])

    with pytest.raises(hasten.UnsupportedError, match=r"sorted\(\) of list"):
        array_items(np.ones(2))


@njit
def sorted_lists(lists, reverse):
    return sorted(lists, reverse=reverse)


@njit
def sort_lists_in_place(lists):
    lists.sort()
    return lists


@njit
def lists_by_key(words):
    return sorted(words, key=lambda w: [len(w), ord(w[0]) if w else -1])


# Lists passed in have items: an empty one (or one whose inner lists are all empty) is refused at
# the call, its item type unknown.
inner_ints = st.lists(st.lists(st.integers(-3, 3), min_size=1, max_size=3), min_size=1, max_size=8)


@given(inner_ints, st.booleans())
@settings(max_examples=60, deadline=None)
def test_lists_of_lists_sort_item_by_item(lists, reverse):
    check(sorted_lists, lists, reverse)
    check(sort_lists_in_place, lists)


@given(st.lists(st.lists(st.floats(allow_nan=False), min_size=1, max_size=3), min_size=1, max_size=6),
       st.lists(st.lists(st.text(max_size=2), min_size=1, max_size=3), min_size=1, max_size=6))
@settings(max_examples=40, deadline=None)
def test_lists_of_float_and_string_lists(floats_, texts):
    check(sorted_lists, floats_, False)
    check(sorted_lists, texts, True)


@given(st.lists(st.text(max_size=3), min_size=1, max_size=8))
@settings(max_examples=40, deadline=None)
def test_list_keys(words):
    check(lists_by_key, words)


def test_a_nan_in_lists_being_sorted_is_refused_at_run_time():
    # CPython compares list items by identity first: [[nan], [nan]] sorts one way when both hold
    # the same float object and another way otherwise, which compiled code cannot tell apart.
    with pytest.raises(NotImplementedError, match="same float object"):
        sorted_lists([[1.0], [float("nan")]], False)
    with pytest.raises(NotImplementedError, match="same float object"):
        sort_lists_in_place([[1.0], [float("nan")]])
    assert sorted_lists([[2.0], [1.0, 3.0]], False) == [[1.0, 3.0], [2.0]]


def test_deeper_lists_are_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="sorted"):
        sorted_lists([[[1]], [[0]]], False)
