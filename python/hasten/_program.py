"""The compile hook: describe every jitted function reachable from a root dispatcher for the compiler.

The description is a list of dicts (see crates/hasten-python/src/program.rs); index 0 is the root.
Globals and closure variables are read here, once per dispatcher (the native side keeps the program),
which freezes them at first compile as numba does.
"""

import bisect
import builtins
import cmath
import hashlib
import heapq
import math
import operator
import random as pyrandom
import sys
import types

from hasten import _overload, _simd, _types
from hasten._core import Dispatcher, UnsupportedError, load_lapack
from hasten._prange import prange

# The standard library's modules whose functions the front end's library defines.
_STDLIB = (heapq, bisect, pyrandom)

_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


# Exception classes defined in Python that compiled code raises or catches, by the key compiled code
# names them with (`exception_class` finds them again when compiled code raises one).
_EXCEPTIONS = {}


# NumPy's LinAlgError has a fixed key: the runtime raises it by that name (`hasten_runtime::linalg`).
_LINALG_ERROR = "numpy.linalg.LinAlgError"
# and NumPy's AxisError, raised by the library (`np._AxisError`).
_AXIS_ERROR = "numpy.exceptions.AxisError"


def _exception_key(cls):
    if getattr(builtins, cls.__name__, None) is cls:
        return cls.__name__
    linalg = sys.modules.get("numpy.linalg")
    if linalg is not None and cls is linalg.LinAlgError:
        return _LINALG_ERROR
    key = f"{cls.__module__}.{cls.__qualname__}#{id(cls):x}"
    _EXCEPTIONS[key] = cls
    return key


def exception_class(key):
    """The exception class compiled code raised by `key`: a builtin's name or a registered key."""
    if key == _LINALG_ERROR:
        import numpy.linalg

        return numpy.linalg.LinAlgError
    if key == _AXIS_ERROR:
        import numpy.exceptions

        return numpy.exceptions.AxisError
    cls = _EXCEPTIONS.get(key)
    return cls if cls is not None else getattr(builtins, key)


def build_program(root):
    _simd.ensure()
    order = [root]
    index = {id(root): 0}
    functions = _describe(order, index, 0)
    # Kept for `extend_program`; `order` keeps every dispatcher alive, so ids (and the addresses
    # the binding types function arguments by) stay unique.
    root.__dict__["_hasten_program_order"] = (order, index)
    # What the compiled code depends on, for the keys of `cache=True` entries (`_cache.py`): the
    # description is plain data, so its repr is deterministic.
    root.__dict__["_hasten_program_key"] = hashlib.sha256(repr(functions).encode()).hexdigest()
    if any("linalg" in f["source"] for f in functions):
        # Load SciPy's LAPACK now, holding the GIL, rather than at the first call, which may run
        # without it (`nogil`, `parallel`) while another thread waits for the loading.
        load_lapack()
    return functions


def extend_program(root, dispatchers):
    """Jitted functions passed to `root` as arguments: their ids in `root`'s program, and the
    descriptions of the functions this adds to it (they and what they reach), in id order."""
    order, index = root.__dict__["_hasten_program_order"]
    known = len(order)
    ids = []
    for d in dispatchers:
        if id(d) not in index:
            index[id(d)] = len(order)
            order.append(d)
        ids.append(index[id(d)])
    return ids, _describe(order, index, known)


def _describe(order, index, start):
    """The descriptions of `order[start:]`; `order` grows as functions reference dispatchers not
    yet seen."""
    functions = []
    while start + len(functions) < len(order):
        functions.append(_function(order[start + len(functions)], order, index))
    return functions


