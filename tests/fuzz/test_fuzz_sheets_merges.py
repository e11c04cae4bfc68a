"""Fuzzing what a workbook's refused sheets, a damaged Word table's merges and a CSV's
unnamed rows do to an import: never an exception out of :func:`import_table` or
:func:`read_grids` (the harness's contract), and no cell's text lost.

* workbooks of up to six sheets, random ones refused by the scan (a cell at
  ``XFD1048576`` or ``XFD900``, a bad cell or row reference; a merged range over the whole
  grid, which is dropped, not refused), with odd names (``gkstd`` in any case, XML
  entities, quotes, 31 characters), hidden sheets and a chartsheet (itself refused or
  not): a visible catalog sheet that was not refused is imported, never a refused one;
* Word tables whose body rows have random ``w:gridSpan``, ``w:vMerge`` and
  ``w:gridBefore`` against grids of several widths: every cell's text is read once, is
  still in its cell once the merges are filled, and, in a column with a heading, is in
  the written document;
* CSV tables of random numbered, unnamed and continuation rows: every text of a column
  with a heading is in the written document.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import string
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import xlsxwriter
from docx.oxml import parse_xml
from hypothesis import given
from hypothesis import strategies as st

from gkstd.tables import import_table
from gkstd.tables.grid import read_grids
from gkstd.tables.rules import EXAMPLE_TABLE
from tests import test_tables_word
from tests.fuzz import harness
from tests.fuzz.harness import FUZZ

_TABLE = list(csv.reader(io.StringIO(EXAMPLE_TABLE)))
_NOTES = [["填报说明"], ["1. 请按国家标准目录填写。"]]
#: sheet names: gkstd's own in three cases, numbers (``--sheet 2``), XML entities, quotes
_NAMES = ["gkstd", "Gkstd", "Sheet1", "1", "2", "A&B", "<x>", 'q"q', "a'b", "说明 ", "救灾"]
_NAMES += ["x" * 31, "&amp;", "&#10;", "表格1"]


def _far(row: int, ref: str) -> Callable[[str], str]:
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t> </t></is></c></row>'
    return lambda xml: xml.replace("</sheetData>", cell + "</sheetData>").replace(
        "<sheetData/>", f"<sheetData>{cell}</sheetData>"
    )


#: how a sheet is damaged: refused by the scan (the first four) or not (a merge too large,
#: dropped with a note)
_DAMAGE: dict[str, Callable[[str], str]] = {
    "far": _far(1_048_576, "XFD1048576"),
    "far-column": _far(900, "XFD900"),
    "bad-cell": lambda xml: _far(999, "!!")(xml),
    "bad-row": lambda xml: xml.replace("</sheetData>", '<row r="0"/></sheetData>').replace(
        "<sheetData/>", '<sheetData><row r="0"/></sheetData>'
    ),
    "huge-merge": lambda xml: xml.replace(
        "<pageMargins",
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells><pageMargins',
        1,
    ),
}
_REFUSING = {"far", "far-column", "bad-cell", "bad-row"}

Sheet = tuple[str, str, bool, str | None]  # name, content, hidden, damage


def _rewrite(data: bytes, parts: dict[str, Callable[[str], str]]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename in parts:
                body = parts[info.filename](body.decode("utf-8")).encode("utf-8")
            archive.writestr(info.filename, body)
    return out.getvalue()


@st.composite
def _sheets(draw: st.DrawFn) -> tuple[list[Sheet], str | None, bool]:
    count = draw(st.integers(1, 6))
    names = draw(
        st.lists(st.sampled_from(_NAMES), min_size=count, max_size=count, unique_by=str.lower)
    )
    sheets = [
        (
            name,
            draw(st.sampled_from(["table", "notes", "empty"])),
            draw(st.integers(0, 3)) == 0,
            draw(st.sampled_from([*_DAMAGE, None, None])),
        )
        for name in names
    ]
    if all(hidden for _, _, hidden, _ in sheets):  # (a workbook shows one sheet at least)
        name, content, _, damage = sheets[0]
        sheets[0] = (name, content, False, damage)
    return sheets, draw(st.sampled_from([None, "first", "last"])), draw(st.booleans())


def _workbook(sheets: list[Sheet], chart: str | None, chart_refused: bool) -> bytes:
    """A workbook of ``sheets``, a chartsheet first or last, each damaged as it says."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
        book.set_properties({"created": datetime.datetime(2020, 1, 1)})  # same bytes each run

        def chartsheet() -> None:
            drawn = book.add_chart({"type": "line"})
            quoted = sheets[0][0].replace("'", "''")
            drawn.add_series({"values": f"='{quoted}'!$A$1:$A$2"})
            book.add_chartsheet("图表").set_chart(drawn)

        if chart == "first":
            chartsheet()
        for name, content, hidden, _ in sheets:
            sheet = book.add_worksheet(name)
            rows = {"table": _TABLE, "notes": _NOTES}.get(content, [])
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    if text:
                        sheet.write_string(r, c, text)
            if hidden:
                sheet.hide()
        if chart == "last":
            chartsheet()
        book.close()
        data = path.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'Id="(rId\d+)" Type="[^"]*" Target="([^"]+)"', rels))
    damage = {name: how for name, _, _, how in sheets if how}
    parts: dict[str, Callable[[str], str]] = {}
    for match in re.finditer(r'<sheet name="([^"]*)"[^>]*? r:id="(rId\d+)"', workbook):
        name, part = html.unescape(match.group(1)), "xl/" + targets[match.group(2)]
        if name in damage:
            parts[part] = _DAMAGE[damage[name]]
        elif name == "图表" and chart_refused:
            parts[part] = lambda xml: xml.replace(
                "</chartsheet>",
                '<sheetData><row r="1"><c r="XFD1048576"/></row></sheetData></chartsheet>',
            )
    return _rewrite(data, parts)


