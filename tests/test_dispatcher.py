"""The Python-facing layer: decorator forms and keywords, argument typing and marshalling, result
boxing, the program description handed to the compiler, thread safety and memory ownership."""

import gc
import math
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import hasten
from hasten import _core, _program, jit, njit, prange


def fresh_add1():
    """A new dispatcher each call: tests that count compiles must not share one."""

    def add1(x):
        return x + 1

    return njit(add1)


# ---------------------------------------------------------------------------------------------
# Decorator forms and keywords


def test_decorator_forms():
    def add1(x):
        return x + 1

    for f in (njit(add1), njit()(add1), njit(nogil=True)(add1), njit(add1, fastmath=True), jit(add1)):
        assert f(1) == 2
        assert f(1.5) == 2.5
        assert f.py_func is add1


def test_wrapper_attributes():
    def documented(x):
        """Adds one."""
        return x + 1

    f = njit(documented)
    assert f.__name__ == "documented"
    assert f.__qualname__ == documented.__qualname__
    assert f.__module__ == __name__
    assert f.__doc__ == "Adds one."
    assert f.__wrapped__ is documented
    assert "documented" in repr(f)


@pytest.mark.parametrize(
    "kws",
    [
        dict(nopython=True),
        dict(nogil=True),
        dict(nogil=False),
        dict(cache=False),
        dict(fastmath=True),
        dict(fastmath=False),
        dict(boundscheck=None),
        dict(boundscheck=True),
        dict(boundscheck=False),
        dict(error_model="python"),
        dict(error_model="numpy"),
        dict(parallel=False),
        dict(parallel=True),
        dict(inline="never"),
        dict(locals={}),
    ],
)
def test_accepted_keywords(kws):
    def add1(x):
        return x + 1

    f = njit(**kws)(add1)
    assert f(41) == 42


@pytest.mark.parametrize(
    "kws, exc, text",
    [
        (dict(nopython=False), hasten.UnsupportedError, "object mode"),
        (dict(inline=lambda *a: True), hasten.UnsupportedError, "cost-model"),
        (dict(locals={"x": "floaty"}), TypeError, "locals"),
        (dict(locals=[("x", "float64")]), TypeError, "locals"),
        (dict(fastmath={"nnan", "fastest"}), ValueError, "Unrecognized fastmath flags"),
        (dict(fastmath="fast"), ValueError, "fastmath"),
        (dict(error_model="strict"), ValueError, "error_model"),
        (dict(inline="sometimes"), ValueError, "inline"),
        (dict(no_such_option=1), TypeError, "no_such_option"),
    ],
)
def test_rejected_keywords(kws, exc, text):
    with pytest.raises(exc, match=text):
        njit(**kws)


def test_non_function_is_rejected():
    with pytest.raises(TypeError):
        njit(len)
    with pytest.raises(TypeError):
        njit(print, nogil=True)
    with pytest.raises(TypeError):
        njit(lambda x: x, lambda y: y)


def test_errors_are_hasten_errors():
    assert issubclass(hasten.TypingError, hasten.HastenError)
    assert issubclass(hasten.UnsupportedError, hasten.HastenError)
    assert issubclass(hasten.HastenError, Exception)
    assert not issubclass(hasten.TypingError, TypeError)


def test_prange_is_range():
    assert list(prange(3)) == [0, 1, 2]
    assert list(prange(1, 7, 2)) == [1, 3, 5]


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_disable_jit_returns_the_python_function():
    out = run_python(
        """
        import types
        from hasten import njit, jit
        def f(x):
            return x + 1
        assert njit(f) is f
        assert njit(nogil=True)(f) is f
        assert jit(f) is f
        print("ok")
        """,
        HASTEN_DISABLE_JIT="1",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_import_is_light():
    out = run_python(
        """
        import sys, time
        t = time.perf_counter()
        import hasten
        elapsed = time.perf_counter() - t
        assert "numpy" not in sys.modules, "import hasten must not import numpy"
        print(elapsed)
        """
    )
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) < 0.5


