"""Reading rows: the marks of a row read once per distinct set of mark cells give what a
fresh reading gives, with every row's own findings; a cell edited after export is read
from the cell, the rest restored from the hidden sheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkstd.inherit.workspace import Workspace
from gkstd.model import Catalog, Item
from gkstd.plugins.registry import Registry
from gkstd.tables import export_xlsx, import_table

HEAD = (
    "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,"
    "公开对象,,公开方式,,公开层级,\n"
    ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级\n"
)
#: Texts of a 公开对象/方式/层级 cell: ticks, blanks, a "no", words read as a tick, junk.
MARKS = ["√", "", "", "●", "×", "是", "主动", "县级", "特定群体（申请人）", "见附件"]


def _table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for number, marks in enumerate(rows, 1):
        writer.writerow(
            [
                str(number),
                "城镇燃气管理",
                f"事项{number}",
                "申请条件",
                "《城镇燃气管理条例》",
                "20个工作日内",
                "县级燃气管理部门",
                "■政府网站",
                *marks,
            ]
        )
    return (HEAD + out.getvalue()).encode()


def _marks_of(item: Item) -> tuple[object, ...]:
    return (item.audience, item.method, item.levels, dict(item.extra))


def _own(findings: tuple[object, ...], row: int) -> list[tuple[str, str | None]]:
    """Codes and columns of the findings of one table row (sheet row ``row``)."""
    out = []
    for finding in findings:
        location = finding.location  # type: ignore[attr-defined]
        if location.line == row:
            column = location.path.split("!")[-1].rstrip("0123456789")
            out.append((finding.code, column))  # type: ignore[attr-defined]
    return out


@st.composite
def _mark_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows of mark cells, each a variation of one base row (a cell or two changed), so
    that rows share most of their mark cells."""
    base = draw(st.lists(st.sampled_from(MARKS), min_size=6, max_size=6))
    rows = [base]
    for _ in range(draw(st.integers(1, 5))):
        row = list(draw(st.sampled_from(rows)))
        for column in draw(st.lists(st.integers(0, 5), min_size=1, max_size=2)):
            row[column] = draw(st.sampled_from(MARKS))
        rows.append(row)
    return rows


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_mark_rows())
def test_repeated_marks_read_as_a_fresh_reading(rows: list[list[str]]) -> None:
    rows = rows + rows  # every set of marks at least twice
    whole = import_table(_table(rows), fmt="csv", domain="example", check=False)
    assert whole.catalog is not None
    leaves = list(whole.catalog.leaves())
    assert len(leaves) == len(rows)
    for index, marks in enumerate(rows):
        alone = import_table(_table([marks]), fmt="csv", domain="example", check=False)
        assert alone.catalog is not None
        [leaf] = alone.catalog.leaves()
        assert _marks_of(leaves[index]) == _marks_of(leaf), marks
        # the same findings, each at its own row (sheet row 3 is the first data row)
        assert _own(whole.findings, index + 3) == _own(alone.findings, 3), marks


def test_a_row_of_ambiguous_marks_repeated_has_a_finding_each_time() -> None:
    marks = ["√", "√", "√", "√", "√", ""]  # both audiences, both methods
    result = import_table(_table([marks] * 3), fmt="csv", domain="example", check=False)
    rows = sorted(f.location.line for f in result.findings if f.code == "GK609")
    assert rows == [3, 3, 4, 4, 5, 5]


# ---------------------------------------------------------------------------- exports

_EDITABLE = {"公开内容（要素）": "content", "公开时限": "time_limit", "公开主体": "subject"}


@pytest.fixture(scope="module")
def national(registry: Registry) -> Catalog:
    catalog = Workspace(registry).resolve_ref("work-safety").catalog
    assert catalog is not None
    return catalog


@pytest.fixture(scope="module")
def exported(national: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from python_calamine import CalamineWorkbook

    path = tmp_path_factory.mktemp("rows") / "ws.xlsx"
    export_xlsx(national, path)
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _write(path: Path, sheets: dict[str, list], edit: tuple[int, int, str] | None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        if name == "gkstd":
            sheet.hide()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = str(value).removesuffix(".0")
                if edit is not None and name != "gkstd" and (r, c) == edit[:2]:
                    text = edit[2]
                if text:
                    sheet.write_string(r, c, text)
    book.close()
    return path


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_a_cell_edited_after_export_is_read_from_the_cell(
    data: st.DataObject,
    national: Catalog,
    exported: dict[str, list],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    visible = next(name for name in exported if name != "gkstd")
    rows = exported[visible]
    label = data.draw(st.sampled_from(sorted(_EDITABLE)))
    column = rows[1].index(label)
    leaves = list(national.leaves())
    index = data.draw(st.integers(0, len(leaves) - 1))
    text = data.draw(st.sampled_from(["10个工作日内", "1.新内容 2.另一项", "县应急管理局"]))
    tmp = tmp_path_factory.mktemp("edit")
    unchanged = import_table(_write(tmp / "same.xlsx", exported, None), check=False)
    edited = import_table(
        _write(tmp / "edit.xlsx", exported, (3 + index, column, text)), check=False
    )
    assert unchanged.catalog is not None
    assert edited.catalog is not None
    assert attrs.evolve(unchanged.catalog, origin=None) == national
    before, after = list(unchanged.catalog.leaves()), list(edited.catalog.leaves())
    key = _EDITABLE[label]
    for k, (old, new) in enumerate(zip(before, after, strict=True)):
        if k != index:
            assert new == old  # restored whole from the hidden sheet
        elif text == rows[3 + index][column]:
            assert new == old  # "edited" to the same text: still exact
        else:
            # the edited element is read from the cell; everything else is still exact
            assert getattr(new, key) != getattr(old, key)
            assert attrs.evolve(new, **{key: getattr(old, key)}) == old
            if key == "subject":
                assert new.subject == text
