"""Reading the cells of a table file (.xlsx/.xls/.csv) into :class:`Grid` objects.

Only cell *values* are read (python-calamine for workbooks): no macros run and no external
links are followed.  Files that cannot be read at all raise :class:`TableError`, whose
finding names the file, the sheet and the fix; nothing is partially imported.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import attrs

from gkstd.diagnostics.errors import GkstdError
from gkstd.diagnostics.findings import Finding
from gkstd.io.decode import decode
from gkstd.tables.rules import (
    ENCRYPTED,
    HTML_TABLE,
    OVERSIZED,
    UNREADABLE,
)

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_UNZIPPED_BYTES",
    "Grid",
    "TableError",
    "cell_ref",
    "looks_like_html",
    "read_grids",
]

#: Largest table file read (bytes).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Largest total uncompressed size of a workbook's parts (zip-bomb guard).
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024
#: Largest compression ratio accepted for a large part (zip-bomb guard).
MAX_RATIO = 200
#: Most cells read from one sheet.
MAX_CELLS = 5_000_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_HTML_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<head", "<meta", "<body")


class TableError(GkstdError):
    """The table file cannot be used; ``finding`` says where and how to fix it."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.text("zh"), finding.text("en"))
        self.finding = finding


def cell_ref(row: int, column: int) -> str:
    """Excel-style reference of a 0-based cell: ``cell_ref(4, 2) == 'C5'``."""
    letters = ""
    n = column + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


@attrs.frozen
class Grid:
    """One sheet's cells as text, 0-based, with merged ranges.

    ``rows[r][c]`` is the cell text (``""`` when empty); numbers that are whole are
    written without ``.0``.  ``merges`` holds ``(first_row, first_col, last_row,
    last_col)`` ranges, inclusive.  ``hidden`` marks a hidden sheet.
    """

    name: str
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    hidden: bool = False

    @property
    def width(self) -> int:
        """Number of columns (the longest row)."""
        return max(map(len, self.rows), default=0)

    def cell(self, row: int, column: int) -> str:
        """Text of a cell; ``""`` outside the grid."""
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def is_empty(self) -> bool:
        """True when no cell has text."""
        return not any(c.strip() for r in self.rows for c in r)

    def where(self, row: int, column: int | None = None) -> str:
        """``sheet!C5`` (or ``sheet!5`` for a whole row): the location used in findings."""
        if column is None:
            return f"{self.name}!{row + 1}"
        return f"{self.name}!{cell_ref(row, column)}"

    def filled(self) -> Grid:
        """A copy where every cell of a merged range carries the range's value."""
        width = self.width
        rows = [list(r) + [""] * (width - len(r)) for r in self.rows]
        for r0, c0, r1, c1 in self.merges:
            if r0 >= len(rows):
                continue
            value = rows[r0][c0] if c0 < len(rows[r0]) else ""
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    rows[r][c] = value
        return attrs.evolve(self, rows=tuple(tuple(r) for r in rows))

    def merge_origins(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Cell → top-left cell of the merged range covering it (covered cells only)."""
        out: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        out[(r, c)] = (r0, c0)
        return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text.removesuffix("T00:00:00")
    return str(value)


def _check_zip(path: Path, file: str) -> None:
    """Refuse zip bombs: too large in total, or a large part with an absurd ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(
            UNREADABLE.emit("broken-zip", source=file, error=str(exc), file=file)
        ) from None
    total = sum(p.file_size for p in parts)
    worst = max(
        (p.file_size / max(p.compress_size, 1) for p in parts if p.file_size > 10_000_000),
        default=0.0,
    )
    if total > MAX_UNZIPPED_BYTES or worst > MAX_RATIO:
        raise TableError(
            OVERSIZED.emit(
                "unpacked",
                source=file,
                size_mb=total // 1_000_000,
                ratio=worst,
                limit_mb=MAX_UNZIPPED_BYTES // 1_000_000,
                limit_ratio=MAX_RATIO,
                file=file,
            )
        )


def _workbook_grids(path: Path, file: str, head: bytes) -> list[Grid]:
    if head.startswith(_OLE) and _ENCRYPTED_STREAM in path.read_bytes()[:1_000_000]:
        raise TableError(_encrypted(file))
    if head.startswith(_ZIP):
        _check_zip(path, file)
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise TableError(_encrypted(file)) from None
    except Exception as exc:  # calamine raises its own error types
        raise TableError(
            UNREADABLE.emit(
                "bad-workbook",
                source=file,
                error_type=type(exc).__name__,
                error=str(exc),
                file=file,
            )
        ) from None
    grids: list[Grid] = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                if sheet.height * max(sheet.width, 1) > MAX_CELLS:
                    raise TableError(
                        OVERSIZED.emit(
                            "cells",
                            source=file,
                            sheet=meta.name,
                            rows=sheet.height,
                            columns=sheet.width,
                            limit_cells=MAX_CELLS,
                            file=file,
                            path=f"{meta.name}!A1",
                        )
                    )
                values = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except TableError:
                raise
            except PasswordError:
                raise TableError(_encrypted(file)) from None
            except Exception as exc:
                raise TableError(
                    UNREADABLE.emit(
                        "bad-sheet",
                        source=file,
                        sheet=meta.name,
                        error_type=type(exc).__name__,
                        error=str(exc),
                        file=file,
                        path=f"{meta.name}!A1",
                    )
                ) from None
            rows = tuple(tuple(_text(v) for v in row) for row in values)
            merges = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged)
            hidden = "Visible" not in str(meta.visible)
            grids.append(Grid(meta.name, rows, merges, hidden))
    return grids


