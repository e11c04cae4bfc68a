"""Formula cells without a stored result (GK620): read as empty, and said so.

A workbook written by a program (openpyxl, many web exporters) and never saved by
Excel/WPS holds formulas without their results; python-calamine reads such a cell as
empty, so an item's name or basis would vanish without a word.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from gkstd.tables import import_table, xlsxscan
from gkstd.tables.rules import EXAMPLE_TABLE

PART = "xl/worksheets/sheet1.xml"


def _rows() -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(EXAMPLE_TABLE)))
    second = list(rows[-1])
    second[0], second[2] = "2", "燃气经营者改动市政燃气设施审批"
    return [*rows, second]


def _openpyxl_book(path: Path, formulas: dict[str, str], notes_formula: bool = False) -> Path:
    """The example table, ``formulas`` (cell → formula) written over it, saved by
    openpyxl (formulas without results)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "目录"
    for row in _rows():
        sheet.append(row)
    for ref, formula in formulas.items():
        sheet[ref] = formula
    if notes_formula:
        notes = book.create_sheet("填报说明")
        notes["A1"] = "=1+1"
    book.save(path)
    return path


def _gk620(path: Path) -> list[object]:
    result = import_table(path, domain="municipal-services")
    return [f for f in result.findings if f.code == "GK620"]


def test_formulas_without_results_are_named(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "t.xlsx", {"E4": "=E3", "B4": "=B3"})
    result = import_table(path, domain="municipal-services")
    (finding,) = [f for f in result.findings if f.code == "GK620"]
    assert finding.severity.value == "warning"
    assert finding.args["count"] == 2
    assert finding.args["refs"] == ("B4", "E4")
    assert finding.location.path == "目录!B4"
    assert finding.location.line == 4
    zh, en = finding.text("zh"), finding.text("en")
    assert "t.xlsx" in zh
    assert "目录" in zh
    assert "B4、E4" in zh
    assert "保存" in zh
    assert "formula cell(s) hold no stored result (B4, E4)" in en
    # the cells did read as empty: the item lost its basis (GK101 when validated)
    assert result.catalog is not None
    (item,) = result.catalog.leaves_named("燃气经营者改动市政燃气设施审批")
    assert item.basis == ()


def test_stored_results_are_read_and_not_reported(tmp_path: Path) -> None:
    """Excel, WPS and xlsxwriter store each formula's result: read as the value."""
    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("目录")
    rows = _rows()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    sheet.write_formula("E4", "=E3", None, rows[2][4])
    book.close()
    result = import_table(path, domain="municipal-services")
    assert "GK620" not in {f.code for f in result.findings}
    assert result.catalog is not None
    (item,) = result.catalog.leaves_named("燃气经营者改动市政燃气设施审批")
    assert item.basis
    assert "城镇燃气管理条例" in str(item.basis[0])


def test_a_text_result_that_is_empty_is_a_result(tmp_path: Path) -> None:
    """``t="str"`` with an empty ``<v>`` is a formula whose result is the empty string."""
    path = _openpyxl_book(tmp_path / "t.xlsx", {"N4": '=""'})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[PART] = parts[PART].replace(b'<c r="N4"><f>', b'<c r="N4" t="str"><f>')
    assert b't="str"' in parts[PART]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert _gk620(path) == []


def test_only_the_imported_sheet_is_reported(tmp_path: Path) -> None:
    path = _openpyxl_book(tmp_path / "t.xlsx", {}, notes_formula=True)
    assert _gk620(path) == []


def test_many_formulas_are_counted_and_the_first_named(tmp_path: Path) -> None:
    formulas = {f"O{r}": "=A1" for r in range(1, 31)}
    (finding,) = _gk620(_openpyxl_book(tmp_path / "t.xlsx", formulas))
    assert finding.args["count"] == 30  # type: ignore[attr-defined]
    assert len(finding.args["refs"]) == xlsxscan.MAX_FORMULA_NOTES  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("<c r='A1'><f>B1</f></c>", True),
        ("<c r='A1'><f>B1</f><v></v></c>", True),
        ("<c r='A1'><f t='shared' si='0'/><v> </v></c>", True),
        ("<c r='A1' t='str'><f>B1</f><v></v></c>", False),
        ("<c r='A1'><f>B1</f><v>3</v></c>", False),
        ("<c r='A1' t='inlineStr'><is><t>x</t></is></c>", False),
        ("<c r='A1'><v>3</v></c>", False),
    ],
)
def test_which_cells_hold_no_result(cell: str, expected: bool) -> None:
    from xml.etree import ElementTree

    assert xlsxscan._without_result(ElementTree.fromstring(cell)) is expected


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b'<c r="A1"><f>B1</f></c>', True),
        (b'<x:c r="A1"><x:f>B1</x:f></x:c>', True),
        (b'<c r="A1"><f t="shared" si="0"/></c>', True),
        (b"<headerFooter><firstFooter>x</firstFooter></headerFooter>", False),
        (b'<autoFilter><filterColumn colId="0"/></autoFilter>', False),
    ],
)
def test_both_scans_notice_formula_tags(xml: bytes, expected: bool) -> None:
    """The quick scan finds formula tags in its search for odd tags (and still finds an
    odd tag after a formula); the tag-by-tag scan searches for them."""
    sheet = b'<worksheet><sheetData><row r="1">' + xml + b"</row></sheetData></worksheet>"
    quick = xlsxscan._SheetScan()
    vouched = xlsxscan._quick_chunk(quick, sheet, len(sheet), {}, "S", "f.xlsx")
    assert quick.formulas is (expected and vouched)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(PART, sheet)
    with zipfile.ZipFile(buffer) as archive:
        assert xlsxscan._exact_scan(archive, PART, "S", "f.xlsx").formulas is expected
        assert xlsxscan._scan_sheet(archive, PART, "S", "f.xlsx").formulas is expected
    odd_after = sheet.replace(b"</row>", b"<c><v>1</v></c></row>")
    assert not xlsxscan._quick_chunk(
        xlsxscan._SheetScan(), odd_after, len(odd_after), {}, "S", "f.xlsx"
    )


def test_results_all_stored_skip_the_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Formulas each followed by a stored result (Excel's and WPS's way) are not parsed."""
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><f>ROW()</f><v>1</v></c>'
        b'<c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f><v>1</v></c></row>'
        b'<row r="2"><c r="B2"><f t="shared" si="0"/><v>2</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(PART, xml)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr("xml.etree.ElementTree.iterparse", no_parse)
    with zipfile.ZipFile(buffer) as archive:
        assert xlsxscan._uncached_formulas(archive, PART) == (0, [])


def test_prefixed_formulas_without_results_are_counted() -> None:
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="2"><x:c r="C2"><x:f>A1</x:f></x:c><x:c><x:f>A1</x:f></x:c>'
        b"</x:row></x:sheetData></x:worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(PART, xml)
    with zipfile.ZipFile(buffer) as archive:
        assert xlsxscan._uncached_formulas(archive, PART) == (2, ["C2", "D2"])


def test_xml_the_parser_refuses_ends_the_count_without_an_error() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><f>B1</f></c></row><row r="2"><c r="A2">&bad;'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(PART, xml)
    with zipfile.ZipFile(buffer) as archive:
        assert xlsxscan._uncached_formulas(archive, PART) == (1, ["A1"])
