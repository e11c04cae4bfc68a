"""Reading the cells of a table file (.xlsx/.xls/.et/.ods/.csv, Word's .docx) into
:class:`Grid` objects.

Only cell *values* are read (python-calamine for workbooks): no macros run and no external
links are followed.  Files that cannot be read at all raise :class:`TableError`, whose
finding names the file, the sheet and the fix; nothing is partially imported.
An .xls/.et/.ods or a Word document is read in a child process (:mod:`gkstd.tables.isolate`;
Word tables: :mod:`gkstd.tables.wordtables`).

Long module: every table format's way in (workbooks through python-calamine, CSV) with
the guards in front of it (size, zip bombs, encryption, HTML saved as .xls, the scans,
the isolated read) reads top to bottom in one place; each guard's detail lives in its
own module (:mod:`~gkstd.tables.xlsxscan`, :mod:`~gkstd.tables.xlsscan`,
:mod:`~gkstd.tables.isolate`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import zipfile
from collections.abc import Sequence
from pathlib import Path

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.errors import GkstdError, os_reason
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.readfiles import note_read, read_capped
from gkstd.io.decode import decode
from gkstd.tables import cells as C
from gkstd.tables.isolate import read_isolated
from gkstd.tables.merged import filled_rows, without_overlaps
from gkstd.tables.rules import (
    BEYOND_LIMIT,
    ENCRYPTED,
    FORMULA_WITHOUT_VALUE,
    HTML_TABLE,
    OVERSIZED,
    UNREADABLE,
)
from gkstd.tables.xlsscan import prescan_xls
from gkstd.tables.xlsxscan import (
    MAX_LONG_CELL_NOTES,
    MAX_OVERLAP_NOTES,
    ZIP_ERRORS,
    Prescan,
    ScanError,
    big_merge,
    broken_zip,
    cut_cells,
    long_cell,
    longest,
    merges_kept,
    overlapping_merge,
    parse_ref,
    prescan,
)

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_UNZIPPED_BYTES",
    "TEXT_KINDS",
    "WORD_KINDS",
    "WORKBOOK_KINDS",
    "Grid",
    "TableError",
    "cell_ref",
    "column_letters",
    "csv_escape",
    "csv_unescape",
    "long_cells",
    "looks_like_html",
    "read_grids",
    "reader_error",
]

#: Largest table file read (bytes): the default of ``gkstd.limits.get("max_table_bytes")``,
#: kept for code that imports it (the checks read the current limit).
MAX_FILE_BYTES = limits.get("max_table_bytes")
#: Largest total uncompressed size of a workbook's parts (zip-bomb guard); default of
#: ``gkstd.limits.get("max_unzipped_bytes")``.
MAX_UNZIPPED_BYTES = limits.get("max_unzipped_bytes")
#: Largest compression ratio accepted for a large part (zip-bomb guard).
MAX_RATIO = 200
#: Most cells read from one sheet; default of ``gkstd.limits.get("max_cells")``.
MAX_CELLS = limits.get("max_cells")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_HTML_STARTS = ("<!doctype", "<html", "<table", "<?xml", "<head", "<meta", "<body")


class TableError(GkstdError):
    """The table file cannot be used; ``finding`` says where and how to fix it."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.text("zh"), finding.text("en"))
        self.finding = finding


def column_letters(column: int) -> str:
    """Excel's letters of a 0-based column: ``column_letters(2) == 'C'``, ``(27) == 'AB'``."""
    letters = ""
    n = column + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """Excel-style reference of a 0-based cell: ``cell_ref(4, 2) == 'C5'``."""
    return f"{column_letters(column)}{row + 1}"


