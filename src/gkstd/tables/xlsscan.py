"""A scan of an .xls or .et (an OLE compound file holding BIFF records) before
python-calamine reads it.

python-calamine reads every sheet when it opens an .xls: it reserves room for the cells
a sheet's ``DIMENSIONS`` record declares and builds a dense grid from the cells' rows and
columns, and a failed allocation aborts the whole process (a 5 KB file declaring
4,294,967,295 rows, or holding one cell at row 65,536 and column 65,536, did).  The
workbook stream is read with :mod:`olefile` and each sheet's records are walked from
where its ``BOUNDSHEET`` record says it starts, as the reader walks them: a sheet whose
declared range or whose cells span more than ``gkstd.limits`` ``max_cells`` (or than
Excel's grid of 65,536 × 256, whichever is larger) is refused (GK604) before the reader
sees it, with a finding that says what to fix; the read itself then runs in a child
process (:mod:`gkstd.tables.isolate`), the backstop for what this scan does not follow.
Part of :mod:`gkstd.tables` (used by :mod:`gkstd.tables.grid`).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.tables.rules import OVERSIZED, UNREADABLE
from gkstd.tables.xlsxscan import ScanError, a1_ref

__all__ = ["prescan_xls"]

_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x0200
#: Records holding a value at (row, column): FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST,
#: RSTRING; MULRK spans columns (its last column is its last two bytes).
_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_MULRK = 0x00BD
#: The grid of an .xls (BIFF8): a declared range within it is what Excel writes.
_GRID = 65_536 * 256
_U32 = 1 << 32


def prescan_xls(path: Path, file: str) -> None:
    """Refuse (:class:`ScanError`) an .xls whose sheets declare or hold more cells than
    the reader can be given safely; a file that is no OLE workbook is left to the reader
    (it reports it)."""
    import olefile

    cap = max(limits.get("max_cells"), _GRID)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return
            if ole.get_size(name) > limits.get("max_unzipped_bytes"):
                raise ScanError(_broken(file, "the workbook stream is too large"))
            stream = ole.openstream(name).read()
    except ScanError:
        raise
    except Exception as exc:  # olefile's own errors and malformed structures
        raise ScanError(_broken(file, f"{type(exc).__name__}: {exc}"[:300])) from None
    for sheet, start in _sheets(stream):
        _check_sheet(stream, start, sheet, cap, file)


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(type, body start, body end) of each record from ``start`` to the stream's end."""
    pos, end = start, len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        yield kind, body, min(body + length, end)
        pos = body + length


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its BOF) of each sheet the globals' BOUNDSHEET records name."""
    out: list[tuple[str, int]] = []
    for kind, body, end in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and end - body >= 4:
            (offset,) = struct.unpack_from("<I", stream, body)
            out.append((_sheet_name(stream[body + 6 : end]) or f"#{len(out) + 1}", offset))
    return out


def _sheet_name(data: bytes) -> str:
    """A BOUNDSHEET's name (BIFF8: length, flags, then Latin-1 or UTF-16 text), for the
    message; ``""`` when it cannot be read."""
    if len(data) < 2:
        return ""
    length, wide = data[0], data[1] & 1
    text = data[2 : 2 + length * (2 if wide else 1)]
    return text.decode("utf-16-le" if wide else "latin-1", "replace")


def _check_sheet(stream: bytes, start: int, sheet: str, cap: int, file: str) -> None:
    """Refuse the sheet whose records start at ``start`` when its declared range or the
    span of its cells (first to last row and column, as the reader's grid) is over
    ``cap`` cells; kept as running bounds, never a list of cells."""
    top = left = 1 << 16
    bottom = right = -1
    for kind, body, end in _records(stream, start):
        size = end - body
        if kind == _EOF:
            break
        if kind == _DIMENSIONS and size in (10, 14):
            # first row, last row + 1, first column, last column + 1 (BIFF8: rows in 32
            # bits); the reader reserves (last + 1 − first) of each in unsigned 32-bit
            # arithmetic, so a first beyond the last wraps to billions
            layout = "<IIHH" if size == 14 else "<HHHH"
            r0, r1, c0, c1 = struct.unpack_from(layout, stream, body)
            if r1 >= 1 and c1 >= 1 and ((r1 - r0) % _U32) * ((c1 - c0) % _U32) > cap:
                raise ScanError(_oversized(file, sheet, r1, c1))
        elif (kind in _CELLS and size >= 4) or (kind == _MULRK and size >= 6):
            row, column = struct.unpack_from("<HH", stream, body)
            last = struct.unpack_from("<H", stream, end - 2)[0] if kind == _MULRK else column
            top, bottom = min(top, row), max(bottom, row)
            left, right = min(left, column, last), max(right, column, last)
    if bottom >= 0 and (bottom - top + 1) * (right - left + 1) > cap:
        raise ScanError(_oversized(file, sheet, bottom + 1, right + 1))


def _oversized(file: str, sheet: str, rows: int, columns: int) -> Finding:
    return OVERSIZED.emit(
        "declared",
        source=file,
        sheet=sheet,
        ref=f"A1:{a1_ref(rows, columns)}",
        limit_cells=limits.get("max_cells"),
        file=file,
        path=f"{sheet}!A1",
    )


def _broken(file: str, error: str) -> Finding:
    return UNREADABLE.emit("bad-workbook", source=file, error_type="OLE", error=error, file=file)
