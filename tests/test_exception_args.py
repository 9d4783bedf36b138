"""`e.args` of the exception an `except ... as e` clause holds: CPython's tuple, for exceptions
raised in the `try` body with constant and run-time arguments (builtin classes and classes defined
at module level, in the `try` body and in the jitted functions it calls) and for those hasten's own
checks raise (the 1-tuple of the message). Its types come from the `raise` statements the clause
catches; an exception whose arguments have other types raises TypeError naming both, never a wrong
value."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import check, floats


class AppError(ValueError):
    pass


class DeepError(AppError):
    pass


@njit
def constant_args(case):
    try:
        if case == 0:
            raise ValueError("bad")
        if case == 1:
            raise ValueError("other text")
        return ("none",)
    except ValueError as e:
        return e.args


@njit
def runtime_args(case, x, y):
    try:
        if case == 0:
            raise ValueError("bad", x, y)
        if case == 1:
            raise AppError("app", x + 1, y * 2.0)
        if case == 2:
            raise DeepError(f"deep {x}", -x, y)
        return ("ok", x, y)
    except ValueError as e:
        return e.args


@njit
def first_arg(x, y):
    try:
        raise RuntimeError(x * 2, y, x > 0)
    except RuntimeError as err:
        return err.args[0] + 1, err.args[1], err.args[2], len(err.args)


@njit
def empty_args(x):
    try:
        if x > 0:
            raise KeyError
        raise KeyError()
    except LookupError as e:
        return e.args


@njit
def runtime_errors(case, a, x):
    try:
        if case == 0:
            return float(a[x])
        if case == 1:
            return 1.0 / (x - x)
        if case == 2:
            return float(a.reshape(abs(x), 2)[0, 0])
        return 0.0
    except (IndexError, ZeroDivisionError, ValueError) as e:
        msg = e.args[0]
        return float(len(msg)) if msg.startswith("index") or len(e.args) == 1 else -1.0


@njit
def runtime_args_tuple(case, a, x):
    try:
        if case == 0:
            a[x]
        else:
            x // (x - x)
    except Exception as e:
        return e.args
    return ("none",)


@njit
def nested_clauses(x):
    try:
        try:
            if x > 0:
                raise KeyError(x)
            raise ValueError("v", 1.5)
        except KeyError as inner:
            return ("inner", inner.args[0], 0.0)
    except ValueError as outer:
        return (outer.args[0], x, outer.args[1])


@njit
def str_and_args(x):
    try:
        raise ValueError("it's", x)
    except ValueError as e:
        return str(e), e.args


@pytest.mark.parametrize("case", [0, 1, 2])
def test_constant_args(case):
    check(constant_args, case)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3), st.integers(-(2**40), 2**40), floats)
def test_runtime_args(case, x, y):
    check(runtime_args, case, x, y)


@settings(max_examples=30, deadline=None)
@given(st.integers(-(2**40), 2**40), floats)
def test_indexing_and_len_of_args(x, y):
    check(first_arg, x, y)
    check(str_and_args, x)


@pytest.mark.parametrize("x", [-1, 1])
def test_empty_and_nested(x):
    check(empty_args, x)
    check(nested_clauses, x)


@pytest.mark.parametrize("case", [0, 1, 2, 3])
@pytest.mark.parametrize("x", [5, 0, 3, -7])
def test_args_of_runtime_errors(case, x):
    check(runtime_errors, case, np.arange(4.0), x)
    check(runtime_args_tuple, case % 2, np.arange(4.0), x)


@njit
def raiser(x):
    if x > 100:
        raise KeyError(x)
    raise ValueError("bad", x, x * 0.5)


@njit
def catches_its_own(x):
    try:
        if x > 0:
            raise ValueError(x)
    except ValueError:
        pass
    return raiser(x)


@njit
def recursive(x):
    if x <= 0:
        raiser(x)
        return 0
    return recursive(x - 1) + 1


@njit
def args_from_callees(case, x):
    try:
        if case == 0:
            raiser(x)
        elif case == 1:
            catches_its_own(x)
        else:
            recursive(x)
    except ValueError as e:
        return e.args
    except KeyError as k:
        return ("key", k.args[0], 0.0)
    return ("none", 0, 0.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2), st.integers(-5, 200))
def test_args_of_exceptions_from_callees(case, x):
    check(args_from_callees, case, min(x, 20) if case == 2 else x)


@njit
def mismatched(a, i):
    try:
        if i < 0:
            raise LookupError("negative", i)
        a[i]
    except LookupError as e:
        return e.args[0]
    return "none"


def test_args_of_another_type_raise_type_error():
    check(mismatched, np.arange(3.0), -1)
    check(mismatched, np.arange(3.0), 1)
    # IndexError's args are CPython's (message,): not the (str, int) the raise statement gives.
    with pytest.raises(TypeError, match=r"args are \(str,\), but compiled code typed e.args as \(str, int\)"):
        mismatched(np.arange(3.0), 10)


@njit
def disagreeing(x):
    try:
        if x:
            raise ValueError("a")
        raise ValueError(1)
    except ValueError as e:
        return e.args


def test_disagreeing_raises_refused():
    with pytest.raises(hasten.UnsupportedError, match=r"e.args of a clause that catches exceptions raised with arguments of different types"):
        disagreeing(1)
