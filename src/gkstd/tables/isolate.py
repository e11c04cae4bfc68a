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
import multiprocessing
import os
import resource
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


def _child(conn: Any, read: Callable[[], Any], memory: int) -> None:
    """In the child: cap the address space, read, send the result or the error."""
    from gkstd.tables.grid import TableError

    faulthandler.disable()  # a crash here is expected and reported by the parent
    if memory:
        cap = _address_space() + memory
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        conn.send(("ok", read()))
    except TableError as exc:
        conn.send(("table", exc.finding))
    except BaseException as exc:  # anything else the reader raised: a finding too
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def read_isolated(read: Callable[[], T], file: str) -> T:
    """``read()`` in a forked child (see the module docstring); raises
    :class:`~gkstd.tables.grid.TableError` (GK601) when the child fails, dies or takes
    longer than ``max_reader_seconds``."""
    from gkstd.tables.grid import TableError

    if "fork" not in multiprocessing.get_all_start_methods():
        return read()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, read, limits.get("max_reader_memory")), daemon=True
    )
    child.start()
    sender.close()
    seconds = limits.get("max_reader_seconds")
    try:
        if not receiver.poll(seconds):
            raise TableError(_failed(file, "timeout", f"读取超过 {seconds} 秒 / over {seconds} s"))
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):  # the child died before it could answer
            child.join(5)
            code = child.exitcode
            raise TableError(
                _failed(
                    file, "abort", f"读取器异常退出，可能内存不足 / the reader stopped ({code})"
                )
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "table":
        raise TableError(value)
    if kind == "error":
        raise TableError(_failed(file, "reader", value))
    return value  # type: ignore[no-any-return]


def _failed(file: str, why: str, detail: str) -> Any:
    return UNREADABLE.emit("bad-workbook", source=file, error_type=why, error=detail, file=file)