def _function(dispatcher, order, index):
    func = dispatcher.py_func
    code = func.__code__
    source, first_line, indent = _source(func)

    def function_index(d):
        if id(d) not in index:
            index[id(d)] = len(order)
            order.append(d)
        return index[id(d)]

    globals_ = {}
    bound = {}
    # Arrays are frozen as numba freezes them: a read-only C-ordered copy, whose address the
    # compiled code holds; the dispatcher keeps the copies alive.
    frozen = dispatcher.__dict__.setdefault("_hasten_frozen", [])
    cells = dict(zip(code.co_freevars, func.__closure__ or ()))
    module_globals = func.__globals__
    for name in sorted(_names(code)):
        if name in cells:
            try:
                value = cells[name].cell_contents
            except ValueError:  # an empty cell: the variable is assigned after the def
                value = _own_name(dispatcher, name)
        elif name in module_globals:
            value = module_globals[name]
        else:
            value = _own_name(dispatcher, name)
        if value is None:
            continue
        bound[name] = value
        globals_[name] = _global_value(value, function_index, frozen)
        if isinstance(value, types.ModuleType):
            globals_.update(_overload.module_attributes(name, value, _names(code), sys.modules.get("numpy")))
            globals_.update(_module_members(name, value, _names(code), function_index, frozen))
    if _overload._METHODS:
        globals_.update(_overload.method_globals(_names(code)))
    if {"hasattr", "getattr"} & _names(code):
        globals_.update(_attribute_owners(code, bound))
    return {
        "name": code.co_name,
        "filename": code.co_filename,
        "source": source,
        "first_line": first_line,
        "indent": indent,
        "globals": globals_,
        "options": dispatcher.options,
    }


# The code flag of a function with a `*args` parameter (`inspect.CO_VARARGS`, without importing inspect).
_CO_VARARGS = 0x04


def param_names(code):
    """The parameters in the order compiled code takes them: the positional ones, `*args` (one
    tuple), the keyword-only ones."""
    positional = list(code.co_varnames[: code.co_argcount])
    keyword_only = list(code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
    varargs = [code.co_varnames[code.co_argcount + code.co_kwonlyargcount]] if code.co_flags & _CO_VARARGS else []
    return positional + varargs + keyword_only


def _own_name(dispatcher, name):
    """The dispatcher itself where the function calls itself by a name not bound yet: compiled at
    decoration for an explicit signature, `fib` is not yet the global (or cell) it is about to become."""
    return dispatcher if name == dispatcher.py_func.__code__.co_name else None


def _module_members(prefix, module, names, function_index, frozen, depth=0):
    """The globals `"m.a"` (and `"m.a.b"`) for the members of module global `m` that the code
    names (`typed.List`, `hasten.typed.Dict`, `mylib.jitted_helper`), which the front end reads
    as globals of their own; the modules it knows itself (`math`, `numpy`...) are left to it."""
    found = {}
    known = module in (math, cmath, operator, *_STDLIB) or module.__name__.partition(".")[0] == "numpy"
    if depth > 1 or known:
        return found
    for attr in names:
        member = getattr(module, attr, None)
        if member is None:
            continue
        value = _global_value(member, function_index, frozen)
        if value[0] != "opaque":
            found[f"{prefix}.{attr}"] = value
        if isinstance(member, types.ModuleType):
            found.update(_module_members(f"{prefix}.{attr}", member, names, function_index, frozen, depth + 1))
    return found


def _attribute_owners(code, bound):
    """For each identifier among the code's string constants, the classes and globals that have an
    attribute of that name, as `hasattr` finds it on an instance (`"hasattr:name"`: a tuple of
    `"int"`, `"ndarray"`, `"np.float64"`..., `"global:np"`): what `hasattr(x, "name")` and
    `getattr(x, "name", default)` decide from `x`'s type at compile time."""
    import numpy as np

    instances = {"bool": False, "int": 0, "float": 0.0, "complex": 0j, "str": "", "tuple": (), "list": [],
                 "dict": {}, "set": set(), "ndarray": np.empty(0)}
    for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
              np.float32, np.float64, np.complex64, np.complex128):
        instances[f"np.{np.dtype(t).name}"] = t(0)
    instances.update((f"global:{name}", value) for name, value in bound.items())
    found = {}
    for attr in _string_constants(code):
        if not attr.isidentifier():
            continue
        owners = []
        for key, value in instances.items():
            try:
                if hasattr(value, attr):
                    owners.append(key)
            except Exception:  # a property that raises something other than AttributeError
                pass
        found[f"hasattr:{attr}"] = ("tuple", [("str", key) for key in owners])
    return found


