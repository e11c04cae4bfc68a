"""Closing an xlsxwriter workbook so that a file that cannot be written is the file
system's own :class:`OSError`, as for every other writer (used by the table export,
:mod:`gkstd.tables.export`, and the batch report, :mod:`gkstd.batch.xlsx`).  Part of
:mod:`gkstd.tables`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["close_workbook"]


def close_workbook(workbook: Any) -> None:
    """Close an xlsxwriter ``workbook``; a file it could not write (its temporary files,
    with ``constant_memory``) raises the :class:`OSError` itself, as every other writer
    does, not xlsxwriter's ``FileCreateError`` (which is no ``OSError``: a full disk
    ended as an internal error).  Workbooks are written to memory (``in_memory``) and
    then to the file in one go, so that a full disk never leaves xlsxwriter's zip half
    written (it then complained at exit)."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None
