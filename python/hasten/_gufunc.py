"""`@guvectorize`: a kernel over core dimensions (`"(n),()->(n)"`), driven over NumPy's gufunc
broadcasting of the other (loop) dimensions by a compiled loop.

As in numba, the kernel writes its outputs into arrays passed last; an output with no core
dimensions is a one-element array the kernel writes at `[0]`, an input with none a scalar. Each
call binds every core dimension name to one size (NumPy's errors where operands disagree or lack
dimensions), broadcasts the loop dimensions, allocates the outputs (or takes `out=`) and runs one
compiled loop over the flattened loop dimensions.
"""

import re

from hasten import _types
from hasten._core import UnsupportedError
from hasten._decorators import njit
from hasten._ufunc import _castable, _numpy_error, _weak, check_target, dtype_of_text, generated, kernel_options

_DIMS = re.compile(r"\(([^()]*)\)")


def parse_layout(layout):
    """`"(m,n),(n)->(m)"` -> ([('m', 'n'), ('n',)], [('m',)])."""
    text = layout.replace(" ", "")
    if text.count("->") != 1:
        raise ValueError(f"not a gufunc signature: {layout!r}")
    left, right = text.split("->")

    def operands(part):
        found = _DIMS.findall(part)
        if ",".join(f"({f})" for f in found) != part:
            raise ValueError(f"not a gufunc signature: {layout!r}")
        return [tuple(d for d in f.split(",") if d) for f in found]

    ins, outs = operands(left), operands(right)
    bound = {d for dims in ins for d in dims}
    for dims in outs:
        for d in dims:
            if d not in bound and not d.isdigit():
                raise UnsupportedError(f"guvectorize: the output dimension {d!r} of {layout!r} is not an input's")
    return ins, outs


class GUVectorized:
    """What `@guvectorize` makes; see the module docstring."""

    def __init__(self, func, signatures, layout, target, cache):
        check_target(target, "guvectorize")
        self.py_func = func
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__doc__ = func.__doc__
        self.__module__ = func.__module__
        self._ins, self._outs = parse_layout(layout)
        self.signature = layout.replace(" ", "")
        self.nin, self.nout = len(self._ins), len(self._outs)
        self.nargs = self.nin + self.nout
        if func.__code__.co_argcount != self.nargs:
            raise TypeError(f"guvectorize: {layout!r} has {self.nargs} operands, the kernel takes {func.__code__.co_argcount}")
        self._parallel = target == "parallel"
        self._kernel = njit(func, **kernel_options(cache))
        self._loops = []
        for sig in signatures:
            args, _ = _types.parse_signature(sig)
            if len(args) != self.nargs:
                raise TypeError(f"guvectorize: signature {sig!r} has {len(args)} operands, {layout!r} has {self.nargs}")
            self._loops.append(tuple(dtype_of_text(t) for t in args))
        if not self._loops:
            raise UnsupportedError("guvectorize without a list of signatures is not supported; give one, e.g. ['void(float64[:], float64[:])']")
        self._drive = None

    def __repr__(self):
        return f"<hasten gufunc '{self.__name__}' {self.signature}>"

    @property
    def types(self):
        return ["".join(d.char for d in loop[: self.nin]) + "->" + "".join(d.char for d in loop[self.nin:]) for loop in self._loops]

    @property
    def ntypes(self):
        return len(self._loops)

    def _resolve(self, operands, weak):
        if all(w is not None for w in weak):
            weak = [None] * len(weak)
        for loop in self._loops:
            if all(_castable(a, w, t) for a, w, t in zip(operands, weak, loop)):
                return loop
        raise _numpy_error("_UFuncNoLoopError", self, tuple(a.dtype for a in operands))

    def _bind(self, operands, dims_list, sizes, what):
        """Binds the core dimensions of `operands`; returns their loop shapes."""
        loops = []
        for k, (a, dims) in enumerate(zip(operands, dims_list)):
            if a.ndim < len(dims):
                raise ValueError(
                    f"{self.__name__}: {what} operand {k} does not have enough dimensions (has {a.ndim}, gufunc core "
                    f"with signature {self.signature} requires {len(dims)})"
                )
            core = a.shape[a.ndim - len(dims):]
            for j, (d, n) in enumerate(zip(dims, core)):
                want = int(d) if d.isdigit() else sizes.setdefault(d, n)
                if want != n:
                    raise ValueError(
                        f"{self.__name__}: {what} operand {k} has a mismatch in its core dimension {j}, with gufunc "
                        f"signature {self.signature} (size {n} is different from {want})"
                    )
            loops.append(a.shape[: a.ndim - len(dims)])
        return loops

    def __call__(self, *args, out=None, **kwargs):
        import numpy as np

        if kwargs:
            k = next(iter(kwargs))
            if k in ("axes", "axis", "keepdims", "dtype", "casting", "order", "signature", "where"):
                raise UnsupportedError(f"{self.__name__}(): the gufunc keyword {k}= is not supported by hasten's guvectorize")
            raise TypeError(f"{self.__name__}() got an unexpected keyword argument '{k}'")
        if len(args) == self.nargs and out is None:
            args, out = args[: self.nin], args[self.nin:]
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}() takes from {self.nin} to {self.nargs} positional arguments but {len(args)} were given")
        outs = None if out is None else (tuple(out) if isinstance(out, (tuple, list)) else (out,))
        if outs is not None and (len(outs) != self.nout or not all(isinstance(o, np.ndarray) for o in outs)):
            raise TypeError(f"{self.__name__}(): out= takes {self.nout} array(s)")
        weak = [_weak(a) for a in args]
        operands = [np.asarray(a) for a in args]
        loop = self._resolve(operands, weak)
        operands = [np.asarray(a, dtype=t) for a, t in zip(operands, loop)]
        sizes = {}
        loop_shapes = self._bind(operands, self._ins, sizes, "Input")
        try:
            shape = np.broadcast_shapes(*loop_shapes)
        except ValueError:
            pairs = " ".join(f"{_shape(a.shape)}->{_shape(s)}" for a, s in zip(operands, loop_shapes))
            raise ValueError(f"operands could not be broadcast together with remapped shapes [original->remapped]: {pairs}  and requested shape ()") from None
        if outs is not None:
            out_loops = self._bind(outs, self._outs, sizes, "Output")
            full = np.broadcast_shapes(shape, *out_loops)
            if any(s != full for s in out_loops):
                raise ValueError(f"non-broadcastable output operand with shape {out_loops[0]} doesn't match the broadcast shape {full}")
            shape = full
            for o, t in zip(outs, loop[self.nin:]):
                if not np.can_cast(t, o.dtype, "same_kind"):
                    raise _numpy_error("_UFuncOutputCastingError", self, "same_kind", t, o.dtype, 0)
        cores = [tuple(int(d) if d.isdigit() else sizes[d] for d in dims) for dims in self._outs]
        results = [np.empty(shape + c, t) for c, t in zip(cores, loop[self.nin:])]
        self._run(shape, operands, results)
        if outs is not None:
            for o, r in zip(outs, results):
                np.copyto(o, r, casting="same_kind")
            return outs[0] if self.nout == 1 else outs
        results = [r[()] if r.ndim == 0 else r for r in results]
        return results[0] if self.nout == 1 else tuple(results)

    def _run(self, shape, operands, results):
        import numpy as np

        count = int(np.prod(shape, dtype=np.int64))
        if count == 0:
            return
        flat = []
        for a, dims in zip(operands, self._ins):
            core = a.shape[a.ndim - len(dims):]
            flat.append(np.broadcast_to(a, shape + core).reshape((count,) + core))
        for r in results:
            # An output without core dimensions is written through a one-element array.
            flat.append(r.reshape((count,) + (r.shape[len(shape):] or (1,))))
        if self._drive is None:
            self._drive = _make_driver(self.nargs, self._kernel, self._parallel)
        self._drive(count, *flat)