# ---------------------------------------------------------------------------------------------
# Argument types


@pytest.mark.parametrize(
    "value, expected",
    [
        (True, "bool"),
        (3, "int"),
        (2**70, "int"),
        (2.5, "float"),
        (None, "none"),
        ((1, 2.0, (True,)), "(int, float, (bool,))"),
        ((), "()"),
        (np.float64(1), "np.float64"),
        (np.float32(1), "np.float32"),
        (np.int8(1), "np.int8"),
        (np.uint64(1), "np.uint64"),
        (np.intc(1), "np.int32"),
        (np.longlong(1), "np.int64"),
        (np.bool_(True), "np.bool"),
        (np.zeros(3), "array(float64, 1d, C)"),
        (np.zeros((2, 3), dtype=np.int32), "array(int32, 2d, C)"),
        (np.zeros((2, 3), order="F"), "array(float64, 2d, F)"),
        (np.zeros((4, 4))[:, ::2], "array(float64, 2d, A)"),
        (np.zeros((), dtype=np.uint8), "array(uint8, 0d, C)"),
    ],
)
def test_typeof(value, expected):
    assert hasten.typeof(value) == expected


def test_typeof_subclasses_and_readonly():
    class MyInt(int):
        pass

    class MyFloat(float):
        pass

    assert hasten.typeof(MyInt(3)) == "int"
    assert hasten.typeof(MyFloat(3)) == "float"
    assert hasten.typeof(1j) == "complex"
    a = np.zeros(3)
    a.flags.writeable = False
    assert hasten.typeof(a) == "array(float64, 1d, C, readonly)"


@pytest.mark.parametrize(
    "value", [[], [1, 2.5], [[1], [2.5]], [[]], b"s", ["s", 1], {}, np.clongdouble(1j), np.zeros(3, dtype=np.clongdouble), np.zeros(3, dtype=">f8"), np.float16(1)]
)
def test_typeof_unsupported(value):
    with pytest.raises(TypeError):
        hasten.typeof(value)


def test_typeof_lists():
    assert hasten.typeof([1, 2]) == "list(int)"
    assert hasten.typeof([np.zeros(2), np.zeros((3,))[::2]]) == "list(array(float64, 1d, A))"


def test_unsupported_argument_names_parameter():
    f = fresh_add1()
    with pytest.raises(TypeError, match=r"argument 'x' of add1\(\) has unsupported type 'dict'"):
        f({})
    # both a TypeError, as CPython raises for a wrong-type call, and hasten's UnsupportedError
    with pytest.raises(hasten.UnsupportedError, match="'bytes'"):
        f(b"s")
    assert issubclass(hasten.UnsupportedArgumentError, TypeError)
    with pytest.raises(TypeError, match="complex256"):
        f(np.zeros(2, dtype=np.clongdouble))
    assert f.signatures == []


def test_int_too_large():
    f = fresh_add1()
    assert f(2**62) == 2**62 + 1
    with pytest.raises(OverflowError, match="int too large to convert to 64-bit integer"):
        f(2**63)
    with pytest.raises(OverflowError, match="int too large to convert to 64-bit integer"):
        f(-(2**70))


# ---------------------------------------------------------------------------------------------
# Calls: keywords, defaults, marshalling and boxing round trips


def ident(x):
    return x


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        -7,
        2**63 - 1,
        -(2**63),
        -0.0,
        math.inf,
        None,
        (1, 2.5, (False, None)),
        np.float32(1.5),
        np.float64(-2.25),
        np.int8(-3),
        np.int16(-300),
        np.int32(-70000),
        np.int64(-(2**40)),
        np.uint8(250),
        np.uint16(65000),
        np.uint32(4_000_000_000),
        np.uint64(2**64 - 1),
        np.bool_(True),
    ],
)
def test_round_trip(value):
    f = njit(ident)
    got = f(value)
    assert type(got) is type(value)
    assert got == value or (isinstance(value, float) and math.copysign(1, got) == math.copysign(1, value))


