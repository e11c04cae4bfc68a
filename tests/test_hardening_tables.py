"""Hardening of the table importer and exporter: one minimal reproducer per failure class.

1. a huge declared area, far cell or merged range (python-calamine aborted / used GBs);
2. a garbage cell reference (Rust panic + traceback);
3. a crafted hidden ``gkstd`` sheet (internal errors, injected parent references);
4. cells over 32,767 characters (silently cut in the xlsx round trip);
5. invalid UTF-8 after a BOM in a CSV (silently replaced);
6. formula injection in CSV/xlsx, live ``javascript:`` links in HTML/Markdown;
7. merged ranges that overlap (a later range wrote over another's cells, without a word).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
import xlsxwriter
from hypothesis import assume, given
from hypothesis import strategies as st

import gkstd
from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog, Item, Source
from gkstd.plugins.registry import Registry
from gkstd.tables import (
    ExportError,
    export_csv,
    export_html,
    export_markdown,
    export_xlsx,
    import_table,
)
from gkstd.tables import export as export_module
from gkstd.tables.grid import TableError, csv_escape, csv_unescape, read_grids
from gkstd.tables.rules import EXAMPLE_TABLE
from gkstd.tables.sidecar import PLAIN_REF
from tests.fuzz import harness
from tests.fuzz.harness import FUZZ

SHEET_XML = "xl/worksheets/sheet1.xml"


def _codes(result: Any) -> list[str]:
    return [f.code for f in result.findings]


def workbook(path: Path, mutate: Callable[[str], str] = lambda s: s) -> Path:
    """A valid catalog table (the rules' example) as .xlsx, its sheet XML rewritten."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("目录")
    for r, row in enumerate(csv.reader(io.StringIO(EXAMPLE_TABLE))):
        for c, text in enumerate(row):
            if text:
                sheet.write_string(r, c, text)
    sheet.merge_range(5, 0, 6, 1, "")
    book.close()
    rewrite(path, SHEET_XML, mutate)
    return path


def rewrite(path: Path, part: str, mutate: Callable[[str], str]) -> None:
    """Rewrite one part of a zip in place."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == part:
                data = mutate(data.decode("utf-8")).encode("utf-8")
            archive.writestr(name, data)


def _dimension(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


def _merge(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<mergeCell ref="[^"]*"', f'<mergeCell ref="{ref}"', xml)


def _cell(ref: str) -> Callable[[str], str]:
    return lambda xml: xml.replace('r="A3"', f'r="{ref}"', 1)


# ---------------------------------------------------------------------------- 1. areas


def test_workbook_helper_gives_a_clean_import(tmp_path: Path) -> None:
    result = import_table(workbook(tmp_path / "ok.xlsx"), domain="example")
    assert result.catalog is not None
    assert "GK604" not in _codes(result)


def test_huge_used_area_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "huge.xlsx", _cell("XFD1048576"))
    assert path.stat().st_size < 10_000
    result = harness.call(import_table, path, domain="example").value
    assert _codes(result) == ["GK604"]
    message = result.findings[0].message
    assert "目录" in message
    assert "XFD1048576" in message
    assert result.findings[0].location.path == "目录!A1"


def test_a_sheet_of_more_rows_than_max_table_rows_is_refused(tmp_path: Path) -> None:
    """A 6 MB CSV of 100,000 rows, far inside the byte and cell limits, took 80 s and
    2.6 GB to import (a MemoryError under 2 GB): rows of content over ``max_table_rows``
    are refused before the rows are read (GK604); blank rows do not count."""
    lines = EXAMPLE_TABLE.rstrip("\n").split("\n")
    header, body = lines[:-1], lines[-1]
    rows = [body.replace("甲", f"甲{n}", 1) for n in range(6)]
    blank = "," * body.count(",")
    with gkstd.limits.raised(max_table_rows=len(header) + 5):
        refused = import_table("\n".join([*header, *rows]).encode(), fmt="csv", domain="example")
        read = import_table(
            "\n".join([*header, *rows[:5], *[blank] * 9]).encode(), fmt="csv", domain="example"
        )
    assert _codes(refused) == ["GK604"]
    assert refused.catalog is None
    assert f"有 {len(header) + 6} 行内容，超过导入上限 {len(header) + 5} 行" in (
        refused.findings[0].message
    )
    assert "GKSTD_LIMIT_MAX_TABLE_ROWS" in refused.findings[0].message
    assert read.catalog is not None
    assert "GK604" not in _codes(read)


@pytest.mark.parametrize("ref", ["A20:XFD1048576", "A1:XFD1048576", "A1:IV65536"])
def test_a_huge_declared_dimension_alone_is_harmless(tmp_path: Path, ref: str) -> None:
    """The reader ignores <dimension>; converters from .xls write A1:IV65536."""
    path = workbook(tmp_path / "dim.xlsx", _dimension(ref))
    result = harness.call(import_table, path, domain="example").value
    assert result.catalog is not None
    assert "GK604" not in _codes(result)
    plain = import_table(workbook(tmp_path / "plain.xlsx"), domain="example")
    assert plain.catalog is not None
    assert plain.catalog.items == result.catalog.items


def test_huge_merged_range_is_ignored_and_the_rest_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "merge.xlsx", _merge("A20:XFD1048576"))
    result = harness.call(import_table, path, domain="example").value
    assert result.catalog is not None
    finding = next(f for f in result.findings if f.code == "GK616")
    assert "A20:XFD1048576" in finding.message
    assert "目录" in finding.message
    assert finding.location.path == "目录!A20"


def test_merged_ranges_beyond_the_limit_in_total_are_dropped(tmp_path: Path) -> None:
    path = workbook(tmp_path / "merge.xlsx", _merge("A10:J20"))
    with gkstd.limits.raised(max_cells=100):
        result = import_table(path, domain="example")
    assert "GK616" in _codes(result)
    assert result.catalog is not None


@pytest.mark.parametrize(
    "mutate",
    [_merge("A20:XFD1048576"), _cell("XFD1048576"), _dimension("A1:XFD1048576")],
    ids=["merge", "far-cell", "dimension"],
)
def test_no_abort_in_a_child_process(tmp_path: Path, mutate: Any) -> None:
    path = workbook(tmp_path / "t.xlsx", mutate)
    outcome = harness.cli_subprocess(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert outcome.exit_code in (0, 1, 2)


_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="目录">'
)
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
_MANIFEST = (
    '<?xml version="1.0"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(path: Path, rows: str) -> Path:
    """A minimal .ods whose sheet 目录 has ``rows`` (table:table-row elements)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", _ODS_HEAD + rows + _ODS_TAIL)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def _ods_row(cells: list[str], repeat: int = 1) -> str:
    body = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in cells
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{body}</table:table-row>'


def test_ods_with_repeated_value_cells_is_refused(tmp_path: Path) -> None:
    """1 KB of XML asked python-calamine for 90 million cells (it aborted)."""
    cell = (
        '<table:table-cell table:number-columns-repeated="10000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    rows = f'<table:table-row table:number-rows-repeated="9000">{cell}</table:table-row>'
    path = ods(tmp_path / "bomb.ods", rows)
    assert _codes(harness.call(import_table, path, domain="example").value) == ["GK604"]
    outcome = harness.cli_subprocess(["import", str(path), "-o", str(tmp_path / "o.yaml")])
    assert outcome.exit_code == 2


def test_ods_with_repeated_empty_rows_is_read(tmp_path: Path) -> None:
    """Every real .ods repeats empty rows and cells to the end of the sheet."""
    rows = "".join(_ods_row(row) for row in csv.reader(io.StringIO(EXAMPLE_TABLE)))
    rows += (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    result = import_table(ods(tmp_path / "ok.ods", rows), domain="example")
    assert result.catalog is not None, _codes(result)


def test_xlsb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00" * 10)
    result = import_table(path, domain="example")
    assert _codes(result) == ["GK601"]
    assert "xlsb" in result.findings[0].message


# ---------------------------------------------------------------------------- 2. references


@pytest.mark.parametrize(
    "ref", ["ZZZZZZ99999999999", "A0", "!!", "XFE1", "A1048577", "", "1A", "A-1"]
)
def test_garbage_cell_reference_is_refused(tmp_path: Path, ref: str) -> None:
    path = workbook(tmp_path / "ref.xlsx", _cell(ref))
    result = harness.call(import_table, path, domain="example").value
    assert _codes(result) == ["GK601"]
    message = result.findings[0].message
    assert f"“{ref}”" in message
    assert "“目录”" in message


@pytest.mark.parametrize("ref", ["A0:B2", "!!", "A1:ZZZZ1"])
def test_garbage_merge_reference_is_refused(tmp_path: Path, ref: str) -> None:
    result = import_table(workbook(tmp_path / "m.xlsx", _merge(ref)), domain="example")
    assert _codes(result) == ["GK601"]


def test_far_empty_formatted_cell_is_not_refused(tmp_path: Path) -> None:
    """Only cells with a value count: a formatted empty cell far away is harmless."""
    far = '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    path = workbook(tmp_path / "far.xlsx", lambda x: x.replace("</sheetData>", far))
    result = import_table(path, domain="example")
    assert result.catalog is not None
    assert "GK604" not in _codes(result)


def test_garbage_row_number_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "row.xlsx", lambda x: x.replace('<row r="3"', '<row r="0"', 1))
    assert _codes(import_table(path, domain="example")) == ["GK601"]


def test_a_reader_panic_is_a_table_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever slips past the scan: a Rust panic (a BaseException) becomes GK601."""
    import python_calamine

    class PanicException(BaseException):  # the name pyo3 gives its panics
        pass

    def panic(*_: object) -> None:
        raise PanicException("capacity overflow")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", panic)
    with pytest.raises(TableError) as caught:
        read_grids(workbook(tmp_path / "p.xlsx"))
    assert "PanicException" in caught.value.message


# ---------------------------------------------------------------------------- 3. sidecar


@pytest.fixture(scope="module")
def catalog(registry: Registry) -> Catalog:
    found = Workspace(registry).resolve_ref("work-safety").catalog
    assert found is not None
    return found


def _crafted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    catalog: Catalog,
    change: Callable[[list[list[str]]], list[list[str]]],
) -> Path:
    """Export ``catalog`` with the hidden sheet's rows changed by ``change``."""
    original = export_module.sidecar_rows

    def crafted(*args: Any, **kwargs: Any) -> list[list[str]]:
        return change(original(*args, **kwargs))

    monkeypatch.setattr(export_module, "sidecar_rows", crafted)
    path = tmp_path / "crafted.xlsx"
    export_xlsx(catalog, path)
    monkeypatch.setattr(export_module, "sidecar_rows", original)
    return path


def _header(
    change: Callable[[dict[str, Any]], None],
) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        header = json.loads("".join(rows[1][1:]))
        change(header)
        rows[1] = ["catalog", json.dumps(header, ensure_ascii=False)]
        return rows

    return edit


@pytest.mark.parametrize(
    ("key", "ref"),
    [
        ("extends", "/etc/passwd"),
        ("conforms_to", "../../x"),
        ("conforms_to", "C:\\x"),
        ("conforms_to", "a/../../b"),
        ("extends", "~/x"),
    ],
)
def test_sidecar_parent_path_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog, key: str, ref: str
) -> None:
    def inject(header: dict[str, Any]) -> None:
        header.pop("extends", None)
        header.pop("conforms_to", None)
        header[key] = ref

    path = _crafted(tmp_path, monkeypatch, catalog, _header(inject))
    result = harness.call(import_table, path).value
    assert result.catalog is not None
    assert result.catalog.extends is None
    assert result.catalog.conforms_to in (None, "")
    finding = next(f for f in result.findings if f.code == "GK617")
    assert key in finding.message
    assert finding.location.path == "gkstd!A2"


def test_plain_parent_reference_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    path = _crafted(
        tmp_path, monkeypatch, catalog, _header(lambda h: h.update(conforms_to="work-safety"))
    )
    result = import_table(path)
    assert "GK617" not in _codes(result)
    assert result.catalog is not None
    assert result.catalog.conforms_to == "work-safety"


def test_plain_ref_pattern() -> None:
    assert PLAIN_REF.fullmatch("municipal-services")
    assert PLAIN_REF.fullmatch("市政服务")
    for bad in ("../x", "/etc/passwd", "a/b", "a\\b", ".hidden", "a:b", "~x", "", "a b", "x\n"):
        assert not PLAIN_REF.fullmatch(bad), bad


def _set_row(index: int, row: list[str]) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        rows[index] = row
        return rows

    return edit


_DAMAGE = {
    "unknown-key": _header(lambda h: h.update(evil=1)),
    "wrong-type": _header(lambda h: h.update(title=["x"])),
    "bad-domain": _header(lambda h: h.update(domain="../x")),
    "bad-json": _set_row(1, ["catalog", "{not json"]),
    "deep-json": _set_row(1, ["catalog", "[" * 100_000]),
    "unknown-row": _set_row(1, ["script", "{}"]),
    "item-extra-key": _set_row(2, ["item", json.dumps({"names": ["x"], "item": {}, "cells": {}})]),
    "item-children": _set_row(
        2,
        [
            "item",
            json.dumps(
                {"names": ["x"], "item": {"id": "a", "name": "x", "items": [{}]}, "cells": {}}
            ),
        ],
    ),
    "columns-not-pairs": _set_row(2, ["columns", json.dumps([["a"]])]),
    "cells-not-text": _set_row(
        3,
        ["item", json.dumps({"names": ["x"], "item": {"id": "a", "name": "x"}, "cells": {"a": 1}})],
    ),
    # a key no element has: restoring an edited row read item.element(key) and raised
    # AttributeError / TypeError (exit 3) instead of falling back to the table
    "cells-unknown-key": _set_row(
        3,
        [
            "item",
            json.dumps({"names": ["x"], "item": {"id": "a", "name": "x"}, "cells": {"bogus": "x"}}),
        ],
    ),
    "cells-dunder-key": _set_row(
        3,
        [
            "item",
            json.dumps(
                {"names": ["x"], "item": {"id": "a", "name": "x"}, "cells": {"__class__": "x"}}
            ),
        ],
    ),
    "version": lambda rows: [["gkstd-table", "99"], *rows[1:]],
}


def test_the_cells_an_export_records_are_all_keys_the_hidden_sheet_takes() -> None:
    """Every key :func:`shown_cells` writes for the national catalogs' items is one the
    hidden sheet's schema takes (an element, ``notes`` or ``extra:NAME``)."""
    from gkstd.plugins.manager import default_registry
    from gkstd.tables.sidecar import CELL_KEYS
    from gkstd.tables.template import shown_cells

    keys: set[str] = set()
    for pack in default_registry().packs.values():
        catalog = pack.load_catalog().catalog
        assert catalog is not None
        for item in catalog.walk():
            keys.update(shown_cells(item))
    assert {k for k in keys if not k.startswith("extra:")} <= CELL_KEYS
    assert {"content", "notes", "levels"} <= keys


@pytest.mark.parametrize("damage", list(_DAMAGE), ids=list(_DAMAGE))
def test_damaged_sidecar_falls_back_to_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog, damage: str
) -> None:
    path = _crafted(tmp_path, monkeypatch, catalog, _DAMAGE[damage])
    result = harness.call(import_table, path, domain=catalog.domain).value
    assert "GK617" in _codes(result), damage
    assert result.catalog is not None
    assert not result.restored
    finding = next(f for f in result.findings if f.code == "GK617")
    assert finding.location.path.startswith("gkstd!A")