def _shape(s):
    """A shape as NumPy's broadcasting errors write it: `(2,3)`, `(2,)`."""
    return "(" + ",".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"


def _make_driver(nargs, kernel, parallel):
    """`for i in range(count): kernel(x0[i], x1[i], ...)`: each operand flattened to (count, *core)."""
    from hasten._prange import prange

    names = [f"x{k}" for k in range(nargs)]
    loop = "prange" if parallel else "range"
    reads = ", ".join(f"{n}[i]" for n in names)
    src = f"def drive(count, {', '.join(names)}):\n    for i in {loop}(count):\n        _kernel({reads})\n"
    # Every operand was broadcast to the loop's shape: the indices are in bounds by construction.
    return generated(src, "drive", {"parallel": parallel, "boundscheck": False}, _kernel=kernel, prange=prange)


def guvectorize(*args, target="cpu", cache=False, nopython=True, **kws):
    """numba's `@guvectorize(signatures, layout, target=...)`."""
    for k in kws:
        if k not in ("fastmath", "nogil", "boundscheck", "forceobj", "writable_args"):
            raise TypeError(f"guvectorize() got an unexpected keyword argument '{k}'")
    if kws.get("forceobj") or not nopython:
        raise UnsupportedError("guvectorize: hasten has no object mode")
    if len(args) == 1 and isinstance(args[0], str):
        sigs, layout = [], args[0]
    elif len(args) == 2:
        sigs, layout = args
    else:
        raise TypeError("guvectorize(signatures, layout) takes a list of signatures and a layout string like '(n),()->(n)'")
    if isinstance(sigs, str) or not isinstance(sigs, (list, tuple)):
        sigs = [sigs]
    return lambda f: GUVectorized(f, list(sigs), layout, target, cache)
