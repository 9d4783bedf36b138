"""`cache=True`: where compiled code is kept on disk, and the key of each entry.

The native side (crates/hasten-python/src/cache.rs) calls `load` before compiling a specialisation
of a cached function and `store` after. An entry's file name depends on the function, the argument
types and the CPU only, so a recompiled entry (after its source or a global changed) replaces the
stale one; the full key, checked in the entry's header, covers everything the code depends on:
hasten's build, the sources, frozen globals and options of every function in the program, the
argument types and the ISA flags Cranelift used.

Directory: `HASTEN_CACHE_DIR` if set (like `NUMBA_CACHE_DIR`), else `__pycache__` beside the source
file, else (a read-only install, or a function whose source is not a file) a per-user cache
directory. Writes go to a temporary file renamed over the entry, so readers never see a partial
entry and two processes writing the same entry are safe.
"""

import hashlib
import os
import sys
import tempfile

from hasten import _core, _simd

_build_id = None


def _build():
    """hasten's version and the identity of the native module that compiled the code."""
    global _build_id
    if _build_id is None:
        import hasten

        st = os.stat(_core.__file__)
        _build_id = f"{hasten.__version__}|{st.st_size}|{st.st_mtime_ns}"
    return _build_id


def _user_dir():
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "hasten")


def _directories(filename):
    """Where entries of functions defined in `filename` live, in the order they are tried."""
    path = os.path.abspath(filename)
    tag = hashlib.sha256(path.encode()).hexdigest()[:12]
    subdir = f"{os.path.splitext(os.path.basename(path))[0]}-{tag}"
    override = os.environ.get("HASTEN_CACHE_DIR")
    if override:
        return [os.path.join(override, subdir)]
    dirs = []
    if os.path.isfile(path):
        dirs.append(os.path.join(os.path.dirname(path), "__pycache__"))
    dirs.append(os.path.join(_user_dir(), subdir))
    return dirs


def _entry_name(dispatcher, signature, isa):
    func = dispatcher.py_func
    # Not `re`: compiling a pattern would cost a cached first call a third of its time.
    name = "".join(c if c.isascii() and (c.isalnum() or c in "_.-") else "_" for c in func.__qualname__)
    where = hashlib.sha256(f"{func.__module__}|{signature}|{isa}|{sys.implementation.cache_tag}".encode()).hexdigest()[:20]
    return f"{name}-{where}.hastenc"


def _key(dispatcher, signature, isa):
    program = dispatcher.__dict__["_hasten_program_key"]
    return hashlib.sha256(f"{_build()}|{program}|{signature}|{isa}".encode()).hexdigest()


def load(dispatcher, signature, isa):
    """(key, the entry's bytes or None): the first entry found; the native side checks it."""
    _simd.ensure()
    key = _key(dispatcher, signature, isa)
    name = _entry_name(dispatcher, signature, isa)
    # `store` gets the key only: remember which file it names.
    dispatcher.__dict__.setdefault("_hasten_entry_names", {})[key] = name
    for d in _directories(dispatcher.py_func.__code__.co_filename):
        try:
            with open(os.path.join(d, name), "rb") as f:
                return key, f.read()
        except OSError:
            continue
    return key, None


def store(dispatcher, key, blob):
    """Writes the entry into the first writable directory; False, with a warning, when none is."""
    name = dispatcher.__dict__["_hasten_entry_names"][key]
    dirs = _directories(dispatcher.py_func.__code__.co_filename)
    for d in dirs:
        try:
            os.makedirs(d, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{name}.", suffix=".tmp")
        except OSError:
            continue
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, os.path.join(d, name))
            return True
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    import warnings

    warnings.warn(
        f"hasten: cannot cache {dispatcher.py_func.__qualname__}(): no writable cache directory "
        f"({', '.join(dirs)}); it was compiled and runs, uncached. Set HASTEN_CACHE_DIR to cache it.",
        RuntimeWarning,
        stacklevel=3,
    )
    return False