def test_undamaged_sidecar_still_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    path = _crafted(tmp_path, monkeypatch, catalog, lambda rows: rows)
    result = import_table(path)
    assert result.restored
    assert "GK617" not in _codes(result)


# ---------------------------------------------------------------------------- 4. long cells


def _first_leaf_with(catalog: Catalog, **changes: Any) -> Catalog:
    def first(items: tuple[Item, ...]) -> tuple[Item, ...]:
        head = items[0]
        if head.items:
            return (attrs.evolve(head, items=first(head.items)), *items[1:])
        return (attrs.evolve(head, **changes), *items[1:])

    return attrs.evolve(catalog, items=first(catalog.items))


def test_xlsx_export_refuses_a_cell_excel_would_cut(tmp_path: Path, catalog: Catalog) -> None:
    long = _first_leaf_with(catalog, subject="长" * 40_000)
    path = tmp_path / "long.xlsx"
    with pytest.raises(ExportError) as caught:
        export_xlsx(long, path)
    assert isinstance(caught.value, gkstd.GkstdError)
    assert "40000" in caught.value.message
    assert "标准目录!" in caught.value.message
    assert "csv" in caught.value.message_en
    assert not path.exists()
    assert "长" * 40_000 in export_csv(long)  # other formats keep it


def test_import_reports_an_over_long_cell(catalog: Catalog) -> None:
    long = _first_leaf_with(catalog, subject="长" * 40_000)
    result = import_table(export_csv(long).encode(), fmt="csv", domain=catalog.domain)
    finding = next(f for f in result.findings if f.code == "GK616")
    assert "40000" in finding.message
    assert finding.location.path
    assert result.catalog is not None  # imported whole, not cut
    assert any(leaf.subject == "长" * 40_000 for leaf in result.catalog.leaves())


