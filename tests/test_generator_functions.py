"""Generator functions (`yield`), inlined into the loop that iterates their call: against CPython
running the same source with plain Python generators. The loop's `break`, `continue` and `else`,
the generator's `return`, `yield from`, state kept between items, nested and chained generators,
`enumerate`, comprehensions and reductions of them, exceptions from either side; what is not
compiled is refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, python_reference
from hasten import njit


@njit
def squares(n):
    for i in range(n):
        yield i * i


@njit
def pairs(n):
    for i in range(n):
        for j in range(i):
            yield i, j


@njit
def evens_then(n, limit=100):
    k = 0
    while k < n:
        if k % 2 == 0:
            yield k
        k += 1
    if n > limit:
        return
    yield -1
    yield from squares(3)


@njit
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


@njit
def rows(a):
    for i in range(a.shape[0]):
        yield a[i]


@njit
def chained(n):
    for i, j in pairs(n):
        if (i + j) % 3 == 0:
            continue
        yield i * 2 + j
    else:
        yield -7


@njit
def picky(a, k):
    yield a[k]
    yield a[-k]


@njit
def loops(n):
    s = 0
    for v in squares(n):
        if v == 9:
            continue
        if v > 50:
            break
        s += v
    else:
        s += 1000
    t = []
    for v in evens_then(n, limit=8):
        t.append(v)
    c = 0
    for i, j in pairs(n):
        if j == 2:
            break
        c += i * 10 + j
    return s, t, c


@njit
def state(limit):
    out = []
    for v in fib():
        if v > limit:
            break
        out.append(v)
    return out


@njit
def nested(n):
    tot = 0
    for a in pairs(n):
        for b in chained(n):
            tot += a[0] * b
            if b > 6:
                break
    return tot


@njit
def collected(n):
    return ([x for x in squares(n)], list(chained(n)), sum(squares(n)), max(x for x in evens_then(n)),
            [(k, v) for k, v in enumerate(squares(n), 1)], {v % 4 for v in squares(n)}, any(v > 20 for v in squares(n)),
            sorted(chained(n), reverse=True), sorted(set(chained(n))))


@njit
def arrays(a):
    s = 0.0
    out = []
    for r in rows(a):
        s += float(r.sum())
        out.append(r.copy())
    return s, out


@njit
def errors(a, k):
    out = []
    for v in picky(a, k):
        out.append(float(v))
        if v < 0:
            raise ValueError("negative")
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 12))
def test_loops_and_collections(n):
    check(loops, n, reference=python_reference(loops))
    check(nested, n, reference=python_reference(nested))
    check(collected, n, reference=python_reference(collected))


def test_state_between_items():
    for limit in (-1, 0, 1, 100, 10**15):
        check(state, limit, reference=python_reference(state))


def test_arrays_and_exceptions():
    check(arrays, np.arange(6.0).reshape(3, 2), reference=python_reference(arrays))
    check(arrays, np.zeros((0, 4)), reference=python_reference(arrays))
    a = np.array([1.0, -2.0, 3.0])
    for k in (0, 1, 2, 5, -4):
        check(errors, a, k, reference=python_reference(errors))


@njit
def with_try(n):
    try:
        yield n
    except ValueError:
        pass


@njit
def with_lambda(n):
    f = lambda x: x + n  # noqa: E731
    total = 0

    def bump(d):
        nonlocal total
        total += d

    for i in range(n):
        bump(i)
        yield f(i) + sum(j * n for j in range(i))
    yield total


@njit
def recursive(n):
    if n > 0:
        for x in recursive(n - 1):
            yield x
    yield n


@njit
def first_of(v, k):
    head = next(iter(v))  # StopIteration of an empty array: RuntimeError out of a generator
    try:
        extra = v[k]
    except IndexError:
        extra = -1
    yield head + extra
    yield head


@njit
def stops(v, k, w):
    out = []
    for x in first_of(v, k):
        out.append(x)
        out.append(next(iter(w)))  # StopIteration out of the loop's body stays itself
    return out


def test_stop_iteration_inside_and_outside_the_generator():
    for v in (np.array([], dtype=np.int64), np.array([4, 5])):
        for w in (np.array([], dtype=np.int64), np.array([7])):
            for k in (0, 3):
                check(stops, v, k, w, reference=python_reference(stops))


@njit
def consume_try(n):
    return [x for x in with_try(n)]


@njit
def consume_lambda(n):
    return [x for x in with_lambda(n)]


@njit
def consume_recursive(n):
    return [x for x in recursive(n)]


def test_inner_functions_capture_the_generators_locals():
    for n in range(5):
        check(consume_lambda, n, reference=python_reference(consume_lambda))


def test_refused_by_name():
    for consume, what in ((consume_try, "a try statement"), (consume_recursive, "recursive generator")):
        with pytest.raises(hasten.UnsupportedError, match=what):
            consume(2)
    with pytest.raises(hasten.UnsupportedError, match="a generator object in compiled code"):
        keeps_a_generator(3)


@njit
def keeps_a_generator(n):
    g = squares(n)
    return n


@njit
def finally_continue_overrides_break(n):
    total = 0
    for y in squares(n):
        total += y
        try:
            if y > 0:
                break
        except ZeroDivisionError:
            pass
        finally:
            if y < 5:
                continue
    return total


def test_a_continue_in_finally_overrides_the_loops_break():
    for n in range(6):
        check(finally_continue_overrides_break, n, reference=python_reference(finally_continue_overrides_break))


@njit
def eight(n):
    yield n
    yield n + 1
    yield n + 2
    yield n + 3
    yield n + 4
    yield n + 5
    yield n + 6
    yield n + 7


@njit
def nested_five_deep(n):
    total = 0
    for a in eight(n):
        for b in eight(a):
            for c in eight(b):
                for d in eight(c):
                    for e in eight(d):
                        total += e
    return total


def test_loops_over_generators_that_multiply_the_code_are_refused():
    # Each yield runs its own copy of the loop's body: 8 ** 5 copies of the innermost one. A clear
    # refusal instead of minutes of compiling.
    with pytest.raises(hasten.UnsupportedError, match="grows past"):
        nested_five_deep(1)
