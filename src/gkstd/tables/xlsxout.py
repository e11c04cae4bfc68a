"""Writing an xlsxwriter workbook so that a file that cannot be written is the file
system's own :class:`OSError`, as for every other writer (used by the table export,
:mod:`gkstd.tables.export`, and the batch report, :mod:`gkstd.batch.xlsx`).  Part of
:mod:`gkstd.tables`.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["close_workbook", "workbook_file"]


@contextlib.contextmanager
def workbook_file(path: str | os.PathLike[str], options: Mapping[str, Any]) -> Iterator[Any]:
    """An xlsxwriter workbook (``options``) made in memory and written to ``path`` in one
    go when the block ends without an error (the caller makes the write atomic: a full
    disk is then the file system's :class:`OSError`, and xlsxwriter's zip is never left
    half written, which it complained about at exit).  Pass ``in_memory`` in
    ``options`` unless ``constant_memory`` (its rows then go through temporary files)."""
    import xlsxwriter

    packed = io.BytesIO()
    workbook = xlsxwriter.Workbook(packed, dict(options))
    try:
        yield workbook
    finally:
        close_workbook(workbook)
    with open(os.fspath(path), "wb") as stream:
        stream.write(packed.getbuffer())


def close_workbook(workbook: Any) -> None:
    """Close an xlsxwriter ``workbook``; a file it could not write (its temporary files,
    with ``constant_memory``) raises the :class:`OSError` itself, as every other writer
    does, not xlsxwriter's ``FileCreateError`` (which is no ``OSError``: a full disk
    ended as an internal error)."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None