def test_over_long_cell_in_a_workbook_is_reported(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(EXAMPLE_TABLE)):
        sheet.append(row)
    sheet["P3"] = "x" * 33_000
    path = tmp_path / "long.xlsx"
    book.save(path)
    result = import_table(path, domain="example")
    finding = next(f for f in result.findings if f.code == "GK616")
    assert "P3" in finding.message
    assert "32767" in finding.message


def test_over_long_shared_string_is_reported_with_its_length(tmp_path: Path) -> None:
    """xlsxwriter cuts at 32,767 itself, so the shared string is lengthened in the zip."""
    path = workbook(tmp_path / "s.xlsx")
    rewrite(
        path,
        "xl/sharedStrings.xml",
        lambda xml: xml.replace("<t>序号</t>", "<t>" + "序" * 40_000 + "</t>", 1),
    )
    result = import_table(path, domain="example")
    finding = next(f for f in result.findings if f.code == "GK616")
    assert "40000" in finding.message
    assert finding.location.path == "目录!A1"


# ---------------------------------------------------------------------------- 5. UTF-8


def test_invalid_utf8_after_a_bom_is_refused() -> None:
    data = b"\xef\xbb\xbf" + EXAMPLE_TABLE.encode() + b"1,\xff\xfe bad\n"
    result = import_table(data, fmt="csv", domain="example")
    assert _codes(result) == ["GK601"]
    message = result.findings[0].message
    line = EXAMPLE_TABLE.count("\n") + 1
    offset = 3 + len(EXAMPLE_TABLE.encode()) + 2  # BOM, table, "1,"
    assert f"第 {line} 行（第 {offset} 字节）" in message
    assert result.findings[0].location.line == line


