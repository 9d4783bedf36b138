"""Differential fuzzer: `python -m tests.fuzz --seconds N [--seed S]` from the repository root.

Generates programs (`gen.py`), runs each under CPython and hasten in a worker process
(`worker.py`, `runner.py`), shrinks every disagreement or crash (`shrink.py`) and prints minimal
repros. Exits 1 if anything failed."""

import argparse
import ast
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

from .gen import program
from .shrink import shrink

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _forward(out, lines):
    """Puts each line of `out` on the queue `lines`, then "" at its end."""
    for line in out:
        lines.put(line)
    lines.put("")


class Worker:
    """A `tests.fuzz.worker` process; a crash or a hang is an outcome, and the next job gets a new one.

    Only hasten's runs count against `timeout` (a hang); the CPython reference runs under a type
    tracer that can make a program that takes a second take a minute, so they get `ref_timeout`,
    and a reference that outlasts it is a skip, not a hang of hasten's."""

    def __init__(self, timeout, ref_timeout=60):
        self.timeout, self.ref_timeout, self.proc, self.jobs = timeout, ref_timeout, None, 0

    def _start(self):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.fuzz.worker"], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.err, text=True, bufsize=1)
        self.jobs = 0
        # Lines come from a thread: a phase line and the outcome may arrive in one read, which a
        # `select` on the pipe would not see again once the first line is buffered.
        self.lines = queue.Queue()
        threading.Thread(target=_forward, args=(self.proc.stdout, self.lines), daemon=True).start()

    def run(self, src, inputs, only=None):
        if self.proc is None or self.jobs >= 300:  # a fresh process now and then bounds its memory
            self.close()
            self._start()
        self.jobs += 1
        self.proc.stdin.write(json.dumps({"src": src, "inputs": inputs, "only": only, "tag": f"j{self.jobs}"}) + "\n")
        self.proc.stdin.flush()
        limit = self.ref_timeout
        while True:
            try:
                line = self.lines.get(timeout=limit)
            except queue.Empty:
                line = ""
            if not line:
                break
            out = json.loads(line)
            if isinstance(out, list):
                return tuple(out)
            limit = self.timeout if out == "jit" else self.ref_timeout
        hung = self.proc.poll() is None
        self.proc.kill()
        rc = self.proc.wait()
        self.err.seek(0)
        tail = self.err.read().decode(errors="replace")[-2000:]
        self.proc = None
        if hung and limit == self.ref_timeout:
            return ("skip", "slow-reference", f"CPython's traced reference run took over {limit} s", only)
        if hung:
            return ("fail", "hang", f"no answer in {self.timeout} s", only)
        return ("fail", f"crash:{rc}", f"worker died with status {rc}\n{tail}", only)

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def _message_class(msg):
    """A skip message without its particulars, for counting."""
    msg = re.sub(r"error\[\w+\]: ", "", msg)
    return re.sub(r"'[^']*'|\d+", "…", msg)[:110]


def minimize(worker, src, inputs, index, kind):
    """The failure shrunk to a minimal program failing the same way on the same input."""
    last = {}

    def still_fails(cand):
        out = worker.run(cand, inputs, index)
        if out[0] == "fail" and out[1] == kind:
            last[cand] = out
            return True
        return False

    src = ast.unparse(ast.parse(src))
    if not still_fails(src):  # flaky: keep the program as it is
        return src, ("fail", kind, "did not fail again in a fresh run", index)
    small = shrink(src, still_fails, deadline=time.monotonic() + 120)
    return small, last[small]


PROGRESS_EVERY = 600  # seconds between the progress lines of a long run


def fuzz(seconds, seed, out=sys.stdout, shrink_failures=True, count=None):
    """Run programs for `seconds` (or `count` of them first); returns (counts, skip messages, failures)."""
    # Under HASTEN_TIER=2 every program is also compiled by LLVM, which takes seconds for the
    # largest ones where Cranelift takes milliseconds: a hang is then a longer silence.
    worker = Worker(timeout=180 if os.environ.get("HASTEN_TIER") == "2" else 30)
    counts, skips, failures, seen = Counter(), Counter(), [], set()
    start = time.monotonic()
    deadline, progress = start + seconds, start + PROGRESS_EVERY
    k = 0
    try:
        while time.monotonic() < deadline and (count is None or k < count):
            if time.monotonic() >= progress:
                # A long run that is stopped early still says how far it got.
                progress += PROGRESS_EVERY
                print(f"[{k} programs in {time.monotonic() - start:.0f} s: {counts['ok']} agreed, {counts['skip']} refused, "
                      f"{counts['fail']} failed]", file=out, flush=True)
            name = f"{seed}:{k}"
            k += 1
            src = program(name)
            status, kind, detail, index = worker.run(src, name)
            counts[status] += 1
            if status == "skip":
                skips[_message_class(detail)] += 1
            if status != "fail":
                continue
            print(f"[program {name!r} failed ({kind}) on input {index}; shrinking]", file=out, flush=True)
            # A program that does not parse (a generator bug) cannot be shrunk by its syntax tree.
            shrinkable = shrink_failures and kind != "generator"
            small, (_, _, small_detail, _) = minimize(worker, src, name, index, kind) if shrinkable else (src, (0, 0, detail, 0))
            if (kind, small) in seen:
                continue
            seen.add((kind, small))
            failures.append({"program": name, "kind": kind, "input": index, "detail": small_detail, "source": small})
            print(f"\n=== FAILURE {kind} (program {name!r}, input {index})\n{small}\n--- {small_detail[:1500]}", file=out, flush=True)
    finally:
        worker.close()
    return counts, skips, failures


def report(counts, skips, failures, seconds, out=sys.stdout):
    total = sum(counts.values())
    print(f"\n{total} programs in {seconds:.0f} s: {counts['ok']} agreed, {counts['skip']} refused at compile time "
          f"({100 * counts['skip'] / max(total, 1):.1f}%), {counts['fail']} failed ({len(failures)} distinct after shrinking)", file=out)
    if skips:
        print("most common compile-time refusals:", file=out)
        for msg, c in skips.most_common(8):
            print(f"  {c:5d}  {msg}", file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", default="0")
    ap.add_argument("--count", type=int, help="stop after this many programs (within --seconds)")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--show", metavar="NAME", help="print the program NAME (e.g. 0:17) and its inputs, and exit")
    args = ap.parse_args(argv)
    if args.show:
        print(program(args.show))
        return 0
    start = time.monotonic()
    counts, skips, failures = fuzz(args.seconds, args.seed, shrink_failures=not args.no_shrink, count=args.count)
    report(counts, skips, failures, time.monotonic() - start)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