def test_array_argument_returned_is_the_same_object():
    f = njit(ident)
    for a in (np.arange(5.0), np.zeros((2, 3), order="F"), np.arange(12).reshape(3, 4)[:, ::2]):
        assert f(a) is a
    ro = np.arange(3.0)
    ro.flags.writeable = False
    assert f(ro) is ro


def test_keywords_and_defaults():
    @njit
    def lin(a, b=2, c=3.0):
        return a * b + c

    assert lin(1) == 5.0
    assert lin(1, 3) == 6.0
    assert lin(a=1, c=1.0) == 3.0
    assert lin(1, c=0.5, b=4) == 4.5
    with pytest.raises(TypeError, match="lin"):
        lin()
    with pytest.raises(TypeError, match="lin"):
        lin(1, 2, 3, 4)
    with pytest.raises(TypeError, match="lin"):
        lin(1, d=2)


def test_signatures_and_inspection():
    f = fresh_add1()
    assert f.signatures == []
    f(1)
    f(2.0)
    f(3)
    assert f.signatures == ["(int,)", "(float,)"]
    ir = f.inspect_ir()
    asm = f.inspect_asm()
    assert set(ir) == set(asm) == {"(int,)", "(float,)"}
    assert isinstance(f.inspect_ir("(int,)"), str) and f.inspect_ir("(int,)")
    assert isinstance(f.inspect_asm("(float,)"), str) and f.inspect_asm("(float,)")
    with pytest.raises(KeyError):
        f.inspect_asm("(bool,)")
    assert all(s["tier"] in (1, 2) and s["compile_time"] >= 0 for s in f.stats.values())
    overload = f.overloads["(int,)"]
    assert overload.signature == "(int,)"
    assert overload.return_type == "int"
    assert overload.compile_time >= 0


def test_exception_in_compiled_code_carries_location():
    @njit
    def raise_(x):
        if x > 0:
            raise ValueError("boom")
        return x

    assert raise_(-1) == -1
    with pytest.raises(ValueError, match="boom") as ei:
        raise_(1)
    notes = "\n".join(getattr(ei.value, "__notes__", []))
    assert os.path.basename(__file__) in notes


def test_source_unavailable():
    namespace = {}
    exec("def add1(x):\n    return x + 1\n", namespace)
    f = njit(namespace["add1"])
    with pytest.raises(hasten.UnsupportedError, match="source"):
        f(1)


def test_nogil_runs_concurrently():
    @njit(nogil=True)
    def spin(n):
        s = 0
        for i in range(n):
            s += i % 7
        return s

    expected = spin.py_func(10_000)
    results = []

    def work():
        results.append(spin(10_000))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_racing_first_calls_compile_once():
    for _ in range(3):
        f = fresh_add1()
        barrier = threading.Barrier(8)
        results, errors = [], []

        def work(f=f, barrier=barrier):
            barrier.wait()
            try:
                results.append(f(1))
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert results == [2] * 8
        assert len(f.signatures) == 1


# ---------------------------------------------------------------------------------------------
# Memory: arrays made by compiled code own their buffer through their base


def test_allocated_array_owns_its_memory():
    @njit
    def alloc(n):
        return np.zeros(n)

    baseline = _core.alloc_stats()["live"]
    a = alloc(5)
    assert a.shape == (5,) and a.dtype == np.float64 and a.flags.writeable
    assert type(a.base).__name__ == "_Buffer"
    assert _core.alloc_stats()["live"] == baseline + 1
    b = a[1:]
    del a
    gc.collect()
    assert _core.alloc_stats()["live"] == baseline + 1  # the view keeps the buffer
    b[:] = 1.0
    del b
    assert _core.alloc_stats()["live"] == baseline


def test_allocating_function_memory_is_flat():
    @njit
    def alloc(n):
        return np.zeros(n)

    @njit
    def scratch(n):
        a = np.zeros(n)
        return n + 1

    alloc(3), scratch(3)
    baseline = _core.alloc_stats()["live"]
    for _ in range(100_000):
        alloc(8)
        scratch(8)
    gc.collect()
    assert _core.alloc_stats()["live"] == baseline


