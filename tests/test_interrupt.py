"""Ctrl-C in compiled code (runtime interrupt.rs): a SIGINT sent to a process that is inside a long
compiled loop raises KeyboardInterrupt there, in `for`, `while` and `prange` loops, caught or not by
compiled code; none is lost, none is raised twice. Each test drives a child process and signals it
many times."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

CHILD = textwrap.dedent(
    """
    import signal, sys
    import numpy as np
    from hasten import njit, prange

    @njit
    def spin_for(n):
        s = 0.0
        for i in range(n):
            s += (i % 7) * 0.5
        return s

    @njit
    def spin_while(n):
        i = 0
        s = 0
        while i < n:
            s += i & 3
            i += 1
        return s

    @njit(parallel=True)
    def spin_prange(n):
        s = 0.0
        for i in prange(n):
            s += (i % 7) * 0.5
        return s

    @njit
    def spin_caught(n):
        try:
            return spin_for(n)
        except KeyboardInterrupt:
            return -1.0

    kind, reps = sys.argv[1], int(sys.argv[2])
    if kind == "replaced":
        # Python's signal.signal puts its own C handler back; hasten's goes in front again
        signal.signal(signal.SIGINT, signal.default_int_handler)
        kind = "for"
    f = {"for": spin_for, "while": spin_while, "prange": spin_prange, "caught": spin_caught}[kind]
    f(10)
    for _ in range(reps):
        print("ready", flush=True)
        try:
            r = f(10**14)
            sys.stdin.readline()  # a second KeyboardInterrupt would land here
            print("returned", r, flush=True)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    print("done", f(1000), flush=True)
    """
)


def drive(tmp_path, kind, reps, expect):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    # A runner that started the suite in the background may ignore SIGINT, which the child would
    # inherit (Python then installs no handler at all): the child starts with the default one.
    p = subprocess.Popen([sys.executable, str(script), kind, str(reps)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    latencies = []
    # A lost interrupt leaves the child in its 10**14-iteration loop: fail instead of hanging.
    watchdog = threading.Timer(120, p.kill)
    watchdog.start()
    try:
        for _ in range(reps):
            assert p.stdout.readline().strip() == "ready"
            time.sleep(0.05)
            t = time.perf_counter()
            p.send_signal(signal.SIGINT)
            if expect.startswith("returned"):
                p.stdin.write("\n")
                p.stdin.flush()
            line = p.stdout.readline().strip()
            latencies.append(time.perf_counter() - t)
            assert line == expect
        assert p.stdout.readline().startswith("done")
        assert p.wait(30) == 0
    finally:
        watchdog.cancel()
        p.kill()
    return max(latencies)


@pytest.mark.parametrize("kind", ["for", "while", "prange", "replaced"])
def test_ctrl_c_interrupts_long_loops(tmp_path, kind):
    worst = drive(tmp_path, kind, 12, "interrupted")
    # 100 ms on an idle machine; the bound leaves room for a loaded CI runner
    assert worst < 2.0


def test_compiled_code_catches_keyboard_interrupt_once(tmp_path):
    drive(tmp_path, "caught", 8, "returned -1.0")
