"""A cheap scan of an .xlsx (or .ods) before python-calamine reads it.

python-calamine (Rust) allocates a dense grid from the cells' positions and panics or
aborts the whole process on a cell reference it cannot parse or one far away
(``XFD1048576``); it also cuts cells at 32,767 characters without a word.  The sheet XML
is scanned as bytes (a bounded regular expression over 1 MiB chunks): every ``<c r>``,
``<row r>`` and ``<mergeCell ref>`` is checked against Excel's grid and ``gkstd.limits``
``max_cells`` (a ``<dimension ref>`` is not refused, whatever it says: the reader does
not use it).  A sheet whose tags are all written the usual way
(``<c r="B7"``, ``<row r="7"``) is vouched for by a few C-level counts and searches that
bound its cells (:func:`_quick_scan`); any other sheet, or one the bounds do not clear, is
scanned tag by tag.  The shared strings are measured only when the reader gave a cell of
exactly 32,767 characters (one it may have cut: :meth:`Prescan.long_strings`).  An .ods is
checked for repeated rows and columns the same way; an .xlsb (binary) is refused.  Part of
:mod:`gkstd.tables` (used by :mod:`gkstd.tables.grid`).

Long module: the quick scan, the tag-by-tag scan and its chunk-at-a-time scan of plain
cells must reach the same verdict and the same first error; they are kept side by side so
that they stay in step (``tests/test_tables_scan.py`` checks them against each other).
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.tables.rules import BEYOND_LIMIT, DAMAGED_MERGES, OVERSIZED, UNREADABLE

__all__ = [
    "READER_CELL_CHARS",
    "ZIP_ERRORS",
    "Prescan",
    "ScanError",
    "a1_ref",
    "area",
    "parse_range",
    "parse_ref",
    "prescan",
    "zip_reason",
]

#: Most characters python-calamine keeps in a cell (Excel's limit; it cuts longer text).
READER_CELL_CHARS = 32_767
#: Most over-long cells reported one by one (GK616) per sheet.
MAX_LONG_CELL_NOTES = 20


class ScanError(Exception):
    """The workbook must not reach the reader; ``finding`` says why (GK601/GK604)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.text("en"))
        self.finding = finding


def a1_ref(row: int, column: int) -> str:
    """``A1`` reference of a 1-based cell (``a1_ref(2, 28)`` is ``AB2``)."""
    letters = ""
    n = max(column, 1)
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{max(row, 1)}"


#: A tag's attributes: quoted values may hold ``>`` (``x=">"`` is well-formed XML), so a
#: tag ends at the first ``>`` outside quotes; ``<`` never appears inside a tag.
_ATTRS = rb"((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)"  # one character at a time: no backtracking
#: A tag's namespace prefix, if any (``x:`` of ``<x:c>``).
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_TAG = re.compile(rb"<" + _NS + rb"(c|row|dimension|mergeCell)(?=[\s/>])" + _ATTRS + rb">")
_ATTR = re.compile(rb"\s(r|ref)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ROW = re.compile(r"^[0-9]{1,7}$")
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
_CHUNK = 1 << 20
_MOST_TAG = 4 << 20
#: what reading a damaged zip archive raises (``zipfile`` and the file system)
ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError)

#: ``zipfile``'s and ``zlib``'s words for a damaged archive, in Chinese (the start of the
#: English text → its Chinese): a supervisor read “File is not a zip file” in a Chinese message.
_ZIP_WORDS = (
    ("File is not a zip file", "不是 zip 压缩包"),
    ("Bad magic number", "文件头已损坏"),
    ("Truncated file header", "文件头不完整（文件被截断）"),
    ("Bad CRC-32", "数据校验不符（内容已损坏）"),
    ("Error -3 while decompressing", "解压出错（数据已损坏）"),
    ("Error -5 while decompressing", "解压出错（数据不完整）"),
    ("Compressed file ended before", "压缩数据不完整（文件被截断）"),
)


def zip_reason(exc: BaseException | str) -> tuple[str, str]:
    """Why a zip archive cannot be read, in Chinese (zipfile's common reasons said in
    words, else as it says them) and in English (as it says them)."""
    text = str(exc)[:300]
    return next((words for start, words in _ZIP_WORDS if text.startswith(start)), text), text


def broken_zip(file: str, exc: BaseException | str) -> Finding:
    """GK601 ``broken-zip`` for ``file``, with :func:`zip_reason`."""
    zh, en = zip_reason(exc)
    return UNREADABLE.emit("broken-zip", source=file, error=zh, error_en=en, file=file)


def _cut(data: bytes, more: bytes, file: str) -> int:
    """Where to cut ``data`` (the tail of the last chunk and a new chunk ``more``): at the
    start of its last tag, which may not be whole yet (a ``>`` may stand inside a quoted
    value, a ``<`` never does); everything when nothing more follows.  A tag still not
    whole after :data:`_MOST_TAG` bytes is refused (no workbook writes one; cutting it
    would hide its attributes)."""
    if not more:
        return len(data)
    cut = data.rfind(b"<")
    if cut < 0:
        return len(data)
    if len(data) - cut > _MOST_TAG:
        raise ScanError(
            UNREADABLE.emit(
                "broken-zip",
                source=file,
                error="标签超过 4 MiB",
                error_en="a tag longer than 4 MiB",
                file=file,
            )
        )
    return cut