def test_tuple_of_views_of_one_allocation_shares_the_base():
    @njit
    def pair(n):
        a = np.zeros(n)
        return a, a

    baseline = _core.alloc_stats()["live"]
    p, q = pair(4)
    assert p.base is q.base
    p[0] = 5.0
    assert q[0] == 5.0
    del p, q
    assert _core.alloc_stats()["live"] == baseline


# ---------------------------------------------------------------------------------------------
# Program description (no compiler involved)

GLOBAL_INT = 7
GLOBAL_BIG = 2**70
GLOBAL_TUPLE = (1, 2.5, "s", None, True)


@njit
def callee(x):
    return x * GLOBAL_INT


@njit
def caller(x):
    return callee(x) + recursive(x)


@njit
def recursive(n):
    if n <= 0:
        return 0
    return caller(n - 1)


def test_program_collects_reachable_functions_once():
    program = _program.build_program(caller)
    names = [f["name"] for f in program]
    assert names == ["caller", "callee", "recursive"]
    assert program[0]["globals"]["callee"] == ("function", 1)
    assert program[0]["globals"]["recursive"] == ("function", 2)
    assert program[2]["globals"]["caller"] == ("function", 0)
    assert program[1]["globals"]["GLOBAL_INT"] == ("int", 7)


def test_program_source_strips_decorators_and_dedents():
    def make():
        @njit(
            fastmath=True,
        )
        def inner(x):
            return x + 1

        return inner

    f = make()
    (desc,) = _program.build_program(f)
    assert desc["source"].startswith("def inner(x):\n    return x + 1")
    assert desc["indent"] == 8
    assert desc["filename"] == __file__
    with open(__file__) as fh:
        lines = fh.read().splitlines()
    assert lines[desc["first_line"] - 1].strip() == "def inner(x):"
    assert desc["options"] == (True, True, False, False, False, [])


def test_program_globals_classification():
    import math as m
    from math import sqrt

    from numpy import zeros

    big = GLOBAL_BIG
    scale = 2.5
    flag = False
    tup = GLOBAL_TUPLE

    class Custom:
        pass

    obj = Custom()

    @njit(boundscheck=False, error_model="numpy")
    def uses(x):
        a = zeros(3) + np.ones(3)
        y = np.float32(x) + sqrt(m.pi) + scale + big + flag
        for i in prange(3):
            pass
        if tup is None or obj:
            raise ValueError("no")
        return np.int64(y), undefined_name

    (desc,) = _program.build_program(uses)
    g = desc["globals"]
    assert g["zeros"] == ("numpyfn", "zeros")
    assert g["np"] == ("numpy",)
    assert g["sqrt"] == ("mathfn", "sqrt")
    assert g["m"] == ("math",)
    assert g["scale"] == ("float", 2.5)
    assert g["flag"] == ("bool", False)
    assert g["big"][0] == "opaque"
    assert g["prange"] == ("prange",)
    assert g["tup"] == ("tuple", [("int", 1), ("float", 2.5), ("str", "s"), ("none",), ("bool", True)])
    assert g["obj"] == ("opaque", "Custom")
    assert "ValueError" not in g  # builtins are left to the compiler
    assert "undefined_name" not in g
    assert desc["options"] == (False, False, True, False, False, [])


def test_program_global_scalar_types_and_exceptions():
    class MyError(Exception):
        pass

    f32, i8, bool_, VE, mine = np.float32, np.int8, np.bool_, ValueError, MyError

    @njit
    def uses(x):
        if x:
            raise VE("x")
        if x > 1:
            raise mine()
        return f32(x) + i8(x) + bool_(x)

    g = _program.build_program(uses)[0]["globals"]
    assert g["f32"] == ("dtype", "float32")
    assert g["i8"] == ("dtype", "int8")
    assert g["bool_"] == ("dtype", "bool")
    assert g["VE"] == ("exception", "ValueError")
    tag, key, ancestry = g["mine"]
    assert tag == "userexception" and ancestry == [key, "Exception", "BaseException"]
    assert _program.exception_class(key) is MyError


