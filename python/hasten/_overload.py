"""`hasten.extending.overload`: implementations of Python and NumPy functions for compiled code,
chosen by argument types.

A compiled call of an overloaded function reaches the type checker as `Callee::Overload(key)`. The
binding asks `resolve` for each distinct tuple of argument types (`hasten-python/src/overloads.rs`):
the typing functions are called in registration order with hasten's type objects, the first
implementation one returns is jitted and added to the caller's program, and the type checker
specialises it as an ordinary callee. Results are kept per argument types, so each typing function
runs once per distinct call signature in a process.
"""

import hashlib
import inspect

from hasten import _types

# id(function) -> _Overloaded; key -> _Overloaded; method name -> _Overloaded (`overload_method`).
_BY_ID = {}
_BY_KEY = {}
_METHODS = {}


class _Overloaded:
    """A function with overloads: its typing functions and the implementations they chose."""

    def __init__(self, func, name=None, module=None):
        self.func = func
        self.name = name or getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)
        module = module or getattr(func, "__module__", None) or type(func).__module__
        # Stable across processes (the keys of `cache=True` entries include it); a second function
        # of the same name gets a counter.
        key = f"{module}.{self.name}"
        self.key = key if key not in _BY_KEY else f"{key}#{sum(k.startswith(key + '#') for k in _BY_KEY) + 2}"
        self.typers = []
        # (argument type texts, keyword names) -> jitted implementation, or the TypingError message.
        self.chosen = {}

    def add(self, typer, options):
        self.typers.append((typer, options))
        self.chosen.clear()

    def choose(self, args, kws):
        from hasten._core import Dispatcher
        from hasten._decorators import njit

        for typer, options in self.typers:
            bound = _bind(typer, args, kws)
            if bound is None:
                continue
            try:
                impl = typer(*bound.args, **bound.kwargs)
            except Refusal as e:
                return str(e)
            except Exception as e:
                return f"the typing function {typer.__qualname__}() of overload({self.name}) raised {type(e).__name__}: {e}"
            if impl is None:
                continue
            if isinstance(impl, Dispatcher):  # hasten's own typing functions (`@vectorize`) return jitted ones
                return impl
            if not inspect.isfunction(impl):
                return f"the typing function {typer.__qualname__}() of overload({self.name}) returned {impl!r}, not a function"
            return njit(impl, **options)
        sig = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kws.items()])
        return (
            f"No implementation of function {self.name}() found for signature {self.name}({sig}): "
            f"none of its {len(self.typers)} overload(s) accepts these argument types"
        )


class Refusal(Exception):
    """Raised by hasten's own typing functions: the call is an error, and this is its message."""


def _bind(typer, args, kws):
    """The typing function's arguments: the types given, `Omitted(default)` for each parameter left
    to its default (numba's convention); None where the call does not fit its signature."""
    sig = inspect.signature(typer)
    try:
        bound = sig.bind(*args, **kws)
    except TypeError:
        return None
    for name, p in sig.parameters.items():
        if name not in bound.arguments and p.default is not p.empty:
            bound.arguments[name] = _types.Omitted(p.default)
    bound.arguments = {n: bound.arguments[n] for n in sig.parameters if n in bound.arguments}
    return bound


def register(func, typer, options):
    entry = _BY_ID.get(id(func))
    if entry is None or entry.func is not func:
        entry = _Overloaded(func)
        _BY_ID[id(func)] = entry
        _BY_KEY[entry.key] = entry
    entry.add(typer, options)


def register_method(cls, attr, typer, options):
    """`overload_method(cls, attr)`: `typer(self, ...)` applies to receivers of type class `cls`."""
    import functools

    entry = _METHODS.get(attr)
    if entry is None:
        entry = _Overloaded(None, name=f".{attr}", module="<method>")
        _METHODS[attr] = entry
        _BY_KEY[entry.key] = entry

    @functools.wraps(typer)
    def for_cls(self, *args, **kws):
        return typer(self, *args, **kws) if isinstance(self, cls) else None

    entry.add(for_cls, options)


def method_globals(names):
    """The globals `".name"` describing each method registered by `overload_method` that the code
    names (`hasten-front/src/overloads.rs`)."""
    return {f".{n}": ("overload", _METHODS[n].key, None) for n in names if n in _METHODS}


