"""`njit` / `jit`: validate numba's decorator keywords and wrap the function in a native Dispatcher."""

import copyreg
import functools
import os
import pickle
import types

from hasten import _cache, _core, _program, _tier2, _types
from hasten._core import Dispatcher, UnsupportedError

_CO_VARARGS = _program._CO_VARARGS
_CO_VARKEYWORDS = 0x08


_FASTMATH_FLAGS = {"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"}


def _fastmath(fastmath):
    """numba's `fastmath` (a bool or a set of LLVM flags) -> whether hasten may reassociate.

    hasten's only fast-math transformation is reassociating `s += ...` float sums across vector
    lanes, which 'reassoc' (or 'fast', all flags) permits; the other flags permit transformations
    hasten never makes, so code compiled under them is exact, as under fastmath=False."""
    if isinstance(fastmath, bool):
        return fastmath
    if isinstance(fastmath, (set, frozenset, list, tuple)):
        flags = set(fastmath)
        unknown = {f for f in flags if f not in _FASTMATH_FLAGS}
        if unknown:
            raise ValueError(f"Unrecognized fastmath flags: {sorted(map(str, unknown))}; known: {sorted(_FASTMATH_FLAGS)}")
        return bool(flags & {"fast", "reassoc"})
    raise ValueError(f"fastmath must be a bool or a set of flags, not {fastmath!r}")


def _locals(declared):
    if not declared:
        return []
    if not isinstance(declared, dict):
        raise TypeError(f"locals= takes a dict of variable names to types, not {type(declared).__name__}")
    return [(str(name), _types.text_of(t, f"locals= type of {name!r}")) for name, t in declared.items()]


def _options(nopython=True, nogil=False, cache=False, fastmath=False, boundscheck=None,
             error_model="python", parallel=False, inline="never", locals=None,
             no_cpython_wrapper=False, debug=False, no_rewrites=False, tier=None):
    """Decorator keywords -> Dispatcher keyword arguments; raises for what hasten cannot honour.

    `no_cpython_wrapper`, `debug` and `no_rewrites` change nothing: hasten's Python entry is the
    dispatcher itself, it emits no debug information, and it has no rewrite passes to disable.
    `tier` (hasten's own, else `HASTEN_TIER`): 'auto' (the default) promotes specialisations that
    run long to LLVM's code, 1 keeps Cranelift's code, 2 compiles with LLVM before the first call
    returns."""
    if not nopython:
        raise UnsupportedError("nopython=False: hasten has no object mode")
    if inline not in ("never", "always"):
        if callable(inline):
            raise UnsupportedError("inline= with a cost-model function is not supported; use 'always' or 'never'")
        raise ValueError(f"inline must be 'never' or 'always', not {inline!r}")
    if error_model not in ("python", "numpy"):
        raise ValueError(f"error_model must be 'python' or 'numpy', not {error_model!r}")
    return dict(
        # Parallel regions release the GIL too: their threads never touch Python objects.
        nogil=bool(nogil) or bool(parallel),
        boundscheck=boundscheck is None or bool(boundscheck),
        fastmath=_fastmath(fastmath),
        numpy_errors=error_model == "numpy",
        parallel=bool(parallel),
        cache=bool(cache),
        inline_always=inline == "always",
        locals=_locals(locals),
        tier=_tier2.mode(tier),
    )


def _wrap(func, options):
    if os.environ.get("HASTEN_DISABLE_JIT", "") not in ("", "0"):
        return func
    code = func.__code__
    params = _program.param_names(code)
    # Keyword-only and variadic parameters always go through signature binding.
    simple = not (code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS)) and not code.co_kwonlyargcount
    dispatcher = Dispatcher(func, params, code.co_argcount if simple else -1, **options)
    functools.update_wrapper(dispatcher, func)
    return dispatcher


def njit(*args, **kws):
    """Compile a function to native code on first call; see the module docstring for keywords.

    Forms: ``@njit``, ``@njit()``, ``@njit(nogil=True, ...)``, ``njit(func, **kws)``, and with
    explicit signatures ``@njit("float64(float64[:])")``, ``@njit(["f8(f8[:])", "i8(i8[:])"])``,
    ``@njit(float64(float64[:]))``: those are compiled at decoration and are then the only ones
    accepted (a call that matches none raises TypeError).
    """
    options = _options(**kws)
    if len(args) > 1:
        raise TypeError(f"njit() takes at most one positional argument ({len(args)} given)")
    if not args:
        return lambda func: _make(func, options)
    if isinstance(args[0], types.FunctionType):
        return _make(args[0], options)
    signatures = args[0] if isinstance(args[0], list) else [args[0]]
    parsed = [_types.parse_signature(s) for s in signatures]
    return lambda func: _make(func, options, parsed)


def _make(func, options, signatures=None):
    if not isinstance(func, types.FunctionType):
        raise TypeError(f"njit() takes a Python function, not {type(func).__name__!r}")
    code = func.__code__
    params = _program.param_names(code)
    for name, _ in options["locals"]:
        if name in params:
            raise UnsupportedError(
                f"locals= declares the parameter {name!r} of {func.__qualname__}(): a parameter's type is "
                "its argument's; give an explicit signature instead"
            )
        if name not in code.co_varnames:
            raise ValueError(f"locals= declares {name!r}, which is not a local variable of {func.__qualname__}()")
    dispatcher = _wrap(func, options)
    if signatures and dispatcher is not func:
        for arg_types, ret in signatures:
            compiled = dispatcher._compile_signature(arg_types)
            convert = _types.converter(ret, compiled.return_type)
            if convert is not None:
                dispatcher._set_return_conversion(arg_types, convert)
        dispatcher._freeze()
    return dispatcher


jit = njit


def _reduce_dispatcher(dispatcher):
    """Pickle a jitted function by reference, as pickle does plain functions (and as numba's
    dispatchers are shipped): the receiving process imports the module, finds the function by its
    qualified name and compiles its own machine code. Where that lookup cannot give back this
    dispatcher, pickle raises PicklingError saying so."""
    name = dispatcher.__qualname__
    # Python 3.11's pickle reports a function defined inside another as an AttributeError.
    if "<locals>" in name.split("."):
        raise pickle.PicklingError(
            f"cannot pickle jitted function {name!r}: it is defined inside a function, and jitted "
            "functions are pickled by reference to a module-level name; define it at module level"
        )
    return name


# copy.copy and copy.deepcopy read the same table and so return the dispatcher itself, as for functions.
copyreg.pickle(Dispatcher, _reduce_dispatcher)


def _bind_args(dispatcher, args, kwargs):
    """All parameters of a call with keywords or defaults, positionally, for the fast path."""
    sig = dispatcher.__dict__.get("_hasten_signature")
    if sig is None:
        import inspect

        sig = inspect.signature(dispatcher.py_func)
        kinds = {p.kind for p in sig.parameters.values()}
        if inspect.Parameter.VAR_KEYWORD in kinds:
            raise UnsupportedError(f"{dispatcher.__name__}(): **kwargs parameters are not supported yet")
        dispatcher.__dict__["_hasten_signature"] = sig
    try:
        bound = sig.bind(*args, **(kwargs or {}))
    except TypeError as e:
        raise TypeError(f"{dispatcher.__name__}(): {e}") from None
    bound.apply_defaults()
    return tuple(bound.arguments.values())


_core._set_hooks(_program.build_program, _bind_args, _cache.load, _cache.store, _tier2.promote)