def _string_constants(code):
    """The string constants of the code and of the code nested in it."""
    out = set()
    for const in code.co_consts:
        if isinstance(const, str):
            out.add(const)
        elif hasattr(const, "co_consts"):
            out |= _string_constants(const)
    return out


def _names(code):
    """Names the function may read as globals or closure variables, nested code included (inner
    functions and lambdas at any depth)."""
    names = set(code.co_names) | set(code.co_freevars)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names(const)
    return names


def _def_lines(func):
    """The lines of `func`'s definition, decorators included, and its first line number, taken from
    the file by indentation (None without the file's lines); `_source` checks that they parse. This
    avoids `inspect.getsourcelines`, whose tokenizer costs several milliseconds on its first use."""
    import linecache

    code = func.__code__
    lines = linecache.getlines(code.co_filename, func.__globals__)
    start = code.co_firstlineno
    if not lines or start > len(lines):
        return None, start
    first = lines[start - 1]
    indent = len(first) - len(first.lstrip(" \t"))
    end = start - 1
    while end < len(lines) and not lines[end].lstrip(" \t").startswith("def "):
        end += 1
    end += 1
    while end < len(lines):
        line = lines[end]
        text = line.strip()
        if text and not text.startswith("#") and len(line) - len(line.lstrip(" \t")) <= indent:
            if not text.startswith((")", "]", "}")):
                break
        end += 1
    while not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#"):
        end -= 1
    return lines[start - 1 : end], start


def _source(func):
    """The dedented `def` statement without decorators, its line in the file and the indent removed."""
    import ast
    import inspect

    code = func.__code__
    if code.co_name == "<lambda>":
        return _lambda_source(func)
    lines, start = _def_lines(func)
    try:
        parsed = _parse_def(lines) if lines is not None else None
    except SyntaxError:  # a block the indentation cut wrongly: `inspect` finds it
        parsed = None
    if parsed is None:
        try:
            lines, start = inspect.getsourcelines(func)
        except (OSError, TypeError) as e:
            raise UnsupportedError(
                f"the source of {func.__qualname__}() is unavailable ({e}); hasten compiles from source, "
                "so functions made by exec() or typed at the interactive prompt cannot be compiled"
            ) from None
        try:
            parsed = _parse_def(lines)
        except SyntaxError as e:
            raise UnsupportedError(f"cannot parse the source of {func.__qualname__}(): {e}") from None
    node, dedented, indent = parsed
    if not isinstance(node, ast.FunctionDef):
        raise UnsupportedError(f"{func.__qualname__}() is not a plain `def` function")
    # The file changed since Python compiled the function: compiling the text now there would
    # run other code than Python's own function.
    a = node.args
    params = [p.arg for p in a.posonlyargs + a.args] + ([a.vararg.arg] if a.vararg else []) + [p.arg for p in a.kwonlyargs]
    if node.name != code.co_name or params != param_names(code):
        raise UnsupportedError(
            f"the source of {func.__qualname__}() changed after it was imported: line {start} of {code.co_filename} "
            f"now defines {node.name}({', '.join(params)}); hasten compiles the function's source, so reload the module"
        )
    body = dedented[node.lineno - 1 : node.end_lineno]
    return "".join(body), start + node.lineno - 1, indent