def lookup(value):
    """The overloads of `value`, or None."""
    entry = _BY_ID.get(id(value))
    return entry if entry is not None and entry.func is value else None


def module_attributes(module_name, module, names, numpy):
    """The globals `"m.f"` describing each overloaded function `f` of module global `m` that the
    code names (`hasten-front/src/overloads.rs`)."""
    if not _BY_ID:
        return {}
    found = {}
    for attr in names:
        entry = lookup(getattr(module, attr, None))
        if entry is not None:
            found[f"{module_name}.{attr}"] = ("overload", entry.key, attr if module is numpy else None)
    return found


def resolve(root, key, texts, kwnames):
    """(implementation id in `root`'s program or None, the TypingError message where None, the
    descriptions this adds to the program)."""
    from hasten._program import extend_program

    entry = _BY_KEY[key]
    signature = (tuple(texts), tuple(kwnames))
    chosen = entry.chosen.get(signature)
    if chosen is None:
        types = [type_object(t) for t in texts]
        npos = len(types) - len(kwnames)
        chosen = entry.choose(types[:npos], dict(zip(kwnames, types[npos:])))
        entry.chosen[signature] = chosen
    if isinstance(chosen, str):
        ident, message, added = None, chosen, []
    else:
        (ident,), added = extend_program(root, [chosen])
        message = ""
    # The keys of `cache=True` entries cover what the overloads added to the program.
    program_key = root.__dict__["_hasten_program_key"]
    root.__dict__["_hasten_program_key"] = hashlib.sha256(repr((program_key, key, signature, ident, message, added)).encode()).hexdigest()
    return ident, message, added


def type_object(text):
    """The type object for a hasten type text (`hasten_ir::Type`'s Display)."""
    parser = _Parser(text)
    t = parser.type()
    if parser.rest.strip():
        raise ValueError(f"hasten: unexpected {parser.rest!r} after a type in {text!r}")
    return t


_NAMED = {"int": "int64", "float": "float64", "complex": "complex128", "bool": "boolean"}


class _Parser:
    def __init__(self, text):
        self.rest = text

    def eat(self, prefix):
        stripped = self.rest.lstrip()
        if stripped.startswith(prefix):
            self.rest = stripped[len(prefix) :]
            return True
        return False

    def word(self):
        stripped = self.rest.lstrip()
        end = 0
        while end < len(stripped) and (stripped[end].isalnum() or stripped[end] in "_#@<>."):
            end += 1
        self.rest = stripped[end:]
        return stripped[:end]

    def items(self):
        """Types separated by commas up to the closing parenthesis."""
        items = []
        while not self.eat(")"):
            items.append(self.type())
            self.eat(",")
        return items

    def type(self):
        if self.eat("("):
            return _types.Tuple(self.items())
        word = self.word()
        if word.startswith("np."):
            return _types.TYPES[word[3:]]
        if word in _NAMED:
            return _types.TYPES[_NAMED[word]]
        if word == "none":
            return _types.none
        if word == "str":
            return _types.unicode_type
        if word == "Generator":
            return _types.Opaque("NumPyRandomGeneratorType", "Generator")
        if not self.eat("("):
            raise ValueError(f"hasten: unknown type {word!r}")
        if word == "array":
            dtype = self.word()
            self.eat(",")
            ndim = self.word()
            self.eat(",")
            layout = self.word()
            readonly = self.eat(",") and self.word() == "readonly"
            self.eat(")")
            return _types.Array(_types.TYPES[dtype], int(ndim[:-1]), layout, readonly)
        if word in ("function", "closure"):
            depth, start = 1, self.rest
            while depth:
                c, self.rest = self.rest[0], self.rest[1:]
                depth += {"(": 1, ")": -1}.get(c, 0)
            return _types.Dispatcher(f"{word}({start[: len(start) - len(self.rest) - 1]})", "function")
        items = self.items()
        if word == "list":
            return _types.List(items[0])
        if word == "set":
            return _types.Set(items[0])
        if word == "dict":
            return _types.DictType(items[0], items[1])
        if word == "optional":
            return _types.Optional(items[0])
        raise ValueError(f"hasten: unknown type {word!r}")
