"""Generator functions called from Python: the call returns a generator whose compiled code runs
up to the next `yield` at each `next()`, as CPython's does (lazily, between the consumer's steps),
and gives the same values, exceptions and effects on argument arrays."""

import gc
import itertools
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit

from conftest import assert_same, check


def check_values(g, *args):
    """The values of the jitted generator `g` and of its Python original, compared as `check` compares results."""
    return check(lambda *a: list(g(*a)), *args, reference=lambda *a: list(g.py_func(*a)))


@njit
def count_up(n):
    for i in range(n):
        yield i


@njit
def nested(n):
    for i in range(n):
        yield i
        for j in range(1, 3):
            yield i * 10 + j


@njit
def elements(a):
    for i in range(a.size):
        yield a[i]


@njit
def defaults(x=1, y=2, both=False):
    yield x
    if both:
        yield x + y
    yield y


@njit
def pairs(a):
    for i in range(len(a) - 1):
        yield a[i], a[i + 1] > a[i]


@njit
def running_mean(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i]
        yield total / (i + 1)


@njit
def with_temporaries(n):
    for i in range(n):
        t = np.arange(i + 1) * 2.0
        yield t.sum()


@njit
def mutating(a):
    for i in range(a.size):
        a[i] += 1.0
        yield a.sum()


@njit
def divides(n):
    for i in range(n):
        yield 10 // (2 - i)


@njit
def forever():
    i = 0
    while True:
        yield i
        i += 1


@njit
def uses_inner_generator(n):
    for v in count_up(n):
        if v % 2:
            yield v * v


@njit
def complex_values(z):
    yield z
    yield z * 1j


def test_values_equal_cpython():
    for n in [0, 1, 5]:
        check_values(count_up, n)
        check_values(nested, n)
        check_values(uses_inner_generator, n)
    check_values(elements, np.arange(6, dtype=np.int32))
    check_values(elements, np.array([1.5, -0.0, np.nan, np.inf]))
    check_values(elements, np.arange(10.0)[::3])
    check_values(defaults)
    check_values(defaults, 3, 4, True)
    check_values(pairs, np.array([3.0, 1.0, 2.0, 2.0]))
    check_values(with_temporaries, 4)
    check_values(complex_values, 2 + 1j)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=12))
def test_running_mean_equals_cpython(xs):
    check_values(running_mean, np.array(xs, dtype=np.float64))


def test_code_runs_between_the_consumers_steps():
    a, b = np.zeros(3), np.zeros(3)
    g, p = mutating(a), mutating.py_func(b)
    assert_same(a, b)  # nothing runs before the first next()
    for _ in range(3):
        assert_same(next(g), next(p))
        assert_same(a, b)
    with pytest.raises(StopIteration):
        next(g)


def test_an_exception_ends_the_generator():
    check_values(divides, 5)
    g = divides(5)
    assert [next(g), next(g)] == [5, 10]
    with pytest.raises(ZeroDivisionError):
        next(g)
    assert list(g) == []


def test_an_endless_generator_is_lazy_and_closes():
    assert list(itertools.islice(forever(), 5)) == [0, 1, 2, 3, 4]
    g = count_up(10)
    assert next(g) == 0
    g.close()
    assert list(g) == []
    count_up(3).close()  # never started


def test_generators_interleave():
    assert list(zip(count_up(4), nested(2))) == list(zip(count_up.py_func(4), nested.py_func(2)))


@njit
def holds_an_array(n):
    t = np.arange(n) * 0.5
    for i in range(n):
        yield t[i]


def test_abandoned_generators_free_what_they_made():
    check_values(holds_an_array, 5)
    gc.collect()
    before = hasten.alloc_stats()["live"]
    for _ in range(200):
        g = holds_an_array(50)
        next(g)
        assert hasten.alloc_stats()["live"] == before + 1  # the array the suspended generator holds
        next(g)
        del g
    gc.collect()
    assert hasten.alloc_stats()["live"] == before


def test_resumed_on_another_thread():
    g = count_up(4)
    assert next(g) == 0
    got = []
    t = threading.Thread(target=lambda: got.extend(g))
    t.start()
    t.join()
    assert got == [1, 2, 3]


@njit
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


@njit
def recursing(n):
    yield depth(n)


def test_recursion_inside_is_bounded_by_the_generators_stack():
    assert list(recursing(100)) == [100]
    with pytest.raises(RecursionError):
        list(recursing(10**7))


@njit
def new_arrays(n):
    for i in range(n):
        yield np.arange(i) * 1.5


@njit
def windows(a, w):
    for i in range(a.shape[0] - w + 1):
        yield a[i : i + w], i


@njit
def one_buffer(n):
    buf = np.zeros(3)
    for i in range(n):
        buf[i % 3] = i
        buf[(i + 1) % 3] += buf[(i + 2) % 3]  # reads what the consumer wrote
        yield buf


@njit
def labels(n):
    for i in range(n):
        yield str(i) * 2, "x"


def test_arrays_and_strings():
    for n in [0, 1, 4]:
        check_values(new_arrays, n)
        check_values(labels, n)
    check_values(windows, np.arange(7.0), 3)
    check_values(windows, np.arange(12).reshape(4, 3), 2)


def test_a_yielded_array_is_the_generators_own():
    got, expected = [], []
    for g, out in ((one_buffer(5), got), (one_buffer.py_func(5), expected)):
        for b in g:
            b += 1.0  # seen by the generator's next step
            out.append(b.copy())
    assert_same(got, expected)


def test_yielded_arrays_outlive_their_generator():
    new_arrays(1)
    gc.collect()
    before = hasten.alloc_stats()["live"]
    g = one_buffer(10)
    first = next(g)
    h = new_arrays(5)
    third = [next(h) for _ in range(3)][2]
    del g, h  # closed: each releases its hold, the views keep their blocks
    gc.collect()
    assert hasten.alloc_stats()["live"] == before + 2
    first[:] = 7.0
    assert_same(first, np.full(3, 7.0))
    assert_same(third, np.array([0.0, 1.5]))
    del first, third
    gc.collect()
    assert hasten.alloc_stats()["live"] == before


@njit
def takes_a_list(xs):
    for x in xs:
        yield x


@njit
def yields_lists(n):
    for i in range(n):
        yield [i]


def test_what_is_not_supported_is_refused():
    with pytest.raises(hasten.UnsupportedError, match="yields list"):
        list(yields_lists(2))
    with pytest.raises(hasten.UnsupportedError, match="argument 'xs'"):
        takes_a_list([1, 2])


def test_send_and_throw_as_cpython():
    # `yield` is a statement in compiled generators, so a sent value is discarded, as CPython
    # discards it there; a thrown exception finds no handler around the `yield` and ends it.
    def steps(make):
        out = []
        it = make(5)
        out += [it.send(None), it.send(7), next(it)]
        try:
            it.throw(ValueError("x"))
        except ValueError as e:
            out.append(("ValueError", str(e)))
        out.append(list(it))
        try:
            make(3).send(1)
        except TypeError as e:
            out.append(str(e))
        it = make(3)
        try:
            it.throw(KeyError, "k")
        except KeyError as e:
            out.append(repr(e))
        return out + [list(it)]

    assert steps(count_up) == steps(count_up.py_func)
