"""Run one generated program under CPython and hasten on edge inputs and compare.

The reference is `f.py_func` (its source with each int result checked against 2**256, so that a
loop of `n = n ** 3` stops) with CPython's semantics, plus one documented allowance: hasten's ints
are 64-bit and raise OverflowError where CPython would grow the int. A second copy of the program
(`checked_source`) checks every int result against int64; where that copy raises OverflowError,
hasten may raise OverflowError too.
"""

import ast

import linecache
import math
import random
import sys
import warnings

import numpy as np

from hasten import TypingError, UnsupportedError, njit
from hasten import _core

from ..conftest import assert_same, copy_arg

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
EDGE_INTS = [0, 1, -1, 2, 3, -7, 2**62, -(2**62), 2**62 - 1, 100]
EDGE_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 1.5, 3.0, math.nan, math.inf, -math.inf, 5e-324, 1e308, -1e-300, 2.0**62]


def _chk(v):
    if type(v) is int and not INT64_MIN <= v <= INT64_MAX:
        raise OverflowError("__fuzz_int64__")
    return v


def _chk_sum(items, start=0):
    """`sum` whose every partial sum is checked: hasten adds left to right in 64 bits, so an
    intermediate sum that leaves int64 raises even where the total fits."""
    acc = start
    for x in items:
        acc = _chk(acc + x)
    return acc


class TooBig(Exception):
    """An int of CPython's reference run passed 2**256: repeated `n ** 3` in a loop would take
    CPython forever, and such an int has long left int64."""


def _big(v):
    if type(v) is int and not -(2**256) <= v <= 2**256:
        raise TooBig()
    return v


class _Checked(ast.NodeTransformer):
    """Wraps every operator and call in `__chk(...)`, and re-checks names after `x op= e`."""

    def _wrap(self, node):
        self.generic_visit(node)
        return ast.Call(ast.Name("__chk", ast.Load()), [node], [])

    visit_BinOp = visit_UnaryOp = visit_Call = _wrap

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if not isinstance(node.target, ast.Name):
            return node
        name = node.target.id
        recheck = ast.Assign([ast.Name(name, ast.Store())], ast.Call(ast.Name("__chk", ast.Load()), [ast.Name(name, ast.Load())], []))
        return [node, recheck]


def checked_source(src):
    """`src` with every int result checked by `__chk` (int64 in the checked copy, 2**256 in the
    reference)."""
    return ast.unparse(ast.fix_missing_locations(_Checked().visit(ast.parse(src))))


def _unfilled_empty(src):
    """Whether some `X = np.empty(...)` is not followed at once by `X[:] = ...` (a shrinking step
    can drop the fill; the elements are then garbage, different in each run), or lies inside a
    `try` (the fill may raise and be caught, leaving the garbage to be returned)."""
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any("np.empty(" in ast.unparse(st) for st in node.body):
            return True
    bodies = [b for node in ast.walk(tree) for b in (getattr(node, "body", None), getattr(node, "orelse", None))]
    for body in bodies:
        for i, st in enumerate(body if isinstance(body, list) else []):
            if isinstance(st, ast.Assign) and "np.empty(" in ast.unparse(st.value):
                nxt = body[i + 1] if i + 1 < len(body) else None
                target = ast.unparse(st.targets[0])
                if not (isinstance(nxt, ast.Assign) and ast.unparse(nxt.targets[0]) == f"{target}[:]"):
                    return True
                if any(isinstance(x, ast.Name) and x.id == target for x in ast.walk(nxt.value)):
                    return True  # the fill reads the garbage
    return False


def _load(src, filename, jit):
    """The entry of the module `src` (hasten reads the source through linecache): `f`, and where
    there is a generator `gen`, the values of `gen` called from Python after f's result."""
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = {"__chk": _chk if "-chk" in filename else _big}
    if "-chk" in filename:
        ns["sum"] = _chk_sum
    exec(compile(src, filename, "exec"), ns)
    if jit:
        ns["g"] = njit(ns["g"])  # f's global `g` is the jitted helper when f is compiled
        if "gen" in ns:
            ns["gen"] = njit(ns["gen"])  # and `gen` the jitted generator, inlined into f's loops
        ns["f"] = njit(ns["f"])
    f, gen = ns["f"], ns.get("gen")
    if gen is None:
        return f
    # Called from Python, the jitted `gen` is a generator object over its compiled driver.
    return lambda *args: (f(*args), list(gen(*args)))


