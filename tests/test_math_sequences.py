"""math.fsum, math.prod and math.dist compared with CPython: fsum's correctly rounded sums (bit for
bit, including its OverflowError and ValueError for inf mixes), prod's left fold from `start`
(Python's and NEP 50's types, int overflow as OverflowError), dist's 3.11 vector norm (scaling,
subnormals, inf before nan); over lists, tuples, 1-d arrays (strided, reversed, empty) and
generator expressions and tuple literals; CPython's errors for bad arguments. An empty iterable's
product is `start` in the product's type (CPython returns `start` itself); tuple variables are not
iterable in compiled code and are refused by name."""

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, check_int, jit_source


@hasten.njit
def fsum(xs):
    return math.fsum(xs)


@hasten.njit
def prod(xs):
    return math.prod(xs)


@hasten.njit
def prod_from(xs, start):
    return math.prod(xs, start=start)


@hasten.njit
def dist(p, q):
    return math.dist(p, q)


@hasten.njit
def fsum_of_generator(a):
    return math.fsum(x * x for x in a)


@hasten.njit
def fsum_of_literal(x, y):
    return math.fsum([x, 1e100, y, -1e100])


@hasten.njit
def dist_of_tuples(x, y):
    return math.dist((x, y, 1.0), (y, x, 2.0))


SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.1, 1e100, -1e100, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324,
           2.2250738585072014e-308, 1e-300, math.inf, -math.inf, math.nan, 3.0, 2.0**53, 1.0 + 2.0**-52]

finite = st.floats(allow_nan=False, allow_infinity=False)
anyfloat = st.one_of(st.floats(), st.sampled_from(SPECIAL))


def test_fsum_classics():
    check(fsum, np.array([]))
    for xs in ([0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50], [1e-16, 1.0, 1e16], [-0.0],
               [-0.0, -0.0], [-0.0, 0.0], [1.7e308, 1.7e308], [1.7e308, 1.7e308, -1.7e308], [math.inf, -math.inf],
               [math.inf, 1.7e308, 1.7e308], [math.nan, math.inf], [-math.inf, -math.inf, 1.0], [math.inf, math.nan, -math.inf],
               [2.0**53, -0.5, -2.0**-54], [2.0**53, 1.0, 2.0**-100], [1.0, 2.0**-53, 2.0**-106]):
        check(fsum, xs)
        check(fsum, np.array(xs, dtype=np.float64))


def test_fsum_of_ints_bools_and_numpy_scalars():
    check(fsum, [1, 2, 3, 2**53 + 1, -(2**62)])
    check(fsum, [True, False, True])
    check(fsum, np.array([1, 2**60 + 1, -3], dtype=np.int64))
    check(fsum, np.array([0.1, 1e30, -1e30], dtype=np.float32))
    check(fsum, np.array([200, 100, 255], dtype=np.uint8))
    check(fsum, np.array([2**64 - 1, 1], dtype=np.uint64))
    check(fsum, np.arange(20.0)[::-3])
    check(fsum, np.arange(20.0)[:0])
    check(fsum, np.linspace(0, 1, 12).reshape(3, 4)[:, 1])
    check(fsum_of_generator, np.array([0.1, 1e10, 1e-10]))
    check(fsum_of_literal, 1.0, 2.5)


@settings(max_examples=400, deadline=None)
@given(st.lists(anyfloat, min_size=1, max_size=30))
def test_fsum_hypothesis(xs):
    check(fsum, xs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300), min_size=1, max_size=60), st.randoms())
def test_fsum_is_independent_of_order(xs, rnd):
    shuffled = list(xs)
    rnd.shuffle(shuffled)
    check(fsum, shuffled)
    assert fsum(shuffled) == fsum(xs)


def test_prod():
    for xs in ([1, 2, 3, 4], [2.5, -1.0, 4.0], [True, True], [True, False], [0.0, -1.0], [1e200, 1e200], [math.inf, 0.0], [math.nan]):
        check(prod, xs)
    check_int(prod, [2**31, 2**31, 2])
    check_int(prod, [2**40, 2**40])
    check(prod, np.array([1.5, 2.0, -3.0]))
    check(prod, np.array([3, 4, 5], dtype=np.int8))  # np.int8 items wrap
    check(prod, np.array([100, 100], dtype=np.int8))
    check(prod, np.array([0.5, 3.0], dtype=np.float32)[::-1])
    check(prod_from, [1.5, 2.0], 2)
    check(prod_from, [3, 4], 2.5)
    check(prod_from, [2, 3], True)
    check(prod_from, np.array([3, 4], dtype=np.int16), np.int16(1000))
    check(prod_from, np.array([0.5, 3.0], dtype=np.float32), 0.1)
    check(prod_from, np.array([0.5, 3.0], dtype=np.float32), np.float64(0.1))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=12), st.integers(-10, 10))
def test_prod_ints_hypothesis(xs, start):
    check_int(prod_from, xs, start)


def test_dist():
    check(dist, np.array([]), np.array([]))
    for p, q in (([1.0], [4.0]), ([0.0, 0.0], [3.0, 4.0]), ([1e308, -1e308], [-1e308, 1e308]),
                 ([5e-324, 0.0], [0.0, 5e-324]), ([1e-310, 3e-310, -2e-310], [0.0, 0.0, 0.0]),
                 ([math.inf, math.nan], [0.0, 0.0]), ([math.nan, 1.0], [0.0, 0.0]), ([1.0, 2.0], [1.0, 2.0]),
                 ([-0.0, 0.0], [0.0, -0.0]), ([1.0, 2.0, 3.0], [1.0, 2.0]), ([0.1] * 20, [0.2] * 20)):
        check(dist, p, q)
    check(dist, [1, 2, 3], [4, 5, 6])
    check(dist, [True, False], [False, True])
    check(dist, np.array([1.0, 2.0, 3.0])[::-1], np.array([0.5, 2.5, 3.5]))
    check(dist, np.array([1.0, 2.0], dtype=np.float32), [0.5, 1.0])
    check(dist_of_tuples, 1.5, -2.5)


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(st.lists(anyfloat, min_size=n, max_size=n), st.lists(anyfloat, min_size=n, max_size=n))))
def test_dist_hypothesis(pq):
    check(dist, *pq)


def test_dist_matches_cpython_on_random_vectors():
    rnd = random.Random(17)
    for _ in range(2000):
        n = rnd.randint(2, 8)
        scale = 10.0 ** rnd.randint(-320, 300)
        p = [rnd.uniform(-1, 1) * scale for _ in range(n)]
        q = [rnd.uniform(-1, 1) * scale for _ in range(n)]
        assert dist(p, q) == math.dist(p, q), (p, q)


@pytest.mark.parametrize("src", ["math.fsum()", "math.fsum(a, a)", "math.fsum(a, start=1)", "math.prod()", "math.prod(a, 2)",
                                 "math.prod(a, begin=2)", "math.dist(a)", "math.dist(a, a, a)", "math.fsum(['a'])",
                                 "math.dist(a, ['a', 'b'])"])
def test_errors(src):
    f = jit_source(f"def f(a):\n    return {src}\n", math=math)
    with pytest.raises(TypeError) as expected:
        f.py_func([1.0, 2.0])
    with pytest.raises(hasten.TypingError) as got:
        f([1.0, 2.0])
    assert str(expected.value) in str(got.value)


def test_tuple_variables_of_one_item_type():
    assert fsum((1.5, 2.25)) == math.fsum((1.5, 2.25))
    with pytest.raises(hasten.UnsupportedError, match="items differ in type"):
        fsum((1, 2.25))
