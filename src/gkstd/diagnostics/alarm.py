"""The process's alarm (``SIGALRM`` and its interval timer), used to stop code that runs
past its time: a rule past its budget (:mod:`gkstd.rules.engine`), a plugin's loading
step past ``max_plugin_fail_seconds`` (:mod:`gkstd.plugins.loading`).

The alarm is used only where it can work and belongs to no one else: on POSIX, in the
main thread, with no interval timer of someone else's running.  Elsewhere the callers only
measure.  The handler found is put back, and the timer stopped, when the block ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["alarm_handler", "alarm_usable"]


def alarm_usable() -> bool:
    """Whether an alarm can interrupt the running code here: POSIX, the main thread, and
    no interval timer of someone else's running."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


@contextmanager
def alarm_handler(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """Run the block with ``handler`` on ``SIGALRM`` (call only when :func:`alarm_usable`);
    the block starts the timer.  On leaving, the timer is stopped and the previous
    handler put back."""
    previous = signal.signal(signal.SIGALRM, handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