def test_program_globals_are_frozen_at_first_compile():
    @njit
    def add_k(x):
        return x + K

    global K
    K = 1
    try:
        assert add_k(1) == 2
        K = 100
        assert add_k(1) == 2
        assert add_k(1.0) == 2.0  # a new signature still sees the frozen value
    finally:
        del K


def test_returned_buffers_are_released_when_the_array_dies():
    # The buffer's owner must be released at once, not when PyO3 is next entered: a loop of calls
    # that allocate would otherwise keep every result alive.
    import sys

    @njit
    def fresh(n):
        return np.ones(n)

    fresh(4)
    r = fresh(1000)
    owner = r.base
    del r
    assert sys.getrefcount(owner) == 2


def _multiline_signature(
    a,
    b,
):
    return a + b


def _column_zero_string(a):
    """A docstring with a line
at column zero."""
    return a + 1


def test_source_lines_by_indentation_match_inspect():
    import inspect

    from hasten._program import _def_lines, _parse_def

    for f in [_multiline_signature, test_source_lines_by_indentation_match_inspect]:
        lines, start = _def_lines(f)
        assert (lines, start) == tuple(inspect.getsourcelines(f))
    # A string at column zero ends the indented block early: that block does not parse, and the
    # source comes from inspect instead.
    with pytest.raises(SyntaxError):
        _parse_def(_def_lines(_column_zero_string)[0])
    assert njit(_column_zero_string)(1) == _column_zero_string(1)
    assert njit(_multiline_signature)(2, 3) == 5


@hasten.njit
def first_element_doubled(a):
    return a[0, 0] * 2.0


def test_matrix_and_masked_arrays_are_refused_and_other_subclasses_taken(tmp_path):
    # Compiled as plain arrays, a masked array's mask would be ignored: a wrong answer.
    masked = np.ma.masked_array(np.ones((2, 2)), mask=[[True, False], [False, False]])
    for refused in (np.matrix(np.ones((2, 2))), masked):
        with pytest.raises(TypeError, match="operations differ from a plain array"):
            first_element_doubled(refused)
        with pytest.raises(TypeError):
            hasten.typeof(refused)
    m = np.memmap(tmp_path / "m.dat", dtype=np.float64, mode="w+", shape=(2, 2))
    m[:] = 3.0
    assert first_element_doubled(m) == 6.0


def test_inspection_before_the_first_call_says_why_it_is_empty():
    @hasten.njit
    def not_called_yet(x):
        return x + 1

    assert "call the function first" in not_called_yet.explain()
    with pytest.warns(UserWarning, match="call the function first"):
        assert not_called_yet.inspect_ir() == {}
    with pytest.warns(UserWarning, match="call the function first"):
        assert not_called_yet.inspect_asm() == {}
    not_called_yet(1)
    assert "call the function first" not in not_called_yet.explain()


def test_a_source_file_changed_after_import_is_refused(tmp_path):
    # hasten compiles a function's source; a file rewritten after the import holds another function
    # at its line, which must not be compiled in its place (it would run other code than Python's)
    (tmp_path / "edited.py").write_text("from hasten import njit\n\n@njit\ndef f(x):\n    return x + 1\n")
    (tmp_path / "first.py").write_text("from hasten import njit\n\n@njit\ndef f(x):\n    return x + 1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        import edited
        import first

        assert first.f(1) == 2  # read (and kept by linecache) before the edit below
        rewritten = "from hasten import njit\n\n\n@njit\ndef other(y):\n    return y * 100\n\n@njit\ndef f(x):\n    return x + 1\n"
        (tmp_path / "edited.py").write_text(rewritten)
        (tmp_path / "first.py").write_text(rewritten)
        with pytest.raises(hasten.UnsupportedError, match="changed after it was imported: line 3 .* now defines other\\(y\\)"):
            edited.f(1)
        assert first.f(2) == 3
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("edited", None)
        sys.modules.pop("first", None)
