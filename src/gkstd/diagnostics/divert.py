"""What code gkstd does not own prints (a plugin being loaded, a rule), diverted for the
thread running it only.

A rule that calls ``print`` must not write into gkstd's output (``--format json`` on
standard output); a plugin's start-up chatter is shown on standard error with its name.
Replacing ``sys.stdout`` for the whole process would also divert what *other* threads of
an application embedding gkstd print meanwhile, and would undo a ``sys.stdout`` the
application set in the meantime.  So while any diversion is active ``sys.stdout`` is a
router: a thread inside :func:`diverted` writes to its own target, every other thread to
the stream that was ``sys.stdout`` before.  When the last diversion ends the router is
taken away again, unless the application replaced it meanwhile (its choice stays).
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["diverted"]


class _Local(threading.local):
    def __init__(self) -> None:
        self.targets: list[TextIO | None] = []


_local = _Local()
_lock = threading.Lock()
_users = 0
_host: Any = None  # sys.stdout when the first diversion began


class _Router(io.TextIOBase):
    """``sys.stdout`` while diversions are active: each thread's writes go to its target."""

    def _target(self) -> Any:
        targets = _local.targets
        if targets:
            target = targets[-1]
            if target is None:  # this thread's standard error
                return sys.stderr if sys.stderr is not None else io.StringIO()
            return target
        return _host if _host is not None else sys.__stdout__

    def write(self, text: str) -> int:
        target = self._target()
        if target is None:  # no standard output at all (pythonw)
            return len(text)
        written: int = target.write(text)
        return written

    def flush(self) -> None:
        target = self._target()
        if target is not None:
            target.flush()

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:  # encoding, errors, isatty, fileno, buffer …
        return getattr(self._target(), name)


_ROUTER = _Router()


@contextlib.contextmanager
def diverted(target: TextIO | None = None) -> Iterator[None]:
    """Send what this thread prints to ``target`` (``None``: standard error) for the
    block; other threads' output is left where it was."""
    global _users, _host
    with _lock:
        if _users == 0:
            _host = sys.stdout
            sys.stdout = _ROUTER
        _users += 1
    _local.targets.append(target)
    try:
        yield
    finally:
        _local.targets.pop()
        with _lock:
            _users -= 1
            if _users == 0:
                if sys.stdout is _ROUTER:
                    sys.stdout = _host
                _host = None