def test_valid_utf8_after_a_bom_is_read() -> None:
    result = import_table(b"\xef\xbb\xbf" + EXAMPLE_TABLE.encode(), fmt="csv", domain="example")
    assert result.catalog is not None


# ---------------------------------------------------------------------------- 6. injection

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(1)", "\tx", "\rx", "'=x", "''+y", "'plain"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_escape_round_trip(text: str) -> None:
    escaped = csv_escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_unescape(escaped) == text


@given(st.text(max_size=40))
def test_csv_escape_is_lossless(text: str) -> None:
    assert csv_unescape(csv_escape(text)) == text


def test_csv_export_neutralises_formulas(catalog: Catalog) -> None:
    hostile = _first_leaf_with(catalog, subject="=cmd|' /C calc'!A0")
    text = export_csv(hostile)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    result = import_table(text.encode(), fmt="csv", domain=catalog.domain)
    assert result.catalog is not None
    assert any(leaf.subject == "=cmd|' /C calc'!A0" for leaf in result.catalog.leaves())


_CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@FUZZ
@given(_CELL_TEXT)
def test_csv_export_import_keeps_any_cell_text(catalog: Catalog, text: str) -> None:
    assume("<table" not in text.lower())
    hostile = attrs.evolve(_first_leaf_with(catalog, subject=text), title="目录")
    data = ("\ufeff" + export_csv(hostile)).encode()
    grids, _ = read_grids(data, fmt="csv")
    layout = export_module.table_of(hostile)
    column = next(i for i, c in enumerate(layout.columns) if c.role == "subject")
    assert grids[0].rows[3][column] == layout.cells(1, layout.rows[0])[column]


