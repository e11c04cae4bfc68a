"""A sheet of a workbook the reader must not read costs that sheet, not the workbook (GK622).

A county's workbook often carries a 填报说明 sheet; one space typed at ``XFD1048576`` on it
makes that sheet's range 17 billion cells, which the scan refuses (GK604) before the reader
allocates them.  It had made the whole workbook unusable, its catalog sheet unchecked.  The
catalog sheets hold real published rows (平武县 township catalogs; 文昌市's 救灾 catalog).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.audit import RecordsError, read_records
from gkstd.batch import check
from gkstd.tables import import_table
from gkstd.tables.grid import read_grids
from gkstd.tables.xlsxscan import ScanError, prescan

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "data" / "tables" / "real"
SOCIAL = REAL / "shehui-baoxian__sichuan-pingwu-township.csv"
HOUSING = REAL / "nongcun-weifang-gaizao__sichuan-pingwu-township.csv"
RELIEF = REAL / "jiuzai__hainan-wenchang.csv"
_NOTES = [["填报说明"], ["1. 请按国家标准目录填写。"]]

#: where a stray cell makes a sheet too large to read (over 5 million cells): the last
#: cell of the grid, one far down the sixth column and one at the last column of row 401
_FAR = [(1_048_575, 16_383), (1_048_575, 5), (400, 16_383)]


def _rows(source: Path) -> list[list[str]]:
    return list(csv.reader(source.read_text("utf-8").splitlines()))


def _workbook(
    path: Path,
    sheets: list[tuple[str, list[list[str]]]],
    far: dict[str, tuple[int, int]],
    hidden: frozenset[str] = frozenset(),
) -> Path:
    """A workbook of ``sheets``; ``far`` puts a space at a far cell of the sheets it names."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value)
        if name in far:
            sheet.write_string(*far[name], " ")
        if name in hidden:
            sheet.hide()
    book.close()
    return path


def _codes(findings: object) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def _items(path: Path, **kwargs: object) -> list[tuple[str, str]]:
    result = import_table(path, check=False, **kwargs)  # type: ignore[arg-type]
    assert result.catalog is not None, result.findings
    return [(i.id, i.name) for i in result.catalog.walk()]


def test_a_stray_far_cell_on_a_notes_sheet_costs_that_sheet_only(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "文昌市.xlsx",
        [("填报说明", _NOTES), ("救灾", _rows(RELIEF))],
        {"填报说明": _FAR[0]},
    )
    (tmp_path / "alone").mkdir()
    alone = _workbook(tmp_path / "alone" / "文昌市.xlsx", [("救灾", _rows(RELIEF))], {})
    result = import_table(book)
    assert result.catalog is not None, result.findings
    assert result.sheet == "救灾"
    assert _items(book) == _items(alone)  # the catalog read as if the notes were not there
    (skipped,) = [f for f in result.findings if f.code == "GK622"]
    assert skipped.severity.value == "warning"
    assert skipped.args["sheet"] == "填报说明"
    assert skipped.args["code"] == "GK604"
    assert "XFD1048576" in skipped.message
    assert skipped.location.path == "填报说明!A1"
    assert "XFD1048576" in skipped.text("en")
    # the rest of the findings are the catalog's own, as without the notes sheet
    assert sorted(_codes(import_table(alone).findings)) == sorted(
        c for c in _codes(result.findings) if c != "GK622"
    )


def test_the_refused_sheet_named_or_alone_is_an_error(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "b.xlsx", [("填报说明", _NOTES), ("救灾", _rows(RELIEF))], {"填报说明": _FAR[0]}
    )
    named = import_table(book, sheet="填报说明")
    assert named.catalog is None
    assert _codes(named.findings) == ["GK604"]
    only = _workbook(tmp_path / "only.xlsx", [("救灾", _rows(RELIEF))], {"救灾": _FAR[1]})
    result = import_table(only)
    assert result.catalog is None
    assert _codes(result.findings) == ["GK604"]
    both = _workbook(
        tmp_path / "both.xlsx",
        [("填报说明", _NOTES), ("救灾", _rows(RELIEF))],
        {"填报说明": _FAR[0], "救灾": _FAR[2]},
    )
    result = import_table(both)
    assert result.catalog is None
    assert _codes(result.findings) == ["GK604"]
    assert result.findings[0].args["sheet"] == "填报说明"  # the first sheet's reason


