"""Ctrl-C in compiled code (runtime `interrupt.rs`): hasten's C-level SIGINT handler sets the flag that
compiled loops poll, then runs Python's. `signal.signal` puts Python's own C handler back whenever the
SIGINT handler changes (asyncio.run does so), so the package wraps it to put hasten's in front again."""

import functools
import signal

from hasten import _core

_original = signal.signal


@functools.wraps(_original)
def _signal(signalnum, handler):
    previous = _original(signalnum, handler)
    if signalnum == signal.SIGINT:
        _core.install_interrupt_handler()
    return previous


def hook():
    signal.signal = _signal
