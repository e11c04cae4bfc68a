"""Reading a workbook in a child process, where python-calamine cannot take gkstd down.

python-calamine (Rust) aborts the whole process when an allocation fails, and some
malformed files make it allocate without bound or work for hours (an .xls whose
directory names a ``Workbook`` stream the scan never sees, sheets each as large as
Excel's grid, formulas whose tokens it expands quadratically, an .ods whose cells hide
behind an XML comment).  The scans before the reader (:mod:`gkstd.tables.xlsxscan`,
:mod:`gkstd.tables.xlsscan`) refuse what they can recognise; for the formats whose
structure they cannot follow completely — .xls/.et (OLE) and .ods — the read itself runs
in a forked child with an address-space cap (``max_reader_memory`` above what the
parent had) and a time limit (``max_reader_seconds``).  A child that dies or overruns is
GK601 naming the file, never a lost process.  Where ``fork`` is not available the read
runs in this process.  Part of :mod:`gkstd.tables` (used by :mod:`gkstd.tables.grid`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import selectors
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from gkstd.diagnostics import limits
from gkstd.tables.rules import UNREADABLE

__all__ = ["read_isolated"]

T = TypeVar("T")


def _address_space() -> int:
    """This process's virtual size in bytes (``VmSize``), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(write: int, read: Callable[[], Any], memory: int, seconds: int) -> None:
    """In the child: cap the address space and the CPU time (the kernel stops a child
    whose parent was killed before it could), read, write the pickled result or error."""
    from gkstd.tables.grid import TableError

    faulthandler.disable()  # a crash here is expected and reported by the parent
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 5, seconds + 10))
        if memory:
            cap = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        try:
            answer: tuple[str, Any] = ("ok", read())
        except TableError as exc:
            answer = ("table", exc.finding)
        except BaseException as exc:  # anything else the reader raised: a finding too
            answer = ("error", f"{type(exc).__name__}: {exc}"[:300])
        with os.fdopen(write, "wb") as stream:
            pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def read_isolated(read: Callable[[], T], file: str, *, message: str = "bad-workbook") -> T:
    """``read()`` in a forked child (see the module docstring); raises
    :class:`~gkstd.tables.grid.TableError` (GK601, its ``message``: ``bad-word`` for
    a Word document, whose reader's failure had been said as an Excel workbook's) when
    the child fails, dies or takes longer than ``max_reader_seconds``.  A plain ``os.fork`` (not :mod:`multiprocessing`,
    which refuses children to daemonic processes such as a service's workers)."""
    from gkstd.tables.grid import TableError

    if not hasattr(os, "fork"):
        return read()
    seconds = limits.get("max_reader_seconds")
    receive, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        os.close(receive)
        _child(write, read, limits.get("max_reader_memory"), seconds)
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(receive, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise TableError(
                        _failed(
                            file, "timeout", f"读取超过 {seconds} 秒 / over {seconds} s", message
                        )
                    )
                chunk = os.read(receive, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(receive)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # gone already unless it overran
        _, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # nothing, or half an answer: the child died reading
        code = os.waitstatus_to_exitcode(status)
        raise TableError(
            _failed(
                file,
                "abort",
                f"读取器异常退出，可能内存不足 / the reader stopped ({code})",
                message,
            )
        ) from None
    if kind == "table":
        raise TableError(value)
    if kind == "error":
        raise TableError(_failed(file, "reader", value, message))
    return value  # type: ignore[no-any-return]


def _failed(file: str, why: str, detail: str, kind: str = "bad-workbook") -> Any:
    return UNREADABLE.emit(kind, source=file, error_type=why, error=detail, file=file)
