"""`njit` / `jit`: validate numba's decorator keywords and wrap the function in a native Dispatcher."""

import copyreg
import functools
import os
import pickle
import types

from hasten import _core, _program
from hasten._core import Dispatcher, UnsupportedError

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


def _options(nopython=True, nogil=False, cache=False, fastmath=False, boundscheck=None,
             error_model="python", parallel=False, inline="never", locals=None):
    """Decorator keywords -> Dispatcher keyword arguments; raises for what hasten cannot honour."""
    if not nopython:
        raise UnsupportedError("nopython=False: hasten has no object mode")
    if cache:
        raise UnsupportedError("cache=True is not supported yet: hasten compiles in milliseconds")
    if inline != "never":
        if inline == "always" or callable(inline):
            raise UnsupportedError(f"inline={inline!r} is not supported yet")
        raise ValueError(f"inline must be 'never' or 'always', not {inline!r}")
    if locals:
        raise UnsupportedError("locals= type declarations are not supported yet")
    if not isinstance(fastmath, bool):
        raise UnsupportedError("fastmath flag sets are not supported; use fastmath=True")
    if error_model not in ("python", "numpy"):
        raise ValueError(f"error_model must be 'python' or 'numpy', not {error_model!r}")
    return dict(
        # Parallel regions release the GIL too: their threads never touch Python objects.
        nogil=bool(nogil) or bool(parallel),
        boundscheck=boundscheck is None or bool(boundscheck),
        fastmath=fastmath,
        numpy_errors=error_model == "numpy",
        parallel=bool(parallel),
    )


def _wrap(func, options):
    if os.environ.get("HASTEN_DISABLE_JIT", "") not in ("", "0"):
        return func
    code = func.__code__
    nparams = code.co_argcount + code.co_kwonlyargcount
    params = list(code.co_varnames[:nparams])
    # Keyword-only and variadic parameters always go through signature binding.
    simple = not (code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS)) and not code.co_kwonlyargcount
    dispatcher = Dispatcher(func, params, code.co_argcount if simple else -1, **options)
    functools.update_wrapper(dispatcher, func)
    return dispatcher


def njit(*args, **kws):
    """Compile a function to native code on first call; see the module docstring for keywords.

    Forms: ``@njit``, ``@njit()``, ``@njit(nogil=True, ...)``, ``njit(func, **kws)``.
    """
    options = _options(**kws)
    if not args:
        return lambda func: _make(func, options)
    if len(args) > 1:
        raise TypeError(f"njit() takes at most one positional argument ({len(args)} given)")
    return _make(args[0], options)


def _make(func, options):
    if isinstance(func, types.FunctionType):
        return _wrap(func, options)
    if isinstance(func, (str, list, tuple)) or not callable(func):
        raise UnsupportedError(
            "explicit signatures are not supported yet; remove the signature, "
            "hasten compiles lazily per argument types"
        )
    raise TypeError(f"njit() takes a Python function, not {type(func).__name__!r}")


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
        if inspect.Parameter.VAR_POSITIONAL in kinds or inspect.Parameter.VAR_KEYWORD in kinds:
            raise UnsupportedError(
                f"{dispatcher.__name__}(): *args and **kwargs parameters are not supported yet"
            )
        dispatcher.__dict__["_hasten_signature"] = sig
    try:
        bound = sig.bind(*args, **(kwargs or {}))
    except TypeError as e:
        raise TypeError(f"{dispatcher.__name__}(): {e}") from None
    bound.apply_defaults()
    return tuple(bound.arguments.values())


_core._set_hooks(_program.build_program, _bind_args)
