"""pytest plugin for scripts/numba_suite.py: numba's `jit`/`njit` become hasten's before numba's test
modules import them, and each test's outcome is appended as one JSON line to $HASTEN_NUMBA_SUITE_LOG."""

import builtins
import itertools
import json
import linecache
import os

import numba
import numba.core.decorators
import numba.tests.support

import hasten

# numba options that hasten also understands; the rest (nopython=, forceobj=, looplift=, ...) are dropped
_KEEP = {"cache", "fastmath", "parallel", "nogil", "boundscheck", "error_model"}


def _is_signature(value):
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(s, str) for s in value)


def njit(*args, **kws):
    kws = {k: v for k, v in kws.items() if k in _KEEP}
    if args and callable(args[0]) and not hasattr(args[0], "return_type"):
        return hasten.njit(args[0], **kws)
    if args and _is_signature(args[0]):
        try:
            return hasten.njit(args[0], **kws)
        except Exception:
            pass
    # numba type objects as signatures: hasten compiles for the argument types of each call instead
    return hasten.njit(**kws)


# numba's tests make many functions with exec() of a source string, which leaves no source for
# hasten (it compiles from source): here each such string is kept in linecache under a name of its own.
_exec = builtins.exec
_count = itertools.count()


def _exec_with_source(code, *args, **kws):
    if isinstance(code, str):
        filename = f"<numba-test-exec-{next(_count)}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        code = compile(code, filename, "exec")
    return _exec(code, *args, **kws)


def _compile_function(name, code, globs):
    namespace = {}
    _exec_with_source(code.rstrip() + "\n", globs, namespace)
    return namespace[name]


builtins.exec = _exec_with_source
numba.tests.support.compile_function = _compile_function
numba.njit = numba.jit = njit
numba.core.decorators.njit = numba.core.decorators.jit = njit


def pytest_runtest_logreport(report):
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    reason = ""
    if report.failed and report.longrepr is not None:
        crash = getattr(report.longrepr, "reprcrash", None)
        reason = crash.message if crash is not None else str(report.longrepr)
        reason = reason.strip().splitlines()[0][:240] if reason.strip() else ""
    line = {"test": report.nodeid, "outcome": report.outcome, "reason": reason}
    with open(os.environ["HASTEN_NUMBA_SUITE_LOG"], "a") as log:
        log.write(json.dumps(line) + "\n")
