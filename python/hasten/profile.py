"""`hasten profile SCRIPT.py`: where the time goes, and which functions hasten compiles as is.

The script runs under cProfile (top functions by cumulative time are listed).  Meanwhile a
sys.settrace hook (cProfile owns sys.setprofile) records the arguments of the first call of each
function whose code lives in the script, deep-copied so later mutation does not change them.
After the run every such function is compiled with hasten.njit and called on the copies; the
report says "compiles", the first line of the error with its file:line, or "not called".
"""

import builtins
import copy
import cProfile
import io
import os
import pstats
import sys
import types


def _first_calls(script):
    """A settrace hook recording {code: args tuple} for the first call of each script function."""
    seen = {}

    def tracer(frame, event, arg):
        code = frame.f_code
        if event == "call" and code.co_filename == script and code not in seen \
                and not code.co_name.startswith("<"):
            names = code.co_varnames[: code.co_argcount]
            try:
                seen[code] = copy.deepcopy(tuple(frame.f_locals[n] for n in names))
            except Exception as exc:  # uncopyable argument: note it instead of crashing
                seen[code] = exc
        return None  # no line tracing: keeps the overhead to one callback per call

    return seen, tracer


def _why(exc):
    """First line of a hasten error plus its '--> file:line' location when it has one."""
    lines = str(exc).splitlines() or [type(exc).__name__]
    first = lines[0] if lines[0].startswith("error") else f"{type(exc).__name__}: {lines[0]}"
    loc = next((ln.strip()[4:] for ln in lines if ln.strip().startswith("-->")), None)
    return f"{first} ({loc})" if loc else first


def check_functions(script, ns, calls):
    """[(name, line, verdict)] for the plain Python functions defined at module level in script."""
    import hasten

    report = []
    for name, obj in ns.items():
        code = getattr(obj, "__code__", None)
        if code is None or code.co_filename != script:
            continue
        verdict = "not called"
        if code in calls:
            args = calls[code]
            if isinstance(args, Exception):
                verdict = f"arguments could not be copied: {args}"
            else:
                try:
                    hasten.njit(obj)(*copy.deepcopy(args))
                    verdict = "compiles"
                except BaseException as exc:  # report everything: this is a diagnostic tool
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    verdict = _why(exc)
        report.append((name, code.co_firstlineno, verdict))
    return sorted(report, key=lambda r: r[1])


def profile_script(path, argv=(), top=15, out=sys.stdout):
    script = os.path.abspath(path)
    if not os.path.isfile(script):
        print(f"hasten profile: no such file {path!r}", file=sys.stderr)
        return 2
    calls, tracer = _first_calls(script)
    prof = cProfile.Profile()
    old_argv, old_path = sys.argv, list(sys.path)
    sys.argv = [script, *argv]
    sys.path.insert(0, os.path.dirname(script))
    # a real module as __main__ (pickle, dataclasses look the script up in sys.modules)
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__builtins__ = builtins
    ns, status = vars(module), 0
    old_main = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    sys.settrace(tracer)
    prof.enable()
    try:
        # exec into a namespace we own (not runpy) so the functions survive a script that raises
        with open(script, "rb") as fh:
            code = compile(fh.read(), script, "exec")
        exec(code, ns)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"hasten profile: the script raised {type(exc).__name__}: {exc}", file=out)
        status = 1
    finally:
        prof.disable()
        sys.settrace(None)
        sys.argv, sys.path[:] = old_argv, old_path
        sys.modules["__main__"] = old_main
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    print(f"== cProfile: top {top} by cumulative time ==", file=out)
    print(buf.getvalue().strip(), file=out)
    print("\n== hasten: does each function compile as it is? ==", file=out)
    rows = check_functions(script, ns, calls)
    if not rows:
        print("(no functions defined in the script)", file=out)
    for name, line, verdict in rows:
        print(f"{os.path.basename(script)}:{line} {name}: {verdict}", file=out)
    return status
