"""numba's `@stencil`: a kernel written with relative indices (`a[-1, 0] + a[1, 0]`) applied at
every point of its input arrays where the whole neighborhood is inside them; the output's other
points hold `cval`. The output has the input's shape and the dtype NumPy gives the kernel's value.

The kernel's source is rewritten into a jitted function of the point (`a[o0, o1]` read as
`a[i0 + o0, i1 + o1]`) and a jitted loop nest over the interior that calls it; both are compiled
as any jitted function, for each set of argument types. A stencil is called from Python or from
compiled code (`_hasten_callee`). The neighborhood is read from the constant offsets of the
kernel, or given (`neighborhood=((-1, 1), (-2, 0))`), which offsets computed at run time need.
"""

import ast
import inspect
import textwrap

from hasten._core import UnsupportedError
from hasten._ufunc import generated


def _offset(node):
    """The int a relative index is, or None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _offset(node.operand)
        if inner is not None:
            return -inner if isinstance(node.op, ast.USub) else inner
    return None


class _Relative(ast.NodeTransformer):
    """Rewrites each relative index of the kernel's arrays and records its offsets."""

    def __init__(self, arrays):
        self.arrays = arrays
        self.ndim = None
        self.offsets = []  # per access: a tuple of ints, None where computed at run time

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if not (isinstance(node.value, ast.Name) and node.value.id in self.arrays):
            return node
        items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if self.ndim is None:
            self.ndim = len(items)
        elif self.ndim != len(items):
            raise UnsupportedError(f"@stencil: the kernel indexes with {self.ndim} and {len(items)} relative indices")
        if any(isinstance(i, ast.Slice) for i in items):
            raise UnsupportedError("@stencil: slices of the kernel's arrays are not supported")
        self.offsets.append(tuple(_offset(i) for i in items))
        shifted = [ast.BinOp(left=ast.Name(id=f"__i{k}", ctx=ast.Load()), op=ast.Add(), right=i) for k, i in enumerate(items)]
        index = shifted[0] if len(shifted) == 1 else ast.Tuple(elts=shifted, ctx=ast.Load())
        return ast.copy_location(ast.Subscript(value=node.value, slice=index, ctx=node.ctx), node)


class Stencil:
    """A stencil kernel (see the module's comment); call it with the kernel's arguments."""

    def __init__(self, kernel, neighborhood=None, cval=0, standard_indexing=(), options=None):
        self.kernel = kernel
        self.neighborhood = neighborhood
        self.cval = cval
        self.standard_indexing = tuple(standard_indexing)
        self.options = dict(options or {})
        self._entry = None

    def __repr__(self):
        return f"<hasten stencil {self.kernel.__qualname__}>"

    def __call__(self, *args, **kwargs):
        return self._hasten_callee()(*args, **kwargs)

    def _hasten_callee(self):
        if self._entry is None:
            self._entry = self._compile()
        return self._entry

    def _compile(self):
        tree = ast.parse(textwrap.dedent(inspect.getsource(self.kernel)))
        fn = tree.body[0]
        if not isinstance(fn, ast.FunctionDef):
            raise UnsupportedError("@stencil takes a function defined with def")
        fn.decorator_list = []
        params = [a.arg for a in fn.args.args]
        if fn.args.vararg or fn.args.kwonlyargs or fn.args.kwarg or fn.args.defaults:
            raise UnsupportedError("@stencil: a kernel's parameters are plain positional ones")
        # The parameters the kernel indexes (other than by standard_indexing) are its arrays.
        indexed = {n.value.id for n in ast.walk(fn) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)}
        arrays = {p for p in params if p in indexed and p not in self.standard_indexing}
        relative = _Relative(arrays)
        fn.body = [relative.visit(s) for s in fn.body]
        if relative.ndim is None:
            raise UnsupportedError("@stencil: the kernel reads no array with relative indices")
        bounds = self._bounds(relative)
        nd = relative.ndim
        point = [f"__i{k}" for k in range(nd)]
        fn.name = "__kernel"
        fn.args.args = [ast.arg(arg=p) for p in point] + fn.args.args
        kernel_src = ast.unparse(ast.fix_missing_locations(tree)) + "\n"
        first = next(p for p in params if p in arrays)
        call = f"__kernel({', '.join(point + params)})"
        lines = [f"def __apply({', '.join(params)}, out=None):"]
        lines.append(f"    if {first}.ndim != {nd}:")
        lines.append(f"        raise ValueError('the stencil kernel indexes {nd} dimensions, the array has ' + str({first}.ndim))")
        for p in params:
            if p in arrays and p != first:
                lines.append(f"    if {p}.shape != {first}.shape:")
                lines.append("        raise ValueError('the arrays of a stencil must have one shape')")
        lines.append("    if out is None:")
        lines.append(f"        result = np.full({first}.shape, __cval, dtype=np._dtype_of({call.replace('__i', '__zero_i')}))")
        lines.append("    else:")
        lines.append("        result = out")
        indent = "    "
        for k, (lo, hi) in enumerate(bounds):
            lines.append(f"{indent}for __i{k} in range({-lo}, {first}.shape[{k}] - {hi}):")
            indent += "    "
        lines.append(f"{indent}result[{', '.join(point)}] = {call}")
        lines.append("    return result")
        apply_src = "\n".join(lines) + "\n"
        import numpy as np

        zeros = {f"__zero_i{k}": 0 for k in range(nd)}
        kernel = generated(kernel_src, "__kernel", {"inline": "always", **self.options}, **self.kernel.__globals__)
        return generated(apply_src, "__apply", self.options, np=np, __kernel=kernel, __cval=self.cval, **zeros)

    def _bounds(self, relative):
        """(lowest offset, highest offset) per axis: given, or the kernel's constant offsets."""
        nd = relative.ndim
        if self.neighborhood is not None:
            if len(self.neighborhood) != nd:
                raise ValueError(f"@stencil: neighborhood= has {len(self.neighborhood)} axes, the kernel indexes {nd}")
            return [(min(int(lo), 0), max(int(hi), 0)) for lo, hi in self.neighborhood]
        if any(o is None for access in relative.offsets for o in access):
            raise UnsupportedError("@stencil: a relative index computed at run time needs neighborhood=")
        return [(min(min(a[k] for a in relative.offsets), 0), max(max(a[k] for a in relative.offsets), 0)) for k in range(nd)]


def stencil(func=None, **options):
    """`@stencil`, `@stencil(neighborhood=..., cval=..., standard_indexing=...)`: numba's
    decorator; other keywords are njit's options for the compiled loop."""
    keys = {k: options.pop(k) for k in ("neighborhood", "cval", "standard_indexing") if k in options}
    if func is not None:
        return Stencil(func, options=options, **keys)
    return lambda f: Stencil(f, options=options, **keys)
