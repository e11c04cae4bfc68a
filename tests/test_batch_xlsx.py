"""gkstd.batch.xlsx: the Excel workbook of a batch check, read back with two independent
readers (python-calamine and openpyxl)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from gkstd.batch import BatchReport, check, xlsx
from gkstd.batch.scheme import MEASURES
from gkstd.diagnostics.findings import CellRef, Finding, Location, Severity
from gkstd.diagnostics.messages import Args, Message

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"


def _names(text: str) -> list[str]:
    return text.split()


SHEETS = ["评分汇总", "排名", "领域排名", "问题清单", "未检查文件", "评分方案"]
HEADERS = {
    "评分汇总": _names(
        "文件 本级政府 层级 领域 上级目录 上级目录文件 应有事项 已有事项 "
        "事项覆盖率 要素完整率 时限合规率 网站公开率 "
        "错误 警告 提示 得分 等次 备注 Government Level Domain Grade Note"
    ),
    "排名": _names("名次 本级政府 目录数 平均得分 等次 覆盖率 错误 警告 区划代码 Name Grade"),
    "领域排名": _names("名次 领域 目录数 平均得分 等次 覆盖率 错误 警告 领域代码 Name Grade"),
    "问题清单": [
        *_names("文件 本级政府 领域 代码 级别 说明 工作表 行 单元格 事项编号 要素 所在文件"),
        "English message",
    ],
    "未检查文件": ["文件", "原因", "说明", "原因代码", "English message"],
    "评分方案": ["类别", "项目", "数值", "说明", "English"],
}


@pytest.fixture(scope="module")
def report() -> BatchReport:
    return check([REAL_TABLES])


@pytest.fixture(scope="module")
def workbook(report: BatchReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    xlsx.write_xlsx(report, str(path))
    return path


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's rows as calamine reads them ('' for a blank cell)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _blank(value: Any) -> Any:
    return "" if value is None else value


def test_the_sheets_and_their_headers(workbook: Path) -> None:
    sheets = _sheets(workbook)
    assert list(sheets) == SHEETS == list(xlsx.SHEETS)
    for name, header in HEADERS.items():
        assert sheets[name][0] == header, name


def test_one_scorecard_row_per_file_with_the_same_scores(
    report: BatchReport, workbook: Path
) -> None:
    rows = _sheets(workbook)["评分汇总"][1:]
    assert len(rows) == len(report.files) == 62
    for row, result in zip(rows, report.files, strict=True):
        card = result.scorecard
        assert card is not None
        assert row[0] == str(result.path)
        assert row[1:5] == [card.jurisdiction, card.level, card.domain_name, _blank(card.parent)]
        assert row[5] == _blank(result.parent_file)
        assert row[6] == _blank(card.measures.required)
        for value, measure in zip(row[8:12], MEASURES, strict=True):
            ratio = card.measures.ratio(measure)
            assert value == ("" if ratio is None else pytest.approx(ratio))
        assert row[12:17] == [card.errors, card.warnings, card.infos, card.score, card.grade]
        english = [card.jurisdiction_en, card.level_en, card.domain_name_en, card.grade_en]
        assert row[18:22] == english  # the same, in English, after the Chinese columns
    assert {r[21] for r in rows} <= {"excellent", "good", "pass", "fail"}
    ws = openpyxl.load_workbook(workbook, read_only=True)["评分汇总"]
    coverage = next(ws.iter_rows(min_row=2, max_row=2, min_col=9, max_col=9))[0]
    assert coverage.number_format == "0.0%"  # shown as a percentage
    score = next(ws.iter_rows(min_row=2, max_row=2, min_col=16, max_col=16))[0]
    assert score.number_format == "0.0"


def test_the_rankings_follow_the_report(report: BatchReport, workbook: Path) -> None:
    sheets = _sheets(workbook)
    for name, rollups in (("排名", report.by_jurisdiction), ("领域排名", report.by_domain)):
        rows = sheets[name][1:]
        assert len(rows) == len(rollups) > 1
        assert [r[1] for r in rows] == [r.name for r in rollups]
        assert [r[0] for r in rows] == [r.rank for r in rollups]
        assert [r[3] for r in rows] == [r.score for r in rollups]
        assert [r[4] for r in rows] == [r.grade for r in rollups]
        assert [r[2] for r in rows] == [r.catalogs for r in rollups]
        assert [r[9:11] for r in rows] == [[r.name_en, r.grade_en] for r in rollups]
    english = {r[9] for r in sheets["领域排名"][1:]}
    assert "Disaster relief" in english  # the packs' English domain names
    scores = [r[3] for r in sheets["排名"][1:]]
    assert scores == sorted(scores, reverse=True)
    assert {r[8] for r in sheets["领域排名"][1:]} == {r.key for r in report.by_domain}


def test_one_findings_row_per_finding_with_its_cell(report: BatchReport, workbook: Path) -> None:
    rows = _sheets(workbook)["问题清单"][1:]
    findings = [(r, f) for r in report.files for f in r.report.findings]
    assert len(rows) == len(findings) == sum(len(r.report.findings) for r in report.files)
    assert len(rows) > 500
    labels = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
    in_cells = 0
    for row, (result, finding) in zip(rows, findings, strict=True):
        assert row[0] == str(result.path)
        assert row[3:6] == [finding.code, labels[finding.severity], finding.message]
        assert row[12] == finding.message_en
        assert row[9] == _blank(finding.location.item)
        cell = finding.location.cell
        if cell is not None and not cell.cell.isdigit():
            in_cells += 1
            assert row[6] == cell.sheet
            assert row[8] == cell.cell  # an Excel reference such as F8
            assert row[7] == cell.row
    assert in_cells > 50


def test_every_sheet_has_a_frozen_header_and_an_autofilter(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.properties.title == "政务公开事项标准目录检查报告"
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        last = openpyxl.utils.get_column_letter(len(HEADERS[ws.title]))
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
        assert ws["A1"].font.bold
        assert ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title
    widths = book["问题清单"].column_dimensions
    assert widths["F"].width > widths["E"].width  # 说明 wider than 级别
    assert widths["F"].width <= xlsx._MAX_WIDTH + 1


def _hostile_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BatchReport:
    """A batch whose file names, sheet and messages start with = + - @."""
    names = ['=HYPERLINK("http:x").csv', "+1+1.csv", "-2+3.csv", "@SUM(A1).csv"]
    sources = sorted(REAL_TABLES.glob("*.csv"))[: len(names)]
    for source, name in zip(sources, names, strict=True):
        shutil.copy(source, tmp_path / name)
    (tmp_path / "=1+1.txt").write_text("not a catalog", "utf-8")
    monkeypatch.chdir(tmp_path)  # relative paths: the file column starts with "="
    report = check(["."])
    template = Message("=1+1{name}", "@cmd|' /C calc'!A0{name}")
    hostile = Finding(
        "GK999",
        Severity.WARNING,
        template,
        Args({"name": ""}),
        Location(item="-1+1", element="+x", cell=CellRef("=a.csv", "=Sheet", "=B2")),
    )
    first = report.files[0]
    first = attrs.evolve(
        first, report=attrs.evolve(first.report, findings=(hostile, *first.report.findings))
    )
    return attrs.evolve(report, files=(first, *report.files[1:]))


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _hostile_report(tmp_path, monkeypatch)
    path = tmp_path / "out.xlsx"
    xlsx.write_xlsx(report, str(path))
    book = openpyxl.load_workbook(path)
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    texts.append(cell.value)
    assert '=HYPERLINK("http:x").csv' in texts
    assert {"+1+1.csv", "-2+3.csv", "@SUM(A1).csv", "=1+1.txt"} <= set(texts)
    assert {"=1+1", "@cmd|' /C calc'!A0", "-1+1", "+x", "=Sheet", "=B2"} <= set(texts)
    finding = _sheets(path)["问题清单"][1]
    assert finding[3:9] == ["GK999", "警告", "=1+1", "=Sheet", 2, "=B2"]


def test_findings_beyond_the_row_limit_continue_on_new_sheets(
    report: BatchReport, workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "_MAX_ROWS", 101)  # 100 findings a sheet
    path = tmp_path / "split.xlsx"
    xlsx.write_xlsx(report, str(path))
    sheets = _sheets(path)
    total = sum(len(r.report.findings) for r in report.files)
    parts = -(-total // 100)
    names = ["问题清单"] + [f"问题清单({n})" for n in range(2, parts + 1)]
    assert [n for n in sheets if n.startswith("问题清单")] == names
    assert list(sheets)[-2:] == ["未检查文件", "评分方案"]
    rows = []
    for name in names:
        assert sheets[name][0] == HEADERS["问题清单"]
        assert len(sheets[name]) - 1 == (100 if name != names[-1] else total - 100 * (parts - 1))
        rows += sheets[name][1:]
    assert rows == _sheets(workbook)["问题清单"][1:]  # the same rows, in order
    note = next(r for r in sheets["评分方案"] if r[1] == "问题清单分表")
    assert note[2] == parts
    assert "问题清单(2)" in note[3]
    book = openpyxl.load_workbook(path, read_only=False)
    assert book[names[-1]].freeze_panes == "A2"
    assert book[names[-1]].auto_filter.ref == f"A1:M{len(sheets[names[-1]])}"


def test_a_streamed_workbook_holds_the_same_cells(
    report: BatchReport, workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "_STREAM_ROWS", 0)  # as a very large batch is written
    path = tmp_path / "streamed.xlsx"
    xlsx.write_xlsx(report, str(path))
    assert _sheets(path) == _sheets(workbook)
    book = openpyxl.load_workbook(path)
    assert all(ws.freeze_panes == "A2" and ws.auto_filter.ref for ws in book.worksheets)


def test_the_same_report_gives_the_same_bytes(report: BatchReport, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    xlsx.write_xlsx(report, str(first))
    xlsx.write_xlsx(report, str(second))
    assert first.read_bytes() == second.read_bytes()
    generated = datetime(2026, 5, 1, 9, 30)
    xlsx.write_xlsx(report, str(first), generated=generated)
    xlsx.write_xlsx(report, str(second), generated=generated)
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert book.properties.created == generated
    row = next(r for r in book["评分方案"].iter_rows(values_only=True) if r[1] == "生成时间")
    assert row[2] == generated


def test_text_longer_than_a_cell_is_cut_with_a_marker(report: BatchReport, tmp_path: Path) -> None:
    long = "很长的说明" * 8_000  # 40,000 characters
    finding = Finding("GK999", Severity.INFO, Message("{text}", "{text}"), Args({"text": long}))
    first = report.files[0]
    first = attrs.evolve(first, report=attrs.evolve(first.report, findings=(finding,)))
    path = tmp_path / "long.xlsx"
    xlsx.write_xlsx(attrs.evolve(report, files=(first,)), str(path))
    row = _sheets(path)["问题清单"][1]
    assert len(row[5]) <= xlsx._MAX_CHARS
    assert row[5].startswith("很长的说明")
    assert row[5].endswith("…（已截断，原文 40,000 字）")
    astral = "𬌗" * 20_000  # two UTF-16 units each: Excel counts 40,000
    clipped = xlsx._clip(astral)
    assert len(clipped.encode("utf-16-le")) // 2 <= xlsx._MAX_CHARS
    assert clipped.endswith("…（已截断，原文 20,000 字）")
    assert xlsx._clip("短") == "短"


def test_an_empty_batch_gives_headers_only(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    xlsx.write_xlsx(BatchReport(files=()), str(path))
    sheets = _sheets(path)
    assert list(sheets) == SHEETS
    for name in ("评分汇总", "排名", "领域排名", "问题清单", "未检查文件"):
        assert sheets[name] == [HEADERS[name]]
    totals = {r[1]: r[2] for r in sheets["评分方案"][1:]}
    assert totals["检查文件数"] == 0
    assert totals["问题总数"] == 0


def test_a_file_name_that_is_not_utf8_is_read_as_gbk(tmp_path: Path) -> None:
    # a zip made on Windows unpacks GBK names: Python keeps the bytes as lone surrogates,
    # which no workbook can hold
    folder = os.fsencode(tmp_path)
    try:
        shutil.copy(sorted(REAL_TABLES.glob("*.csv"))[0], os.fsdecode(folder + b"/\xd5\xf2.csv"))
        Path(os.fsdecode(folder + b"/\xb4\xe5.pdf")).write_bytes(b"%PDF-1.7")
    except OSError:  # pragma: no cover - a file system that only takes UTF-8 names
        pytest.skip("the file system refuses names that are not UTF-8")
    report = check([tmp_path])
    path = tmp_path / "out.xlsx"
    xlsx.write_xlsx(report, str(path))
    sheets = _sheets(path)
    assert sheets["评分汇总"][1][0] == str(tmp_path / "镇.csv")
    assert sheets["未检查文件"][1][0] == str(tmp_path / "村.pdf")
    assert sheets["未检查文件"][1][2].startswith(str(tmp_path / "村.pdf"))
    assert xlsx._readable("a\ud800b") == "a\ufffdb"


def test_a_file_without_a_scorecard_still_has_its_row(report: BatchReport, tmp_path: Path) -> None:
    first = attrs.evolve(report.files[0], scorecard=None)  # a report built by hand
    path = tmp_path / "unscored.xlsx"
    xlsx.write_xlsx(attrs.evolve(report, files=(first,)), str(path))
    row = _sheets(path)["评分汇总"][1]
    stats = first.stats
    assert row[0] == str(first.path)
    assert row[1:12] == [""] * 11
    assert row[12:17] == [stats.errors, stats.warnings, stats.infos, "", ""]


def test_an_unusable_file_says_why_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "坏表.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    shutil.copy(REAL_TABLES / "jiuzai__hainan-wenchang.csv", tmp_path / "wenchang.csv")
    report = check([tmp_path])
    out = tmp_path / "report.xlsx"
    xlsx.write_xlsx(report, str(out))
    rows = {r[0]: r for r in _sheets(out)["评分汇总"][1:]}
    bad = rows[str(tmp_path / "坏表.xlsx")]
    (result,) = [r for r in report.files if r.catalog is None]
    (error,) = [f for f in result.report.findings if f.code == "GK601"]
    assert bad[17] == error.message  # 备注
    assert bad[22] == error.message_en  # Note
    assert rows[str(tmp_path / "wenchang.csv")][17:23:5] == ["", ""]  # usable: no note