@FUZZ
@given(_sheets(), st.one_of(st.none(), st.sampled_from([*_NAMES, "3", "0", "99"])))
def test_refused_sheets_cost_themselves_only(
    drawn: tuple[list[Sheet], str | None, bool], sheet: str | None
) -> None:
    sheets, chart, chart_refused = drawn
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        path.write_bytes(_workbook(sheets, chart, chart_refused))
        harness.call(read_grids, path)
        result = harness.call(import_table, path, domain="example", sheet=sheet, check=False).value
    if result is None:  # a GkstdError: the contract kept
        return
    refused = {name for name, _, _, how in sheets if how in _REFUSING}
    assert result.catalog is None or result.sheet not in refused, (sheets, result.sheet)
    own_refused = any(name == "gkstd" and how in _REFUSING for name, _, _, how in sheets)
    readable = [
        name
        for name, content, hidden, how in sheets
        if content == "table" and not hidden and how not in _REFUSING and name != "gkstd"
    ]
    if sheet is None and readable and not own_refused and "gkstd" not in [s[0] for s in sheets]:
        assert result.catalog is not None, (sheets, [f.message for f in result.findings])


# ------------------------------------------------------------------------ Word merges

# the namespace and the catalog header of the Word tables of tests/test_tables_word.py
_W, _HEADER = test_tables_word._W, test_tables_word._HEADER
_LETTERS = string.ascii_lowercase


def _token(row: int, column: int) -> str:
    """A text no cell parser splits, numbers or drops (no digits, no separators)."""
    return f"Q{_LETTERS[row % 26]}{_LETTERS[row // 26]}{_LETTERS[column]}z"


_WORD_CELL = st.tuples(
    st.integers(1, 3), st.sampled_from([None, None, "restart", "continue"]), st.booleans()
)
_WORD_ROWS = st.lists(
    st.tuples(st.integers(0, 2), st.lists(_WORD_CELL, min_size=1, max_size=9)),
    min_size=1,
    max_size=7,
)