# -------------------------------------------------------------------- inputs
def _value(r, dt):
    if dt == "f":
        return r.choice(EDGE_FLOATS) if r.random() < 0.3 else r.choice([0.25, -1.5, 2.0, 3.5, -0.75, 7.0, 1.0])
    return r.choice(EDGE_INTS) if r.random() < 0.2 else r.randint(-9, 9)


def _arr1(r, n, dt):
    """A 1-D array of length n: contiguous, a reversed view or a strided view."""
    data = np.array([_value(r, dt) for _ in range(2 * n)], dtype=np.float64 if dt == "f" else np.int64)
    form = r.randrange(4)
    if form == 0:
        return data[::-1][:n]
    if form == 1:
        return data[::2]
    return data[:n].copy()


def _mat(r, rows, n):
    """A 2-D float array of shape (rows, n): C, Fortran, transposed or column-reversed."""
    data = np.array([[_value(r, "f") for _ in range(n)] for _ in range(rows)], dtype=np.float64).reshape(rows, n)
    form = r.randrange(5)
    if form == 0:
        return np.asfortranarray(data)
    if form == 1:
        return data.T.copy().T
    if form == 2:
        return data[:, ::-1].copy()[:, ::-1]
    return data


def inputs(seed, count=6):
    """Argument tuples (a, b, m, v, n, x) for `f`: edge scalars, lengths 0..5 and some up to 130, assorted layouts."""
    r = random.Random(seed)
    out = []
    for i in range(count):
        # mostly short; sometimes long enough for NumPy's pairwise sums to split (9 and more)
        n_len = [0, 1, 3, 5, 2, 4][i % 6] if r.random() < 0.7 else r.choice([6, 9, 17, 40, 130])
        rows = r.choice([0, 1, 2, 3, 3])
        n = r.choice(EDGE_INTS) if r.random() < 0.5 else r.randint(-4, 6)
        x = r.choice(EDGE_FLOATS) if r.random() < 0.5 else r.choice([0.5, -1.25, 2.0, 3.0])
        out.append((_arr1(r, n_len, "f"), _arr1(r, n_len, "f"), _mat(r, rows, n_len), _arr1(r, n_len, "i"), n, x))
    return out


# -------------------------------------------------------------------- comparison
def _call(f, args, types=None):
    """(result, exception, argument copies); `types` collects (function, local) -> types seen."""
    args = tuple(copy_arg(a) for a in args)

    def tracer(frame, event, arg):
        # Comprehensions and generators run in frames of their own (`<genexpr>`, `<listcomp>`), one
        # name for all of a function's: their locals are the generator's, typed per generator.
        if frame.f_code.co_filename.startswith("<fuzz-") and not frame.f_code.co_name.startswith("<"):
            for k, val in frame.f_locals.items():
                types.setdefault((frame.f_code.co_name, k), set()).add(
                    (type(val), getattr(val, "dtype", None), getattr(val, "ndim", None)))
            return tracer
        return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if types is not None:
            sys.settrace(tracer)
        try:
            return f(*args), None, args
        except Exception as e:  # noqa: BLE001
            return None, e, args
        finally:
            sys.settrace(None)


def _same_exception(h, p):
    # NumPy raises private subclasses (UFuncTypeError < TypeError); the builtin base is CPython's type
    return type(h) is type(p) or (type(h) is not Exception and isinstance(p, type(h)) and type(h).__module__ == "builtins")


