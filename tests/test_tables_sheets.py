"""Which sheet a table import reads, and what it says about the others (GK618, GK619).

A county often sends one workbook with a sheet of instructions (填报说明) before the
catalog, or several domains' catalogs in one file; a sheet with only its header is not a
catalog that passes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import xlsxwriter
from click.testing import CliRunner

from gkstd.batch import check
from gkstd.cli.main import cli
from gkstd.tables import import_table
from gkstd.tables.rules import EXAMPLE_TABLE

_CATALOG = list(csv.reader(io.StringIO(EXAMPLE_TABLE)))
_HEADER_ONLY = _CATALOG[:2]
_NOTES = [["填报说明"], ["1. 请按国家标准目录填写。"], ["2. 公开渠道请打勾。"]]


def _workbook(path: Path, sheets: list[tuple[str, list[list[str]]]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value)
    book.close()
    return path


def _codes(result: object) -> list[str]:
    return [f.code for f in result.findings]  # type: ignore[attr-defined]


def test_a_sheet_of_notes_before_the_catalog_is_passed_over(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "t.xlsx", [("填报说明", _NOTES), ("目录", _CATALOG)])
    result = import_table(table, domain="municipal-services", check=False)
    assert result.ok, result.findings
    assert result.sheet == "目录"
    assert result.catalog is not None
    assert [i.name for i in result.catalog.walk()][-1] == "燃气经营许可证核发"
    assert "GK619" not in _codes(result)  # the notes sheet is no catalog


def test_the_other_catalog_sheets_of_a_workbook_are_named(tmp_path: Path) -> None:
    table = _workbook(
        tmp_path / "t.xlsx",
        [("市政服务", _CATALOG), ("社会保险", _CATALOG), ("说明", _NOTES), ("就业", _CATALOG)],
    )
    result = import_table(table, domain="municipal-services", check=False)
    assert result.ok
    assert result.sheet == "市政服务"
    (other,) = [f for f in result.findings if f.code == "GK619"]
    assert other.severity.value == "warning"
    assert "社会保险、就业" in other.message
    assert "说明" not in other.message.split("：", 1)[1].split("。")[0]
    # naming the sheet means choosing it: nothing to warn about
    chosen = import_table(table, sheet="就业", domain="municipal-services", check=False)
    assert chosen.sheet == "就业"
    assert "GK619" not in _codes(chosen)


def test_a_header_without_items_is_not_imported(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "t.xlsx", [("Sheet1", [["某镇市政服务目录"], *_HEADER_ONLY])])
    result = import_table(table, domain="municipal-services")
    assert not result.ok
    assert result.catalog is None
    (empty,) = [f for f in result.findings if f.code == "GK618"]
    assert empty.location.line == 2
    assert "第 2 行" in empty.message


def test_the_cli_writes_nothing_and_a_batch_does_not_pass(tmp_path: Path) -> None:
    folder = tmp_path / "各地目录"
    folder.mkdir()
    _workbook(folder / "只有表头.xlsx", [("Sheet1", _HEADER_ONLY)])
    out = tmp_path / "out.yaml"
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(folder / "只有表头.xlsx"), "-o", str(out)])
    assert imported.exit_code == 2
    assert "GK618" in imported.stderr
    assert not out.exists()
    report = check([str(folder)])
    assert not report.passed
    (result,) = report.files
    assert result.catalog is None
    assert "GK618" in [f.code for f in result.report.findings]


def test_a_table_marks_an_item_that_does_not_apply_in_its_notes(tmp_path: Path) -> None:
    """A table had no way to say 不适用 (GK201's advice named not_applicable, which only
    documents hold), and an exported catalog showed its not-applicable items as ordinary rows."""
    from gkstd.model import Catalog, Item, Jurisdiction
    from gkstd.model.elements import Mark
    from gkstd.model.enums import Level
    from gkstd.tables import export_csv, export_markdown
    from gkstd.tables.cells import notes_cell, read_notes

    head = [*_CATALOG[0], "备注"], [*_CATALOG[1], ""]
    row = _CATALOG[2]
    rows = [
        head[0],
        head[1],
        [*row, ""],
        [
            "2",
            "城镇燃气管理",
            "燃气设施改动审批",
            *[""] * (len(row) - 3),
            "不适用：本镇无此审批权限",
        ],
    ]
    table = _workbook(tmp_path / "t.xlsx", [("目录", rows)])
    result = import_table(table, domain="municipal-services", check=False)
    assert result.ok, result.findings
    leaves = {i.name: i for i in result.catalog.leaves()}  # type: ignore[union-attr]
    assert leaves["燃气设施改动审批"].not_applicable == Mark("本镇无此审批权限")
    assert leaves["燃气设施改动审批"].notes is None
    assert leaves["燃气经营许可证核发"].not_applicable is None
    # written back the same way, and read back
    catalog = Catalog(
        id="x",
        domain="municipal-services",
        title="t",
        jurisdiction=Jurisdiction("某镇", Level.TOWNSHIP),
        items=(
            Item(id="a", name="甲", content=("要点",)),
            Item(id="b", name="乙", not_applicable=Mark("本镇无此职能"), notes="另见说明"),
        ),
    )
    assert "不适用：本镇无此职能" in export_markdown(catalog)
    back = import_table(export_csv(catalog).encode(), fmt="csv", domain="municipal-services")
    (b,) = [i for i in back.catalog.leaves() if i.name == "乙"]  # type: ignore[union-attr]
    assert (b.not_applicable, b.notes) == (Mark("本镇无此职能"), "另见说明")
    for reason, notes in (("不适用", None), ("理由", "备注"), (None, "普通备注")):
        assert read_notes(notes_cell(reason, notes)) == (reason, notes)
    assert read_notes("本级不适用") == ("不适用", None)
    assert read_notes("适用于全县") == (None, "适用于全县")


def test_a_publication_form_column_is_said_to_be_one() -> None:
    """Real tables (平武县 townships) hold both 公开方式 (全文发布) and 公开属性 (主动): GK608
    said '公开方式 is not a standard element', which it is."""
    real = (
        Path(__file__).parent
        / "data"
        / "tables"
        / "real"
        / "shehui-baoxian__sichuan-pingwu-township.csv"
    )
    result = import_table(real, check=False)
    (said,) = [f for f in result.findings if f.code == "GK608" and f.args["column"] == "公开方式"]
    assert "取自“公开属性”列" in said.message
    assert "不是标准要素" not in said.message


def test_a_named_sheet_is_read_alone_and_imports_as_when_found(tmp_path: Path) -> None:
    """``--sheet NAME`` (and each catalog sheet of a batch) reads that sheet only: the
    others are listed, not read; the import equals the one that found the sheet itself."""
    from gkstd.tables.grid import read_grids

    sheets = [("填报说明", _NOTES), ("目录", _CATALOG), ("另一目录", _CATALOG)]
    table = _workbook(tmp_path / "t.xlsx", sheets)
    grids, _ = read_grids(table, sheet="目录")
    assert [(g.name, bool(g.rows)) for g in grids] == [
        ("填报说明", False),
        ("目录", True),
        ("另一目录", False),
    ]
    every, _ = read_grids(table, sheet="2")  # a number (or no such name): every sheet read
    assert all(g.rows for g in every)
    named = import_table(table, sheet="目录", domain="municipal-services")
    found = import_table(table, domain="municipal-services")
    assert named.sheets == found.sheets == ("填报说明", "目录", "另一目录")
    assert named.catalog == found.catalog
    assert _codes(named) == [c for c in _codes(found) if c != "GK619"]


def test_hidden_sheets_are_passed_over(tmp_path: Path) -> None:
    """A hidden or very hidden catalog sheet (an old version kept in the file) is neither
    chosen nor named in GK619, nor checked by the batch (python-calamine writes
    ``SheetVisibleEnum.Hidden``: a test for "Visible" in it had read every sheet as shown)."""
    import openpyxl  # (XlsxWriter writes very hidden sheets only from 3.2)

    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, state in (("旧版", "hidden"), ("草稿", "veryHidden"), ("目录", "visible")):
        sheet = book.create_sheet(name)
        for row in _CATALOG:
            sheet.append([value or None for value in row])
        sheet.sheet_state = state
    book.active = 2
    book.save(path)
    result = import_table(path, domain="municipal-services", check=False)
    assert result.sheet == "目录"
    assert "GK619" not in _codes(result)
    assert [r.sheet for r in check([path]).files] == [None]