def test_a_hidden_refused_sheet_is_passed_over_without_a_word(tmp_path: Path) -> None:
    """A hidden sheet is never imported (nor named by GK619): refusing it changes nothing."""
    book = _workbook(
        tmp_path / "h.xlsx",
        [("救灾", _rows(RELIEF)), ("底稿", _NOTES)],
        {"底稿": _FAR[0]},
        hidden=frozenset({"底稿"}),
    )
    result = import_table(book, check=False)
    assert result.catalog is not None
    assert "GK622" not in _codes(result.findings)


def test_a_far_cell_on_gkstds_own_sheet_refuses_the_workbook(tmp_path: Path) -> None:
    """The hidden ``gkstd`` sheet of an export is part of the catalog: not passed over."""
    book = _workbook(
        tmp_path / "e.xlsx",
        [("救灾", _rows(RELIEF)), ("gkstd", [["{}"]])],
        {"gkstd": _FAR[0]},
        hidden=frozenset({"gkstd"}),
    )
    with pytest.raises(ScanError) as raised:
        prescan(book, "e.xlsx")
    assert raised.value.finding.code == "GK604"
    result = import_table(book)
    assert result.catalog is None
    assert _codes(result.findings) == ["GK604"]


def test_read_grids_lists_the_refused_sheet_with_its_reason(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "g.xlsx", [("救灾", _rows(RELIEF)), ("说明", _NOTES)], {"说明": _FAR[0]}
    )
    grids, notes = read_grids(book)
    assert [g.name for g in grids] == ["救灾", "说明"]
    assert grids[0].refused is None
    assert grids[0].rows
    assert grids[1].refused is not None
    assert grids[1].refused.code == "GK604"
    assert grids[1].rows == ()
    assert not notes


def test_check_scores_the_catalogs_and_names_the_sheet_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    _workbook(
        folder / "平武县某乡.xlsx",
        [("填报说明", _NOTES), ("社会保险", _rows(SOCIAL)), ("农村危房改造", _rows(HOUSING))],
        {"填报说明": _FAR[0]},
    )
    report = check([folder], jobs=1)
    assert [r.sheet for r in report.files] == ["社会保险", "农村危房改造"]
    assert all(r.catalog is not None and r.scorecard is not None for r in report.files)
    skipped = [
        (r.sheet, f.args["sheet"])
        for r in report.files
        for f in r.report.findings
        if f.code == "GK622"
    ]
    assert skipped == [("社会保险", "填报说明")]  # once, on the workbook's first catalog


def test_records_from_a_refused_first_sheet_say_why(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "r.xlsx", [("记录", [["item", "date"], ["x", "2024-01-02"]])], {"记录": _FAR[0]}
    )
    with pytest.raises(RecordsError) as raised:
        read_records(book)
    assert "XFD1048576" in str(raised.value)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.booleans(),
    where=st.sampled_from(_FAR),
    notes=st.sampled_from(["填报说明", "Sheet2", "说明 "]),
)
def test_a_refused_notes_sheet_never_changes_the_catalog(
    tmp_path: Path, before: bool, where: tuple[int, int], notes: str
) -> None:
    """Wherever the notes sheet stands and wherever its stray cell is, the catalog sheet is
    imported as it is alone, and the notes sheet is named once (GK622)."""
    sheets = [("救灾", _rows(RELIEF))]
    sheets.insert(0 if before else 1, (notes, _NOTES))
    book = _workbook(tmp_path / f"p{before}{where[1]}.xlsx", sheets, {notes: where})
    alone = _workbook(tmp_path / "alone.xlsx", [("救灾", _rows(RELIEF))], {})
    assert _items(book) == _items(alone)
    result = import_table(book, check=False)
    assert [f.args["sheet"] for f in result.findings if f.code == "GK622"] == [notes]