def _word(
    path: Path, rows: list[tuple[int, list[tuple[int, str | None, bool]]]], width: int
) -> list[str]:
    """A catalog whose body ``rows`` are (``w:gridBefore``, cells of (``w:gridSpan``,
    ``w:vMerge``, with text)) against a grid ``width`` columns wide (0: none); the texts
    written, but those of the 序号 column and of cells continuing a merge (Word shows the
    text of a merge's first cell only)."""
    document = docx.Document()
    document.add_paragraph("沙湾区安全生产领域基层政务公开标准目录")
    table = document.add_table(rows=1, cols=len(_HEADER))
    for cell, value in zip(table.rows[0].cells, _HEADER, strict=True):
        cell.text = value
    tbl = table._tbl
    grid = tbl.find(f"{{{_W[9:-1]}}}tblGrid")
    for column in list(grid):
        grid.remove(column)
    for _ in range(width):
        grid.append(parse_xml(f"<w:gridCol {_W} w:w='100'/>"))
    texts = []
    for r, (before, cells) in enumerate(rows):
        xml = [f"<w:tr {_W}>"]
        if before:
            xml.append(f"<w:trPr><w:gridBefore w:val='{before}'/></w:trPr>")
        for c, (span, merge, filled) in enumerate(cells):
            props = f"<w:gridSpan w:val='{span}'/>" if span > 1 else ""
            props += {None: "", "restart": "<w:vMerge w:val='restart'/>"}.get(merge, "<w:vMerge/>")
            text = _token(r, c) if filled and merge != "continue" else ""
            if text and c:
                texts.append(text)
            xml.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
            )
        xml.append("</w:tr>")
        tbl.append(parse_xml("".join(xml)))
    document.save(str(path))
    return texts


@FUZZ
@given(_WORD_ROWS, st.sampled_from([8, 0, 5, 12]))
def test_damaged_word_merges_lose_no_text(
    rows: list[tuple[int, list[tuple[int, str | None, bool]]]], width: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "目录.docx"
        texts = _word(path, rows, width)
        grids, _ = harness.call(read_grids, path).value
        result = harness.call(import_table, path, domain="example", document_format="json").value
    raw = grids[0]
    where = {text: c for row in raw.rows for c, text in enumerate(row) if text}
    assert [t for t in texts if t not in where] == [], raw.rows  # each read (once: tokens)
    filled = raw.filled().rows
    for r, row in enumerate(raw.rows):
        for c, text in enumerate(row):
            assert not text or filled[r][c] == text, (r, c, raw.rows, raw.merges)
    if result.catalog is not None:  # (a body of 序号 cells only has no items)
        shown = [t for t in texts if 1 <= where[t] < len(_HEADER)]  # a column with a heading
        assert [t for t in shown if t not in (result.text or "")] == [], (rows, width)


# ------------------------------------------------------------------------ CSV rows

_CSV_ROW = st.tuples(
    st.sampled_from(["", "", "1", "2", "一", "（一）"]),
    st.lists(
        st.sampled_from(["text", "", "", "√", "公开内容", "1.甲 2.乙", "■政府网站 □政府公报"]),
        min_size=7,
        max_size=7,
    ),
    st.lists(st.sampled_from(["", "√"]), min_size=6, max_size=6),
)


@FUZZ
@given(st.lists(_CSV_ROW, min_size=1, max_size=12))
def test_unnamed_and_continuation_rows_lose_no_text(
    rows: list[tuple[str, list[str], list[str]]],
) -> None:
    out = io.StringIO()
    out.write("\n".join(EXAMPLE_TABLE.splitlines()[:2]) + "\n")
    writer = csv.writer(out)
    texts = []
    for r, (number, cells, marks) in enumerate(rows):
        written = [_token(r, c) if text == "text" else text for c, text in enumerate(cells, 1)]
        texts += [t for t, text in zip(written, cells, strict=True) if text == "text"]
        writer.writerow([number, *written, *marks])
    data = out.getvalue().encode()
    result = harness.call(import_table, data, fmt="csv", domain="example", document_format="json")
    imported = result.value
    if imported is not None and imported.catalog is not None:
        assert [t for t in texts if t not in (imported.text or "")] == [], out.getvalue()
