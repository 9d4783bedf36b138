"""`@vectorize`: a scalar kernel compiled by hasten, driven over broadcast operands by compiled loops.

The object behaves as a NumPy ufunc from Python: NumPy's broadcasting, `out=`, the loop chosen from
the signature list by NumPy's rule (the first whose inputs the operands cast to safely, Python
scalars weakly as NEP 50 has it), scalars for scalar operands, and `.reduce`/`.accumulate` for
two-input kernels. Without signatures it compiles one loop per tuple of input dtypes, as numba's
lazy `vectorize` does. The kernel runs under NumPy's error model (float division by zero gives
inf/nan), as numba compiles ufunc kernels. Compiled code calls it with scalars and arrays (`_make_entry`).
"""

import math
import os
import threading
import types

from hasten import _overload, _types
from hasten._core import UnsupportedError
from hasten._decorators import njit
from hasten._prange import prange

_TARGETS = ("cpu", "parallel")
# NumPy's categories of dtype kinds, for the weak promotion of Python scalars.
_CATEGORY = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}
_NO_INITIAL = object()


def dtype_of_text(text):
    """numpy dtype of a hasten scalar type text ('float', 'np.int32', ...)."""
    import numpy as np

    plain = {"bool": "bool", "int": "int64", "float": "float64"}
    if text in plain:
        return np.dtype(plain[text])
    if text.startswith("np."):
        return np.dtype(text[3:])
    if text.startswith("array("):
        return np.dtype(text[len("array("):text.index(",")])
    raise TypeError(f"{text} is not a scalar or array type")


def generated(src, name, options, /, **globals_):
    """`njit` of a function defined by generated source, registered where hasten reads sources
    (the globals may have any names: the first three parameters are positional only)."""
    import linecache

    filename = f"<hasten-generated-{name}-{abs(hash(src)):x}>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = dict(globals_)
    exec(compile(src, filename, "exec"), ns)
    return njit(ns[name], **options)