def parse_ref(ref: str) -> tuple[int, int] | None:
    """1-based (row, column) of an A1 reference inside Excel's grid, else ``None``."""
    match = _REF.match(ref)
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    row = int(match.group(2))
    if not (1 <= row <= _MAX_ROW and 1 <= column <= _MAX_COLUMN):
        return None
    return row, column


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """1-based (first_row, first_col, last_row, last_col) of ``A1:B2`` (or ``A1``)."""
    first, _, last = ref.partition(":")
    a = parse_ref(first)
    b = parse_ref(last) if last else a
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0] + 1) * (box[3] - box[1] + 1)


@attrs.define
class _SheetScan:
    """What the byte scan of one sheet part found."""

    cells: int = 0
    max_row: int = 0
    max_column: int = 0
    row: int = 0
    column: int = 0
    big_merges: list[str] = attrs.Factory(list)
    merged_cells: int = 0
    #: whether a formula tag (``<f>``) was seen: its cells are then read once more
    formulas: bool = False


def _sheet_parts(archive: zipfile.ZipFile, by_lower: Mapping[str, str]) -> list[tuple[str, str]]:
    """(sheet name, part name) of each worksheet of an xlsx, as the reader may find them:
    part names matched without regard to case (the reader's lookup), every relationship
    id a ``<sheet>`` carries followed (the reader takes ``r:id`` by its literal name,
    whatever namespace it is bound to), the parts under ``xl/worksheets/`` listed under
    their part names; and when the workbook or its relationships cannot be parsed,
    every XML part of the package (the reader's parser may accept what this one refuses).
    ``by_lower`` maps each part's name in lower case to the name itself."""
    found: list[tuple[str, str]] = []
    try:
        from xml.etree import ElementTree

        book = ElementTree.fromstring(archive.read(by_lower["xl/workbook.xml"]))
        rels = ElementTree.fromstring(archive.read(by_lower["xl/_rels/workbook.xml.rels"]))
        targets = {
            rel.get("Id"): rel.get("Target", "") for rel in rels if rel.tag.endswith("Relationship")
        }
        for sheet in book.iter():
            if not sheet.tag.endswith("}sheet"):
                continue
            for key, rid in sheet.attrib.items():
                part = (
                    by_lower.get(_part_of(targets.get(rid) or "").lower())
                    if key.endswith("id")
                    else None
                )
                if part is not None:
                    found.append((sheet.get("name") or part, part))
    except (KeyError, ValueError, SyntaxError, *ZIP_ERRORS):
        found = [(name, name) for lower, name in sorted(by_lower.items()) if lower.endswith(".xml")]
    named = {part for _, part in found}
    for lower, part in sorted(by_lower.items()):
        if lower.startswith("xl/worksheets/") and lower.endswith(".xml") and part not in named:
            found.append((part, part))
    return found


