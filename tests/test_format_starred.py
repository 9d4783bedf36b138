"""`fmt.format(*t)` of a tuple variable (also after other positional arguments), differentially
against CPython: the fields read the tuple's items, in any order and more than once; extra items
are ignored; too few items is known from the tuple's type and is a TypingError naming the index
(CPython's IndexError at run time)."""

import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def pair(t):
    return "{} and {}".format(*t)


@njit
def after_one(a, t):
    return "{1}-{0}-{2}-{1}".format(a, *t)


@njit
def too_few(t):
    return "{} {} {}".format(*t)


@pytest.mark.parametrize("t", [(1, 2.5), (1, 2.5, "x"), ("a", True)])
def test_items_fill_the_fields(t):
    check(pair, t)


def test_after_other_arguments_in_any_order():
    check(after_one, 1, ("q", 3))
    check(after_one, -2.5, (None, "z", 7))


def test_too_few_items_is_known_at_compile_time():
    with pytest.raises(hasten.TypingError, match="tuple index 2 out of range"):
        too_few((1, 2))
