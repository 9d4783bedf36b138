"""A `return` inside `try` whose `finally` leaves by `break`, `continue` or another `return`:
CPython discards the first return value. Differential against CPython, and the discarded value
(arrays, tuples holding arrays, lists, strings) is released exactly once: the autouse fixture in
conftest checks that no block is left behind and none is miscounted."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


def leaked():
    return hasten.alloc_stats()["leaked"]


@njit
def tuple_break(n, a):
    w = 0
    while w < 3:
        try:
            return (w, a)
        finally:
            if n > 0:
                break
        w += 1
    return (99, a)


@njit
def array_break(n, a):
    for w in range(3):
        try:
            return a + w
        finally:
            if n > w:
                break
    return a * 0


@njit
def array_continue(n, a):
    s = 0.0
    for w in range(4):
        try:
            return a[w:] * 2.0
        finally:
            if w < n:
                s += 1.0
                continue
    return np.full(2, s)


@njit
def list_continue(n):
    k = 0
    while k < 5:
        k += 1
        try:
            return [k, k + 1, n]
        finally:
            if k < n:
                continue
    return [-1]


@njit
def string_break(n, s):
    out = ""
    for w in range(3):
        try:
            return s + str(w)
        finally:
            if n != 0:
                out = s * 2
                break
    return out


@njit
def nested_return(n, a):
    try:
        return a * 2.0
    finally:
        if n > 0:
            return a + 1.0


@njit
def nested_return_in_loop(n, a):
    for w in range(3):
        try:
            return (a[:w], [w])
        finally:
            if n > w:
                return (a * 3, [n])
    return (a, [0])


@njit
def iterable_break(n, a):
    # The loop's iterable is a temporary of the loop: released once, at the loop's exit.
    for x in a * 2.0:
        try:
            return np.array([x])
        finally:
            if n > 0:
                break
    return a[:0]


@njit
def inner_try_break(n, a):
    w = 0
    while w < 3:
        try:
            try:
                return (a, w)
            finally:
                w += 1
        finally:
            if n > 0:
                break
    return (a[:1], -w)


A = np.arange(5.0)


@pytest.mark.parametrize("f,args", [
    (tuple_break, (1, A)), (tuple_break, (0, A)),
    (array_break, (2, A)), (array_break, (0, A)),
    (array_continue, (2, A)), (array_continue, (9, A)), (array_continue, (0, A)),
    (list_continue, (3,)), (list_continue, (9,)), (list_continue, (0,)),
    (string_break, (1, "ab")), (string_break, (0, "ab")),
    (nested_return, (1, A)), (nested_return, (0, A)),
    (nested_return_in_loop, (2, A)), (nested_return_in_loop, (0, A)),
    (iterable_break, (1, A)), (iterable_break, (0, A)), (iterable_break, (1, A[:0])),
    (inner_try_break, (1, A)), (inner_try_break, (0, A)),
])
def test_discarded_return_values_are_released(f, args):
    check(f, *args)
    before = leaked()
    for _ in range(3):
        f(*args)
    assert leaked() == before


@njit
def break_from_try_else(v, n):
    out = v
    for k in range(3):
        if n > 100:
            return out
        try:
            q = n > 1
        except ValueError:
            pass
        else:
            break
        out = v + 1
    return out


@njit
def continue_from_try(v, n):
    out = v
    for k in range(n):
        try:
            if k % 2 == 0:
                continue
        finally:
            v += 1
        out = v * 2
    return out


def test_a_local_kept_across_break_or_continue_out_of_a_try():
    # The array a `break` (or `continue`) out of a `try` carries to the code after the loop was
    # released as if the statement after the `try` were the next use (found by the fuzzer, seed 1605).
    for n in (0, 1, 3, 200):
        check(break_from_try_else, np.arange(5), n)
        check(continue_from_try, np.arange(4.0), n)