def _lambda_source(func):
    """The text of a lambda (an overload's implementation), parenthesised where it spans lines, its
    line and the columns before it: the lambda with its parameters that starts on its first line."""
    import ast
    import linecache

    code = func.__code__
    lines = linecache.getlines(code.co_filename, func.__globals__)
    start = code.co_firstlineno
    for end in range(start, min(len(lines), start + 50) + 1):
        chunk = lines[start - 1 : end]
        indent = len(chunk[0]) - len(chunk[0].lstrip(" \t"))
        text = "".join(line[indent:] if line[:indent].isspace() else line.lstrip(" \t") for line in chunk)
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        params = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        found = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Lambda) and node.lineno == 1 and tuple(a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs) == params
        ]
        if len(found) > 1:  # several lambdas of these parameters on the line: the one of this code
            same = [n for n in found if compile(ast.get_source_segment(text, n), "<lambda>", "eval").co_consts[0].co_code == code.co_code]
            found = same if len(same) == 1 else []
        if len(found) == 1:
            segment = ast.get_source_segment(text, found[0])
            if "\n" in segment:
                return f"({segment})", start, max(indent + found[0].col_offset - 1, 0)
            return segment, start, indent + found[0].col_offset
        break
    raise UnsupportedError(
        f"the source of the lambda at {code.co_filename}:{start} is unavailable or ambiguous; "
        "define the implementation with `def`"
    )


def _parse_def(lines):
    """(the first statement, the dedented lines, the indent removed) of a definition's lines, or
    SyntaxError."""
    import ast

    first = lines[0]
    indent = len(first) - len(first.lstrip(" \t"))
    prefix = first[:indent]
    dedented = [line[indent:] if line.startswith(prefix) else line for line in lines]
    return ast.parse("".join(dedented)).body[0], dedented, indent