def _disagreement(got, hexc, hargs, expected, pexc, pargs):
    """None if hasten's outcome equals CPython's, else (kind, detail)."""
    if pexc is not None:
        if hexc is None:
            return "missing-exception", f"CPython raised {type(pexc).__name__}({pexc}) but hasten returned {got!r}"
        if not _same_exception(hexc, pexc):
            return f"exception:{type(hexc).__name__}!={type(pexc).__name__}", f"hasten {type(hexc).__name__}({hexc}) vs CPython {type(pexc).__name__}({pexc})"
        return None
    if hexc is not None:
        return f"raised:{type(hexc).__name__}", f"hasten raised {type(hexc).__name__}({hexc}) but CPython returned {expected!r}"
    try:
        assert_same(got, expected)
        for i, (h, p) in enumerate(zip(hargs, pargs)):
            if isinstance(p, np.ndarray):
                assert_same(h, p, f"argument {i} after the call")
    except AssertionError as e:
        msg = str(e)
        return ("mutation" if msg.startswith("argument") else "value:" + msg.split(":")[1].split()[0]), msg
    return None


def run_program(src, input_seed, only=None, tag="p", phase=lambda name: None):
    """Outcome of one program: ("ok"|"skip"|"fail", kind, detail, input index). `phase("ref")` and
    `phase("jit")` announce the CPython reference runs (traced, which may take far longer than the
    program does) and hasten's, so that the driver times only hasten's for its hang limit."""
    try:
        py_f = _load(checked_source(src), f"<fuzz-{tag}-py>", False)
        chk_f = _load(checked_source(src), f"<fuzz-{tag}-chk>", False)
        jit_f = _load(src, f"<fuzz-{tag}-jit>", True)
    except SyntaxError as e:
        return ("fail", "generator", f"generated source does not parse: {e}", None)
    if _unfilled_empty(src):
        return ("skip", "unfilled", "np.empty without its fill", None)
    skipped = None
    for i, args in enumerate(inputs(input_seed)):
        if only is not None and i != only:
            continue
        types = {}
        phase("ref")
        expected, pexc, pargs = _call(py_f, args, types)
        # `each…` is the target of a loop over a tuple of mixed item types (named.py), which
        # compiled code copies per item, each copy with its own local.
        unstable = sorted(k for k, ts in types.items() if len(ts) > 1 and not k[1].startswith("each"))
        if unstable:  # hasten gives a local one type; CPython's run did not (a shrinking step, or a generator bug)
            skipped = ("skip", "unstable", f"locals of changing type: {unstable}", i)
            continue
        before = _core.alloc_stats()
        phase("jit")
        got, hexc, hargs = _call(jit_f, args)
        phase("ref")
        if isinstance(pexc, TooBig):
            if not isinstance(hexc, OverflowError):
                skipped = ("skip", "toobig", "CPython's ints grew past 2**256", i)
            continue
        if isinstance(hexc, (UnsupportedError, TypingError)):
            skipped = ("skip", type(hexc).__name__, str(hexc).splitlines()[0], i)
            continue
        if type(hexc) is NotImplementedError and "not supported in compiled code" in str(hexc) and pexc is None:
            # A documented refusal at run time (a NaN where CPython's answer rests on object identity).
            skipped = ("skip", "NotImplementedError", str(hexc).splitlines()[0], i)
            continue
        bad = _disagreement(got, hexc, hargs, expected, pexc, pargs)
        if bad and isinstance(hexc, OverflowError):
            _, cexc, _ = _call(chk_f, args)
            if isinstance(cexc, OverflowError):
                bad = None  # an int left int64 on the way: hasten's OverflowError is its documented rule
        elif bad:
            # An OverflowError a `finally` replaced or ended (by another exception or a return)
            # changes what follows it: hasten must then agree with CPython under its int64 rule.
            chk, cexc, cargs = _call(chk_f, args)
            if not isinstance(cexc, OverflowError) and _disagreement(got, hexc, hargs, chk, cexc, cargs) is None:
                bad = None
        del got, hargs, hexc

        after = _core.alloc_stats()
        if not bad and (after["leaked"], after["miscounted"]) != (before["leaked"], before["miscounted"]):
            bad = ("leak", f"reference counts: before {before}, after {after}")
        if bad:
            return ("fail", bad[0], bad[1], i)
    return skipped or ("ok", None, None, None)