def _encrypted(file: str) -> Finding:
    return ENCRYPTED.emit(source=file, file=file)


def looks_like_html(text: str) -> bool:
    """True when ``text`` (the start of a file) is an HTML page, not a table."""
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return head.startswith(_HTML_STARTS) or "<table" in text[:4000].lower()


def _html(file: str, workbook: bool = False) -> TableError:
    """GK603: ``file`` (a CSV, or a workbook when ``workbook``) is an HTML page."""
    variant = "workbook" if workbook else "default"
    return TableError(HTML_TABLE.emit(variant, source=file, file=file, line=1))


def _csv_grid(data: bytes, file: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    decoded = decode(data, file)
    if decoded.text is None:
        first = decoded.findings[0]
        raise TableError(
            UNREADABLE.emit(
                "not-text",
                source=file,
                reason=first.message.replace("YAML/JSON 目录文档", "CSV 表格"),
                reason_en=first.message_en.replace("YAML/JSON catalog document", "CSV table"),
                file=file,
                line=first.location.line,
            )
        )
    text = decoded.text
    if looks_like_html(text):
        raise _html(file)
    head = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=head.count) if head.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = tuple(tuple(c.strip("\ufeff") for c in row) for row in reader)
    except csv.Error as exc:
        raise TableError(
            UNREADABLE.emit(
                "bad-csv",
                source=file,
                lineno=reader.line_num,
                error=str(exc),
                file=file,
                line=reader.line_num,
            )
        ) from None
    # Findings about the encoding (GBK) are passed on, re-coded as table findings.
    notes = tuple(decoded.findings)
    return [Grid(Path(file).stem or "csv", rows)], notes


def read_grids(
    source: str | os.PathLike[str] | bytes,
    *,
    fmt: str | None = None,
    file: str | None = None,
) -> tuple[list[Grid], tuple[Finding, ...]]:
    """Read every sheet of a table file: ``(grids, notes)``.

    ``source`` is a path, or the file's bytes (then give ``fmt``: ``xlsx``, ``xls`` or
    ``csv``).  ``notes`` are non-fatal findings (e.g. a GBK-encoded CSV).  Raises
    :class:`TableError` when the file cannot be used.
    """
    if isinstance(source, bytes):
        name = file or f"<{fmt or 'table'}>"
        kind = (fmt or "csv").lower()
        data = source
        if kind in ("xlsx", "xls", "xlsm", "ods", "xlsb"):
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"table.{kind}"
                path.write_bytes(data)
                return _read_path(path, name, kind)
        return _csv_grid(data, name)
    path = Path(source)
    name = file or str(source)
    kind = (fmt or path.suffix.lstrip(".") or "csv").lower()
    return _read_path(path, name, kind)


def _read_path(path: Path, file: str, kind: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise TableError(
            UNREADABLE.emit(source=file, error=str(exc.strerror or exc), file=file)
        ) from None
    if size > MAX_FILE_BYTES:
        raise TableError(
            OVERSIZED.emit(
                source=file,
                size_mb=size // 1_000_000,
                limit_mb=MAX_FILE_BYTES // 1_000_000,
                file=file,
            )
        )
    if head.startswith((_ZIP, _OLE)) or kind in ("xlsx", "xlsm", "xlsb", "ods"):
        if not head.startswith((_ZIP, _OLE)):
            return _sniffed(path.read_bytes(), file, kind)
        return _workbook_grids(path, file, head), ()
    if kind == "xls":
        return _sniffed(path.read_bytes(), file, kind)
    if kind not in ("csv", "txt", "tsv"):
        raise TableError(UNREADABLE.emit("unsupported", source=file, suffix=kind, file=file))
    return _csv_grid(path.read_bytes(), file)


def _sniffed(data: bytes, file: str, kind: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    """A workbook suffix on something that is not a workbook: HTML, CSV or junk."""
    if looks_like_html(data[:8192].decode("utf-8", "ignore")):  # tags are ASCII in any encoding
        raise _html(file, workbook=True)
    if b"\x00" not in data[:8192] and data.strip():
        grids, notes = _csv_grid(data, file)
        return grids, notes
    raise TableError(UNREADABLE.emit("not-workbook", source=file, suffix=kind, file=file))