@attrs.frozen
class Grid:
    """One sheet's cells as text, 0-based, with merged ranges.

    ``rows[r][c]`` is the cell text (``""`` when empty); numbers that are whole are
    written without ``.0``.  ``merges`` holds ``(first_row, first_col, last_row,
    last_col)`` ranges, inclusive.  ``hidden`` marks a hidden sheet.  ``widest`` is the
    length of the longest cell text when the reader already measured it (else ``None``).
    ``refused`` is why a sheet of a workbook was not read (a stray cell at ``XFD1048576``
    on a notes sheet: the scan's GK601/GK604), its rows then empty; the workbook's other
    sheets are read as usual.
    """

    name: str
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    hidden: bool = False
    widest: int | None = attrs.field(default=None, eq=False, repr=False)
    refused: Finding | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def longest_cell(self) -> int:
        """Length of the longest cell text (0 when there is none)."""
        return self.widest if self.widest is not None else longest(self.rows)

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
        """A copy where every cell of a merged range carries the range's value (see
        :mod:`gkstd.tables.merged`)."""
        return attrs.evolve(self, rows=filled_rows(self.rows, self.merges))

    def merge_origins(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Cell → top-left cell of the merged range covering it (covered cells only)."""
        out: dict[tuple[int, int], tuple[int, int]] = {}
        height, width = len(self.rows), self.width
        for r0, c0, r1, c1 in self.merges:  # cells beyond the data are not looked up
            for r in range(r0, min(r1, height - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    if (r, c) != (r0, c0):
                        out[(r, c)] = (r0, c0)
        return out


def _check_zip(path: Path, file: str) -> None:
    """Refuse zip bombs: too large in total, or a large part with an absurd ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (*ZIP_ERRORS, ValueError) as exc:
        raise TableError(broken_zip(file, exc)) from None
    total = sum(p.file_size for p in parts)
    worst = max(
        (p.file_size / max(p.compress_size, 1) for p in parts if p.file_size > 10_000_000),
        default=0.0,
    )
    limit = limits.get("max_unzipped_bytes")
    if total > limit or worst > MAX_RATIO:
        raise TableError(
            OVERSIZED.emit(
                "unpacked",
                source=file,
                size_mb=total // 1_000_000,
                ratio=worst,
                limit_mb=limit // 1_000_000,
                limit_ratio=MAX_RATIO,
                file=file,
            )
        )


def reader_error(
    variant: str,
    file: str,
    exc: BaseException,
    *,
    sheet: str | None = None,
    path: Path | None = None,
) -> TableError:
    """The GK601 of a reader that failed on ``file`` (``variant`` of its message: the
    workbook, one ``sheet`` of it, a Word document), naming the reader's error.  The
    ``path`` the reader opened (a temporary copy of an upload) is shown as ``file``: a
    service never shows a path of the server."""
    error_type, error = type(exc).__name__, str(exc)
    if path is not None:
        error = error.replace(str(path), file).replace(str(path.parent), "…")
    error = error[:300]
    if sheet is None:
        return TableError(
            UNREADABLE.emit(variant, source=file, error_type=error_type, error=error, file=file)
        )
    return TableError(
        UNREADABLE.emit(
            variant,
            source=file,
            sheet=sheet,
            error_type=error_type,
            error=error,
            file=file,
            path=f"{sheet}!A1",
        )
    )


def _is_panic(exc: BaseException) -> bool:
    """True for an error of the reader itself, including a Rust panic (pyo3's
    ``PanicException`` is a ``BaseException``), but not an interrupt or exit."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _workbook_grids(
    path: Path, file: str, head: bytes, only: str | None = None
) -> tuple[list[Grid], tuple[Finding, ...]]:
    if head.startswith(_OLE) and _ENCRYPTED_STREAM in path.read_bytes()[:1_000_000]:
        raise TableError(_encrypted(file))
    scanned = Prescan({})
    try:  # the reader builds an .xls's or .ods's sheets when it opens it: scan first
        if head.startswith(_OLE):  # .xls/.et
            prescan_xls(path, file)
        if head.startswith(_ZIP):
            _check_zip(path, file)
            scanned = prescan(path, file)
    except ScanError as exc:
        raise TableError(exc.finding) from None
    try:
        if head.startswith(_OLE) or scanned.ods:  # formats the scans cannot follow fully
            return read_isolated(lambda: _read_workbook(path, file, scanned, head, only), file)
        return _read_workbook(path, file, scanned, head, only)
    except TableError:
        if head.startswith(_ZIP) and _zip_kind(path) == "word":  # a .docx renamed .xlsx
            return _word(path, file)
        raise


def _misnamed(path: Path, head: bytes) -> bool:
    """Whether ``path``'s suffix names the other kind of workbook than its bytes (``head``)
    are: an .xlsx saved (or sent, as ``application/vnd.ms-excel``) as ``.xls``, or an .xls
    named ``.xlsx``; python-calamine picks its reader by such a suffix and refused the file."""
    suffix = path.suffix.lower().lstrip(".")
    if head.startswith(_ZIP):
        return suffix in ("xls", "xla")
    return head.startswith(_OLE) and suffix in ("xlsx", "xlsm", "xlsb", "ods")


def _zip_kind(path: Path) -> str | None:
    """What the ZIP at ``path`` holds: ``word`` (``word/document.xml``), ``workbook``
    (``xl/workbook.xml``), else ``None``."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (*ZIP_ERRORS, ValueError):
        return None
    if "word/document.xml" in names:
        return "word"
    return "workbook" if "xl/workbook.xml" in names else None


def _word(path: Path, file: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    """The tables of a Word document, read in a child process after the ZIP-bomb check
    (:mod:`gkstd.tables.wordtables`)."""
    from gkstd.tables.wordtables import word_grids

    _check_zip(path, file)
    return read_isolated(lambda: word_grids(path, file), file, message="bad-word")


def _hidden(visible: object) -> bool:
    """Whether a sheet is hidden or very hidden: python-calamine says
    ``SheetVisibleEnum.Hidden`` (a test for "Visible" in it had read every sheet as shown)."""
    return str(visible).rsplit(".", 1)[-1] != "Visible"


def _read_workbook(
    path: Path, file: str, scanned: Prescan, head: bytes, only: str | None = None
) -> tuple[list[Grid], tuple[Finding, ...]]:
    """The sheets of a scanned workbook (its first bytes ``head``), read by
    python-calamine; with ``only``, the name of one of them, that sheet and the hidden
    ``gkstd`` sheet are read and the others are listed as empty grids (each catalog sheet
    of a workbook imported in turn had read every sheet each time).  A sheet the scan
    refused (:attr:`Prescan.refused`), or over ``max_cells`` as read, is listed with
    :attr:`Grid.refused` and not read."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        if _misnamed(path, head):  # the reader goes by a known suffix: read the bytes instead
            with path.open("rb") as handle:
                workbook = CalamineWorkbook.from_filelike(handle)
        else:
            workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise TableError(_encrypted(file)) from None
    except BaseException as exc:  # calamine raises its own error types, or panics
        if not _is_panic(exc):
            raise
        raise reader_error("bad-workbook", file, exc, path=path) from None
    grids: list[Grid] = []
    notes: list[Finding] = []
    cap = limits.get("max_cells")
    with workbook:
        everything = workbook.sheets_metadata
        refused = scanned.refused
        if not refused.keys() <= {meta.name for meta in everything}:  # named otherwise
            raise TableError(next(iter(refused.values())))  # by the reader: refuse it all
        sheets = [meta for meta in everything if "WorkSheet" in str(meta.typ)]
        if only is not None and only not in {meta.name for meta in sheets}:
            only = None  # a number, or no such sheet: every sheet read, as without it
        for meta in sheets:
            hidden = _hidden(meta.visible)
            if meta.name in refused:
                grids.append(Grid(meta.name, (), (), hidden, refused=refused[meta.name]))
                continue
            if only is not None and meta.name not in (only, "gkstd"):
                grids.append(Grid(meta.name, (), (), hidden))
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                if sheet.height * max(sheet.width, 1) > cap:
                    too_big = OVERSIZED.emit(
                        "cells",
                        source=file,
                        sheet=meta.name,
                        rows=sheet.height,
                        columns=sheet.width,
                        limit_cells=cap,
                        file=file,
                        path=f"{meta.name}!A1",
                    )
                    if meta.name == "gkstd":
                        raise TableError(too_big)
                    grids.append(Grid(meta.name, (), (), hidden, refused=too_big))
                    continue
                values = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except TableError:
                raise
            except PasswordError:
                raise TableError(_encrypted(file)) from None
            except BaseException as exc:
                if not _is_panic(exc):
                    raise
                raise reader_error("bad-sheet", file, exc, sheet=meta.name, path=path) from None
            rows = C.rows_as_text(values)
            merges, dropped = merges_kept(merged, cap)
            merges, overlapping = without_overlaps(merges)  # as Excel repairs them
            notes += [
                overlapping_merge(file, meta.name, box, other)
                for box, other in overlapping[:MAX_OVERLAP_NOTES]
            ]
            try:
                # measured once, for both kinds of long cell (not the hidden sheet's JSON)
                widest = longest(rows) if meta.name != "gkstd" else None
                notes += cut_cells(meta.name, rows, scanned.long_strings, file, widest=widest)
            except ScanError as exc:
                raise TableError(exc.finding) from None
            for ref in [*scanned.big_merges.get(meta.name, ()), *dropped]:
                if (meta.name, ref) not in {
                    (f.args.get("sheet"), f.args.get("ref")) for f in notes
                }:
                    notes.append(big_merge(file, meta.name, ref))
            if meta.name in scanned.formulas and meta.name != "gkstd":
                notes.append(_uncached(file, meta.name, *scanned.formulas[meta.name]))
            grids.append(Grid(meta.name, rows, merges, hidden, widest))
    return grids, tuple(notes)


def _uncached(file: str, sheet: str, count: int, refs: list[str]) -> Finding:
    """GK620: ``count`` formula cells of ``sheet`` hold no stored result (the first
    ``refs``) and were read as empty."""
    first = parse_ref(refs[0]) if refs else None
    return FORMULA_WITHOUT_VALUE.emit(
        source=file,
        sheet=sheet,
        count=count,
        refs=refs,
        file=file,
        path=f"{sheet}!{refs[0] if refs else 'A1'}",
        line=first[0] if first else None,
    )


def long_cells(grids: Sequence[Grid], file: str) -> tuple[Finding, ...]:
    """GK616 for each cell longer than ``max_text_chars`` (the first
    :data:`MAX_LONG_CELL_NOTES`); the hidden ``gkstd`` sheet is not a table and is skipped."""
    cap = limits.get("max_text_chars")
    out: list[Finding] = []
    for grid in grids:
        if grid.name == "gkstd" or grid.longest_cell <= cap:
            continue  # most sheets: no long cell
        for r, row in enumerate(grid.rows):
            if not row or max(map(len, row)) <= cap:
                continue  # most rows: no long cell
            for c, text in enumerate(row):
                if len(text) > cap:
                    out.append(long_cell(file, grid.where(r, c), r, len(text)))
                    if len(out) >= MAX_LONG_CELL_NOTES:
                        return tuple(out)
    return tuple(out)


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


#: First characters that make Excel/WPS read a CSV cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def csv_escape(text: str) -> str:
    """A cell for a CSV file that Excel/WPS will not run as a formula: text starting with
    ``= + - @``, a tab or a carriage return (after any single quotes) gets one more leading
    ``'`` (OWASP CSV-injection guidance).  :func:`csv_unescape` undoes exactly that."""
    if text.lstrip("'").startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The cell text :func:`csv_escape` was given (one leading ``'`` removed from a cell
    that starts with quotes and then ``= + - @``, a tab or a carriage return)."""
    if text.startswith("'") and _ESCAPED.match(text):
        return text[1:]
    return text


def _strict_utf8(data: bytes, file: str) -> None:
    """After a UTF-8 BOM every byte must be UTF-8 (nothing is replaced silently); the
    finding names the line and the byte offset in the file (0-based, BOM included)."""
    bom = len(codecs.BOM_UTF8)
    if not data.startswith(codecs.BOM_UTF8):
        return
    try:
        data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + bom
        line = data.count(b"\n", 0, offset) + 1
        raise TableError(
            UNREADABLE.emit(
                "bad-utf8", source=file, lineno=line, offset=offset, file=file, line=line
            )
        ) from None


def _csv_grid(data: bytes, file: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    _strict_utf8(data, file)
    decoded = decode(data, file)
    if decoded.text is None:
        first = decoded.findings[0]
        raise TableError(
            UNREADABLE.emit(
                "not-text",
                source=file,
                reason=first.message.replace("YAML/JSON 目录文档", "CSV 表格").replace(
                    "YAML/JSON 文本", "CSV 文本"
                ),
                reason_en=first.message_en.replace(
                    "YAML/JSON catalog document", "CSV table"
                ).replace("YAML/JSON text", "CSV text"),
                file=file,
                line=first.location.line,
            )
        )
    text = decoded.text.removeprefix("\ufeff")
    if "\r" in text and "\n" not in text:  # Excel for Mac's "CSV (Macintosh)": CR ends lines
        text = text.replace("\r", "\n")  # (a CR in a cell of a CRLF/LF file stays a CR)
    if looks_like_html(text):
        raise _html(file)
    head = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=head.count) if head.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    cap = limits.get("max_cells")
    count = 0
    rows: list[tuple[str, ...]] = []
    try:
        for row in reader:
            count += max(len(row), 1)
            if count > cap:
                raise TableError(
                    OVERSIZED.emit(
                        "cells",
                        source=file,
                        sheet=Path(file).stem or "csv",
                        rows=len(rows) + 1,
                        columns=max(map(len, rows), default=len(row)),
                        limit_cells=cap,
                        file=file,
                        line=reader.line_num,
                    )
                )
            rows.append(tuple(csv_unescape(c) for c in row))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # a cell over the csv module's limit
            finding = UNREADABLE.emit(
                "csv-cell-too-long",
                source=file,
                lineno=reader.line_num,
                most=csv.field_size_limit(),
                file=file,
                line=reader.line_num,
            )
            raise TableError(finding) from None
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
    return [Grid(Path(file).stem or "csv", tuple(rows))], notes


def read_grids(
    source: str | os.PathLike[str] | bytes,
    *,
    fmt: str | None = None,
    file: str | None = None,
    sheet: str | None = None,
) -> tuple[list[Grid], tuple[Finding, ...]]:
    """Read every sheet of a table file: ``(grids, notes)``.

    ``source`` is a path, or the file's bytes (then give ``fmt``: ``xlsx``, ``xls`` or
    ``csv``).  ``notes`` are non-fatal findings (e.g. a GBK-encoded CSV, a merged range
    too large to keep, a cell over ``max_text_chars``).  ``sheet``: the name of the one
    sheet of a workbook the caller will use; the others are then listed (name, hidden) but
    not read, so hold no rows and give no notes.  Raises :class:`TableError` when the file
    cannot be used (never a reader's panic).
    """
    name = file or (f"<{fmt or 'table'}>" if isinstance(source, bytes) else str(source))
    grids, notes = _read(source, fmt, name, sheet)
    seen = {f.location.path for f in notes if f.code == BEYOND_LIMIT.code}
    extra = tuple(f for f in long_cells(grids, name) if f.location.path not in seen)
    return grids, (*notes, *extra)


#: The formats (``fmt``, or a file's suffix) read as workbooks, as Word documents (each
#: table a sheet) and as delimited text.
WORKBOOK_KINDS = frozenset({"xlsx", "xlsm", "xlsb", "xls", "et", "ods"})
WORD_KINDS = frozenset({"docx", "doc"})
TEXT_KINDS = frozenset({"csv", "txt", "tsv"})


def _read(
    source: str | os.PathLike[str] | bytes, fmt: str | None, name: str, sheet: str | None
) -> tuple[list[Grid], tuple[Finding, ...]]:
    if isinstance(source, bytes):
        kind = (fmt or "csv").lower().lstrip(".")
        data = source
        _check_size(len(data), name)  # as for a file: bytes of 1.3 GB were read as CSV
        if kind in WORKBOOK_KINDS | WORD_KINDS:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"table.{kind}"
                path.write_bytes(data)
                return _read_path(path, name, kind, sheet)
        return _csv_grid(data, name)
    path = Path(source)
    kind = (fmt or path.suffix.lstrip(".") or "csv").lower()
    return _read_path(path, name, kind, sheet)


def _check_size(size: int, file: str) -> None:
    """GK604 (a :class:`TableError`) for a table over ``max_table_bytes``."""
    limit = limits.get("max_table_bytes")
    if size > limit:
        raise TableError(
            OVERSIZED.emit(
                source=file,
                size_mb=size // 1_000_000,
                limit_mb=limit // 1_000_000,
                file=file,
            )
        )


def _read_path(
    path: Path, file: str, kind: str, sheet: str | None = None
) -> tuple[list[Grid], tuple[Finding, ...]]:
    piped: bytes | None = None
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            piped = read_capped(path, limits.get("max_table_bytes"))  # a pipe: read once
        else:
            size = status.st_size
            with path.open("rb") as handle:
                head = handle.read(8192)
            note_read(path)
    except (OSError, ValueError, UnicodeError) as exc:  # (a NUL in the name, a surrogate)
        error, error_en = (
            os_reason(exc) if isinstance(exc, OSError) else ("文件名无效", "invalid name")
        )
        raise TableError(
            UNREADABLE.emit(source=file, error=error, error_en=error_en, file=file)
        ) from None
    if piped is not None:
        return _piped(piped, file, kind, sheet)
    if size == 0:
        raise TableError(UNREADABLE.emit("empty", source=file, file=file))
    _check_size(size, file)
    if kind in WORD_KINDS:
        if head.startswith(_ZIP):
            if _zip_kind(path) == "workbook":  # a workbook named .docx: read it as one
                return _workbook_grids(path, file, head, sheet)
            return _word(path, file)
        if looks_like_html(head.decode("utf-8", "ignore")):  # a web page saved as .doc
            raise _html(file, workbook=True)
        if head.startswith((_OLE, b"{\\rtf")) or kind == "doc":  # an old .doc, RTF
            raise TableError(UNREADABLE.emit("word-doc", source=file, file=file))
        raise TableError(UNREADABLE.emit("not-word", source=file, suffix=kind, file=file))
    if head.startswith((_ZIP, _OLE)) or kind in ("xlsx", "xlsm", "xlsb", "ods"):
        if not head.startswith((_ZIP, _OLE)):
            return _sniffed(path.read_bytes(), file, kind)
        return _workbook_grids(path, file, head, sheet)
    if kind in ("xls", "et"):
        return _sniffed(path.read_bytes(), file, kind)
    if kind not in TEXT_KINDS:
        raise TableError(UNREADABLE.emit("unsupported", source=file, suffix=kind, file=file))
    return _csv_grid(path.read_bytes(), file)


def _piped(
    data: bytes, file: str, kind: str, sheet: str | None
) -> tuple[list[Grid], tuple[Finding, ...]]:
    """A table given as a pipe (``gkstd import <(…)``, ``/dev/stdin``) or a device, its
    ``data`` read once into memory, at most ``max_table_bytes`` and one byte more (a table
    is read more than once, its head and then by the reader; a pipe gives its bytes once:
    it had read as an empty file, and one nothing writes to had made ``open`` wait for
    ever), its kind told by its first bytes when its name (``/dev/fd/63``) does not tell
    it."""
    limit = limits.get("max_table_bytes")
    if len(data) > limit:  # read up to the limit: its size is not known
        raise TableError(
            OVERSIZED.emit("stream", source=file, limit_mb=limit // 1_000_000, file=file)
        )
    if kind not in WORKBOOK_KINDS | WORD_KINDS:
        kind = "xlsx" if data.startswith(_ZIP) else "xls" if data.startswith(_OLE) else kind
    return _read(data, kind, file, sheet)


def _sniffed(data: bytes, file: str, kind: str) -> tuple[list[Grid], tuple[Finding, ...]]:
    """A workbook suffix on something that is not a workbook: HTML, CSV or junk."""
    if looks_like_html(data[:8192].decode("utf-8", "ignore")):  # tags are ASCII in any encoding
        raise _html(file, workbook=True)
    damaged = data.startswith((_OLE[:4], _ZIP[:2]))  # a workbook cut short: no CSV
    if not damaged and b"\x00" not in data[:8192] and data.strip():
        grids, notes = _csv_grid(data, file)
        return grids, notes
    raise TableError(UNREADABLE.emit("not-workbook", source=file, suffix=kind, file=file))
