"""Captured variables are read where the inner function reads them, not where it is called or
made: a comprehension, lambda or inner `def` whose captured variable is unbound at the call runs as
CPython runs it (no error while it does not read it; where it does, CPython 3.11's NameError
"cannot access free variable ..."). Differential against CPython."""

import numpy as np
import pytest

from hasten import njit
from conftest import check, python_reference


@njit
def comprehension_unread(v, n):
    if n > 0:
        w15 = 3
    return [w for w in v if w > w15]


@njit
def lambda_branch(i, c):
    if i > 5:
        w14 = 2
    a = 1
    return (lambda y: a + y if c else w14)(i)


@njit
def def_before_binding(n):
    def g(k):
        if k > 0:
            return t + k
        return -1

    r = g(n)
    t = 10
    return r + g(1)


@njit
def apply(f, x):
    return f(x)


@njit
def closure_value(n):
    if n > 0:
        s = 2.0
    return apply(lambda y: s * y if n > 0 else y, 3.0)


@njit
def array_capture(n, a):
    if n > 0:
        b = a * 2.0
    return [float(b[i]) for i in range(min(n, 3))]


@njit
def string_capture(n):
    if n > 1:
        s = "ab" * n
    return [s[i] for i in range(n)]


@njit
def nested(n, v):
    if n > 0:
        k = n
    return [w for w in v if (lambda z: z > k)(w)]


@njit
def nonlocal_binds(n):
    def bump():
        nonlocal c
        c = 5

    if n > 0:
        c = 1
    bump()
    return c


@njit
def set_and_dict(n, v):
    if n > 0:
        k = n
    return len({w % 3 for w in v if w != k}) + len({j: w for j, w in enumerate(v) if w > k})


@njit
def generator_any(n, v):
    if n > 0:
        k = n
    return any(w > k for w in v)


@njit
def loop_rebinds(n, v):
    out = 0
    for i in range(n):
        out += len([w for w in v if w > t])
        t = i
    return out


V = np.array([1, 5, 2], dtype=np.int64)
E = np.zeros(0, dtype=np.int64)


@pytest.mark.parametrize("f,args", [
    (comprehension_unread, (E, 0)), (comprehension_unread, (V, 0)), (comprehension_unread, (V, 1)),
    (lambda_branch, (1, True)), (lambda_branch, (1, False)), (lambda_branch, (7, False)),
    (def_before_binding, (0,)), (def_before_binding, (1,)),
    (closure_value, (0,)), (closure_value, (1,)),
    (array_capture, (0, np.arange(3.0))), (array_capture, (2, np.arange(3.0))),
    (string_capture, (0,)), (string_capture, (1,)), (string_capture, (2,)),
    (nested, (0, E)), (nested, (0, V)), (nested, (2, V)),
    (nonlocal_binds, (0,)), (nonlocal_binds, (1,)),
    (set_and_dict, (0, E)), (set_and_dict, (0, V)), (set_and_dict, (2, V)),
    (generator_any, (0, E)), (generator_any, (0, V)), (generator_any, (3, V)),
    (loop_rebinds, (1, E)), (loop_rebinds, (1, V)), (loop_rebinds, (3, E)), (loop_rebinds, (0, V)),
])
def test_captured_variables_are_read_late(f, args):
    check(f, *args, reference=python_reference(f))


def test_message_names_the_free_variable():
    with pytest.raises(NameError, match=r"^cannot access free variable 'w15' where it is not associated with a value in enclosing scope\n"):
        comprehension_unread(V, 0)
    with pytest.raises(NameError, match="free variable 'w14'"):
        lambda_branch(1, False)
