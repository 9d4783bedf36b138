"""`int(s, base)`: bases 0 (the prefix decides; a nonzero decimal with a leading zero is refused)
and 2 to 36, optional `0b`/`0o`/`0x` prefixes with one underscore after them, single underscores
between digits, signs and surrounding whitespace, CPython's ValueErrors (naming the base) for bad
digits and bad bases. Values past 64 bits raise hasten's OverflowError. Differential against
CPython, with `bin`/`hex`/`oct` round trips."""

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check

CASES = ["ff", "FF", "0xff", "0x_ff", "-0x1f", " 10 ", "0b101", "0o17", "017", "00", "0_0", "0_7", "z", "Z",
         "1_000", "1__0", "_1", "1_", "", "-", "0x", "12", "0b1", "9", "  -0B_1_0  "]


@njit
def parse(s, base):
    return int(s, base)


@njit
def round_trip(x):
    return int(bin(x), 0), int(hex(x), 16), int(oct(x), 8), int(bin(x)[2:] if x >= 0 else "0", 2)


@pytest.mark.parametrize("s, base", list(itertools.product(CASES, [0, 2, 8, 10, 16, 36, 1, 37])))
def test_cpythons_rules(s, base):
    check(parse, s, base)


@settings(max_examples=100, deadline=None)
@given(st.integers(-2**62, 2**62))
def test_round_trips(x):
    check(round_trip, x)


@njit
def parse_keyword(s, b):
    return int(s, base=b), int("z", base=36)


def test_base_as_a_keyword():
    check(parse_keyword, "ff", 16)
    check(parse_keyword, "0x1f", 0)
    check(parse_keyword, "12", 1)  # CPython's ValueError for base 1