def test_xlsx_export_writes_text_never_formulas(tmp_path: Path, catalog: Catalog) -> None:
    from openpyxl import load_workbook

    hostile = _first_leaf_with(catalog, subject="=1+1", name='=HYPERLINK("http://x")')
    hostile = attrs.evolve(hostile, title="=2+2")
    path = tmp_path / "f.xlsx"
    export_xlsx(hostile, path)
    sheet = load_workbook(path)["标准目录"]
    kinds = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}
    assert kinds["=1+1"] == "s"
    assert kinds["=2+2"] == "s"
    assert kinds['=HYPERLINK("http://x")'] == "s"
    assert "f" not in kinds.values()


def _sourced(catalog: Catalog, url: str) -> Catalog:
    return attrs.evolve(
        catalog,
        sources=(
            Source(id="evil", title='<b>"标题"</b>', url=url),
            Source(id="good", title="国务院", url="https://www.gov.cn/x?a=1&b=2"),
        ),
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x"]
)
def test_html_links_only_web_addresses(catalog: Catalog, url: str) -> None:
    page = export_html(_sourced(catalog, url))
    assert 'href="https://www.gov.cn/x?a=1&amp;b=2"' in page
    assert 'href="java' not in page.lower()
    assert 'href="data' not in page
    assert "<b>" not in page
    assert "&lt;b&gt;&quot;标题&quot;" in page


def test_markdown_escapes_and_links_only_web_addresses(catalog: Catalog) -> None:
    hostile = _first_leaf_with(catalog, subject="a|b <script>[x](javascript:alert(1))")
    text = export_markdown(_sourced(hostile, "javascript:alert(1)"))
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    assert "<script>" not in text
    assert "a\\|b &lt;script&gt;\\[x\\](javascript:alert(1))" in text
    assert "(<https://www.gov.cn/x?a=1&b=2>)" in text


def test_a_zip_needing_an_unknown_version_is_refused(tmp_path: Path) -> None:
    """zipfile raises NotImplementedError for a "version needed" it does not know (found
    by the long fuzzing run)."""
    path = workbook(tmp_path / "v.xlsx")
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    assert central > 0
    data[central + 6 : central + 8] = (235).to_bytes(2, "little")  # version 23.5
    path.write_bytes(bytes(data))
    result = harness.call(import_table, path, domain="example").value
    assert result.catalog is None
    assert _codes(result) == ["GK601"]
    assert "v.xlsx" in result.findings[0].message


def test_a_csv_with_cr_line_ends_reads_as_with_lf() -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR: it was refused with
    Python's "new-line character seen in unquoted field" and advice about quotes."""
    lf = EXAMPLE_TABLE.encode()
    grids, _ = read_grids(lf.replace(b"\n", b"\r"), fmt="csv")
    assert grids[0].rows == read_grids(lf, fmt="csv")[0][0].rows
    # a CR inside a cell of a CRLF file is the cell's own (the round trip keeps it)
    cell = read_grids(b'a,b\r\n"x\ry",z\r\n', fmt="csv")[0][0].rows
    assert cell[1] == ("x\ry", "z")


def test_a_nul_byte_in_a_csv_is_told_as_a_csv_problem() -> None:
    with pytest.raises(TableError) as caught:
        read_grids(b"a,b\n\x00,c\n", fmt="csv")
    assert "不是 CSV 文本" in caught.value.finding.message
    assert "YAML" not in caught.value.finding.message


@pytest.mark.parametrize("suffix", [".xls", ".docx", ".XLS"])
def test_a_workbook_under_another_suffix_is_read_as_a_workbook(
    catalog: Catalog, tmp_path: Path, suffix: str
) -> None:
    """An .xlsx saved or sent as .xls (``application/vnd.ms-excel``) was refused by the
    reader, which goes by the suffix; an .xlsx named .docx was told to be opened in Word."""
    right = tmp_path / "right.xlsx"
    export_xlsx(catalog, right)
    wrong = tmp_path / f"wrong{suffix}"
    wrong.write_bytes(right.read_bytes())
    expected = import_table(right, file="t.xlsx").catalog
    assert expected is not None
    assert import_table(wrong, file="t.xlsx").catalog == expected
    assert import_table(right.read_bytes(), fmt=suffix.lstrip("."), file="t.xlsx").catalog == (
        expected
    )


