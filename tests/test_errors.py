"""Compile-time and run-time error reporting.  PYTEST_DONT_REWRITE"""

import inspect
import math
import os

import numpy as np
import pytest

import hasten
from hasten import njit


def location(f, marker, occurrence=0):
    """(basename, line, col) of the `occurrence`-th line containing `marker` in f's source; col is 1-based."""
    lines, start = inspect.getsourcelines(f.py_func)
    hits = [(start + k, ln.index(marker) + 1, ln) for k, ln in enumerate(lines) if marker in ln]
    line, col, text = hits[occurrence]
    return os.path.basename(f.py_func.__code__.co_filename), line, col, text


def assert_located(exc, f, marker, occurrence=0, col=True):
    msg = str(exc)
    name, line, c, text = location(f, marker, occurrence)
    where = f"{name}:{line}:{c}" if col else f"{name}:{line}:"
    assert where in msg, f"expected {where!r} in message:\n{msg}"
    assert text.strip() in msg, f"expected source line {text.strip()!r} in message:\n{msg}"
    assert "^" in msg, f"expected a caret in message:\n{msg}"


def compile_error(f, cls, *args):
    with pytest.raises(cls) as ei:
        f(*args)
    # still an error on the next call, not a half-compiled function
    with pytest.raises(cls):
        f(*args)
    return ei.value


@njit
def unknown_function(x):
    y = x + 1
    return no_such_function(y)  # noqa: F821


@njit
def with_statement(x):
    with open("f") as fh:
        x += 1
    return x


@njit
def walrus(a):
    s = 0
    v = [(t := i * j) for i in a]
    return s + len(v)


@njit
def caught_exception_used(x):
    try:
        x = x + 1
    except ValueError as err:
        x = (err)
    return x


@njit
def int_plus_tuple(x):
    t = (1, 2)
    return x + t


@njit
def identity(x):
    return x


@njit
def bad_unify(c, a):
    x = 0
    if c:
        x = a
    return x


@njit
def bad_unify_tuple(c):
    x = 0
    if c:
        x = (1, 2)
    return x


@njit
def unknown_math(x):
    return math.not_a_function(x)


@njit
def arity_helper(a, b):
    return a + b


@njit
def wrong_arity(x):
    return arity_helper(x)


@njit
def index_tuple_var(t, i):
    return t[i] + 0.5


def test_unknown_function():
    e = compile_error(unknown_function, hasten.TypingError, 1)
    assert_located(e, unknown_function, "no_such_function(y)")
    assert "no_such_function" in str(e)


def test_with_statement():
    e = compile_error(with_statement, hasten.UnsupportedError, 1)
    assert_located(e, with_statement, "with open")


def test_assignment_expression():
    e = compile_error(walrus, hasten.UnsupportedError, 3)
    assert "assignment expressions (:=) are not supported" in str(e)
    assert_located(e, walrus, "t := i * j")


def test_caught_exception_used():
    e = compile_error(caught_exception_used, hasten.UnsupportedError, 1)
    assert "using the caught exception 'err' this way is not supported" in str(e)
    assert_located(e, caught_exception_used, "err)")


def test_int_plus_tuple():
    e = compile_error(int_plus_tuple, hasten.TypingError, 1)
    assert_located(e, int_plus_tuple, "x + t")


def test_bytes_argument():
    with pytest.raises((hasten.TypingError, hasten.UnsupportedError)) as ei:
        identity(b"abc")
    assert "bytes" in str(ei.value)


def test_string_argument_is_returned():
    assert identity("abc") == "abc"


def test_impossible_unification():
    e = compile_error(bad_unify, hasten.TypingError, True, np.zeros(3))
    msg = str(e)
    name = os.path.basename(__file__)
    _, l1, _, _ = location(bad_unify, "x = 0")
    _, l2, _, _ = location(bad_unify, "x = a")
    assert f"{name}:{l1}:" in msg or f"{name}:{l2}:" in msg, msg
    assert "^" in msg
    compile_error(bad_unify_tuple, hasten.TypingError, False)


def test_unknown_attribute_and_arity():
    e = compile_error(unknown_math, (hasten.TypingError, hasten.UnsupportedError), 1.0)
    assert_located(e, unknown_math, "math.not_a_function", col=False)
    e = compile_error(wrong_arity, hasten.TypingError, 1)
    assert_located(e, wrong_arity, "arity_helper(x)")


