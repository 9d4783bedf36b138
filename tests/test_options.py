"""numba's decorator options with numba's meaning: fastmath flag sets, locals=, explicit
signatures (strings, lists, type objects), inline='always', no_cpython_wrapper, debug, nogil,
boundscheck, error_model; and the refusals that say what to do. Differential against CPython."""

import linecache
import math

import numpy as np
import pytest
from conftest import assert_same, check
from hypothesis import given
from hypothesis import strategies as st

import hasten
from hasten import float32, float64, int32, int64, njit


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


# ---- fastmath flag sets -------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [{"reassoc"}, {"fast"}, {"reassoc", "nsz", "arcp"}, ["reassoc", "contract"]])
def test_fastmath_flags_with_reassoc_reassociate_like_fastmath_true(flags):
    f, t = njit(fastmath=flags)(dot), njit(fastmath=True)(dot)
    a = np.random.default_rng(1).random(1001)
    assert f(a, a) == t(a, a)  # the same lanes, bit for bit
    assert "`s` summed in 2 partial sums" in f.explain()
    ints = np.arange(-20.0, 21.0)
    check(f, ints, ints)  # integer-valued sums are exact in any order


@pytest.mark.parametrize("flags", [set(), {"nsz"}, {"arcp", "contract", "afn"}, {"nnan", "ninf", "nsz", "arcp", "contract", "afn"}])
def test_fastmath_flags_without_reassoc_change_nothing(flags):
    f = njit(fastmath=flags)(dot)
    a = np.random.default_rng(2).random(1001)
    check(f, a, a)  # bit for bit CPython's order
    assert "is a sum, which runs in lanes only with fastmath=True" in f.explain()


def test_unknown_fastmath_flags_are_refused():
    with pytest.raises(ValueError, match="Unrecognized fastmath flags: \\['fastest'\\]"):
        njit(fastmath={"fastest", "nsz"})


# ---- locals= ------------------------------------------------------------------------------------

def count_up(n):
    x = 0
    for i in range(n):
        x += i
    return x


@given(st.integers(0, 50))
def test_locals_declares_a_float(n):
    f = njit(locals={"x": float64})(count_up)
    check(f, n, reference=lambda n: float(count_up(n)))


def test_locals_declares_a_numpy_scalar_type():
    f = njit(locals={"x": float32})(count_up)
    assert_same(f(5), np.float32(10.0))
    g = njit(locals={"x": int32})(count_up)
    assert_same(g(5), np.int32(10))


def test_locals_with_numba_type_objects():
    numba = pytest.importorskip("numba")
    f = njit(locals={"x": numba.float64})(count_up)
    assert_same(f(4), 6.0)


def assign_array(n):
    x = 0.0
    x = np.zeros(n)
    return x


def test_a_value_that_does_not_fit_the_declaration_is_a_typing_error():
    f = njit(locals={"x": float64})(assign_array)
    with pytest.raises(hasten.TypingError, match="declared float in locals="):
        f(3)


def test_locals_must_name_local_variables():
    with pytest.raises(hasten.UnsupportedError, match="declares the parameter 'n'"):
        njit(locals={"n": float64})(count_up)
    with pytest.raises(ValueError, match="'z', which is not a local variable of count_up"):
        njit(locals={"z": float64})(count_up)


def test_locals_of_an_array_type():
    def g(n):
        y = np.zeros(n)
        y[0] = 1.5
        return y

    f = njit(locals={"y": float64[::1]})(g)
    check(f, 3)


# ---- explicit signatures -----------------------------------------------------------------------

def total(a):
    s = a[0] * 0
    for x in a:
        s += x
    return s


@pytest.mark.parametrize(
    "sig",
    ["float64(float64[:])", "f8(f8[:])", float64(float64[:]), ["f8(f8[:])", "i8(i8[:])"], [float64(float64[:]), int64(int64[:])], (float64[:],)],
)
def test_signatures_compile_at_decoration(sig):
    f = njit(sig)(total)
    assert "(array(float64, 1d, A),)" in f.signatures  # before any call
    # A declared float64 result is a Python float; without a return type, the inferred np.float64.
    ref = total if isinstance(sig, tuple) else (lambda a: float(total(a)))
    a = np.arange(5.0)
    check(f, a, reference=ref)
    check(f, a[::2], reference=ref)  # a strided array converts to layout A
    check(f, np.asfortranarray(np.arange(3.0)), reference=ref)


def test_a_call_matching_no_signature_is_a_type_error():
    f = njit("f8(f8[:])")(total)
    with pytest.raises(TypeError, match="No matching definition for argument type\\(s\\) \\(array\\(int64, 1d, C\\),\\)"):
        f(np.arange(3))
    with pytest.raises(TypeError, match="No matching definition"):
        f(np.zeros((2, 2)))
    assert f.signatures == ["(array(float64, 1d, A),)"]  # nothing new was compiled


def test_the_list_form_chooses_by_argument_types():
    f = njit(["f8(f8[:])", "i8(i8[:])"])(total)
    assert_same(f(np.arange(4.0)), 6.0)
    assert_same(f(np.arange(4)), 6)


def twice(n):
    return n * 2