def test_a_reader_s_error_does_not_show_the_temporary_path(tmp_path: Path) -> None:
    """Bytes (an upload) are read from a temporary copy: its path was in the GK601 text."""
    not_word = io.BytesIO()  # a presentation named .docx: python-docx names the file
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/ppt/p.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.presentationml.'
            'presentation.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="ppt/p.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        archive.writestr("ppt/p.xml", '<p:presentation xmlns:p="x"/>')
    (finding,) = import_table(not_word.getvalue(), fmt="docx", file="上传.docx").findings
    assert finding.code == "GK601"
    text = finding.message + finding.message_en
    assert "上传.docx" in text
    assert tempfile.gettempdir() not in text
    assert "table.docx" not in text


@pytest.mark.parametrize(
    ("data", "fmt", "says"),
    [
        (b"\xd0\xcf\x11\xe0garbage" * 10, "xls", "不是 Excel 工作簿"),  # an .xls cut short
        (b"PK\x03garbage" * 10, "xlsx", "不是 Excel 工作簿"),
        (b"not a zip", "docx", "不是 Word 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "doc", "旧版 Word 文档"),
    ],
)
def test_a_damaged_file_is_told_what_it_is(data: bytes, fmt: str, says: str) -> None:
    """A truncated .xls was told it was no CSV table and to run gkstd import (it was being
    imported); a damaged .docx was told it was an old .doc."""
    (finding,) = import_table(data, fmt=fmt, file=f"上传.{fmt}").findings
    assert finding.code == "GK601"
    assert says in finding.message
    assert "gkstd import" not in finding.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_table_without_a_byte_order_mark_is_read(encoding: str) -> None:
    table = (Path(__file__).parent / "data/tables/real/jiuzai__hainan-wenchang.csv").read_text(
        "utf-8"
    )
    expected = import_table(table.encode("utf-8"), fmt="csv", file="t.csv")
    got = import_table(table.encode(encoding), fmt="csv", file="t.csv")
    assert got.catalog == expected.catalog


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_a_utf32_table_or_document_with_its_mark_is_read(encoding: str) -> None:
    """UTF-32's mark (FF FE 00 00) begins as UTF-16's: the table was read as UTF-16 full
    of NUL characters (GK606), a document refused as YAML with control characters."""
    table = (Path(__file__).parent / "data/tables/real/jiuzai__hainan-wenchang.csv").read_text(
        "utf-8"
    )
    data = table.encode(encoding)
    if encoding == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    expected = import_table(table.encode("utf-8"), fmt="csv", file="t.csv")
    assert import_table(data, fmt="csv", file="t.csv").catalog == expected.catalog
    document = (Path(__file__).parents[1] / "examples/zichuan-municipal-services.yaml").read_text(
        "utf-8"
    )
    encoded = document.encode(encoding)
    if encoding == "utf-32-be":
        encoded = codecs.BOM_UTF32_BE + encoded
    assert gkstd.validate(encoded).codes() == gkstd.validate(document).codes()


@pytest.mark.parametrize("sheet", ["²", "9" * 5000, "٣"])
def test_a_sheet_number_that_is_no_number_is_no_sheet(sheet: str) -> None:
    """``--sheet ²`` (a digit int() refuses) and a 5,000-digit number ended in exit 3."""
    table = "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体\n"
    result = import_table(table.encode(), fmt="csv", file="t.csv", sheet=sheet)
    assert result.catalog is None
    assert [f.code for f in result.findings] == ["GK601"]


def test_columns_of_one_label_kept_verbatim_keep_each_its_text() -> None:
    """Three columns headed 附注 (甲, 乙, 丙): each was said to be kept in extra, and only
    丙 was."""
    table = (
        "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体,附注,附注,附注\n"
        "1,政策文件,法律法规,内容,《政府信息公开条例》,20个工作日内,区应急局,政府网站,甲,乙,丙\n"
    )
    result = import_table(table.encode(), fmt="csv", file="t.csv", domain="work-safety")
    assert result.catalog is not None
    (leaf,) = result.catalog.leaves()
    assert sorted(leaf.extra.values()) == ["丙", "乙", "甲"]
    assert list(leaf.extra) == ["附注", "附注（J）", "附注（K）"]


def test_a_local_item_keeps_its_id_through_csv_round_trips(tmp_path: Path) -> None:
    """import → export --to csv → import gave local-1, local-local-1, local-local-local-1."""
    from gkstd.tables import export_csv

    table = (
        "沙湾区安全生产领域基层政务公开标准目录\n"
        "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体\n"
        "1,政策文件,本区自定的事项,内容,《政府信息公开条例》,20个工作日内,区应急局,政府网站\n"
    )
    catalog = import_table(table.encode(), fmt="csv", file="t.csv").catalog
    assert catalog is not None
    ids = [i.id for i in catalog.walk()]
    for _ in range(2):
        again = import_table(export_csv(catalog).encode(), fmt="csv", file="t.csv").catalog
        assert again is not None
        assert [i.id for i in again.walk()] == ids
        catalog = again


def test_reading_problems_are_said_in_each_language(tmp_path: Path) -> None:
    """A cell over the csv module's limit was "field larger than field limit (131072)",
    with advice about quotes; a file gone before it is read gave the system's English."""
    from click.testing import CliRunner

    from gkstd.cli.main import cli

    head = "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体\n"
    long = head + '1,政策文件,法律法规,"' + "内" * 200_000 + '",依据,20个工作日内,局,政府网站\n'
    (finding,) = import_table(long.encode(), fmt="csv", file="长.csv").findings
    assert "超过 131072 个字符" in finding.message
    assert "field larger" not in finding.message
    (gone,) = import_table(tmp_path / "没有.csv").findings
    assert "文件不存在" in gone.message or "不存在" in gone.message
    assert "No such file" not in gone.message
    refused = CliRunner().invoke(
        cli, ["import", str(tmp_path / "没有.csv"), "--accept-score", "nan"]
    )
    assert refused.exit_code == 2
    assert "--accept-score" in refused.output
    assert "import_table" not in refused.output


def test_a_table_of_thousands_of_columns_is_refused_quickly() -> None:
    """A CSV of a million columns took 213 s, 1.2 GB and printed a million GK608 lines."""
    head = "序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体"
    row = "1,政策文件,法律法规,内容,依据,20个工作日内,局,政府网站"
    wide = ",x" * 5000
    table = f"{head}{wide}\n{row}{wide}\n"
    result = import_table(table.encode(), fmt="csv", file="宽.csv")
    assert result.catalog is None
    assert len(result.findings) < 10  # refused before a finding per column
    (finding,) = [f for f in result.findings if f.code == "GK604"]
    assert "列" in finding.message


def test_an_import_over_the_document_limit_is_not_imported(tmp_path: Path) -> None:
    """A table within the row and column limits whose document would be over
    ``max_document_bytes``: ``gkstd validate`` could not read it back, so it is refused
    (GK604) rather than written; under the limit the same table imports."""
    from gkstd.diagnostics import limits

    rows = list(csv.reader(io.StringIO(EXAMPLE_TABLE)))
    rows[0] += ["说明"]
    rows[1] += [""]
    rows[2:] = [[*r, "甲" * 2000] for r in rows[2:]]
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    whole = import_table(path, domain="municipal-services")
    assert whole.catalog is not None
    assert whole.text is not None
    size = len(whole.text.encode("utf-8"))
    with limits.raised(max_document_bytes=size - 1):
        refused = import_table(path, domain="municipal-services")
    assert refused.catalog is None
    (finding,) = [f for f in refused.findings if f.code == "GK604"]
    assert finding.args["size"] == size
    assert finding.args["limit_bytes"] == size - 1
    assert "GKSTD_LIMIT_MAX_DOCUMENT_BYTES" in finding.text("zh")
    with limits.raised(max_document_bytes=size):
        assert import_table(path, domain="municipal-services").catalog is not None


def test_bytes_over_the_table_limit_are_refused_as_a_file_is() -> None:
    """The size limit was checked for a file, not for bytes (a 1.3 GB string was read)."""
    from gkstd.diagnostics import limits

    data = ("序号,一级事项,二级事项,公开内容\n" + "1,a,b,c\n" * 200).encode()
    with limits.raised(max_table_bytes=len(data) - 1):
        (finding,) = import_table(data, fmt="csv", file="t.csv").findings
    assert finding.code == "GK604"


def test_columns_past_the_last_with_content_are_dropped_when_the_sheet_is_too_wide() -> None:
    """A header line ending in 100,000 commas: the header search looked at every column
    (16 s for a million); the empty columns after the last one with content are dropped
    before it, and the table reads as it does without them."""
    table = (Path(__file__).parent / "data/tables/real/jiuzai__hainan-wenchang.csv").read_text(
        "utf-8"
    )
    head, _, rest = table.partition("\n")
    wide = head + "," * 100_000 + "\n" + rest
    plain = import_table(table.encode(), fmt="csv", file="t.csv")
    padded = import_table(wide.encode(), fmt="csv", file="t.csv")
    assert padded.catalog is not None
    assert padded.catalog.items == plain.catalog.items  # type: ignore[union-attr]
    from gkstd.diagnostics import limits
    from gkstd.tables.grid import Grid
    from gkstd.tables.sheets import trimmed

    grid = Grid("s", (("a", "", ""), ("", "b", "")), ((0, 0, 1, 2),))
    assert trimmed(grid) is grid  # narrower than the limit: as it is
    with limits.raised(max_table_columns=2):
        cut = trimmed(grid)
    assert cut.rows == (("a", ""), ("", "b"))
    assert cut.merges == ((0, 0, 1, 1),)


def test_a_broken_zip_is_said_in_chinese_in_the_chinese_message(tmp_path: Path) -> None:
    """“File is not a zip file” had stood in the Chinese message."""
    path = tmp_path / "目录.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"x" * 200)
    (finding,) = import_table(path).findings
    assert finding.code == "GK601"
    assert "不是 zip 压缩包" in finding.message
    assert "File is not a zip file" not in finding.message
    assert "File is not a zip file" in finding.message_en


# ---------------------------------------------------------------------------- 7. overlaps


def _with_merge(path: Path, ref: str) -> Path:
    """The published-layout workbook of ``tests/test_tables_word.py`` (caption, two-row
    header, 一级事项 merged down B4:B6) with one more ``<mergeCell ref>`` at the end, as a
    damaged file holds it (xlsxwriter refuses overlapping merges)."""
    from tests.test_tables_word import BODY, CAPTION, HEAD, merges
    from tests.test_tables_word import workbook as published

    published(path, CAPTION, [*HEAD, *BODY], merges(0, len(BODY)))

    def added(xml: str) -> str:
        count = int(re.search(r'<mergeCells count="(\d+)"', xml).group(1))  # type: ignore[union-attr]
        xml = xml.replace(f'<mergeCells count="{count}"', f'<mergeCells count="{count + 1}"')
        return xml.replace("</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>')

    rewrite(path, SHEET_XML, added)
    return path


@pytest.mark.parametrize(
    ("ref", "other", "box"),
    [
        ("B6:D6", "B4:B6", (5, 1, 5, 3)),  # wrote 一级事项 over the third item's content
        ("A2:B3", "B2:C2", (1, 0, 2, 1)),  # across the header's 序号 and 公开事项 (and A2:A3)
    ],
)
def test_overlapping_merged_ranges_are_read_as_excel_repairs_them(
    tmp_path: Path, ref: str, other: str, box: tuple[int, int, int, int]
) -> None:
    """Two ``<mergeCell>`` that overlap (Excel refuses the file until it repairs it, and
    its repair drops the later merge) were both applied: the later one wrote its first
    cell over cells of the other (the third item's content read as 城镇燃气管理), without
    a word.  The later range is left out, and GK621 names the sheet, both ranges and the
    fix; what is imported is what the undamaged workbook gives."""
    from tests.test_tables_word import BODY, CAPTION, HEAD, merges
    from tests.test_tables_word import workbook as published

    clean = published(tmp_path / "clean.xlsx", CAPTION, [*HEAD, *BODY], merges(0, len(BODY)))
    damaged = _with_merge(tmp_path / "目录.xlsx", ref)
    (grid,), notes = read_grids(damaged)
    (clean_grid,), _ = read_grids(clean)
    assert box not in grid.merges
    assert grid.merges == clean_grid.merges
    (note,) = notes
    assert note.code == "GK621"
    assert note.severity.value == "warning"
    assert (note.args["sheet"], note.args["ref"], note.args["other"]) == ("表格1", ref, other)
    assert note.location.path == f"表格1!{ref.partition(':')[0]}"
    assert note.location.line == box[0] + 1
    zh, en = note.text("zh"), note.text("en")
    for words in ("目录.xlsx", "“表格1”", ref, other, "Excel/WPS", "另存为 .xlsx"):
        assert words in zh
    for words in ("Sheet '表格1'", ref, other, "save it as .xlsx"):
        assert words in en
    result = import_table(damaged)
    expected = import_table(clean)
    assert result.catalog is not None
    assert attrs.evolve(result.catalog, origin=None) == attrs.evolve(expected.catalog, origin=None)
    assert [f.code for f in result.findings].count("GK621") == 1


def test_overlapping_merged_ranges_of_an_xls_are_read_as_excel_repairs_them(
    tmp_path: Path,
) -> None:
    """The same in an .xls (a ``MERGEDCELLS`` record): python-calamine gives both ranges,
    and B2, inside the later one, was read as A1."""
    import struct

    from tests.test_tables_xls_scan import _dimensions, _label, _record, _xls

    ranges = ((0, 0, 1, 1), (1, 1, 1, 2))  # A1:B2, then B2:C2
    merged = _record(
        0x00E5,
        struct.pack("<H", len(ranges))
        + b"".join(struct.pack("<HHHH", r0, r1, c0, c1) for r0, c0, r1, c1 in ranges),
    )
    cells = [_label(0, 0, "A1"), _label(0, 2, "C1"), _label(1, 1, "B2")]
    path = _xls(tmp_path, "目录.xls", [_dimensions(0, 2, 0, 3), *cells, merged])
    (grid,), notes = read_grids(path)
    assert grid.merges == ((0, 0, 1, 1),)
    assert grid.filled().rows == (("A1", "A1", "C1"), ("A1", "A1", ""))
    (note,) = notes
    assert (note.code, note.args["ref"], note.args["other"]) == ("GK621", "B2:C2", "A1:B2")
    assert note.location.path == "事项!B2"