def test_errors_at_call_not_decoration():
    def g(x):
        with open("f"):
            x += 1
        return x

    jitted = njit(g)  # no error yet
    with pytest.raises(hasten.UnsupportedError):
        jitted(1)


# ---- runtime errors carry the location in a note ----

@njit
def rt_index(a, i):
    return a[i]


@njit
def rt_zero(a, b):
    q = a // b
    return q


@njit
def rt_assert(x):
    assert x > 0, "positive"
    return x


@njit
def rt_raise(x):
    if x:
        raise ValueError("bad value")
    return x


@njit
def rt_inner(x):
    return 1.0 / x


@njit
def rt_outer(x):
    y = rt_inner(x)
    return y


def assert_note(exc, f, marker):
    name, line, _, _ = location(f, marker)
    notes = "".join(getattr(exc, "__notes__", []))
    assert name in notes and str(line) in notes, f"expected {name}:{line} in notes {notes!r}"


def test_runtime_error_notes():
    with pytest.raises(IndexError) as ei:
        rt_index(np.zeros(10), 10)
    assert str(ei.value) == "index 10 is out of bounds for axis 0 with size 10"
    assert_note(ei.value, rt_index, "return a[i]")
    with pytest.raises(ZeroDivisionError) as ei:
        rt_zero(1, 0)
    assert str(ei.value) == "integer division or modulo by zero"
    assert_note(ei.value, rt_zero, "a // b")
    with pytest.raises(AssertionError) as ei:
        rt_assert(-1)
    assert str(ei.value) == "positive"
    assert_note(ei.value, rt_assert, "assert x > 0")
    with pytest.raises(ValueError) as ei:
        rt_raise(1)
    assert str(ei.value) == "bad value"
    assert_note(ei.value, rt_raise, "raise ValueError")
    with pytest.raises(ZeroDivisionError) as ei:
        rt_outer(0.0)
    assert str(ei.value) == "float division by zero"
    assert_note(ei.value, rt_inner, "1.0 / x")


@njit
def callee_with_a_type_error(x):
    y = 1
    t = (x, x)
    return y + t


@njit
def caller_of_a_broken_callee(x):
    z = x * 2
    return callee_with_a_type_error(z) + 1


def test_type_error_in_a_callee_points_into_the_callee():
    e = compile_error(caller_of_a_broken_callee, hasten.TypingError, 1)
    assert_located(e, callee_with_a_type_error, "y + t")


@njit
def long_callee_with_a_late_type_error(x):
    a = x + 1
    b = a * 2
    c = b - 3
    d = c + 4
    e = d * 5
    return e + (a, b)


@njit
def short_caller(x):
    return long_callee_with_a_late_type_error(x)


def test_a_callee_error_past_the_end_of_the_caller_is_reported_not_a_panic():
    # The callee's span lies beyond the caller's short source: rendering it against the caller's
    # text used to panic in the binding (PanicException, not an Exception).
    e = compile_error(short_caller, hasten.TypingError, 1)
    assert_located(e, long_callee_with_a_late_type_error, "e + (a, b)")


def test_internal_errors_are_ordinary_exceptions():
    assert issubclass(hasten.InternalError, hasten.HastenError)
    assert issubclass(hasten.InternalError, Exception)


@njit
def method_of_python_float(x):
    return x.max()


def test_numpy_methods_of_python_scalars_are_refused():
    # CPython: AttributeError ('float' object has no attribute 'max'); a NumPy scalar has it.
    with pytest.raises(hasten.TypingError, match="'float' object has no attribute"):
        method_of_python_float(0.5)
    assert method_of_python_float(np.float64(0.5)) == np.float64(0.5)
    assert method_of_python_float(np.arange(3.0)) == 2.0


@pytest.mark.parametrize("x, cls", [(3, "int"), (2.5, "float"), (True, "bool"), (np.float32(1), "numpy.float32")])
def test_iterating_over_a_number_is_cpythons_type_error(x, cls):
    # CPython's TypeError, found while typing: the user's code is wrong, no feature is missing.
    def largest(v):
        return max(v)

    def total(v):
        s = 0
        for item in v:
            s += item
        return s

    for f in (largest, total):
        with pytest.raises(hasten.TypingError, match=f"'{cls}' object is not iterable"):
            hasten.njit(f)(x)
        with pytest.raises(TypeError, match=f"'{cls}' object is not iterable"):
            f(x)
