"""numba's extension API, the part libraries use to make plain functions callable from compiled code.

`register_jitable(func)` leaves `func` a plain Python function for Python callers and makes compiled
code that calls it compile it (as numba does). `overload(func)` registers a typing function: when
compiled code calls `func`, it is called with the argument types (`hasten.types` objects) and
returns the implementation for them, or None where it does not apply (`hasten._overload`).
"""

import functools

from hasten import _overload, _types
from hasten._decorators import njit

__all__ = ["overload", "overload_method", "register_jitable"]


class _Jitable:
    """A plain function that compiled code calls compiled."""

    def __init__(self, func, options):
        functools.update_wrapper(self, func)
        self.py_func = func
        self._options = options
        self._jitted = None

    def __call__(self, *args, **kwargs):
        return self.py_func(*args, **kwargs)

    def __repr__(self):
        return f"<register_jitable {self.py_func.__qualname__}>"

    def _hasten_callee(self):
        if self._jitted is None:
            self._jitted = njit(self.py_func, **self._options)
        return self._jitted


def register_jitable(*args, **kws):
    """`@register_jitable` or `@register_jitable(**njit options)`."""
    if len(args) == 1 and callable(args[0]) and not kws:
        return _Jitable(args[0], {})
    if args:
        raise TypeError("register_jitable() takes a function or njit's keyword options")
    return lambda func: _Jitable(func, kws)


def _options(what, jit_options, inline, target, kwargs):
    if target != "cpu" or kwargs:
        raise TypeError(f"{what}(): unsupported option(s) {sorted(kwargs) or [f'target={target!r}']}")
    if inline not in ("never", "always"):
        raise TypeError(f"{what}(): inline must be 'never' or 'always'")
    options = dict(jit_options or {})
    if inline == "always":
        options["inline"] = "always"
    return options


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False, target="cpu", **kwargs):
    """`@overload(func)`: the decorated typing function chooses `func`'s implementation in compiled
    code. `jit_options` are njit's options for the implementations; `inline='always'` is njit's.
    `strict` and `prefer_literal` are accepted with nothing to do (hasten passes no literal types)."""
    if not callable(func):
        raise TypeError(f"overload() takes the function to overload, not {func!r}")
    options = _options("overload", jit_options, inline, target, kwargs)

    def decorate(typer):
        _overload.register(func, typer, options)
        return typer

    return decorate


def overload_method(typ, attr, jit_options=None, strict=True, inline="never", prefer_literal=False, target="cpu", **kwargs):
    """`@overload_method(types.Array, "name")`: `x.name(...)` in compiled code, for receivers whose
    type is an instance of `typ`, where hasten has no method of that name itself; the typing
    function and the implementation take the receiver first."""
    if not (isinstance(typ, type) and issubclass(typ, _types.Type)):
        raise TypeError(f"overload_method() takes a class of hasten.types (types.Array, ...), not {typ!r}")
    if not (isinstance(attr, str) and attr.isidentifier()):
        raise TypeError(f"overload_method() takes a method name, not {attr!r}")
    options = _options("overload_method", jit_options, inline, target, kwargs)

    def decorate(typer):
        _overload.register_method(typ, attr, typer, options)
        return typer

    return decorate
