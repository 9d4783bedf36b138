"""The `str` methods added for code that formats text: `capitalize title swapcase casefold`,
`isupper islower isalnum isdecimal isnumeric istitle isascii isprintable isidentifier`, `center ljust rjust` (with a fill
character), `s.join(generator)`, `sorted(generator)` and `set(generator)`; hypothesis over
arbitrary text (non-ASCII text follows CPython's Unicode tables)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
import hasten
from hasten import njit


@njit
def cases(s):
    return s.capitalize(), s.title(), s.swapcase(), s.casefold()


@njit
def predicates(s):
    return s.isupper(), s.islower(), s.isalnum(), s.isdecimal(), s.isnumeric(), s.istitle(), s.isascii(), s.isprintable(), s.isidentifier()


@njit
def padded(s, w, fill):
    return s.center(w), s.ljust(w), s.rjust(w), s.center(w, fill), s.ljust(w, fill), s.rjust(w, fill)


@njit
def capitalized_words(s):
    return " ".join(w.capitalize() for w in s.split())


@njit
def unique_sorted_lengths(s):
    return sorted(len(w) for w in s.split()), len(set(w for w in s.split()))


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12)


@settings(max_examples=150, deadline=None)
@given(ascii_text | text)
def test_case_methods(s):
    check(cases, s)
    check(predicates, s)
    check(capitalized_words, s)
    check(unique_sorted_lengths, s)


@settings(max_examples=100, deadline=None)
@given(ascii_text | text, st.integers(-3, 20), st.sampled_from(["*", "é", " ", "-"]))
def test_padding(s, w, fill):
    check(padded, s, w, fill)


def test_fixed_cases():
    for s in ["they're bill's friends", "hello world", "HELLO", "Hello World", "a1b2", "", " ", "ǆemal", "ß", "Ⅻ", "١٢٣", "½", "_x1", "1x", "a\tb", "\x7f", "é\u00a0", "ñandú", "x\u200b"]:
        check(cases, s)
        check(predicates, s)
    check(padded, "abc", 8, "*")
    check(padded, "ab", 7, "é")


def test_fill_must_be_one_character():
    check(padded, "abc", 8, "**")  # TypeError: The fill character must be exactly one character long
    check(padded, "abc", 8, "")


@njit
def reversed_joins(s, l):
    return "".join(reversed(s)), sorted(reversed(l)), "-".join(reversed(s.split()))


@njit
def joined(x):
    return ",".join(x)


def test_join_of_strings_and_tuples():
    check(joined, "abc")
    check(joined, "")
    check(joined, ("a", "bc", ""))


@njit
def joined_ints():
    return ",".join([1, 2])


def test_join_of_numbers_is_a_type_error():
    with pytest.raises(TypeError, match="sequence item 0: expected str instance, int found"):
        joined_ints.py_func()
    with pytest.raises(hasten.TypingError, match="sequence item 0: expected str instance, int found"):
        joined_ints()


def test_join_of_reversed():
    check(reversed_joins, "ab cé d", [3, 1, 2, 1])
    check(reversed_joins, "", [0])


@njit
def partitions(s, sep):
    head, mid, tail = s.partition(sep)
    return s.partition(sep), s.rpartition(sep), len(head) + len(tail), mid


@settings(max_examples=100, deadline=None)
@given(ascii_text | text, st.sampled_from(["a", "é", " ", "ab", "", "x y"]))
def test_partition(s, sep):
    check(partitions, s, sep)  # ValueError: empty separator


@njit
def tabs_expanded(s, n):
    return s.expandtabs(n), s.expandtabs(), s.expandtabs(tabsize=n)


@settings(deadline=None)
@given(st.text(alphabet="ab\t\n\ré ", max_size=30), st.integers(-2, 9))
def test_expandtabs(s, n):
    check(tabs_expanded, s, n)


@njit
def prefix_and_suffix_removed(s, p):
    return s.removeprefix(p), s.removesuffix(p), s.removeprefix(""), s.removesuffix("")


@settings(deadline=None)
@given(st.text(alphabet="abé", max_size=8), st.text(alphabet="abé", max_size=3))
def test_removeprefix_and_removesuffix(s, p):
    check(prefix_and_suffix_removed, s, p)
    check(prefix_and_suffix_removed, p + s + p, p)


@njit
def prefix_removed_by_a_number(s):
    return s.removeprefix(1)


def test_removeprefix_of_a_number_raises_typeerror():
    check(prefix_removed_by_a_number, "abc")