def test_scalar_arguments_and_results_convert_to_the_signature():
    f = njit("f8(i8)")(twice)
    assert_same(f(3), 6.0)
    assert_same(f(True), 2.0)  # bool converts to int64
    assert_same(f(np.int32(4)), 8.0)
    assert_same(f(1.5), 2.0)  # a float converts to int64 as numba converts it: truncated, as int() does
    with pytest.raises(ValueError):
        f(math.nan)
    with pytest.raises(OverflowError):
        f(1e300)
    with pytest.raises(TypeError, match="No matching definition"):
        f("3")
    g = njit(float64(float64))(twice)
    assert_same(g(3), 6.0)  # int converts to float64


def inc(n):
    return n + 1


def test_numbers_convert_to_narrower_numpy_scalars_of_a_signature():
    f = njit("int32(int32)")(inc)
    assert_same(f(5), np.int32(6))
    assert_same(f(np.int64(7)), np.int32(8))
    assert_same(f(2.7), np.int32(3))
    assert_same(f(True), np.int32(2))
    # numba wraps an int out of range; hasten raises NumPy's OverflowError instead of a wrong answer
    with pytest.raises(OverflowError, match="out of bounds for int32"):
        f(2**40)
    assert_same(njit("float32(float32)")(inc)(0.1), np.float32(0.1) + np.float32(1))
    assert_same(njit("complex128(complex128)")(inc)(3), 4 + 0j)


def test_the_cheapest_conversion_wins_as_in_numba():
    f = njit(["float64(float64)", "int32(int32)"])(inc)
    assert_same(f(3), 4.0)  # int64 to float64 is safe, to int32 unsafe
    assert_same(f(np.int16(3)), np.int32(4))  # a promotion beats int to float
    assert_same(f(np.int32(3)), np.int32(4))


def test_a_signature_that_does_not_type_fails_at_decoration():
    def bad(a):
        return a.nosuchmethod()

    with pytest.raises(hasten.HastenError):
        njit("f8(f8[:])")(bad)


@pytest.mark.parametrize("sig", ["f8(", "f8(complex128)", "floaty(f8)", "f8(f8[1:])", 3])
def test_malformed_signatures_are_type_errors(sig):
    with pytest.raises(TypeError):
        njit(sig)(twice)


def test_a_signature_with_the_wrong_arity_is_a_type_error():
    with pytest.raises(TypeError, match="takes 1 parameters"):
        njit("f8(f8, f8)")(twice)


def test_an_unconvertible_return_type_is_a_type_error():
    with pytest.raises(TypeError, match="cannot be converted"):
        njit("f8[:](f8)")(twice)


def test_void_signature_returns_none():
    def fill(a):
        a[:] = 1.0

    f = njit("void(f8[:])")(fill)
    a = np.zeros(3)
    assert f(a) is None and a.tolist() == [1.0, 1.0, 1.0]


# ---- inline, no_cpython_wrapper, debug, nogil, boundscheck, error_model --------------------------

def big(x):
    y = x
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    y = y * 2 + 1
    return y


big_called = njit(big)
big_inlined = njit(inline="always")(big)


@njit
def calls_big(x):
    return big_called(x) - 1


@njit
def calls_big_inlined(x):
    return big_inlined(x) - 1


def _calls_a_jitted_function(f):
    """Whether the root's Cranelift IR calls another compiled function (`big`, defined first)."""
    (text,) = f.inspect_ir().values()
    root = text.split("\n; ")[0]
    return "= call fn0(" in root


@given(st.integers(-1000, 1000))
def test_inline_always_inlines_and_keeps_results(x):
    assert calls_big(x) == calls_big_inlined(x) == big(x) - 1


def test_inline_always_removes_the_call():
    calls_big(1), calls_big_inlined(1)
    assert _calls_a_jitted_function(calls_big)
    assert not _calls_a_jitted_function(calls_big_inlined)


@pytest.mark.parametrize("kws", [dict(no_cpython_wrapper=True), dict(debug=True), dict(nogil=True), dict(boundscheck=True), dict(no_rewrites=True)])
def test_accepted_options_keep_results(kws):
    f = njit(**kws)(dot)
    a = np.random.default_rng(3).random(17)
    check(f, a, a)
    check(f, a, a[:3])  # IndexError as CPython raises it


def div(a, b):
    return a / b


def test_error_model():
    check(njit(error_model="python")(div), 1.0, 0.0)  # ZeroDivisionError
    with np.errstate(divide="ignore"):
        assert_same(njit(error_model="numpy")(div)(1.0, 0.0), float("inf"))


# ---- helpful refusals ---------------------------------------------------------------------------

def plain_helper(x):
    return x + 1


def test_a_plain_python_callee_is_a_typing_error_that_says_to_decorate_it():
    @njit
    def caller(x):
        return plain_helper(x)

    with pytest.raises(hasten.TypingError) as e:
        caller(1)
    assert "plain_helper" in str(e.value) and "@njit" in str(e.value)


def test_a_function_without_source_says_so():
    ns = {}
    exec(compile("def f(x):\n    return x\n", "<stdin>", "exec"), ns)
    with pytest.raises(hasten.UnsupportedError, match="the source of f\\(\\) is unavailable"):
        njit(ns["f"])(1)


def test_a_notebook_cell_compiles():
    src = "def cell(x):\n    return x * 2 + 1\n"
    filename = "<ipython-input-3-0123456789ab>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = {}
    exec(compile(src, filename, "exec"), ns)
    f = njit(ns["cell"])
    check(f, 20)
