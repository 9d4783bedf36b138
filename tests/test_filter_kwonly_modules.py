"""`filter(f, xs)` (and `filter(None, xs)`) wherever an iterable is taken, `for` loops over `map`,
`filter` and generator expressions (whose variables stay their own), keyword-only parameters (`def f(a, *, c=3)`) of jitted and inner functions, the
members of module globals (`typed.List()`, `hasten.typed.Dict.empty(...)`, `mod.jitted(x)`), and
string methods of the class (`key=str.lower`, `map(str.strip, lines)`, `str.replace(s, a, b)`).
Differential against CPython."""

import sys
import types as pytypes

import numpy as np
import pytest

import hasten
from hasten import TypingError, njit, typed, types
from conftest import check


@njit
def filters(n):
    g = [i * i + 1 for i in range(n)]
    words = ["a", "bb", "", "ccc"]
    return (list(filter(lambda v: v % 2 == 0, g)), sum(filter(None, [0, 1, 2, 0])),
            sorted(filter(lambda s: len(s) > 1, words)), list(filter(None, words)),
            [x for x in filter(lambda v: v > 2.0, np.arange(n * 1.0))])


@njit
def loops(n):
    t = 0
    for x in map(lambda v: v * 2, range(n)):
        t += x
    for x in filter(lambda v: v > 1, range(n)):
        if x == 5:
            continue
        t = t * 10 + x
    for a, b in map(lambda p, q: (p, q * 2), range(n), range(n)):
        t += a * b
    else:
        t = -t
    return t


@njit
def generator_loops(n):
    i = 5
    t = 0
    for x in (i * 2 for i in range(n)):
        t += x
    out = []
    for v, w in ((p, p * p) for p in np.arange(n * 1.0) if p > 1):
        out.append(v + w)
    for x in (j for j in range(n)):
        if x == 2:
            break
        t += x
    else:
        t = -t
    for x in (k * m for k, m in zip(range(n), range(1, n + 1)) if k % 2 == 0):
        t += x
    return t, i, out


@njit
def nested_generator(n):
    t = 0
    for x in (sum(j for j in range(k)) for k in range(n)):
        t += x
    return t


@njit
def keyword_only(n):
    def helper(a, b=2, *, c=3):
        return a * b + c

    def needs(a, *, c):
        return a - c

    return helper(1), helper(1, 5), helper(1, c=0), helper(b=1, a=2), helper(n, c=n), needs(n, c=1)


@njit
def scaled(x, *, scale=2.0, shift):
    return x * scale + shift


@njit
def calls_scaled(x):
    return scaled(x, shift=1.0), scaled(x, scale=0.5, shift=x)


@njit
def too_many(n):
    def needs(a, *, c):
        return a - c

    return needs(n, 2)


@njit
def typed_members(n):
    l = typed.List()
    for i in range(n):
        l.append(i * 2)
    d = hasten.typed.Dict.empty(key_type=hasten.types.int64, value_type=types.float64)
    for i in range(n):
        d[i] = i / 2
    e = typed.List.empty_list(types.float64)
    e.append(1.5)
    return len(l), l[n - 1], sum(d.values()), e[0]


@pytest.mark.parametrize("n", [0, 1, 6])
def test_filter(n):
    check(filters, n)
    check(loops, n)


@pytest.mark.parametrize("n", [0, 2, 5])
def test_generator_loops(n):
    check(generator_loops, n)


def test_a_generator_with_a_scope_inside_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="generator expressions held as values"):
        nested_generator(3)


def test_keyword_only_parameters():
    check(keyword_only, 4)
    check(calls_scaled, 1.5)
    assert scaled(1.0, shift=1.0) == scaled.py_func(1.0, shift=1.0)
    with pytest.raises(TypeError):
        scaled(1.0, 2.0, shift=1.0)
    with pytest.raises(TypingError, match=r"needs\(\) takes 1 positional argument but 2 were given"):
        too_many(3)


def test_members_of_module_globals():
    check(typed_members, 3)


def test_a_jitted_function_of_a_module():
    mod = pytypes.ModuleType("hasten_test_helpers")
    mod.double = njit(lambda x: 2 * x)
    sys.modules[mod.__name__] = mod
    try:
        src = "def f(x):\n    return hasten_test_helpers.double(x) + 1\n"
        from conftest import jit_source

        f = jit_source(src, hasten_test_helpers=mod)
        assert f(4) == 9
    finally:
        del sys.modules[mod.__name__]


@njit
def unbound_str_methods(words, lines):
    return (sorted(words, key=str.lower), list(map(str.upper, words)), max(words, key=str.lower),
            str.lower("ABC"), str.replace("aXb", "X", "-"), str.count("banana", "a"),
            [x for x in map(str.strip, lines)], list(filter(str.isalpha, words)), str.join(",", words))


def test_string_methods_of_the_class():
    check(unbound_str_methods, ["apple", "Banana", "cherry", "a1"], [" a ", "b  ", "  c"])
