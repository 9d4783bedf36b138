"""Raises that jump straight to the `except` clause catching them (codegen `direct_handler`): a
check raising a builtin class that the innermost `try` catches in a clause that never looks at the
exception skips the runtime. Differential against CPython on every way such a clause can be
chosen, left or bypassed, and the memory a caught failure holds is released."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def gather_or_flag(b, idx):
    # A miss restarts the sum from a flag (bench/exceptions.py times the same loop).
    s = 0.0
    for i in range(idx.shape[0]):
        try:
            s += b[idx[i]] * 2.0
        except IndexError:
            s = -1.0
    return float(s)


@njit
def first_matching_clause(a, i, d):
    r = 0
    try:
        r = int(a[i]) // d
    except ValueError:
        r = -1
    except LookupError:
        r = -2
    except ArithmeticError:
        r = -3
    return r


@njit
def tuple_and_bare(a, i, d):
    r = 0
    try:
        r = int(a[i]) // d
    except (KeyError, IndexError):
        r = -1
    except:  # noqa: E722
        r = -2
    return r


@njit
def missing_key(keys, k):
    d = {}
    for x in keys:
        d[int(x)] = int(x) * 2
    try:
        v = d[k]
    except KeyError:
        v = -1
    return v


@njit
def leave_from_clause(a, idx):
    total = 0
    for i in range(idx.shape[0]):
        try:
            total += int(a[idx[i]])
        except IndexError:
            if idx[i] > 100:
                return -total
            if idx[i] < -100:
                break
            continue
        total += 1
    return total


@njit
def raises_in_clause(a, i, j):
    try:
        return int(a[i])
    except IndexError:
        return int(a[j])


@njit
def with_finally(a, idx):
    hits = 0
    misses = 0
    for i in range(idx.shape[0]):
        try:
            hits += int(a[idx[i]])
        except IndexError:
            misses += 1
        finally:
            hits += 1000
    return hits, misses


@njit
def inner_does_not_catch(a, i):
    r = 0
    try:
        try:
            r = int(a[i])
        except ValueError:
            r = -1
    except IndexError:
        r = -2
    return r


@njit
def take(a, i):
    t = a * 2
    return int(t[i])


@njit
def callee_raises(a, idx):
    s = 0
    for i in range(idx.shape[0]):
        try:
            s += take(a, idx[i])
        except IndexError:
            s -= 1
    return s


@njit
def reraise_helper():
    raise


@njit
def clause_calls_reraiser(a, i):
    try:
        return int(a[i])
    except IndexError:
        reraise_helper()
    return 0


@njit
def clause_reraises(a, i):
    try:
        return int(a[i])
    except IndexError:
        raise


@njit
def clause_reads_message(a, i):
    try:
        return int(a[i]), ""
    except IndexError as e:
        return -1, str(e)


@njit
def bare_raise_after_handled(a, i):
    try:
        a[i]
    except IndexError:
        pass
    raise


A = np.arange(10)


@pytest.mark.parametrize("idx", [[0, 3, 9], [0, 10, 3, -11, -10], [], [99] * 5])
def test_gather_in_loop(idx):
    check(gather_or_flag, A * 0.5, np.array(idx, dtype=np.int64))


@pytest.mark.parametrize("f", [first_matching_clause, tuple_and_bare])
@pytest.mark.parametrize("i, d", [(2, 1), (20, 1), (2, 0), (-20, 0)])
def test_clause_order(f, i, d):
    check(f, A, i, d)


@pytest.mark.parametrize("k", [3, 4, 100])
def test_missing_key(k):
    check(missing_key, np.arange(6), k)


@pytest.mark.parametrize("idx", [[1, 2, 50, 3], [1, 200, 2], [1, -200, 2], [50, 60]])
def test_break_continue_return_in_clause(idx):
    check(leave_from_clause, A, np.array(idx, dtype=np.int64))


@pytest.mark.parametrize("i, j", [(1, 2), (20, 2), (20, 30)])
def test_raise_inside_clause_goes_out(i, j):
    check(raises_in_clause, A, i, j)


@pytest.mark.parametrize("idx", [[1, 2], [1, 20, 30, 2], []])
def test_finally_after_direct_clause(idx):
    check(with_finally, A, np.array(idx, dtype=np.int64))


@pytest.mark.parametrize("i", [1, 20])
def test_outer_try_catches(i):
    check(inner_does_not_catch, A, i)


def test_callee_failure_releases_its_array():
    idx = np.array([1, 20, -30, 4] * 50, dtype=np.int64)
    check(callee_raises, A, idx)
    before = hasten.alloc_stats()["live"]
    callee_raises(A, idx)
    assert hasten.alloc_stats()["live"] == before


@pytest.mark.parametrize("f", [clause_reraises, clause_reads_message])
@pytest.mark.parametrize("i", [1, 20])
def test_clauses_that_look_at_the_exception(f, i):
    check(f, A, i)


def test_callee_reraises_what_the_clause_handles():
    # CPython's bare `raise` in a function called from a handler re-raises the handler's exception
    # (`py_func` cannot show it: it would call the compiled helper, which handles nothing).
    assert clause_calls_reraiser(A, 1) == 1
    with pytest.raises(IndexError, match="index 20 is out of bounds for axis 0 with size 10"):
        clause_calls_reraiser(A, 20)


@pytest.mark.parametrize("i", [1, 20])
def test_no_exception_left_handled(i):
    check(bare_raise_after_handled, A, i)
