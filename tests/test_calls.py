import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check

SCALE = 3
PAIR = (2, 5.5)
FROZEN = 10


@njit
def helper(a, b=2, c=0.5):
    return a * b + c


@njit
def calls_helper(x):
    return helper(x), helper(x, 3), helper(x, c=1.5), helper(x, b=4, c=-1.0), helper(b=1, a=x)


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


# Compiled at decoration for the explicit signature, before the name `fib_eager` is bound.
@njit("int64(int64)")
def fib_eager(n):
    if n < 2:
        return n
    return fib_eager(n - 1) + fib_eager(n=n - 2)


def make_fib_eager():
    @njit("int64(int64)")
    def fib_cell(n):
        if n < 2:
            return n
        return fib_cell(n - 1) + fib_cell(n - 2)

    return fib_cell


@njit
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


@njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@njit
def use_globals(x):
    return x * SCALE + PAIR[0] + PAIR[1] + math.pi + np.pi


@njit
def read_frozen():
    return FROZEN


@njit
def write_through(a, i):
    set_elem(a, i, 7.0)
    return a[i]


@njit
def set_elem(a, i, v):
    a[i] = v


@njit
def returns_tuple(x):
    return x, x * 2.0


@njit
def uses_tuple(x):
    a, b = returns_tuple(x)
    t = returns_tuple(b)
    return a + t[1]


@njit
def chain3(x):
    return calls_helper(x)[4] + fact(5)


def test_keyword_and_default_args():
    for x in [0, 2, -3]:
        check(calls_helper, x)
    check(calls_helper, 1.5)


@njit
def keywords_out_of_order(l):
    def k(x, y):
        return x - y

    def v(a, *r, z=0, w=1):
        return a + 10 * z + 100 * w + 1000 * len(r)

    return helper(c=l.pop(), b=l.pop(), a=l.pop()), helper(l.pop(), c=l.pop()), k(y=l.pop(), x=l.pop()), v(l.pop(), l.pop(), w=l.pop(), z=l.pop())


def test_keywords_are_evaluated_in_source_order():
    # Binding puts the arguments in the parameters' order; CPython evaluates them as written.
    check(keywords_out_of_order, [float(i) for i in range(11)])
    with pytest.raises(IndexError):
        keywords_out_of_order([1.0, 2.0])


def test_recursion():
    for n in [0, 1, 2, 10, 20]:
        check(fib, n)
    for n in [0, 1, 5, 20]:
        check(fact, n)
    with pytest.raises(OverflowError):
        fact(21)  # 21! does not fit in 64 bits
    check(is_even, 10)
    check(is_odd, 7)


def test_globals():
    check(use_globals, 2)
    check(use_globals, 0.5)


def test_globals_frozen_at_compile_time():
    global FROZEN
    assert read_frozen() == 10
    FROZEN = 11
    try:
        assert read_frozen() == 10
    finally:
        FROZEN = 10


def test_calls_pass_arrays_and_tuples():
    check(write_through, np.zeros(4), 2)
    check(uses_tuple, 1.5)
    check(chain3, 2)


def test_dispatch_from_python():
    assert helper(2) == 4.5 and type(helper(2)) is float
    assert helper(2, c=1.0) == 5.0
    assert helper(a=1, b=1, c=1.0) == 2.0
    assert fib.py_func(10) == fib(10) == 55
    # new argument types compile new specializations
    assert helper(2.0, 2.0, 0.0) == 4.0
    r = helper(np.float32(2), np.float32(2), np.float32(1))
    assert type(r) is np.float32 and r == 5


def test_errors_are_hasten_exceptions():
    assert issubclass(hasten.TypingError, Exception)
    assert issubclass(hasten.UnsupportedError, Exception)


@njit
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


@njit
def ping(n):
    if n == 0:
        return 0
    return pong(n - 1) + 1


@njit
def pong(n):
    if n == 0:
        return 0
    return ping(n - 1) + 1


def test_recursion_compiled_at_decoration_calls_itself_by_its_name():
    for n in [0, 1, 2, 10, 20]:
        check(fib_eager, n)
        check(make_fib_eager(), n)


def test_unbounded_recursion_raises_instead_of_crashing():
    assert depth(1000) == 1000
    with pytest.raises(RecursionError, match="maximum recursion depth exceeded"):
        depth(10**9)
    assert ping(500) == 500
    with pytest.raises(RecursionError):
        ping(10**9)


@pytest.mark.parametrize("stack_kib", [256, 1024])
def test_recursion_in_a_thread_with_a_small_stack_raises(tmp_path, stack_kib):
    # The budget comes from the running thread's own stack, so a small one raises instead of crashing.
    script = tmp_path / "small_stack.py"
    script.write_text(textwrap.dedent(
        f"""
        import threading
        from hasten import njit

        @njit
        def depth(n):
            if n == 0:
                return 0
            return depth(n - 1) + 1

        out = []
        def run():
            out.append(depth(10))
            try:
                depth(10**9)
            except RecursionError as e:
                out.append(type(e).__name__)
        threading.stack_size({stack_kib} * 1024)
        t = threading.Thread(target=run)
        t.start()
        t.join()
        print(out)
        """
    ))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[10, 'RecursionError']"


@njit
def rebinds_its_parameter(a):
    a = a * 0.5
    return a


@njit
def calls_a_rebinding_callee(x, flag):
    y = rebinds_its_parameter(x)
    if flag:
        x = 2.5
    return x + y


def test_a_parameter_rebound_to_a_wider_type():
    # The argument arrives as an int and the local is a float: converted at entry (and in the
    # inlined copy), where it used to panic in code generation.
    check(rebinds_its_parameter, 3)
    check(rebinds_its_parameter, True)
    check(calls_a_rebinding_callee, 7, False)
    check(calls_a_rebinding_callee, 7, True)


OFFSETS = np.arange(3.0)


@njit
def with_an_array_default(a, b=OFFSETS):
    return a + b[0] + b[-1]


@njit
def passes_the_array(a, b):
    return with_an_array_default(a, b)


@njit
def leaves_the_array_out(a):
    return with_an_array_default(a)


def test_a_default_that_is_not_a_constant_is_needed_only_when_used():
    check(with_an_array_default, 1.0, np.ones(2))
    # From Python, the default is filled in by Python's own binding.
    assert with_an_array_default(1.0) == 3.0
    check(passes_the_array, 1.0, np.arange(4.0))
    with pytest.raises(hasten.UnsupportedError, match="default value of parameter 'b'") as e:
        leaves_the_array_out(1.0)
    assert "b=OFFSETS" in str(e.value)


@njit
def iterates_over_a_method_result(a):
    s = 0.0
    for x in a.ravel():
        s += x
    return s


def test_a_method_call_as_the_iterable_of_a_for_loop():
    check(iterates_over_a_method_result, np.arange(6.0).reshape(2, 3))


@njit
def _writes_first(v):
    v[0] = 300.0
    return v


@njit
def _done_before_call(v):
    return (v + 1.0) * _writes_first(v)


@njit
def _read_after_call(v):
    return v * _writes_first(v)[1] + v


@njit
def _reductions_around_call(v):
    return v.sum() + _writes_first(v).sum() + v.sum()


def test_fused_operands_see_calls_in_python_order():
    # `(v + 1.0)` is computed before the call writes v; a bare `v` operand is read when its
    # operator runs, after the call (the fused loop computes every operation after its leaves).
    for f in (_done_before_call, _read_after_call, _reductions_around_call):
        check(f, np.array([2.0, 2.0]))
        check(f, np.arange(6.0)[::2])