def _global_value(value, function_index, frozen):
    """A Python value -> the tagged tuple the native side turns into a `GlobalValue`."""
    if isinstance(value, bool):
        return ("bool", value)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, (np.generic, np.dtype)):
        described = _numpy_constant(np, value)
        if described is not None:
            return described
    if isinstance(value, int) and not (np is not None and isinstance(value, np.generic)):
        if _INT_MIN <= value <= _INT_MAX:
            return ("int", int(value))
        return ("opaque", "int (outside the 64-bit range)")
    if isinstance(value, float) and type(value).__module__ != "numpy":
        return ("float", float(value))
    if type(value) is complex:
        return ("complex", value.real, value.imag)
    if value is None:
        return ("none",)
    if value is Ellipsis:
        return ("ellipsis",)
    if isinstance(value, str):
        return ("str", str(value))
    if type(value) is slice:
        return ("slice", [_global_value(v, function_index, frozen) for v in (value.start, value.stop, value.step)])
    if isinstance(value, tuple):
        items = [_global_value(v, function_index, frozen) for v in value]
        if _is_namedtuple_class(type(value)):
            return ("namedinstance", type(value), items)
        return ("tuple", items)
    if _is_namedtuple_class(value):
        defaults = value._field_defaults
        named = [defaults[f] for f in value._fields if f in defaults]
        return ("namedtuple", value, [_global_value(v, function_index, frozen) for v in named])
    overloaded = _overload.lookup(value)
    if overloaded is not None:
        return ("overload", overloaded.key, _numpy_name(np, value) if np is not None else None)
    if isinstance(value, Dispatcher):
        return ("function", function_index(value))
    # Objects that compiled code calls through a jitted function of their own: `vectorize`
    # ufuncs, `register_jitable` functions.
    callee = getattr(type(value), "_hasten_callee", None)
    if callee is not None:
        return ("function", function_index(callee(value)))
    if value is math:
        return ("math",)
    if value is cmath:
        return ("cmath",)
    if value is operator:
        return ("operator",)
    if any(value is m for m in _STDLIB):
        return ("stdlib", value.__name__)
    builtin = builtin_function_name(value)
    if builtin is not None:
        return ("builtinfn", builtin)
    if _is_prange(value):
        return ("prange",)
    if isinstance(value, type) and issubclass(value, BaseException):
        if getattr(builtins, value.__name__, None) is value:
            return ("exception", value.__name__)
        return ("userexception", _exception_key(value), [_exception_key(c) for c in value.__mro__[:-1]])
    name = getattr(value, "__name__", None)
    if isinstance(name, str) and getattr(math, name, None) is value:
        return ("mathfn", name)
    if isinstance(name, str) and getattr(cmath, name, None) is value:
        return ("cmathfn", name)
    for module in (heapq, bisect):
        if isinstance(name, str) and getattr(module, name, None) is value:
            return ("stdlibfn", (module.__name__, name))
    # `random.random` is a method of the module's hidden `Random` instance.
    if isinstance(name, str) and getattr(pyrandom, name, None) == value and getattr(value, "__self__", None) is pyrandom._inst:
        return ("stdlibfn", ("random", name))
    if np is not None:
        if value is np:
            return ("numpy",)
        random = sys.modules.get("numpy.random")
        if random is not None:
            if value is random:
                return ("numpyrandom",)
            if isinstance(name, str) and getattr(random, name, None) is value:
                return ("randomfn", name)
        linalg = sys.modules.get("numpy.linalg")
        if linalg is not None:
            if value is linalg:
                return ("numpylinalg",)
            if isinstance(name, str) and getattr(linalg, name, None) is value:
                return ("linalgfn", name)
        if isinstance(value, type) and issubclass(value, np.generic):
            dtype = np.dtype(value)
            if (dtype.kind in "biuf" or dtype in (np.complex64, np.complex128)) and dtype.isnative:
                return ("dtype", dtype.name)
            return ("opaque", value.__name__)
        if type(value) is np.ndarray:
            return _frozen_array(np, value, frozen)
        np_name = _numpy_name(np, value)
        if np_name is not None:
            return ("numpyfn", np_name)
        sub_name = _numpy_submodule_name(value)
        if sub_name is not None:
            return ("numpyfn", sub_name)
    if isinstance(value, types.FunctionType):
        return ("pyfunction", value.__qualname__)
    if isinstance(value, type) and value.__module__ == "hasten.typed" and value.__name__ in ("List", "Dict"):
        return ("typedclass", value.__name__ == "Dict")
    item_type = _item_type_text(value)
    if item_type is not None:
        return ("itemtype", item_type)
    if isinstance(value, types.ModuleType) and value.__name__ in ("hasten.types", "numba.types", "numba.core.types"):
        named = [(n, t.text) for n, t in _types.TYPES.items() if isinstance(t, _types.Scalar)]
        return ("typesmodule", sorted(named + [("unicode_type", _types.unicode_type.text)]))
    return ("opaque", type(value).__name__)


def _numpy_constant(np, value):
    """A NumPy scalar as `("npscalar", dtype name, its value as a Python number)`, a dtype object
    as `("dtype", name)`; None for the others (NumPy scalar classes are handled later)."""
    dtype = value if isinstance(value, np.dtype) else value.dtype
    names = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64",
             "complex64", "complex128")
    if dtype.name not in names or not dtype.isnative:
        return ("opaque", type(value).__name__)
    if isinstance(value, np.dtype):
        return ("dtype", dtype.name)
    if dtype.kind == "b":
        return ("npscalar", dtype.name, ("bool", bool(value)))
    if dtype.kind in "iu":
        if not _INT_MIN <= int(value) <= _INT_MAX:
            return ("opaque", f"{dtype.name} (outside the int64 range)")
        return ("npscalar", dtype.name, ("int", int(value)))
    if dtype.kind == "f":
        return ("npscalar", dtype.name, ("float", float(value)))
    return ("npscalar", dtype.name, ("complex", float(value.real), float(value.imag)))


def _is_namedtuple_class(value):
    """Whether `value` is a class made by `collections.namedtuple` or `typing.NamedTuple`."""
    return (
        isinstance(value, type)
        and issubclass(value, tuple)
        and value is not tuple
        and isinstance(getattr(value, "_fields", None), tuple)
        and all(isinstance(f, str) for f in value._fields)
        and isinstance(getattr(value, "_field_defaults", None), dict)
    )