def _part_of(target: str) -> str:
    """The zip part a workbook relationship's ``Target`` names, as the reader resolves
    it: an absolute target (``/custom/s.xml``) from the package's root, any other one
    from ``xl/`` (``worksheets/sheet1.xml``; ``xl/…`` taken as written)."""
    if target.startswith("/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _scan_tag(scan: _SheetScan, kind: bytes, attributes: bytes, sheet: str, file: str) -> None:
    """Count one ``<row>``, ``<c>`` or ``<mergeCell>`` tag into ``scan`` (a ``<dimension>``
    is ignored, as the reader ignores it); raises :class:`ScanError` on a bad reference."""
    match = _ATTR.search(attributes)
    ref = None
    if match is not None:
        ref = (match.group(2) if match.group(2) is not None else match.group(3) or b"").decode(
            "utf-8", "replace"
        )
    if kind == b"row":
        if ref is None:
            scan.row += 1
        elif not _ROW.match(ref) or not 1 <= int(ref) <= _MAX_ROW:
            raise ScanError(_bad_ref(file, sheet, ref))
        else:
            scan.row = int(ref)
        scan.column = 0
    elif kind == b"c":
        if ref is None:
            scan.column += 1
            row = max(scan.row, 1)
        else:
            place = parse_ref(ref)
            if place is None:
                raise ScanError(_bad_ref(file, sheet, ref))
            row, scan.column = place
        if attributes.rstrip().endswith(b"/"):
            return  # an empty (only formatted) cell: the reader skips it
        scan.cells += 1
        scan.max_row = max(scan.max_row, row)
        scan.max_column = max(scan.max_column, scan.column)
    elif kind == b"mergeCell" and ref is not None:
        box = parse_range(ref)
        if box is None:
            raise ScanError(_bad_ref(file, sheet, ref))
        size = area(box)
        if scan.merged_cells + size > limits.get("max_cells"):
            scan.big_merges.append(ref)
        else:
            scan.merged_cells += size


#: Every tag :data:`_TAG` finds, with the usual cell split out: a ``<c>`` whose first
#: attribute is a plain reference (``r="AB12"``: no ``$``, no leading zero), as Excel, WPS
#: and xlsxwriter write every cell.  Groups: column letters, row, the rest of a plain cell;
#: or kind and attributes of any other tag.
_TAG_OR_CELL = re.compile(
    rb"<"
    + _NS
    + rb"(?:c\sr=\"([A-Z]{1,3})([1-9][0-9]{0,6})\""
    + _ATTRS
    + rb"|(c|row|dimension|mergeCell)(?=[\s/>])"
    + _ATTRS
    + rb")>"
)


def _column(letters: bytes, columns: dict[bytes, int]) -> int:
    column = columns.get(letters)
    if column is None:
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        columns[letters] = column
    return column


def _plain_cell(
    scan: _SheetScan,
    letters: bytes,
    row_text: bytes,
    rest: bytes,
    columns: dict[bytes, int],
    sheet: str,
    file: str,
) -> None:
    """:func:`_scan_tag` for a plain cell (see :data:`_TAG_OR_CELL`)."""
    column, row = _column(letters, columns), int(row_text)
    if row > _MAX_ROW or column > _MAX_COLUMN:
        raise ScanError(_bad_ref(file, sheet, (letters + row_text).decode("ascii")))
    scan.column = column
    if rest.rstrip().endswith(b"/"):
        return  # an empty (only formatted) cell: the reader skips it
    scan.cells += 1
    scan.max_row = max(scan.max_row, row)
    scan.max_column = max(scan.max_column, column)


def _plain_chunk(
    scan: _SheetScan,
    tags: list[tuple[bytes, bytes, bytes, bytes, bytes]],
    columns: dict[bytes, int],
    sheet: str,
    file: str,
) -> bool:
    """The tags of one chunk scanned at once when every ``<c>`` in it is a plain cell
    inside the grid: the same counts, maxima and position as tag by tag.  ``False``
    (nothing done) otherwise: then the chunk is scanned tag by tag."""
    if any(kind == b"c" for _, _, _, kind, _ in tags):
        return False  # a cell written otherwise: its position may follow the one before
    cells = [
        (letters, row)
        for letters, row, rest, _, _ in tags
        if letters and not rest.rstrip().endswith(b"/")
    ]
    last = next((index for index in range(len(tags) - 1, -1, -1) if tags[index][0]), -1)
    numbers = {letters: _column(letters, columns) for letters, _, _, _, _ in tags if letters}
    rows = [int(row) for letters, row, _, _, _ in tags if letters]
    if (rows and max(rows) > _MAX_ROW) or (numbers and max(numbers.values()) > _MAX_COLUMN):
        return False  # tag by tag, the first bad reference is reported
    if cells:
        scan.cells += len(cells)
        scan.max_row = max(scan.max_row, max(int(row) for _, row in cells))
        scan.max_column = max(scan.max_column, max(numbers[letters] for letters, _ in cells))
    for letters, _, _, kind, attributes in tags:
        if not letters:  # rows, merges, the dimension: they do not read the cell position
            _scan_tag(scan, kind, attributes, sheet, file)
    if last >= 0 and not any(kind == b"row" for _, _, _, kind, _ in tags[last + 1 :]):
        scan.column = numbers[tags[last][0]]
    return True


#: The quick scan (:func:`_quick_chunk`) reads a chunk whose ``<c>`` and ``<row>`` tags are
#: all written the usual way: ``<c r="AB12"`` and ``<row r="12"`` (no prefix, the reference
#: first and inside Excel's grid), as Excel, WPS and xlsxwriter write them.
_USUAL_CELL = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"')
#: A ``<c `` tag whose first attribute is not a usual reference (``<c r="AB12"``).
_ODD_CELL = re.compile(rb'<c (?!r="[A-Z]{1,3}[1-9][0-9]{0,6}")')
#: Fewest bytes a usual cell's start takes (``<c r="A1"``): ``<c r="`` cannot overlap
#: itself, so a chunk of ``n`` bytes holds at most ``n // 9`` cells.
_LEAST_CELL_BYTES = 9
#: A ``<c `` tag that is not a small usual cell (column A–Z, row below 10,000).
_NOT_SMALL = re.compile(rb'<c (?!r="[A-Z][1-9][0-9]{0,3}")')
#: A ``<c>`` or ``<row>`` tag written otherwise (no attribute, or another white space), or
#: a ``<row `` whose first attribute is not a usual reference (a row of seven digits may
#: lie beyond Excel's grid: tag by tag decides); one search for the three.
_ODD = rb'c[\t\n\r\f\v/>]|row[\t\n\r\f\v/>]|row (?!r="[1-9][0-9]{0,5}")|!--|!\[CDATA\['
_ODD_TAGS = re.compile(rb"<(?:" + _ODD + rb")")
#: What follows the name of a formula tag (``<f>``, ``<f t="shared" …/>``).
_AFTER_F = rb"[\t\n\r\f\v />]"
#: :data:`_ODD_TAGS`, or a formula tag (group 1): one search finds both (a formula costs
#: the quick scan nothing else: see :func:`_odd_or_formula`).
_ODD_OR_FORMULA = re.compile(rb"<(?:(f)" + _AFTER_F + rb"|" + _ODD + rb")")
#: Bytes that may start a prefixed tag of a kind the scan reads (``<x:c r="A1">``).
_PREFIXED_KINDS = rb"c|row|dimension|mergeCell"
_PREFIXED = re.compile(rb":(?:" + _PREFIXED_KINDS + rb")")
#: :data:`_PREFIXED`, or a prefixed formula tag (``<x:f>``; group 1).
_PREFIXED_OR_FORMULA = re.compile(rb":(?:" + _PREFIXED_KINDS + rb"|(f)" + _AFTER_F + rb")")
#: A formula tag, prefixed or not (the tag-by-tag scan's search for one).
_FORMULA_TAG = re.compile(rb"<" + _NS + rb"f" + _AFTER_F)
#: A usual cell whose row has at least 5, 6 or 7 digits; whose column has 2 or 3 letters.
_ROW_DIGITS = {k: re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{%d}' % (k - 1)) for k in (5, 6, 7)}
_COLUMN_LETTERS = {k: re.compile(rb'<c r="[A-Z]{%d}[0-9]' % k) for k in (2, 3)}
#: ``<mergeCell>`` tags (their attributes), in document order.
_MERGE_TAG = re.compile(rb"<mergeCell(?=[\s/>])" + _ATTRS + rb">")
_NOT_DIGITS = bytes(range(65, 91))  # column letters, deleted to leave the row numbers


def _bounds(data: bytes, cut: int, columns: dict[bytes, int]) -> tuple[int, int] | None:
    """Upper bounds of the row and column of the usual cells in ``data[:cut]``: from the
    longest row number and column name present (a few searches), else, when those bounds
    are too loose for ``max_cells``, from every cell's reference.  ``None`` when a
    reference may lie beyond Excel's grid (the tag-by-tag scan reports it)."""
    if _ROW_DIGITS[7].search(data, 0, cut) is not None:
        return None
    if _COLUMN_LETTERS[3].search(data, 0, cut) is None:
        rows = next(
            (10**k - 1 for k in (6, 5) if _ROW_DIGITS[k].search(data, 0, cut) is not None),
            9_999,
        )
        two = _COLUMN_LETTERS[2].search(data, 0, cut) is not None
        width = 702 if two else 26
        if rows * width <= limits.get("max_cells"):
            return rows, width
    joined = b" ".join(_USUAL_CELL.findall(data, 0, cut))
    letters = set(joined.translate(None, b"0123456789").split())
    width = max((_column(letter, columns) for letter in letters), default=0)
    rows = max(map(int, joined.translate(None, _NOT_DIGITS).split()), default=0)
    if width > _MAX_COLUMN or rows > _MAX_ROW:
        return None
    return rows, width


def _quick_chunk(
    scan: _SheetScan,
    data: bytes,
    cut: int,
    columns: dict[bytes, int],
    sheet: str,
    file: str,
) -> bool:
    """Bounds for the bytes ``data[:cut]`` of a sheet part, read with a few C-level counts
    and searches when every ``<c>`` and ``<row>`` tag is written the usual way (see
    :data:`_USUAL_CELL`).  The counts and maxima added to ``scan`` are upper bounds of the
    tag-by-tag scan's (the cells bounded by the chunk's length, or counted, empty ones
    too); merged ranges are read exactly, in order.  ``False`` when the bytes are written
    otherwise (then the part is scanned tag by tag)."""
    if _odd_or_formula(scan, data, cut, _ODD_OR_FORMULA, _ODD_TAGS):
        return False
    if _odd_or_formula(scan, data, cut, _PREFIXED_OR_FORMULA, _PREFIXED):
        return False
    # each cell's '<c r="A1"' takes at least 9 bytes: a bound of the cells without
    # counting them, unless it could pass the limit (a sheet part of tens of MB)
    cells = cut // _LEAST_CELL_BYTES
    if scan.cells + cells > limits.get("max_cells"):
        cells = data.count(b'<c r="', 0, cut)
    if _NOT_SMALL.search(data, 0, cut) is None:  # the usual table: one search
        any_cell = data.find(b'<c r="', 0, cut) >= 0
        bounds: tuple[int, int] | None = (9_999, 26) if any_cell else (0, 0)
    elif _ODD_CELL.search(data, 0, cut) is not None:
        return False
    else:
        bounds = _bounds(data, cut, columns)
    if bounds is None:
        return False
    scan.cells += cells
    scan.max_row = max(scan.max_row, bounds[0])
    scan.max_column = max(scan.max_column, bounds[1])
    # merged ranges (after the cells): a bad reference is an error, and their area counts;
    # a <dimension> decides nothing (the reader ignores it; so does the tag-by-tag scan)
    first = data.find(b"<mergeCell", 0, cut)
    if first >= 0:
        for attributes in _MERGE_TAG.findall(data, first, cut):
            _scan_tag(scan, b"mergeCell", attributes, sheet, file)
    return True


def _odd_or_formula(
    scan: _SheetScan, data: bytes, cut: int, either: re.Pattern[bytes], odd: re.Pattern[bytes]
) -> bool:
    """Whether ``data[:cut]`` holds a tag ``odd`` finds, searched with ``either`` (the
    same, or a formula tag): a formula found on the way sets ``scan.formulas`` and the
    rest is searched with ``odd`` alone."""
    found = either.search(data, 0, cut)
    if found is None:
        return False
    if found.group(1) is None:
        return True
    scan.formulas = True
    return odd.search(data, found.end(), cut) is not None


def _quick_scan(archive: zipfile.ZipFile, part: str, sheet: str, file: str) -> _SheetScan | None:
    """The scan when the sheet part certainly passes :func:`_scan_sheet` 's checks (every
    chunk read by :func:`_quick_chunk`, the bounds within ``max_cells`` and no merged
    range too large); ``None`` leaves the verdict to the tag-by-tag scan.  Raises
    :class:`ScanError` only for a merged range with an invalid reference (the first
    error in the part, as tag by tag)."""
    scan = _SheetScan()
    tail = b""
    columns: dict[bytes, int] = {}
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = _cut(data, chunk, file)
            if not _quick_chunk(scan, data, cut, columns, sheet, file):
                return None
            tail = data[cut:]
            if not chunk:
                break
    cap = limits.get("max_cells")
    if scan.big_merges or scan.cells > cap or scan.max_row * scan.max_column > cap:
        return None
    return scan


def _scan_sheet(archive: zipfile.ZipFile, part: str, sheet: str, file: str) -> _SheetScan:
    """Scan one sheet part's bytes (see above); raises :class:`ScanError`.  When the quick
    scan (:func:`_quick_scan`) vouches for the part, its scan (no merged range set
    aside) is returned."""
    quick = _quick_scan(archive, part, sheet, file)
    return quick if quick is not None else _exact_scan(archive, part, sheet, file)


#: Most formula cells without a stored result named one by one (GK620) per sheet.
MAX_FORMULA_NOTES = 10


#: A formula tag followed at once by a stored result that is not empty (as Excel and WPS
#: write it): when every formula tag is one of these, no cell needs to be parsed.
_WITH_RESULT = re.compile(
    rb"<" + _NS + rb"f(?:[\t\n\r\f\v ][^<>]*)?(?:/>|>[^<]*</" + _NS + rb"f>)"
    rb"<" + _NS + rb"v>[^<]"
)


def _uncached_formulas(archive: zipfile.ZipFile, part: str) -> tuple[int, list[str]]:
    """Formula cells of a sheet part that carry no stored result (:func:`_without_result`,
    as a workbook written by a program rather than saved by Excel/WPS has them): the
    reader reads them as empty.  Their count and the first references (A1).  Read only
    for a sheet whose scan saw a formula tag; XML this parser refuses ends the count
    there (the reader, not this note, decides whether the sheet can be read)."""
    from xml.etree.ElementTree import ParseError, iterparse

    count = 0
    refs: list[str] = []
    data = archive.read(part)
    if len(_FORMULA_TAG.findall(data)) == len(_WITH_RESULT.findall(data)):
        return count, refs  # every formula followed by its result: nothing to parse
    row, column = 0, 0
    with contextlib.suppress(ParseError):
        for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "row":
                    number = element.get("r")
                    row = int(number) if number and _ROW.match(number) else row + 1
                    column = 0
                elif tag == "c":
                    place = parse_ref(element.get("r") or "")
                    row, column = place if place is not None else (row, column + 1)
                continue
            if tag == "c":
                if _without_result(element):
                    count += 1
                    if len(refs) < MAX_FORMULA_NOTES:
                        refs.append(a1_ref(max(row, 1), max(column, 1)))
                element.clear()
            elif tag == "row":
                element.clear()
    return count, refs


def _without_result(cell: Any) -> bool:
    """Whether a ``<c>`` element holds a formula and no stored result: no ``<v>`` (nor
    inline text), or an empty ``<v>`` in a cell not typed as text (``t="str"`` is a
    formula whose result is the empty string; a number cannot be empty: openpyxl writes
    ``<f>B3</f><v></v>``)."""
    children = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
    if "f" not in children or "is" in children:
        return False
    value = children.get("v")
    if value is None:
        return True
    return not (value.text or "").strip() and cell.get("t") != "str"


def _exact_scan(archive: zipfile.ZipFile, part: str, sheet: str, file: str) -> _SheetScan:
    """Scan one sheet part tag by tag (a chunk of plain cells at once: :func:`_plain_chunk`);
    raises :class:`ScanError`."""
    scan = _SheetScan()
    tail = b""
    columns: dict[bytes, int] = {}  # column letters → number, for the common cell
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = _cut(data, chunk, file)
            if b"<!--" in data or b"<![CDATA[" in data:  # tags the reader skips
                raise ScanError(_hidden(file, sheet))
            tags = _TAG_OR_CELL.findall(data, 0, cut)
            scan.formulas = scan.formulas or _FORMULA_TAG.search(data, 0, cut) is not None
            if not _plain_chunk(scan, tags, columns, sheet, file):
                for letters, row, rest, kind, attributes in tags:
                    if letters:
                        _plain_cell(scan, letters, row, rest, columns, sheet, file)
                    else:
                        _scan_tag(scan, kind, attributes, sheet, file)
            tail = data[cut:]
            if not chunk:
                break
    cap = limits.get("max_cells")
    if scan.cells > cap or scan.max_row * scan.max_column > cap:
        ref = f"A1:{a1_ref(scan.max_row, scan.max_column)}"
        raise ScanError(_declared(file, sheet, ref))
    # A declared <dimension> alone is not refused: the reader ignores it (checked with
    # python-calamine 0.9), and converters from .xls write ``A1:IV65536`` on harmless
    # sheets.  Only the cells that are there count.
    return scan


_SST = re.compile(rb"<" + _NS + rb"sst(?=[\s/>])" + _ATTRS + rb">")
_UNIQUE = re.compile(rb"\suniqueCount\s*=\s*[\"']\s*([0-9]+)")


def _check_shared_strings(archive: zipfile.ZipFile, names: set[str], file: str) -> None:
    """Refuse a shared-strings part whose ``uniqueCount`` is over ``max_cells``:
    python-calamine reserves memory for that many strings before reading one, and a
    count of 4,294,967,295 aborts the process (a failed allocation is not an exception
    in Rust).  Only the part's head is read."""
    limit = limits.get("max_cells")
    for part in sorted(names):
        if not part.lower().endswith("sharedstrings.xml"):
            continue
        with archive.open(part) as stream:
            head = stream.read(4096)
        tag = _SST.search(head)
        found = _UNIQUE.search(tag.group(1)) if tag is not None else None
        if found is None:
            continue
        digits = found.group(1).lstrip(b"0") or b"0"
        if len(digits) > 12 or int(digits) > limit:
            count = digits.decode() if len(digits) <= 20 else digits[:20].decode() + "…"
            raise ScanError(
                OVERSIZED.emit(
                    "strings", source=file, part=part, count=count, limit_cells=limit, file=file
                )
            )


def _declared(file: str, sheet: str, ref: str) -> Finding:
    return OVERSIZED.emit(
        "declared",
        source=file,
        sheet=sheet,
        ref=ref,
        limit_cells=limits.get("max_cells"),
        file=file,
        path=f"{sheet}!A1",
    )


def _hidden(file: str, sheet: str) -> Finding:
    """A sheet whose XML holds a comment or CDATA: a tag inside one would be read by this
    scan and skipped by the reader (a ``<row r="1">`` in a comment moved 16,384 cells to
    row 1 for the scan and left them on row 6,000 for the reader); Excel and WPS never
    write one."""
    return UNREADABLE.emit(
        "bad-workbook",
        source=file,
        error_type="XML",
        error=f"工作表“{sheet}”含有 XML 注释或 CDATA / comments or CDATA in sheet {sheet!r}",
        file=file,
        path=f"{sheet}!A1",
    )


def _bad_ref(file: str, sheet: str, ref: str) -> Finding:
    shown = ref if len(ref) <= 40 else ref[:40] + "…"
    return UNREADABLE.emit(
        "bad-ref", source=file, sheet=sheet, ref=shown, file=file, path=f"{sheet}!A1"
    )


def _long_shared_strings(archive: zipfile.ZipFile) -> dict[int, int]:
    """Shared strings longer than python-calamine keeps (it cuts a cell at
    :data:`READER_CELL_CHARS` characters without a word): hash of the kept part → length."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    from xml.etree.ElementTree import iterparse

    out: dict[int, int] = {}
    parts: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in iterparse(stream):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "t":
                parts.append(element.text or "")
            elif tag == "si":
                if sum(map(len, parts)) > READER_CELL_CHARS:
                    text = "".join(parts)
                    out[hash(text[:READER_CELL_CHARS])] = len(text)
                parts.clear()
                element.clear()
    return out


@attrs.frozen
class Prescan:
    """What the scan of a workbook found that the reader will not say.

    ``big_merges`` lists the merged ranges too large to keep, by sheet.  The shared
    strings the reader cuts are measured only when asked (:meth:`long_strings`: a cell
    read exactly :data:`READER_CELL_CHARS` long), so that a workbook without such a cell
    never has its shared strings parsed."""

    big_merges: dict[str, list[str]]
    path: Path | None = None
    file: str = ""
    #: an .ods (``content.xml``): read in a child process (:mod:`gkstd.tables.isolate`)
    ods: bool = False
    #: formula cells without a stored result, by sheet: their count and first references
    formulas: dict[str, tuple[int, list[str]]] = attrs.field(factory=dict)
    #: sheets the reader must not read, by name, and why (their scan's GK601/GK604): a
    #: stray cell at ``XFD1048576`` on a notes sheet costs that sheet, not the workbook
    refused: dict[str, Finding] = attrs.field(factory=dict)
    _long: dict[str, dict[int, int]] = attrs.field(factory=dict, eq=False, repr=False)

    def long_strings(self) -> dict[int, int]:
        """Shared strings longer than the reader keeps: hash of the kept part → length
        (measured once).  Raises :class:`ScanError` when the part cannot be read."""
        if "cut" not in self._long:
            self._long["cut"] = {} if self.path is None else _measure(self.path, self.file)
        return self._long["cut"]


def _measure(path: Path, file: str) -> dict[int, int]:
    try:
        with zipfile.ZipFile(path) as archive:
            return _long_shared_strings(archive)
    except (*ZIP_ERRORS, zlib.error, ValueError, SyntaxError) as exc:
        raise ScanError(broken_zip(file, exc)) from None


def prescan(path: Path, file: str) -> Prescan:
    """Scan every worksheet of an xlsx before python-calamine reads it: merged ranges too
    large to keep (by sheet); the shared strings the reader will cut are measured later,
    when a cell needs it (:meth:`Prescan.long_strings`).  A worksheet with an invalid cell
    reference or over ``max_cells`` is listed in :attr:`Prescan.refused` (the others are
    read); :class:`ScanError` when the whole workbook cannot be read (or such a sheet of an
    .ods, whose sheets the reader reads at once)."""
    big: dict[str, list[str]] = {}
    formulas: dict[str, tuple[int, list[str]]] = {}
    refused: dict[str, Finding] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            lower = {name.lower(): name for name in names}  # the reader ignores case
            if "xl/workbook.bin" in lower:  # .xlsb: binary records this scan cannot check
                raise ScanError(
                    UNREADABLE.emit("unsupported", source=file, suffix="xlsb", file=file)
                )
            ods = "content.xml" in lower
            if ods:  # an .ods; or parts of both kinds: the reader picks one by the
                _scan_ods(archive, lower["content.xml"], file)  # file's name: check both
            _check_shared_strings(archive, names, file)
            parts = _sheet_parts(archive, lower)
            for sheet, part in parts:
                try:
                    scan = _scan_sheet(archive, part, sheet, file)
                except ScanError as exc:
                    if ods or not _alone(sheet, part, parts):
                        raise
                    refused.setdefault(sheet, exc.finding)
                    continue
                if scan.big_merges:
                    big[sheet] = scan.big_merges
                if scan.formulas:
                    count, refs = _uncached_formulas(archive, part)
                    if count:
                        formulas[sheet] = (count, refs)
    except ScanError:
        raise
    except (*ZIP_ERRORS, zlib.error, ValueError, SyntaxError) as exc:
        raise ScanError(broken_zip(file, exc)) from None
    return Prescan(big, path, file, ods=ods, formulas=formulas, refused=refused)


def _alone(sheet: str, part: str, parts: Sequence[tuple[str, str]]) -> bool:
    """Whether the worksheet ``sheet`` (its ``part``) can be refused on its own, the
    reader reading the workbook's other sheets: the reader reads an .xlsx's sheets one at
    a time, by name, so ``part`` must be reached by sheet names only (no name of another
    sheet, nor a part name this scan fell back on), and the sheet must not be gkstd's own
    (the hidden ``gkstd`` sheet of an export is part of the catalog)."""
    if sheet in (part, "gkstd"):
        return False
    return all(name == sheet for name, other in parts if other == part)


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb">"
)
_ODS_ATTR = re.compile(
    rb"\stable:(name|number-rows-repeated|number-columns-repeated)\s*=\s*"
    rb"(?:\"([^\"]*)\"|'([^']*)')"
)


def _ods_attrs(attributes: bytes) -> dict[bytes, str]:
    return {
        m.group(1): (m.group(2) if m.group(2) is not None else m.group(3) or b"").decode(
            "utf-8", "replace"
        )
        for m in _ODS_ATTR.finditer(attributes)
    }


def _repeat(value: str | None, sheet: str, file: str) -> int:
    if value is None:
        return 1
    if not _ROW.match(value) or int(value) < 1:
        raise ScanError(_bad_ref(file, sheet, value))
    return int(value)


def _scan_ods(archive: zipfile.ZipFile, part: str, file: str) -> None:
    """The same guard for an .ods (``content.xml``): repeated rows and columns of cells
    with a value are counted as the reader will expand them; empty (self-closing) cells
    and rows, which every .ods repeats to the sheet's end, are not."""
    cap = limits.get("max_cells")
    sheet, row, column, rows_repeated, max_row, max_column = "", 0, 0, 1, 0, 0
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = _cut(data, chunk, file)
            for match in _ODS_TAG.finditer(data, 0, cut):
                closing, kind, attributes = match.groups()
                empty = attributes.rstrip().endswith(b"/")
                values = _ods_attrs(attributes)
                if kind == b"table" and not closing:
                    sheet, row, max_row, max_column = values.get(b"name", "?"), 0, 0, 0
                elif kind == b"table-row" and closing:
                    row += rows_repeated
                elif kind == b"table-row":
                    rows_repeated = _repeat(values.get(b"number-rows-repeated"), sheet, file)
                    column = 0
                    if empty:
                        row += rows_repeated
                elif not closing:
                    repeat = _repeat(values.get(b"number-columns-repeated"), sheet, file)
                    if not empty:
                        max_row = max(max_row, row + rows_repeated)
                        max_column = max(max_column, column + repeat)
                        if max_row * max_column > cap:
                            ref = f"A1:{a1_ref(max_row, max_column)}"
                            raise ScanError(_declared(file, sheet, ref))
                    column += repeat
            tail = data[cut:]
            if not chunk:
                break


def merges_kept(
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]], cap: int
) -> tuple[tuple[tuple[int, int, int, int], ...], list[str]]:
    """The merged ranges (0-based, from the reader) to keep, their total area at most
    ``cap``, and the others (as ``A1:B2``)."""
    kept: list[tuple[int, int, int, int]] = []
    dropped: list[str] = []
    total = 0
    for (r0, c0), (r1, c1) in merged:
        area = (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
        if r1 < r0 or c1 < c0 or total + area > cap:
            dropped.append(f"{a1_ref(r0 + 1, c0 + 1)}:{a1_ref(r1 + 1, c1 + 1)}")
            continue
        total += area
        kept.append((r0, c0, r1, c1))
    return tuple(kept), dropped


def big_merge(file: str, sheet: str, ref: str) -> Finding:
    """GK616: the merged range ``ref`` of ``sheet`` is too large and was ignored."""
    box = parse_range(ref)
    return BEYOND_LIMIT.emit(
        "merge",
        source=file,
        sheet=sheet,
        ref=ref,
        cells=area(box) if box else 0,
        limit_cells=limits.get("max_cells"),
        file=file,
        path=f"{sheet}!{ref.partition(':')[0]}",
    )


#: Most overlapping merged ranges reported one by one (GK621) per sheet.
MAX_OVERLAP_NOTES = 20


def overlapping_merge(
    file: str, sheet: str, box: tuple[int, int, int, int], other: tuple[int, int, int, int]
) -> Finding:
    """GK621: the merged range ``box`` of ``sheet`` (0-based, inclusive) overlaps the
    merged range ``other`` before it and was left out, as Excel's repair leaves it out."""
    ref, kept = (
        f"{a1_ref(r0 + 1, c0 + 1)}:{a1_ref(r1 + 1, c1 + 1)}" for r0, c0, r1, c1 in (box, other)
    )
    return DAMAGED_MERGES.emit(
        "overlapping-merge",
        source=file,
        sheet=sheet,
        ref=ref,
        other=kept,
        file=file,
        path=f"{sheet}!{ref.partition(':')[0]}",
        line=box[0] + 1,
    )


def cut_cells(
    sheet: str,
    rows: Sequence[Sequence[str]],
    cut: Callable[[], Mapping[int, int]],
    file: str,
    *,
    widest: int | None = None,
) -> list[Finding]:
    """GK616 for each cell the reader cut: its text is the start of a long shared string,
    or it is exactly :data:`READER_CELL_CHARS` long (an inline string may have been cut).
    ``cut`` gives the long shared strings (hash of the kept part → length); it is called
    only when a cell is exactly that long; ``widest``, the longest cell's length, when the
    caller measured it."""
    if sheet == "gkstd":
        return []
    if (widest if widest is not None else longest(rows)) < READER_CELL_CHARS:
        return []  # most sheets: no cell the reader may have cut
    out: list[Finding] = []
    for r, row in enumerate(rows):
        if not row or max(map(len, row)) < READER_CELL_CHARS:
            continue  # most rows: no cell the reader may have cut
        for c, text in enumerate(row):
            if len(text) != READER_CELL_CHARS:
                continue
            where = f"{sheet}!{a1_ref(r + 1, c + 1)}"
            chars = cut().get(hash(text))
            if chars is not None:
                out.append(long_cell(file, where, r, chars))
            else:  # an inline string, or exactly at the limit: say it may have been cut
                out.append(
                    BEYOND_LIMIT.emit(
                        "cut-cell",
                        source=file,
                        where=where,
                        limit_chars=READER_CELL_CHARS,
                        file=file,
                        path=where,
                        line=r + 1,
                    )
                )
            if len(out) >= MAX_LONG_CELL_NOTES:
                return out
    return out


def longest(rows: Sequence[Sequence[str]]) -> int:
    """Length of the longest cell text of ``rows`` (0 when there is none)."""
    return max(map(len, chain.from_iterable(rows)), default=0)


def long_cell(file: str, where: str, row: int, chars: int) -> Finding:
    """GK616: the cell ``where`` (``sheet!C5``) holds ``chars`` characters, over the limit."""
    return BEYOND_LIMIT.emit(
        "long-cell",
        source=file,
        where=where,
        chars=chars,
        limit_chars=min(limits.get("max_text_chars"), READER_CELL_CHARS),
        file=file,
        path=where,
        line=row + 1,
    )