def _weak(value):
    """Python scalars take part in loop selection weakly (NEP 50): their kind, not a dtype."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)) and not isinstance(value, np.generic):
        return "b"
    if type(value) is int:
        return "i"
    if type(value) is float:
        return "f"
    return None


# The kinds of the loop types a weak Python scalar of each kind takes.
_WEAK_KINDS = {"b": "biuf", "i": "iuf", "f": "f"}


def _castable(operand, weak, to):
    import numpy as np

    if weak is None:
        return np.can_cast(operand.dtype, to, "safe")
    return to.kind in _WEAK_KINDS[weak]


def check_target(target, who):
    if target not in _TARGETS:
        if target == "cuda":
            raise UnsupportedError(f"{who}(target='cuda'): hasten compiles for the CPU only")
        raise ValueError(f"{who}: unknown target {target!r}; hasten supports {', '.join(map(repr, _TARGETS))}")


def kernel_options(cache):
    return dict(error_model="numpy", inline="always", cache=cache)


class Vectorized:
    """What `@vectorize` makes; see the module docstring."""

    def __init__(self, func, signatures, identity, target, cache):
        check_target(target, "vectorize")
        code = func.__code__
        if code.co_flags & 0x0C or code.co_kwonlyargcount:
            raise TypeError("vectorize: the kernel takes positional parameters only")
        self.py_func = func
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__doc__ = func.__doc__
        self.__module__ = func.__module__
        self.nin = code.co_argcount
        self.nout = 1
        self.nargs = self.nin + 1
        self.identity = None if identity == "reorderable" else identity
        self._reorderable = identity is not None
        self._parallel = target == "parallel"
        self._kernel = njit(func, **kernel_options(cache))
        self._loops = []
        self._frozen = bool(signatures)
        self._drivers = {}
        self._lock = threading.Lock()
        # Compiled calls are resolved by argument types (`_compiled_callee`).
        _overload.register(self, self._compiled_callee, {})
        # The loop selected for each tuple of (dtype, weak kind) of the operands.
        self._resolved = {}
        for sig in signatures:
            args, ret = _types.parse_signature(sig)
            if len(args) != self.nin:
                raise TypeError(f"vectorize: signature {sig!r} has {len(args)} inputs, the kernel takes {self.nin}")
            self._add_loop(args, ret)

    def __repr__(self):
        return f"<hasten ufunc '{self.__name__}'>"

    @property
    def types(self):
        return ["".join(d.char for d in ins) + "->" + out.char for ins, out in self._loops]

    @property
    def ntypes(self):
        return len(self._loops)

    def _add_loop(self, arg_texts, ret_text=None):
        compiled = self._kernel._compile_signature(arg_texts)
        try:
            out = dtype_of_text(ret_text or compiled.return_type)
            ins = tuple(dtype_of_text(t) for t in arg_texts)
        except TypeError:
            raise TypeError(f"vectorize: {self.__name__}() returns {compiled.return_type}; a ufunc kernel returns a number or bool") from None
        loop = (ins, out)
        self._loops.append(loop)
        return loop

    def _resolve(self, operands, weak):
        """The loop NumPy would select: the first whose inputs every operand casts to safely."""
        import numpy as np

        if all(w is not None for w in weak):
            weak = [None] * len(weak)
        else:
            # A Python scalar of a higher category than every other operand takes part as its
            # default dtype (int array + 2.5 selects the float64 loop, as NumPy does).
            top = max(_CATEGORY.get(a.dtype.kind, 3) for a, w in zip(operands, weak) if w is None)
            weak = [w if w is None or _CATEGORY[w] <= top else None for w in weak]
        if not self._frozen:
            ins = tuple(a.dtype for a in operands)
            with self._lock:  # threads (dask's workers) adding the same loop add it once
                for loop in self._loops:
                    if loop[0] == ins:
                        return loop
                unknown = [d for d in ins if str(d) not in _types.TYPES]
                if unknown:
                    raise UnsupportedError(f"{self.__name__}(): vectorize kernels take bool, integer and float32/float64 operands, not {unknown[0]}")
                return self._add_loop([_types.TYPES[str(d)].text for d in ins])
        key = tuple((a.dtype.str, w) for a, w in zip(operands, weak))
        loop = self._resolved.get(key)
        if loop is None:
            loop = next((lp for lp in self._loops if all(_castable(a, w, t) for a, w, t in zip(operands, weak, lp[0]))), None)
            if loop is None:
                raise _numpy_error("_UFuncNoLoopError", self, tuple(a.dtype for a in operands))
            self._resolved[key] = loop
        return loop

    def _driver(self, kind, ndim, scalars):
        """The compiled loop for `kind` ('map', 'reduce', 'accumulate') over `ndim` dimensions."""
        key = (kind, ndim, scalars)
        d = self._drivers.get(key)
        if d is None:
            d = self._drivers[key] = _make_driver(kind, ndim, scalars, self.nin, self._kernel, self._parallel)
        return d

    def __call__(self, *args, out=None, **kwargs):
        import numpy as np

        for k in kwargs:
            if k in ("dtype", "casting", "where", "order", "signature", "subok", "axes", "axis"):
                raise UnsupportedError(f"{self.__name__}(): the ufunc keyword {k}= is not supported by hasten's vectorize")
            raise TypeError(f"{self.__name__}() got an unexpected keyword argument '{k}'")
        if len(args) == self.nin + 1 and out is None:
            args, out = args[:-1], args[-1]
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}() takes from {self.nin} to {self.nin + 1} positional arguments but {len(args)} were given")
        if isinstance(out, tuple):
            if len(out) != 1:
                raise ValueError(f"The 'out' tuple must have exactly one entry per ufunc output")
            out = out[0]
        if out is not None and not isinstance(out, np.ndarray):
            raise TypeError("return arrays must be of ArrayType")
        weak = [_weak(a) for a in args]
        operands = [np.asarray(a) for a in args]
        ins, rtype = self._resolve(operands, weak)
        shape = _broadcast(operands)
        if out is not None:
            try:
                full = np.broadcast_shapes(shape, out.shape)
            except ValueError:
                full = None
            if full != out.shape:
                raise ValueError(f"non-broadcastable output operand with shape {out.shape} doesn't match the broadcast shape {full or shape}")
            shape = out.shape
            if not np.can_cast(rtype, out.dtype, "same_kind"):
                raise _numpy_error("_UFuncOutputCastingError", self, "same_kind", rtype, out.dtype, 0)
            if not out.flags.writeable:
                raise ValueError("output array is read-only")
        operands = [np.asarray(a, dtype=t) for a, t in zip(operands, ins)]
        result = np.empty(shape, rtype) if out is None else out
        target = result
        if out is not None and (out.dtype != rtype or any(np.may_share_memory(out, a) and not _same_view(out, a) for a in operands)):
            target = np.empty(shape, rtype)
        self._run(target, operands)
        if target is not result:
            np.copyto(result, target, casting="same_kind")
        if out is None and result.ndim == 0:
            return result[()]
        return result

    def _run(self, target, operands):
        import numpy as np

        if target.size == 0:
            return
        scalars = tuple(a.ndim == 0 for a in operands)
        if target.flags.c_contiguous and all(s or (a.shape == target.shape and a.flags.c_contiguous) for a, s in zip(operands, scalars)):
            flat = [a[()] if s else a.reshape(-1) for a, s in zip(operands, scalars)]
            self._driver("map", 1, scalars)(target.reshape(-1), *flat)
            return
        ndim = target.ndim
        views = [a[()] if s else np.broadcast_to(a, target.shape) for a, s in zip(operands, scalars)]
        self._driver("map", ndim, scalars)(target, *views)

    def _binary(self, what):
        if self.nin != 2:
            raise ValueError(f"{what} only supported for binary functions")

    def _reduce_operand(self, array, axis, what):
        import numpy as np

        self._binary(what)
        a = np.asarray(array)
        weak = [_weak(array)] * 2 if a.ndim == 0 else [None, None]
        ins, rtype = self._resolve([a, a], weak)
        if ins[0] != rtype:
            raise TypeError(f"{what} of '{self.__name__}': the loop {ins[0].char}{ins[1].char}->{rtype.char} does not return its first input's type")
        if a.ndim == 0:
            raise TypeError(f"cannot {what.split('.')[-1]} on a scalar")
        if not -a.ndim <= axis < a.ndim:
            raise np.exceptions.AxisError(axis, a.ndim)
        return np.asarray(a, dtype=ins[1]), rtype, axis % a.ndim

    def reduce(self, array, axis=0, dtype=None, out=None, keepdims=False, initial=_NO_INITIAL, where=True):
        import numpy as np

        if dtype is not None or where is not True:
            raise UnsupportedError(f"{self.__name__}.reduce(): dtype= and where= are not supported")
        a = np.asarray(array)
        if axis is None or isinstance(axis, tuple):
            axes = tuple(range(a.ndim)) if axis is None else axis
            if len(axes) > 1 and not self._reorderable:
                raise ValueError(f"reduction operation '{self.__name__}' is not reorderable, so at most one axis may be specified")
            if len(axes) != 1:
                flat = np.asarray(array).reshape(-1) if axes == tuple(range(a.ndim)) else None
                if flat is None:
                    raise UnsupportedError(f"{self.__name__}.reduce() over a tuple of some axes is not supported")
                r = self.reduce(flat, 0, None, None, False, initial)
                if keepdims:
                    r = np.asarray(r).reshape((1,) * a.ndim)
                return _into(r, out)
            axis = axes[0]
        a, rtype, axis = self._reduce_operand(array, axis, "reduce")
        start = self.identity if initial is _NO_INITIAL else initial
        if a.shape[axis] == 0 and start is None:
            raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
        lines = np.moveaxis(a, axis, -1)
        rest = lines.shape[:-1]
        two = lines.reshape(math.prod(rest), lines.shape[-1])
        result = np.empty(two.shape[0], rtype)
        if start is not None and (initial is not _NO_INITIAL or two.shape[1] == 0):
            result[:] = start
            self._driver("reduce_from", 2, ())(result, two)
        elif two.shape[0]:
            self._driver("reduce", 2, ())(result, two)
        result = result.reshape(rest)
        if keepdims:
            result = np.expand_dims(result, axis)
        if result.ndim == 0 and out is None:
            return result[()]
        return _into(result, out)

    def accumulate(self, array, axis=0, dtype=None, out=None):
        import numpy as np

        if dtype is not None:
            raise UnsupportedError(f"{self.__name__}.accumulate(): dtype= is not supported")
        a, rtype, axis = self._reduce_operand(array, axis, "accumulate")
        lines = np.moveaxis(a, axis, -1)
        two = lines.reshape(math.prod(lines.shape[:-1]), lines.shape[-1])
        result = np.empty(two.shape, rtype)
        if result.size:
            self._driver("accumulate", 2, ())(result, two)
        result = np.moveaxis(result.reshape(lines.shape), -1, axis)
        return _into(np.ascontiguousarray(result), out)

    def _out_callee(self, operands, out):
        """The compiled call with `out=`: the output dtype NumPy's loop gives must cast to `out`'s
        by the `same_kind` rule (NumPy's error at compile time, as for NumPy's own ufuncs)."""
        import numpy as np

        try:
            made = np.asarray(self(*(_probe(t) for t in operands))).dtype
        except TypeError:
            made = None  # no loop: the entry raises NumPy's TypeError when called
        into = np.dtype(out.dtype.dtype)
        if made is not None and not np.can_cast(made, into, "same_kind"):
            raise _overload.Refusal(f"Cannot cast ufunc '{self.__name__}' output from {made!r} to {into!r} with casting rule 'same_kind'")
        key = ("out", len(operands))
        entry = self._drivers.get(key)
        if entry is None:
            names = ", ".join(f"a{k}" for k in range(len(operands)))
            src = f"def with_out({names}, out):\n    out[...] = _entry({names})\n    return out\n"
            entry = self._drivers[key] = generated(src, "with_out", {}, _entry=self._hasten_callee())
        return entry

    def _hasten_callee(self):
        """The jitted function compiled code calls in place of this ufunc."""
        entry = self._drivers.get("entry")
        if entry is None:
            entry = self._drivers["entry"] = _make_entry(self)
        return entry

    def _compiled_callee(self, *operands, out=None):
        """The typing function of compiled calls (`hasten.extending.overload`'s mechanism): where
        0-d arrays are the only array operands, NumPy selects the loop as for NumPy scalars of
        their dtypes and returns a scalar, so they are read as such (`_make_zero_d_entry`);
        otherwise `_hasten_callee`'s entry. With an `out=` array, the entry's result is stored
        into it (NumPy's broadcasting and `same_kind` rule) and `out` returned."""
        if isinstance(out, _types.Array):
            return self._out_callee(operands, out)
        if out is not None and not isinstance(out, (_types.Omitted, _types.NoneType)):
            raise _overload.Refusal(f"{self.__name__}(): out= must be an array, not {out}")
        zero_d = tuple(isinstance(t, _types.Array) and t.ndim == 0 for t in operands)
        if any(zero_d) and not any(isinstance(t, _types.Array) and t.ndim > 0 for t in operands):
            key = ("zero_d", zero_d)
            entry = self._drivers.get(key)
            if entry is None:
                entry = self._drivers[key] = _make_zero_d_entry(self, zero_d)
            return entry
        return self._hasten_callee()


def _probe(t):
    """An empty array or a zero scalar of the type `t`, for NumPy's own loop selection."""
    import numpy as np

    if isinstance(t, _types.Array):
        return np.empty(0, np.dtype(t.dtype.dtype))
    plain = {"bool": False, "int": 0, "float": 0.0, "complex": 0j}
    return plain[t.text] if t.text in plain else np.dtype(t.dtype).type(0)


def _broadcast(operands):
    """NumPy's broadcast shape, without its general machinery when all non-scalar shapes agree."""
    shapes = {a.shape for a in operands if a.ndim}
    if len(shapes) <= 1:
        return shapes.pop() if shapes else ()
    import numpy as np

    return np.broadcast_shapes(*(a.shape for a in operands))


def _numpy_error(name, *args):
    """NumPy's own exception for a ufunc error (its classes read only the ufunc's `__name__`)."""
    from numpy._core import _exceptions

    return getattr(_exceptions, name)(*args)


def _same_view(a, b):
    return a.shape == b.shape and a.strides == b.strides and a.__array_interface__["data"][0] == b.__array_interface__["data"][0]


def _into(result, out):
    import numpy as np

    if out is None:
        return result
    if isinstance(out, tuple):
        out = out[0]
    if out.shape != np.shape(result):
        raise ValueError(f"output parameter for reduction operation has the wrong shape {out.shape}, expected {np.shape(result)}")
    np.copyto(out, result, casting="same_kind")
    return out


def _make_driver(kind, ndim, scalars, nin, kernel, parallel):
    loop = "prange" if parallel else "range"
    if kind == "map":
        names = [f"a{k}" for k in range(nin)]
        idx = ", ".join(f"i{d}" for d in range(ndim))
        body = []
        for d in range(ndim):
            rng = loop if d == 0 else "range"
            body.append("    " * (d + 1) + f"for i{d} in {rng}(out.shape[{d}]):")
        reads = ", ".join(n if s else f"{n}[{idx}]" for n, s in zip(names, scalars))
        body.append("    " * (ndim + 1) + f"out[{idx}] = _kernel({reads})")
        src = f"def drive(out, {', '.join(names)}):\n" + "\n".join(body) + "\n"
    elif kind == "reduce":
        src = (
            "def drive(out, a):\n"
            f"    for i in {loop}(a.shape[0]):\n"
            "        out[i] = a[i, 0]\n"
            "        for j in range(1, a.shape[1]):\n"
            "            out[i] = _kernel(out[i], a[i, j])\n"
        )
    elif kind == "reduce_from":
        src = (
            "def drive(out, a):\n"
            f"    for i in {loop}(a.shape[0]):\n"
            "        for j in range(a.shape[1]):\n"
            "            out[i] = _kernel(out[i], a[i, j])\n"
        )
    else:
        src = (
            "def drive(out, a):\n"
            f"    for i in {loop}(a.shape[0]):\n"
            "        out[i, 0] = a[i, 0]\n"
            "        for j in range(1, a.shape[1]):\n"
            "            out[i, j] = _kernel(out[i, j - 1], a[i, j])\n"
        )
    # Every operand was broadcast to the loop's shape: the indices are in bounds by construction.
    return generated(src, "drive", {"parallel": parallel, "boundscheck": False}, _kernel=kernel, prange=prange)


# The scalar classes compiled code passes, with the dtype each stands for in loop selection.
def _scalar_classes():
    import numpy as np

    out = [("bool", "bool"), ("int", "int64"), ("float", "float64")]
    out += [(f"np.{d}", d) for d in ("bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64")]
    return [(cls, np.dtype(d)) for cls, d in out]


def _np_class(dtype):
    return "np.bool_" if dtype.kind == "b" else f"np.{dtype.name}"


def _make_entry(uf):
    """A jitted function of the kernel's arity. On scalars, with a signature list, a chain of compile-time type tests
    picks the loop NumPy would (`_loop_conditions`), converts the operands to its types and the result
    to its output type (no loop: NumPy's TypeError, raised when called); lazily, the kernel itself. With an array
    operand, `_make_array_entry`."""
    import numpy as np

    names = [f"a{k}" for k in range(uf.nin)]
    params = ", ".join(names)
    arrays = " or ".join(f"isinstance({n}, np.ndarray)" for n in names)
    lines = [f"def entry({params}):", f"    if {arrays}:", f"        return _arrays({params})"]
    env = dict(_kernel=uf._kernel, np=np, _arrays=_make_array_entry(uf))
    if not uf._frozen:
        lines.append(f"    return _kernel({params})")
        return generated("\n".join(lines) + "\n", "entry", {}, **env)
    for ins, out, cond in _loop_conditions(uf, names, arrays=False):
        args = ", ".join(f"{_np_class(t)}({n})" for n, t in zip(names, ins))
        lines.append(f"    if {cond}:")
        lines.append(f"        return {_np_class(out)}(_kernel({args}))")
    lines.append(f"    raise TypeError({_no_loop_message(uf)!r})")
    return generated("\n".join(lines) + "\n", "entry", {}, **env)


def _make_zero_d_entry(uf, zero_d):
    """The entry on operands where those marked in `zero_d` are 0-d arrays, read as their element."""
    names = [f"a{k}" for k in range(uf.nin)]
    reads = ", ".join(f"{n}[()]" if z else n for n, z in zip(names, zero_d))
    src = f"def zero_d({', '.join(names)}):\n    return _entry({reads})\n"
    return generated(src, "zero_d", {}, _entry=uf._hasten_callee())


def _no_loop_message(uf):
    return (f"ufunc '{uf.__name__}' not supported for the input types, and the inputs could not be safely "
            "coerced to any supported types according to the casting rule ''safe''")


def _loop_conditions(uf, names, arrays):
    """(inputs, output, condition) of each loop of the signature list, the condition a compile-time type test of the
    operands `names` that holds where NumPy selects that loop: the first whose inputs every operand casts to safely,
    arrays and NumPy scalars by dtype, Python scalars weakly (any loop type of their kinds) where another operand is of
    their category or higher, else as their default dtype. With `arrays`, array operands are tested through the probes
    `p<name>` (empty arrays of their dtype). Literal True/False would leave a condition undecided when compiling: a
    test that cannot hold is left out, and a loop no operand can take is skipped."""
    import numpy as np

    classes = _scalar_classes()
    numpy_classes = [(c, d) for c, d in classes if c.startswith("np.")]

    def of(n, allowed):
        tests = [f"type({n}) is {c}" for c in allowed]
        if arrays and allowed:
            tests.insert(0, f"(isinstance({n}, np.ndarray) and (" + " or ".join(f"type(p{n}[0]) is {c}" for c in allowed) + "))")
        return tests

    def strong_at_least(n, category):
        high = [c for c, d in numpy_classes if _CATEGORY[d.kind] >= category]
        return "(" + " or ".join(t for m in names if m != n for t in of(m, high)) + ")"

    out = []
    for ins, ret in uf._loops:
        conds = []
        for n, t in zip(names, ins):
            tests = of(n, [c for c, d in numpy_classes if np.can_cast(d, t, "safe")])
            for c, d in classes:
                if c.startswith("np."):
                    continue
                weak, strong = t.kind in _WEAK_KINDS[d.kind], np.can_cast(d, t, "safe")
                if len(names) == 1 or (weak and strong):
                    tests += [f"type({n}) is {c}"] if strong else []
                elif weak or strong:
                    tests.append(f"(type({n}) is {c} and {'' if weak else 'not '}{strong_at_least(n, _CATEGORY[d.kind])})")
            conds.append("(" + " or ".join(tests) + ")" if tests else None)
        if None not in conds:
            out.append((ins, ret, " and ".join(conds)))
    return out


def _make_array_entry(uf):
    """The ufunc on operands of which one at least is an array, from compiled code: the loop NumPy selects from the
    signature list (the array operands' dtypes cast safely, Python scalars weakly as NEP 50 has it), every operand
    broadcast into a contiguous array of the loop's input type, the kernel applied element by element into an array of
    its output type, of the broadcast shape. A ufunc without a signature list is refused by name."""
    import numpy as np

    names = [f"a{k}" for k in range(uf.nin)]
    params = ", ".join(names)
    lines = [f"def arrays({params}):"]
    if not uf._frozen:
        refusal = (f"calling the vectorize ufunc {uf.__name__}() on arrays from compiled code needs a signature list "
                   "(@vectorize([\"float64(float64)\", ...])): its result dtype is chosen before the call")
        lines.append(f"    raise UnsupportedError({refusal!r})")
        return generated("\n".join(lines) + "\n", "arrays", {}, UnsupportedError=UnsupportedError)
    # The broadcast shape (NumPy's ValueError for operands that do not broadcast).
    shape = names[0] if uf.nin == 1 else "(" + " == ".join(names[:2]) + ")"
    for n in names[2:]:
        shape = f"({shape} == {n})"
    lines.append(f"    shape = {shape}.shape")
    # A probe of each array operand's dtype for the type tests (never read: the tests are decided when compiling).
    for n in names:
        lines += [f"    if isinstance({n}, np.ndarray):", f"        p{n} = np.empty(0, {n}.dtype)", "    else:",
                  f"        p{n} = np.empty(0, np.bool_)"]
    for ins, out, cond in _loop_conditions(uf, names, arrays=True):
        lines.append(f"    if {cond}:")
        for n, t in zip(names, ins):
            lines += [f"        b{n} = np.empty(shape, {_np_class(t)})", f"        b{n}[...] = {n}", f"        f{n} = b{n}.ravel()"]
        reads = ", ".join(f"f{n}[i]" for n in names)
        lines += [f"        r = np.empty(f{names[0]}.size, {_np_class(out)})", "        for i in range(r.size):",
                  f"            r[i] = _kernel({reads})", "        return r.reshape(shape)"]
    lines.append(f"    raise TypeError({_no_loop_message(uf)!r})")
    return generated("\n".join(lines) + "\n", "arrays", {}, _kernel=uf._kernel, np=np)


def vectorize(ftylist_or_function=(), *, identity=None, target="cpu", cache=False, nopython=True, **kws):
    """numba's `@vectorize`: `@vectorize`, `@vectorize()`, `@vectorize(["f8(f8, f8)", ...], target=...)`."""
    for k in kws:
        if k not in ("fastmath", "nogil", "boundscheck", "forceobj"):
            raise TypeError(f"vectorize() got an unexpected keyword argument '{k}'")
    if kws.get("forceobj") or not nopython:
        raise UnsupportedError("vectorize: hasten has no object mode")
    if isinstance(ftylist_or_function, types.FunctionType):
        return Vectorized(ftylist_or_function, [], identity, target, cache)
    sigs = ftylist_or_function
    if isinstance(sigs, str) or not isinstance(sigs, (list, tuple)):
        sigs = [sigs]
    if os.environ.get("HASTEN_DISABLE_JIT", "") not in ("", "0"):
        import numpy as np

        return lambda f: np.vectorize(f)
    return lambda f: Vectorized(f, list(sigs), identity, target, cache)