def _item_type_text(value):
    """The hasten type text of a type object a typed container's items may have (hasten's
    `types.float64`, `types.unicode_type`, `types.float64[:]`, numba's), or None."""
    if isinstance(value, (_types.Scalar, _types.UnicodeType, _types.Array)):
        return value.text
    if type(value).__module__.startswith("numba.core.types"):
        if str(value) == "unicode_type":
            return _types.unicode_type.text
        t = _types.TYPES.get(str(value))
        if isinstance(t, _types.Scalar):
            return t.text
        if str(value).startswith("array("):
            try:
                return _types.text_of(value, "a type object")
            except TypeError:
                return None
    return None


# The builtin and `operator` functions compiled code takes as function values (hasten_typeck's
# `functions.rs` turns a call of one into the operation).
_OPERATORS = (
    "add sub mul truediv floordiv mod pow and_ or_ xor lshift rshift lt le gt ge eq ne "
    "neg pos invert inv not_ abs getitem "
    # The library's (`library/operators.py`), called rather than held as values.
    "iadd isub imul itruediv ifloordiv imod ipow iand ior ixor ilshift irshift contains matmul truth concat"
).split()
_BUILTIN_FUNCTIONS = {id(getattr(operator, n)): f"operator.{n}" for n in _OPERATORS}
_BUILTIN_FUNCTIONS.update({id(f): f.__name__ for f in (abs, min, max)})


def builtin_function_name(value):
    """`"operator.add"`, `"min"`...: the name of a builtin function compiled code takes as a value."""
    name = _BUILTIN_FUNCTIONS.get(id(value))
    if name is None:
        return None
    module, _, attr = name.rpartition(".")
    return name if getattr(operator if module else builtins, attr, None) is value else None


def _frozen_array(np, value, frozen):
    supported = (value.dtype.kind in "biuf" and value.dtype.itemsize <= 8) or value.dtype == np.complex128
    if not supported or not value.dtype.isnative:
        return ("opaque", f"ndarray of dtype {value.dtype}")
    copy = np.array(value, copy=True, order="C")
    copy.flags.writeable = False
    frozen.append(copy)
    # The copy's contents are part of the description, so that the keys of `cache=True` entries
    # (which hold these addresses) differ whenever the data does.
    digest = hashlib.sha256(copy.tobytes()).hexdigest()
    return ("array", copy.ctypes.data, id(copy), copy.dtype.name, list(copy.shape), list(copy.strides), digest)


def _is_prange(value):
    if value is prange:
        return True
    numba = sys.modules.get("numba")
    return numba is not None and getattr(numba, "prange", None) is value


_numpy_names = None


# NumPy's submodules whose functions compiled code has (the front end's `library::MODULES`).
_NUMPY_SUBMODULES = ("polynomial", "polynomial.polynomial", "polynomial.polyutils", "lib", "lib.stride_tricks")


def _numpy_submodule_name(value):
    """`value`'s dotted name under numpy, if it is one of those submodules or a function of one."""
    name = getattr(value, "__name__", None)
    for sub in _NUMPY_SUBMODULES:
        module = sys.modules.get("numpy." + sub)
        if module is None:
            continue
        if value is module:
            return sub
        if isinstance(name, str) and callable(value) and getattr(module, name, None) is value:
            return f"{sub}.{name}"
    return None


def _numpy_name(np, value):
    """The name of a function of NumPy's top-level namespace (`from numpy import zeros`)."""
    global _numpy_names
    if not callable(value):
        return None
    name = getattr(value, "__name__", None)
    if isinstance(name, str) and getattr(np, name, None) is value:
        return name
    if _numpy_names is None:
        _numpy_names = {id(v): k for k, v in vars(np).items() if callable(v) and not isinstance(v, type)}
    name = _numpy_names.get(id(value))
    return name if name is not None and getattr(np, name, None) is value else None
