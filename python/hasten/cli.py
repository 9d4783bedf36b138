"""The `hasten` command.

    hasten bench seeds [--quick] [--only NAME ...] [--out DIR]   built-in seed suite
    hasten bench FILE.py [--out DIR]                              variants declared in FILE's BENCH dict
    hasten profile SCRIPT.py [ARGS ...]                           cProfile + "does hasten compile it?"

Heavy modules (numpy, hasten.bench) are imported only by the subcommand that needs them.
"""

import argparse
import os
import sys


def _bench(ns):
    if ns.target == "seeds":
        from hasten.bench import seeds

        seeds.run(quick=ns.quick, only=ns.only, out=ns.out)
        print(f"JSON{' and PNG' if _has_matplotlib() else ''} written to {ns.out}")
        return 0
    from hasten.bench import run_file

    if not os.path.isfile(ns.target):
        print(f"hasten bench: no such file {ns.target!r} (or use 'seeds')", file=sys.stderr)
        return 2
    res = run_file(ns.target)
    print(res.table())
    os.makedirs(ns.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(ns.target))[0]
    res.save_json(os.path.join(ns.out, f"{stem}.json"))
    try:
        res.plot(os.path.join(ns.out, f"{stem}.png"))
    except ImportError as exc:
        print(f"note: {exc}")
    return 0 if res.all_equal else 1


def _has_matplotlib():
    try:
        import matplotlib  # noqa: F401

        return True
    except ImportError:
        return False


def _profile(ns):
    from hasten.profile import profile_script

    return profile_script(ns.script, ns.args, top=ns.top)


def main(argv=None):
    p = argparse.ArgumentParser(prog="hasten", description="hasten JIT compiler tools")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bench", help="time and cross-check variants")
    b.add_argument("target", help="'seeds' for the built-in suite, or a FILE.py defining BENCH")
    b.add_argument("--quick", action="store_true", help="small sizes, few repeats (< 1 min)")
    b.add_argument("--only", nargs="+", metavar="NAME", help="run only these seed tables")
    b.add_argument("--out", default="hasten-bench-out", help="directory for JSON and PNG")
    b.set_defaults(func=_bench)
    pr = sub.add_parser("profile", help="cProfile a script and try hasten on its functions")
    pr.add_argument("--top", type=int, default=15, help="rows of the cProfile listing")
    pr.add_argument("script")
    pr.add_argument("args", nargs=argparse.REMAINDER)
    pr.set_defaults(func=_profile)
    ns = p.parse_args(argv)
    try:
        return ns.func(ns)
    except ValueError as exc:
        print(f"hasten {ns.cmd}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
