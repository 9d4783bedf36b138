"""`hasten.extending.overload`: implementations of Python and NumPy functions for compiled code,
chosen by typing functions called with `hasten.types` objects. Each compiled caller is compared
with the same function run by CPython, where the overloaded function is the plain Python one."""

import math

import numpy as np
import pytest

import hasten
from hasten import njit, prange, types
from hasten.extending import overload
from conftest import check

# --- a plain Python function with two overloads, chosen by type --------------------------------


def xlogy(x, y):
    if x == 0:
        return 0.0
    return x * math.log(y)


@overload(xlogy)
def _xlogy_float(x, y):
    if isinstance(x, types.Float) and isinstance(y, types.Float):
        return lambda x, y: 0.0 if x == 0 else x * math.log(y)
    return None


@overload(xlogy)
def _xlogy_int(x, y):
    if isinstance(x, types.Integer) and isinstance(y, types.Integer):
        def impl(x, y):
            if x == 0:
                return 0.0
            if y <= 0:
                raise ValueError("math domain error")
            return x * math.log(y)

        return impl


@njit
def use_xlogy(x, y):
    return xlogy(x, y) + 1.0


@njit
def use_xlogy_loop(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += xlogy(a[i], b[i])
    return s


@njit
def use_xlogy_mixed(x, y):
    return xlogy(x, y)


def test_chosen_by_argument_types():
    for x, y in [(2.0, 3.0), (0.0, 0.0), (1.5, np.inf), (-0.0, 5.0)]:
        check(use_xlogy, x, y)
    for x, y in [(2, 3), (0, 0), (3, 1)]:
        check(use_xlogy, x, y)
    check(use_xlogy, 2, -1)  # the integer implementation raises CPython's ValueError
    check(use_xlogy_loop, np.array([0.0, 1.0, 2.5]), np.array([0.0, 2.0, 4.0]))


def test_no_applicable_overload_names_function_and_types():
    with pytest.raises(hasten.TypingError) as e:
        use_xlogy_mixed(1, 2.0)
    msg = str(e.value)
    assert "xlogy" in msg and "int64" in msg and "float64" in msg, msg
    assert "2 overload(s)" in msg, msg


# --- type objects the typing functions receive ---------------------------------------------------

seen = []


def describe(x):
    return 0


@overload(describe)
def _describe(x):
    seen.append(x)
    return lambda x: 1


@njit
def use_describe(x):
    return describe(x)


@pytest.mark.parametrize(
    "value, cls, attrs",
    [
        (1.5, types.Float, {"bitwidth": 64}),
        (3, types.Integer, {"bitwidth": 64, "signed": True}),
        (np.uint8(3), types.Integer, {"bitwidth": 8, "signed": False}),
        (np.float32(1), types.Float, {"bitwidth": 32}),
        (True, types.Boolean, {}),
        (1 + 2j, types.Complex, {"bitwidth": 128}),
        ("abc", types.UnicodeType, {}),
        ((1, 2), types.UniTuple, {"count": 2, "dtype": types.int64}),
        ((1, 2.0), types.Tuple, {"types": (types.int64, types.float64)}),
        (np.zeros((2, 3)), types.Array, {"ndim": 2, "layout": "C", "dtype": types.float64, "mutable": True}),
        (np.zeros((2, 3), dtype=np.int32)[:, ::2], types.Array, {"ndim": 2, "layout": "A", "dtype": types.int32}),
        (np.zeros((3, 2)).T, types.Array, {"ndim": 2, "layout": "F"}),
    ],
)
def test_type_objects(value, cls, attrs):
    seen.clear()
    assert use_describe(value) == 1
    (t,) = seen
    assert isinstance(t, cls), (t, cls)
    for name, expected in attrs.items():
        assert getattr(t, name) == expected, (name, getattr(t, name))
    number = isinstance(value, (int, float, complex, np.number)) and not isinstance(value, bool)
    assert isinstance(t, types.Number) == number


def test_scalar_type_objects_are_numba_s_singletons():
    recorded = []

    def ident(x):
        return x

    @overload(ident)
    def _ident(x):
        recorded.append(x)
        return lambda x: x

    @njit
    def use_ident(x):
        return ident(x)

    check(use_ident, 2.5)
    check(use_ident, np.float64(2.5))
    assert recorded[0] is types.float64 and recorded[1] is types.float64
    assert types.float64[:, ::1] == types.Array(types.float64, 2, "C")
    assert types.Tuple([types.int64, types.int64]) == types.UniTuple(types.int64, 2)
    assert isinstance(types.Tuple([types.int64, types.int64]), types.UniTuple)


# --- defaults, keywords, closures over typing-time values ------------------------------------------


def scaled(x, scale=None):
    return x * (2.0 if scale is None else scale)


@overload(scaled)
def _scaled(x, scale=None):
    if not isinstance(x, (types.Float, types.Integer, types.Array)):
        return None
    if scale is None or isinstance(scale, (types.Omitted, types.NoneType)):
        factor = 2.0  # decided at typing time and captured by the implementation

        def impl(x, scale=None):
            return x * factor

        return impl
    return lambda x, scale=None: x * scale


@njit
def use_scaled(x):
    return scaled(x), scaled(x, 3.0), scaled(x, scale=0.5), scaled(x, None)


def test_defaults_keywords_and_omitted():
    check(use_scaled, 1.5)
    check(use_scaled, 4)
    got = use_scaled(np.arange(3.0))
    for g, e in zip(got, use_scaled.py_func(np.arange(3.0))):
        np.testing.assert_array_equal(g, e)


def test_typing_function_sees_omitted_default():
    recorded = []

    def g(x, k=7):
        return x + k

    @overload(g)
    def _g(x, k=7):
        recorded.append(k)
        return lambda x, k=7: x + k

    @njit
    def use_g(x):
        return g(x)

    assert use_g(1) == 8
    assert isinstance(recorded[0], types.Omitted) and recorded[0].value == 7


# --- NumPy and SciPy functions --------------------------------------------------------------------

# Overloads of NumPy's functions are registered in fresh interpreters: registrations are
# process-wide, and the rest of the suite expects NumPy's functions as hasten compiles them.
NUMPY_OVERLOADS = r"""
import json, linecache, numpy as np, hasten
from hasten import njit, types
from hasten.extending import overload

def jit_text(text, **extra):
    filename = "<overload-test-%d>" % abs(hash(text))
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    ns = {"np": np, **extra}
    exec(compile(text, filename, "exec"), ns)
    return njit(ns["f"])

out = {}
calls = []

@overload(np.sum)
def _np_sum(a):
    calls.append(a)
    return lambda a: -1.0

out["sum"] = jit_text("def f(a):\n    return np.sum(a)\n")(np.arange(5.0))
out["sum_typing_calls"] = len(calls)

lacking = None
for name in ("sinc", "i0", "nan_to_num", "real_if_close", "fix", "spacing"):
    if getattr(np, name, None) is None:
        continue
    try:
        jit_text("def f(x):\n    return np.%s(x)\n" % name)(1.0)
    except (hasten.UnsupportedError, hasten.TypingError):
        lacking = name
        break
out["lacking"] = lacking
if lacking is not None:
    func = getattr(np, lacking)

    @overload(func)
    def _impl(x):
        if isinstance(x, types.Float):
            return lambda x: 42.0 + x

    out["by_attr"] = jit_text("def f(x):\n    return np.%s(x)\n" % lacking)(1.0)
    out["by_name"] = jit_text("def f(x):\n    return g(x)\n", g=func)(2.0)
    try:
        jit_text("def f(x):\n    return np.%s(x)\n" % lacking)(1)
    except hasten.TypingError as e:
        out["int_error"] = str(e)
print(json.dumps(out))
"""


def _run_fresh(tmp_path, code):
    """Runs `code` as a script file (hasten compiles from source) in a fresh interpreter."""
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "script.py"
    script.write_text(code)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_numpy_functions_hasten_has_win_and_others_take_overloads(tmp_path):
    out = _run_fresh(tmp_path, NUMPY_OVERLOADS)
    assert out["sum"] == 10.0 and out["sum_typing_calls"] == 0
    if out["lacking"] is None:
        pytest.skip("hasten compiles every candidate NumPy function")
    assert out["by_attr"] == 43.0 and out["by_name"] == 44.0
    assert out["lacking"] in out["int_error"] and "int64" in out["int_error"]


def test_scipy_ufunc_through_module_attribute_and_name():
    special = pytest.importorskip("scipy.special")
    from scipy.special import xlogy as sc_xlogy

    @overload(sc_xlogy)
    def _sc_xlogy(x, y):
        if isinstance(x, types.Float) and isinstance(y, types.Float):
            def impl(x, y):
                if x == 0 and not np.isnan(y):
                    return 0.0
                return x * np.log(y)

            return impl

    global sc
    sc = special

    @njit
    def by_attr(x, y):
        return sc.xlogy(x, y)

    @njit
    def by_name(x, y):
        return sc_xlogy(x, y)

    for x, y in [(0.0, 0.0), (2.0, 3.0), (0.0, np.nan), (np.nan, 1.0), (3.0, np.inf), (-1.0, 0.5)]:
        expected = special.xlogy(x, y)  # np.float64, as the implementation's np.log gives
        for f in (by_attr, by_name):
            got = f(x, y)
            assert type(got) is type(expected)
            assert (math.isnan(got) and math.isnan(expected)) or got == expected, (f, x, y, got, expected)


# --- errors, recursion, options -----------------------------------------------------------------


def broken(x):
    return x


@overload(broken)
def _broken(x):
    raise RuntimeError("typing bug")


@njit
def use_broken(x):
    return broken(x)


def returns_junk(x):
    return x


@overload(returns_junk)
def _junk(x):
    return 3


@njit
def use_junk(x):
    return returns_junk(x)


def test_typing_function_errors_are_typing_errors():
    with pytest.raises(hasten.TypingError, match="raised RuntimeError: typing bug"):
        use_broken(1.0)
    with pytest.raises(hasten.TypingError, match="not a function"):
        use_junk(1.0)


def total(t):
    return sum(total(x) for x in t) if isinstance(t, tuple) else t


@overload(total)
def _total(t):
    if isinstance(t, types.BaseTuple):
        if len(t) == 0:
            return lambda t: 0
        if len(t) == 1:
            return lambda t: total(t[0])
        if len(t) == 2:
            return lambda t: total(t[0]) + total(t[1])
        return lambda t: total(t[0]) + total(t[1]) + total(t[2])
    if isinstance(t, types.Number):
        return lambda t: t


@njit
def use_total(t):
    return total(t)


def test_recursive_overload_over_tuples():
    check(use_total, (1, 2.5, (3, 4)))
    check(use_total, ())


def test_overload_in_parallel_loop_and_tier2():
    @njit(parallel=True)
    def par(a, b):
        out = np.empty_like(a)
        for i in prange(a.shape[0]):
            out[i] = xlogy(a[i], b[i])
        return out

    a, b = np.array([0.0, 1.0, 2.0, 3.0]), np.array([0.0, 2.0, 3.0, 0.5])
    np.testing.assert_array_equal(par(a, b), [xlogy(x, y) for x, y in zip(a, b)])

    @njit(tier=2)
    def t2(a, b):
        s = 0.0
        for i in range(a.shape[0]):
            s += xlogy(a[i], b[i])
        return s

    assert t2(a, b) == use_xlogy_loop.py_func(a, b)


def test_overload_options_are_checked():
    with pytest.raises(TypeError):
        overload(xlogy, target="cuda")
    with pytest.raises(TypeError):
        overload(3)


# --- cache=True ----------------------------------------------------------------------------------

CACHED_MODULE = '''
import math
import numpy as np
from hasten import njit, types
from hasten.extending import overload

def softplus(x):
    return math.log1p(math.exp(x))

@overload(softplus)
def _softplus(x):
    if isinstance(x, types.Float):
        return lambda x: {body}

@njit(cache=True)
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += softplus(a[i])
    return s
'''

CACHED_RUNNER = """
import json, numpy as np, hasten, mod
value = mod.total(np.linspace(-3.0, 3.0, 7))
print(json.dumps({"value": value, "stats": hasten.cache_stats()}))
"""


def _run_cached(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, HASTEN_CACHE_DIR=str(tmp_path / "cache"))
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/python"])
    out = subprocess.run([sys.executable, "-c", CACHED_RUNNER], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cached_callers_of_overloads_hit_and_invalidate(tmp_path):
    (tmp_path / "mod.py").write_text(CACHED_MODULE.format(body="np.log1p(np.exp(x))"))
    a = np.linspace(-3.0, 3.0, 7)
    first = _run_cached(tmp_path)
    assert first["stats"]["hits"] == 0 and first["stats"]["stored"] == 1
    assert first["value"] == sum(math.log1p(math.exp(x)) for x in a)
    second = _run_cached(tmp_path)
    assert second["stats"]["hits"] == 1 and second["value"] == first["value"]
    # A changed implementation is compiled anew, never loaded from the old entry.
    (tmp_path / "mod.py").write_text(CACHED_MODULE.format(body="2.0 * x"))
    third = _run_cached(tmp_path)
    assert third["stats"]["hits"] == 0 and third["value"] == 0.0


# --- overload_method -----------------------------------------------------------------------------

from hasten.extending import overload_method  # noqa: E402


@overload_method(types.Array, "span_of")
def _array_span(a, scale=1.0):
    if isinstance(a.dtype, (types.Float, types.Integer)) and a.ndim == 1:
        def impl(a, scale=1.0):
            return (a.max() - a.min()) * scale

        return impl


@overload_method(types.Array, "sum")
def _array_sum_never_used(a):
    return lambda a: -1


@njit
def use_span(a):
    return a.span_of(), a.span_of(2.0), a.span_of(scale=0.5)


@njit
def use_sum_method(a):
    return a.sum()


@njit
def use_span_2d(a):
    return a.span_of()


def span_reference(a):
    s = a.max() - a.min()
    return s * 1.0, s * 2.0, s * 0.5


def test_overload_method_on_arrays():
    for a in (np.array([3.0, -1.5, 2.0]), np.arange(5), np.array([1.0, np.nan])):
        got = use_span(a)
        expected = span_reference(a)
        for g, e in zip(got, expected):
            assert (math.isnan(g) and math.isnan(e)) or (g == e and type(g) is type(e)), (a, got, expected)
    # hasten's own methods win over overloads of the same name.
    assert use_sum_method(np.arange(4)) == 6
    with pytest.raises(hasten.TypingError, match="span_of"):
        use_span_2d(np.zeros((2, 2)))


def test_overload_method_checks_its_arguments():
    with pytest.raises(TypeError):
        overload_method(np.ndarray, "f")
    with pytest.raises(TypeError):
        overload_method(types.Array, "not a name")


# --- values and callers of every kind --------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from conftest import floats  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(floats, st.one_of(st.floats(min_value=0.0), st.just(math.nan)))
def test_hypothesis_float_values(x, y):
    check(use_xlogy, x, y)


@njit
def from_inner_function(a):
    def step(v):
        return xlogy(v, v + 1.0)

    g = lambda v: step(v) * 2.0  # noqa: E731
    s = 0.0
    for v in a:
        s += g(v)
    return s


def test_called_from_inner_functions():
    check(from_inner_function, np.array([0.0, 0.5, 3.0, -0.0]))
    check(from_inner_function, np.array([np.inf, 1e-300]))
