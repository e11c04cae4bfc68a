"""The files a command read, so that none of them is written over.

A command's output may not be one of its inputs, ``--force`` or not.  The inputs named on
the command line are easy to list; the others are not: a parent read through ``extends``
(or ``--conforms-to``), a holiday file, a parents file, an item map.  ``gkstd resolve
child.yaml -o parent.yaml --force`` replaced the parent it had just read.  Each reader
notes the file it opens (:func:`note_read`) while a recording is on
(:func:`recording_reads`, which the command line turns on for a command); the output
check refuses any of them (:func:`was_read`).  Outside a recording nothing is kept (a
long-running service reads thousands of files).  Part of :mod:`gkstd.diagnostics`.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import stat
from collections.abc import Iterator

__all__ = ["note_read", "open_input", "read_capped", "recording_reads", "was_read"]

_READ: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("gkstd_read", default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[None]:
    """Note the files read inside the block (re-entrant: an inner block shares the outer
    one's notes)."""
    if _READ.get() is not None:
        yield
        return
    token = _READ.set(set())
    try:
        yield
    finally:
        _READ.reset(token)


def note_read(path: str | os.PathLike[str]) -> None:
    """Note that ``path`` was read (when a recording is on; its real path, links
    followed)."""
    read = _READ.get()
    if read is None:
        return
    with contextlib.suppress(OSError, ValueError):  # a name the OS cannot take: not read
        read.add(os.path.realpath(path))


def was_read(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (links followed) was read in the current recording."""
    read = _READ.get()
    if not read:
        return False
    try:
        return os.path.realpath(path) in read
    except (OSError, ValueError):
        return False


def open_input(path: str | os.PathLike[str]) -> int:
    """A descriptor of ``path`` opened for reading, never waiting: a named pipe nothing
    writes to (``mkfifo``) made ``open`` wait for ever (``gkstd validate pipe`` hung); it
    is opened without waiting and then read as any pipe (at its end at once when no one
    writes: an empty input).  A folder is :class:`IsADirectoryError` (Windows refuses to
    open one: also said so).  Raises :class:`OSError` as :func:`os.open` does."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a pipe with a writer: wait for what it writes
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (a caller seeing more than ``limit`` says
    the file is too large: ``/dev/zero`` or a 2 GB file given as a side file was read
    whole), the read noted; opened by :func:`open_input` (a pipe nothing writes to is
    empty, not a wait).  Raises :class:`OSError` as :func:`open` does."""
    with os.fdopen(open_input(path), "rb") as handle:
        data = handle.read(limit + 1)
    note_read(path)
    return data
