"""Word documents (.docx): each table read as a sheet is read, with its merged cells and its
caption; the same catalog in Word and in Excel imports the same."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import attrs
import docx
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.batch import check
from gkstd.model import Catalog
from gkstd.tables import import_table
from gkstd.tables.rules import EXAMPLE_TABLE

CAPTION = "示例县市政服务领域基层政务公开标准目录"
_ROWS = list(csv.reader(io.StringIO(EXAMPLE_TABLE)))
HEAD, _BODY = _ROWS[:2], _ROWS[2]
#: the body: three rows under one 一级事项, merged down in both formats
BODY = [[str(n), _BODY[1] if n == 1 else "", f"{_BODY[2]}{n}", *_BODY[3:]] for n in (1, 2, 3)]
#: the two header rows' merged ranges (row, first column, last column) and single cells
_ACROSS = [(0, 1, 2), (0, 8, 9), (0, 10, 11), (0, 12, 13)]
_DOWN = [c for c in range(len(HEAD[0])) if HEAD[1][c] == ""]


def merges(top: int, rows: int) -> list[tuple[int, int, int, int]]:
    """The merged ranges of the header at row ``top`` and of 一级事项 in the body."""
    boxes = [(top + r, c0, top + r, c1) for r, c0, c1 in _ACROSS]
    boxes += [(top, c, top + 1, c) for c in _DOWN]
    boxes.append((top + 2, 1, top + 1 + rows, 1))
    return boxes


def word_document(
    path: Path,
    tables: list[tuple[str | None, list[list[str]], list[tuple[int, int, int, int]]]],
) -> Path:
    """A .docx with, for each table, its caption paragraph (if any), then the table with its
    merged ranges (text in each range's first cell)."""
    document = docx.Document()
    for caption, rows, merges in tables:
        if caption:
            document.add_paragraph(caption)
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        document.add_paragraph("")
    document.save(str(path))
    return path


def workbook(path: Path, caption: str, rows: list[list[str]], merges) -> Path:  # type: ignore[no-untyped-def]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("表格1")
    sheet.write_string(0, 0, caption)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            if text:
                sheet.write_string(r, c, text)
    for r0, c0, r1, c1 in merges:
        sheet.merge_range(r0 + 1, c0, r1 + 1, c1, rows[r0][c0])
    book.close()
    return path


def _plain(catalog: Catalog | None) -> Catalog:
    assert catalog is not None
    return attrs.evolve(catalog, origin=None)


def test_a_word_table_imports_as_the_same_table_in_excel(tmp_path: Path) -> None:
    rows = [*HEAD, *BODY]
    boxes = merges(0, len(BODY))
    word = import_table(word_document(tmp_path / "目录.docx", [(CAPTION, rows, boxes)]))
    excel = import_table(workbook(tmp_path / "目录.xlsx", CAPTION, rows, boxes))
    assert word.ok, word.findings
    assert word.sheet == "表格1"
    assert _plain(word.catalog) == _plain(excel.catalog)
    catalog = _plain(word.catalog)
    assert catalog.jurisdiction.name == "示例县"  # from the caption paragraph
    assert catalog.domain == "municipal-services"
    (group,) = catalog.items
    assert [i.name for i in group.items] == [f"{_BODY[2]}{n}" for n in (1, 2, 3)]
    assert [f.code for f in word.report().findings] == [f.code for f in excel.report().findings]


def test_a_table_split_in_two_is_one_catalog_and_other_catalogs_are_named(
    tmp_path: Path,
) -> None:
    first = [*HEAD, *BODY[:2]]
    rest = [[str(n), *row[1:]] for n, row in ((3, BODY[2]),)]
    tables = [
        (CAPTION, first, merges(0, 2)),
        (None, rest, []),  # cut at a page break: no header, as wide
        ("示例县社会保险领域基层政务公开标准目录", [*HEAD, *BODY], merges(0, 3)),
    ]
    result = import_table(word_document(tmp_path / "t.docx", tables), check=False)
    assert result.sheets == ("表格1", "表格2")
    assert result.catalog is not None
    assert sum(1 for _ in result.catalog.leaves()) == 3
    (other,) = [f for f in result.findings if f.code == "GK619"]
    assert "表格2" in other.message


def test_word_files_that_cannot_be_read_say_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "目录.doc"  # Word 97–2003: an OLE file
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    no_table = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("关于报送标准目录的通知")
    document.save(str(no_table))
    broken = tmp_path / "坏.docx"
    broken.write_bytes(no_table.read_bytes()[:300])
    renamed = tmp_path / "改名.xlsx"  # a Word document someone renamed: read as Word
    word_document(renamed, [(CAPTION, [*HEAD, *BODY], merges(0, 3))])
    said = {}
    for path in (old, no_table, broken):
        result = import_table(path)
        assert result.catalog is None
        (finding,) = result.findings
        said[path.name] = (finding.code, finding.message)
    assert said["目录.doc"][0] == "GK601"
    assert "另存为 .docx" in said["目录.doc"][1]
    assert "没有表格" in said["通知.docx"][1]
    assert said["坏.docx"][0] == "GK601"
    assert import_table(renamed, check=False).ok


def test_a_word_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:  # 8 × 64 MB of zeros
        for n in range(8):
            archive.writestr(f"word/part{n}.xml", bytes(64_000_000))
        archive.writestr("word/document.xml", b"<w:document/>")
    assert bomb.stat().st_size < 2_000_000
    result = import_table(bomb)
    assert [f.code for f in result.findings] == ["GK604"]


def test_a_batch_checks_word_catalogs_and_lists_letters_beside_them(tmp_path: Path) -> None:
    word_document(tmp_path / "示例县.docx", [(CAPTION, [*HEAD, *BODY], merges(0, 3))])
    letter = docx.Document()  # a cover letter: it names 公开, but has no table
    letter.add_paragraph("关于报送政务公开标准目录的说明")
    letter.save(str(tmp_path / "说明.docx"))
    signed = docx.Document()  # a form with a table, none of it about 公开
    signed.add_table(rows=2, cols=2).cell(0, 0).text = "签收人"
    signed.save(str(tmp_path / "签收单.docx"))
    (tmp_path / "旧通知.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    report = check([tmp_path])
    (card,) = report.scorecards
    assert card.jurisdiction == "示例县"
    assert card.domain == "municipal-services"
    reasons = {s.path.name: s.reason for s in report.skipped}
    assert reasons == {
        "说明.docx": "word-no-catalog",
        "签收单.docx": "word-no-catalog",
        "旧通知.doc": "old-word",
    }
    assert report.passed == (card.errors == 0)  # what is listed does not fail the batch


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.text(max_size=8), min_size=1, max_size=6),
        min_size=1,
        max_size=6,
    ),
    st.binary(max_size=64),
)
def test_any_word_document_imports_or_says_why(
    tmp_path: Path, rows: list[list[str]], noise: bytes
) -> None:
    """Never a crash: any table's text, and a document with its body cut or garbled."""
    clean = [[c.replace("\x00", "") for c in row] for row in rows]
    clean = [
        [c for c in row if not any(ord(ch) < 32 and ch not in "\t\n" for ch in c)] or [""]
        for row in clean
    ]
    try:
        path = word_document(tmp_path / "h.docx", [(None, clean, [])])
    except ValueError:  # python-docx refuses control characters: nothing to read
        return
    result = import_table(path, domain="municipal-services", check=False)
    assert result.catalog is not None or result.findings
    garbled = tmp_path / "g.docx"
    data = path.read_bytes()
    garbled.write_bytes(data[: len(data) // 2] + noise)
    result = import_table(garbled, check=False)
    assert result.catalog is None
    assert result.findings[0].code in ("GK601", "GK604")


@pytest.mark.parametrize("fmt", ["docx", ".docx", "DOCX"])
def test_bytes_of_a_word_document(tmp_path: Path, fmt: str) -> None:
    path = word_document(tmp_path / "t.docx", [(CAPTION, [*HEAD, *BODY], merges(0, 3))])
    result = import_table(path.read_bytes(), fmt=fmt, check=False)
    assert result.ok


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_HEADER = [
    "序号",
    "一级事项",
    "二级事项",
    "公开内容",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
]
_ROW = ["1", "政策文件", "法律法规", "与安全生产有关的法律、法规", "《政府信息公开条例》"]
_ROW += ["信息形成之日起20个工作日内", "区应急局", "政府网站"]


def _shown(change: str, tmp_path: Path) -> Path:
    """A one-row catalog whose cells Word shows, with one cell written by ``change``."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("沙湾区安全生产领域基层政务公开标准目录")
    table = document.add_table(rows=0, cols=len(_HEADER))
    for values in (_HEADER, _ROW):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value

    def emptied(column: int) -> object:
        paragraph = table.cell(1, column).paragraphs[0]._p
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)
        return paragraph

    if change == "tracked insertion":
        emptied(2).append(
            parse_xml(f"<w:ins {_W} w:id='1' w:author='a'><w:r><w:t>法律法规</w:t></w:r></w:ins>")
        )
    elif change == "content control":
        emptied(5).append(
            parse_xml(
                f"<w:sdt {_W}><w:sdtContent><w:r><w:t>{_ROW[5]}</w:t></w:r></w:sdtContent></w:sdt>"
            )
        )
    elif change == "field":
        emptied(3).append(
            parse_xml(
                f"<w:fldSimple {_W} w:instr=' MERGEFIELD x '><w:r><w:t>{_ROW[3]}</w:t></w:r></w:fldSimple>"
            )
        )
    elif change == "deleted text":
        emptied(3).append(parse_xml(f"<w:r {_W}><w:t>{_ROW[3]}</w:t></w:r>"))
        table.cell(1, 3).paragraphs[0]._p.append(
            parse_xml(
                f"<w:del {_W} w:id='2' w:author='a'><w:r><w:delText>删去的要点</w:delText></w:r></w:del>"
            )
        )
    elif change == "nested table":
        table.cell(1, 3).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套表格中的要点"
    elif change == "table in a content control":
        body, element = document.element.body, table._tbl
        body.remove(element)
        frame = parse_xml(f"<w:sdt {_W}><w:sdtContent/></w:sdt>")
        frame[0].append(element)
        body.append(frame)
    elif change == "row in a content control":
        row = table.rows[1]._tr
        frame = parse_xml(f"<w:sdt {_W}><w:sdtContent/></w:sdt>")
        row.addprevious(frame)
        frame[0].append(row)
    elif change == "cell in a content control":
        cell = table.cell(1, 2)._tc
        frame = parse_xml(f"<w:sdt {_W}><w:sdtContent/></w:sdt>")
        cell.addprevious(frame)
        frame[0].append(cell)
    elif change == "text box and hidden text":
        emptied(2).append(parse_xml(f"<w:r {_W}><w:t>法律</w:t></w:r>"))
        box = (
            "<w:r {w} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'>"
            "<mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent><w:p>"
            "<w:r><w:t>法规</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>法规</w:t></w:r></w:p>"
            "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
        table.cell(1, 2).paragraphs[0]._p.append(parse_xml(box.format(w=_W)))
        table.cell(1, 2).paragraphs[0]._p.append(
            parse_xml(f"<w:r {_W}><w:rPr><w:vanish/></w:rPr><w:t>隐藏的批注</w:t></w:r>")
        )
    elif change == "table in a layout frame":
        body, element = document.element.body, table._tbl
        body.remove(element)
        frame = document.add_table(rows=1, cols=1)
        cell = frame.cell(0, 0)._tc
        cell.append(element)
        cell.append(parse_xml(f"<w:p {_W}/>"))
    path = tmp_path / "目录.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "change",
    [
        "tracked insertion",
        "content control",
        "field",
        "deleted text",
        "table in a content control",
        "row in a content control",
        "cell in a content control",
        "text box and hidden text",
        "table in a layout frame",
    ],
)
def test_what_word_shows_is_read(change: str, tmp_path: Path) -> None:
    """python-docx's cell text left out tracked insertions, content controls and fields
    (an item name inserted with track changes was read as empty, the item lost), and a
    table inside a content control was not found at all."""
    result = import_table(_shown(change, tmp_path))
    assert result.catalog is not None
    (leaf,) = result.catalog.leaves()
    assert leaf.name == "法律法规"
    assert leaf.content == (_ROW[3],)  # deleted text is not shown, so not read
    assert leaf.time_limit is not None
    assert "GK101" not in {
        f.code for f in result.report().findings if f.location.element in ("content", "time_limit")
    }


def test_a_table_nested_in_a_cell_keeps_its_text(tmp_path: Path) -> None:
    (leaf,) = import_table(_shown("nested table", tmp_path)).catalog.leaves()  # type: ignore[union-attr]
    assert any("嵌套表格中的要点" in point for point in leaf.content)


def test_a_long_vertical_merge_is_read_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docx found the first cell of a vertical merge again for every row below it
    (500 merged rows took 20 s): the reader follows the merge from row to row, never
    looking above (the look-up is made to fail here)."""
    from docx.oxml.table import CT_Tc

    def no_look_up(self: object) -> object:
        raise AssertionError("looked up the cell above")

    monkeypatch.setattr(CT_Tc, "_tc_above", property(no_look_up))
    body = [
        [str(n), _BODY[1] if n == 1 else "", f"{_BODY[2]}{n}", *_BODY[3:]] for n in range(1, 41)
    ]
    path = word_document(tmp_path / "t.docx", [(CAPTION, [*HEAD, *body], merges(0, len(body)))])
    result = import_table(path)
    assert result.catalog is not None
    (group,) = result.catalog.items
    assert len(group.items) == 40


@pytest.mark.parametrize("value", ["2147483647", "abc", "-3", "０"])
def test_a_damaged_grid_span_is_read_within_the_table(tmp_path: Path, value: str) -> None:
    """A ``w:gridSpan`` of 2,147,483,647 asked python-docx for as many cells; one that is
    not a number is read as 1, one past the table's grid ends at its last column."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph(CAPTION)
    table = document.add_table(rows=len(HEAD) + 1, cols=len(HEAD[0]))
    for r, row in enumerate([*HEAD, BODY[0]]):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    properties = table.cell(2, 6)._tc.get_or_add_tcPr()
    properties.append(parse_xml(f"<w:gridSpan {_W} w:val='{value}'/>"))
    path = tmp_path / "t.docx"
    document.save(str(path))
    from gkstd.tables.wordtables import word_grids

    (grid,), _ = word_grids(path, "t.docx")
    assert all(len(row) <= 2 * len(HEAD[0]) for row in grid.rows)  # not billions
    assert import_table(path).catalog is not None


def test_a_word_reader_that_fails_says_word_not_excel() -> None:
    """What the Word reader's child raised was said as an unreadable Excel workbook, to be
    saved again as .xlsx."""
    from gkstd.tables.grid import TableError
    from gkstd.tables.isolate import read_isolated

    def broken() -> None:
        raise ValueError("invalid literal for int() with base 10: 'abc'")

    with pytest.raises(TableError) as raised:
        read_isolated(broken, "目录.docx", message="bad-word")
    assert "Word" in raised.value.finding.message
    assert "Excel" not in raised.value.finding.message


def _spanned(tmp_path: Path, spans: dict[int, int], *, tables: int = 1) -> Path:
    """The one-row catalog of :func:`_shown`, the body row's cell ``c`` given the
    ``w:gridSpan`` ``spans[c]`` (past the table's grid of eight columns: a damaged file);
    with ``tables=2``, after an undamaged catalog of another domain, so that the damaged
    table is the second."""
    from docx.oxml import parse_xml

    document = docx.Document()
    if tables == 2:
        document.add_paragraph("沙湾区市政服务领域基层政务公开标准目录")
        other = document.add_table(rows=0, cols=len(_HEADER))
        for values in (_HEADER, ["1", "市政服务", "燃气经营许可证核发", *_ROW[3:]]):
            for cell, value in zip(other.add_row().cells, values, strict=True):
                cell.text = value
    document.add_paragraph("沙湾区安全生产领域基层政务公开标准目录")
    table = document.add_table(rows=0, cols=len(_HEADER))
    for values in (_HEADER, _ROW):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    cells = table._tbl.tr_lst[1].tc_lst  # the row's cells in order (not by grid column)
    for column, span in spans.items():
        properties = cells[column].get_or_add_tcPr()
        properties.append(parse_xml(f"<w:gridSpan {_W} w:val='{span}'/>"))
    path = tmp_path / "目录.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("spans", "refs"),
    [
        ({1: 5}, ("B3",)),  # 一级事项 said to span five columns: the rest moved five right
        ({0: 2147483647}, ("A3",)),
        ({1: 2, 4: 9}, ("B3", "E3")),
        ({7: 3}, ("H3",)),  # the last cell: it ended at the grid's last column already
    ],
)
def test_a_span_past_the_grid_leaves_the_cells_after_it_in_their_columns(
    tmp_path: Path, spans: dict[int, int], refs: tuple[str, ...]
) -> None:
    """A ``w:gridSpan`` reaching past the table's grid took the columns of the cells after
    it, which moved right, off the table (公开内容 read as 公开依据, the channel lost in a
    column without a header), without a word.  The span is cut so that the cells after it
    keep their own columns, and GK621 names the cells and the fix."""
    from gkstd.tables.grid import read_grids

    path = _spanned(tmp_path, spans)
    (grid,), notes = read_grids(path)
    assert grid.rows[2] == tuple(_ROW)
    assert grid.merges == ()
    (note,) = notes
    assert note.code == "GK621"
    assert note.severity.value == "warning"
    assert note.args["sheet"] == "表格1"
    assert note.args["refs"] == refs
    assert note.args["count"] == len(refs)
    assert note.args["columns"] == len(_HEADER)
    assert note.location.path == f"表格1!{refs[0]}"
    assert note.location.line == 3  # the caption is row 1, the header row 2
    zh, en = note.text("zh"), note.text("en")
    for words in ("目录.docx", "表格1", refs[0], "Word/WPS", "另存为 .docx"):
        assert words in zh
    for words in ("Table '表格1' of ", refs[0], "save it as .docx"):
        assert words in en
    result = import_table(path)
    assert result.catalog is not None
    (leaf,) = result.catalog.leaves()
    assert leaf.name == "法律法规"
    assert leaf.content == (_ROW[3],)
    assert leaf.subject == _ROW[6]
    assert [f.code for f in result.findings].count("GK621") == 1


def test_a_damaged_span_on_a_table_not_imported_is_not_reported(tmp_path: Path) -> None:
    """GK621 is about what was read: a table that is not imported (named by GK619) does
    not raise it."""
    result = import_table(_spanned(tmp_path, {1: 5}, tables=2), check=False)
    assert result.sheet == "表格1"
    codes = [f.code for f in result.findings]
    assert "GK619" in codes
    assert "GK621" not in codes
    chosen = import_table(_spanned(tmp_path, {1: 5}, tables=2), sheet="表格2", check=False)
    assert [f.code for f in chosen.findings].count("GK621") == 1


_CELL = st.tuples(st.integers(min_value=0, max_value=80), st.booleans())


@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(min_value=0, max_value=10),
    rows=st.lists(
        st.tuples(st.integers(min_value=0, max_value=4), st.lists(_CELL, max_size=12)),
        min_size=1,
        max_size=6,
    ),
)
def test_any_grid_spans_read_each_cell_once_and_never_push_one_right(
    width: int, rows: list[tuple[int, list[tuple[int, bool]]]]
) -> None:
    """Random ``w:gridSpan``, ``w:gridBefore`` and ``w:vMerge`` against a grid of random
    width (0: no ``w:tblGrid``): never a crash; each cell's text read once, in order; no
    cell right of the column its row declares; a row that fits its grid read as declared;
    a row with no more cells than the grid has columns kept within it; a cut said."""
    from docx.oxml import parse_xml

    from gkstd.tables.wordtables import _MOST_COLUMNS, _table

    grid = "".join("<w:gridCol w:w='100'/>" for _ in range(width))
    xml = [f"<w:tbl {_W}>", f"<w:tblGrid>{grid}</w:tblGrid>" if width else ""]
    for r, (before, cells) in enumerate(rows):
        xml.append(f"<w:tr><w:trPr><w:gridBefore w:val='{before}'/></w:trPr>")
        for c, (span, down) in enumerate(cells):
            props = f"<w:gridSpan w:val='{span}'/>" + ("<w:vMerge/>" if down and r else "")
            xml.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{r}.{c}</w:t></w:r></w:p></w:tc>"
            )
        xml.append("</w:tr>")
    clipped: list[tuple[int, int, int, int, int]] = []
    texts, _ = _table(parse_xml("".join([*xml, "</w:tbl>"])), "t.docx", "表格1", clipped)
    assert len(texts) == len(rows)
    for r, ((before, cells), row) in enumerate(zip(rows, texts, strict=True)):
        spans = [min(max(span, 1), _MOST_COLUMNS) for span, _ in cells]
        declared = [before + sum(spans[:c]) for c in range(len(cells))]
        shown = {text: k for k, text in enumerate(row) if text}
        for c, column in enumerate(declared):
            if f"{r}.{c}" in shown:
                assert shown.pop(f"{r}.{c}") <= column  # never pushed right
            else:  # only a cell continuing a merge down shows no text of its own
                assert r
                assert cells[c][1]
        assert not shown  # nothing else, nothing twice
        cut = [clip for clip in clipped if clip[0] == r]
        if not width or before + sum(spans) <= width:  # fits: read as declared
            assert len(row) == before + sum(spans)
            assert not cut
        elif before + len(cells) <= width:  # room for every cell: within the grid, said
            assert len(row) == width
            assert cut
        assert all(kept < declared_span for _, _, declared_span, kept, _ in cut)


def _merged_down(tmp_path: Path, rows: list[list[tuple[str, int, str | None]]]) -> Path:
    """A catalog of :data:`_HEADER` whose body ``rows`` are cells ``(text, gridSpan,
    vMerge)`` written into the XML as given (a damaged or hand-split table)."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("沙湾区安全生产领域基层政务公开标准目录")
    table = document.add_table(rows=1, cols=len(_HEADER))
    for cell, value in zip(table.rows[0].cells, _HEADER, strict=True):
        cell.text = value
    tbl = table._tbl
    for cells in rows:
        xml = [f"<w:tr {_W}>"]
        for text, span, merge in cells:
            props = f"<w:gridSpan w:val='{span}'/>" + (
                f"<w:vMerge w:val='{merge}'/>" if merge else ""
            )
            xml.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
            )
        xml.append("</w:tr>")
        tbl.append(parse_xml("".join(xml)))
    path = tmp_path / "目录.docx"
    document.save(str(path))
    return path


def test_a_merge_down_narrower_than_the_cell_above_keeps_the_next_cell(tmp_path: Path) -> None:
    """A 一级事项 spanning into the 二级事项 column on its first row, continued down over
    the 一级事项 column only (cells split by hand): the merge had grown over the next row's
    二级事项 and written 政策文件 over 法律法规.  It now merges down over the shared column
    only; GK621 names the cell."""
    from gkstd.tables.grid import read_grids

    tail = [(text, 1, None) for text in _ROW[3:]]
    path = _merged_down(
        tmp_path,
        [
            [("1", 1, None), ("政策文件", 2, "restart"), *tail],
            [("2", 1, None), ("", 1, "continue"), ("法律法规", 1, None), *tail],
        ],
    )
    (grid,), notes = read_grids(path)
    filled = grid.filled().rows
    assert filled[3][1:3] == ("政策文件", "法律法规")  # not 政策文件 twice
    assert filled[2][1:3] == ("政策文件", "政策文件")  # the first row as Word shows it
    (note,) = notes
    assert note.code == "GK621"
    assert note.args["refs"] == ("B4",)
    assert "B4" in note.text("zh")
    assert "B4" in note.text("en")
    result = import_table(path, check=False)
    assert result.catalog is not None
    assert "法律法规" in [i.name for i in result.catalog.walk()]


def test_a_merge_down_wider_than_the_cell_above_keeps_its_neighbour(tmp_path: Path) -> None:
    """A cell continuing a merge down over two columns under a one-column cell: the range
    had widened over the row above's next cell (法律法规 written over by 政策文件)."""
    from gkstd.tables.grid import read_grids

    tail = [(text, 1, None) for text in _ROW[3:]]
    path = _merged_down(
        tmp_path,
        [
            [("1", 1, None), ("政策文件", 1, "restart"), ("法律法规", 1, None), *tail],
            [("2", 1, None), ("", 2, "continue"), *tail],
        ],
    )
    (grid,), notes = read_grids(path)
    filled = grid.filled().rows
    assert filled[2][1:3] == ("政策文件", "法律法规")
    assert filled[3][1] == "政策文件"
    assert [n.code for n in notes] == ["GK621"]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=3),
                st.sampled_from([None, "restart", "continue"]),
            ),
            max_size=6,
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_no_merge_down_writes_over_a_cell_with_text(
    rows: list[list[tuple[int, str | None]]],
) -> None:
    """Random spans and merges down: every cell's own text is still in its cell once the
    merged ranges are filled (a range never grows over a cell beside it), and each cell
    continuing a merge shows the text of the cell it continues when that one stands
    right above it, as wide."""
    from docx.oxml import parse_xml

    from gkstd.tables.grid import Grid
    from gkstd.tables.wordtables import _table

    xml = [f"<w:tbl {_W}><w:tblGrid>", "<w:gridCol w:w='100'/>" * 12, "</w:tblGrid>"]
    for r, cells in enumerate(rows):
        xml.append("<w:tr>")
        for c, (span, merge) in enumerate(cells):
            props = f"<w:gridSpan w:val='{span}'/>" + (
                f"<w:vMerge w:val='{merge}'/>" if merge else ""
            )
            xml.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{r}.{c}</w:t></w:r></w:p></w:tc>"
            )
        xml.append("</w:tr>")
    texts, merges = _table(parse_xml("".join([*xml, "</w:tbl>"])), "t.docx", "表格1", [], [])
    filled = Grid("表格1", tuple(texts), tuple(merges)).filled().rows
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text:
                assert filled[r][c] == text, (r, c, texts, merges)
