"""``gkstd check`` of workbooks that hold several catalogs, one domain a sheet (a common way
to send a township's or a county's catalogs): every catalog sheet is checked, each a
result of its own named with its sheet, the same in one process and with ``--jobs``, and
a township's sheet finds its parent among a county workbook's sheets.

The sheets hold real published rows (平武县 township catalogs, sections (七) and (十三) of
one document; 河源市's 生态环境 catalog); the captions naming 某县 and 甲镇 are the tests'.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from gkstd.batch import BatchReport, check, html, xlsx
from gkstd.cli.main import cli
from gkstd.tables import import_table

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "data" / "tables" / "real"
SOCIAL = REAL / "shehui-baoxian__sichuan-pingwu-township.csv"
HOUSING = REAL / "nongcun-weifang-gaizao__sichuan-pingwu-township.csv"
ECOLOGY = REAL / "shengtai-huanjing__guangdong-heyuan.csv"


def _rows(source: Path, caption: str | None = None, items: int | None = None) -> list[list[str]]:
    """The rows of a real table: its caption (or ``caption``), its header, its items (the
    first ``items`` of them)."""
    rows = list(csv.reader(source.read_text("utf-8").splitlines()))
    body = rows[2:] if items is None else rows[2 : 2 + items]
    return [[caption or rows[0][0]], rows[1], *body]


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()
    return path


def _township(path: Path) -> Path:
    """A notes sheet, then the township's 社会保险 and 农村危房改造 catalogs."""
    return _workbook(
        path,
        {
            "填报说明": [["填报说明：本工作簿每个工作表为一个领域的目录"]],
            "社会保险": _rows(SOCIAL),
            "农村危房改造": _rows(HOUSING),
        },
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sheets")
    _township(folder / "平武县某乡.xlsx")
    shutil.copy(REAL / "jiuzai__hainan-wenchang.csv", folder / "wenchang.csv")
    return folder


@pytest.fixture(scope="module")
def report(batch: Path) -> BatchReport:
    return check([batch], jobs=1)


def _by_name(report: BatchReport) -> dict[str, dict[str, object]]:
    return {r.name: r.to_dict() for r in report.files}


def test_every_catalog_sheet_is_a_result_of_its_own(report: BatchReport, batch: Path) -> None:
    book = str(batch / "平武县某乡.xlsx")
    results = [r for r in report.files if str(r.path) == book]
    assert [r.sheet for r in results] == ["社会保险", "农村危房改造"]  # the workbook's order
    assert [r.catalog.domain for r in results if r.catalog] == [
        "social-insurance",
        "rural-housing-renovation",
    ]
    for result in results:
        codes = {f.code for f in result.report.findings}
        assert "GK619" not in codes  # no sheet is left out: none to name
        sheets = {f.location.cell.sheet for f in result.report.findings if f.location.cell}
        assert sheets <= {result.sheet}  # each finding in its own sheet
        assert result.name == f"{book} › {result.sheet}"
        assert result.scorecard is not None
        assert result.scorecard.file == result.name
        data = result.to_dict()
        assert data["file"] == book
        assert data["sheet"] == result.sheet
    (other,) = [r for r in report.files if str(r.path) != book]
    assert other.sheet is None
    assert other.name == str(batch / "wenchang.csv")


def test_each_sheet_is_checked_as_its_import_alone(report: BatchReport, batch: Path) -> None:
    book = batch / "平武县某乡.xlsx"
    for result in (r for r in report.files if r.sheet):
        alone = import_table(book, sheet=result.sheet).report()
        batch_codes = [f.code for f in result.report.findings if f.code != "GK307"]
        assert sorted(batch_codes) == sorted(f.code for f in alone.findings)
    # the township's two catalogs together (第二十一条 topics): GK307 on its first catalog
    gk307 = [r.sheet for r in report.files for f in r.report.findings if f.code == "GK307"]
    assert gk307
    assert set(gk307) == {"社会保险"}
    whole = import_table(book).report()  # one import reads one sheet and names the other
    assert [f.args["sheets"] for f in whole.findings if f.code == "GK619"] == [("农村危房改造",)]


def test_one_workbook_is_one_government_in_the_ranking(report: BatchReport) -> None:
    rows = {r.name: r.catalogs for r in report.by_jurisdiction}
    assert rows["平武县某乡"] == 2  # named by the file: one government


def test_the_same_results_with_jobs(tmp_path: Path) -> None:
    for n in range(4):  # enough workbooks for worker processes (4 a process)
        _township(tmp_path / f"b{n}" / "平武县某乡.xlsx")
        shutil.copy(REAL / "jiuzai__hainan-wenchang.csv", tmp_path / f"b{n}" / "wenchang.csv")
    one = check([tmp_path], jobs=1)
    two = check([tmp_path], jobs=2)
    assert len(one.files) == 12
    assert json.dumps(two.to_dict(), ensure_ascii=False) == json.dumps(
        one.to_dict(), ensure_ascii=False
    )


def test_a_township_sheet_finds_its_parent_among_a_county_workbooks_sheets(
    tmp_path: Path,
) -> None:
    _workbook(
        tmp_path / "某县.xlsx",
        {
            "生态环境": _rows(ECOLOGY, "某县生态环境领域基层政务公开标准目录"),
            "社会保险": _rows(SOCIAL, "某县社会保险领域基层政务公开标准目录"),
        },
    )
    _workbook(
        tmp_path / "某县甲镇.xlsx",
        {
            "社会保险": _rows(SOCIAL, "某县甲镇社会保险领域基层政务公开标准目录", 2),
            "生态环境": _rows(ECOLOGY, "某县甲镇生态环境领域基层政务公开标准目录", 1),
        },
    )
    report = check([tmp_path], jobs=1)
    county = str(tmp_path / "某县.xlsx")
    parents = {r.sheet: r.parent_file for r in report.files if r.path.name == "某县甲镇.xlsx"}
    assert parents == {"社会保险": f"{county} › 社会保险", "生态环境": f"{county} › 生态环境"}
    town = [r for r in report.files if r.path.name == "某县甲镇.xlsx"]
    assert all(r.catalog is not None and r.catalog.jurisdiction.name == "某县甲镇" for r in town)


def test_the_reports_name_the_sheet(report: BatchReport, batch: Path, tmp_path: Path) -> None:
    book = str(batch / "平武县某乡.xlsx")
    page = html.render_html(report)
    assert f"{book} › 社会保险" in page
    assert "工作表：农村危房改造" in page
    out = tmp_path / "report.xlsx"
    xlsx.write_xlsx(report, str(out))
    reader = CalamineWorkbook.from_path(str(out))
    files = [row[0] for row in reader.get_sheet_by_name("评分汇总").to_python()[1:]]
    assert f"{book} › 社会保险" in files
    assert f"{book} › 农村危房改造" in files
    listed = {row[0] for row in reader.get_sheet_by_name("问题清单").to_python()[1:]}
    assert f"{book} › 农村危房改造" in listed


def test_gkstd_check_counts_catalogs_and_files(batch: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(batch)])
    assert result.exit_code == 1, result.output
    assert "共检查 3 个目录（来自 2 个文件）" in result.output
    assert "某乡.xlsx › 农村危房改造" in result.output  # (a long path is shortened in the middle)
    english = CliRunner().invoke(cli, ["--lang", "en", "check", str(batch)])
    assert "3 catalogs checked (from 2 files)" in english.output


def test_a_readers_note_of_one_sheet_stays_with_that_sheet(tmp_path: Path) -> None:
    """A long cell on the 农村危房改造 sheet (GK616) is a finding of that sheet only: not of
    the 社会保险 sheet's import, and once in the batch."""
    import gkstd

    housing = _rows(HOUSING)
    housing[2][3] = housing[2][3] * 100  # a 公开内容 cell over the limit (its own text, repeated)
    book = _workbook(tmp_path / "乡.xlsx", {"社会保险": _rows(SOCIAL), "农村危房改造": housing})
    with gkstd.limits.raised(max_text_chars=1000):
        social = import_table(book, sheet="社会保险", check=False)
        other = import_table(book, sheet="农村危房改造", check=False)
        report = check([tmp_path], jobs=1)
    assert "GK616" not in {f.code for f in social.findings}
    assert [f.location.path for f in other.findings if f.code == "GK616"] == ["农村危房改造!D3"]
    placed = [(r.sheet, f.code) for r in report.files for f in r.report.findings]
    assert placed.count(("农村危房改造", "GK616")) == 1
    assert ("社会保险", "GK616") not in placed


def test_a_township_notice_goes_to_its_first_usable_catalog(tmp_path: Path) -> None:
    """A header-only first sheet (unusable, GK618) before two catalog sheets: GK307 (the
    township's 第二十一条 topics) goes to the first catalog that could be used."""
    header = _rows(SOCIAL)[:2]
    _workbook(
        tmp_path / "平武县某乡.xlsx",
        {"草稿": header, "社会保险": _rows(SOCIAL), "农村危房改造": _rows(HOUSING)},
    )
    report = check([tmp_path], jobs=1)
    assert [r.sheet for r in report.files] == ["草稿", "社会保险", "农村危房改造"]
    assert report.files[0].catalog is None
    placed = {r.sheet for r in report.files for f in r.report.findings if f.code == "GK307"}
    assert placed == {"社会保险"}


def test_sheets_whose_names_differ_by_a_space_are_told_apart(tmp_path: Path) -> None:
    """Two catalog sheets 社会保险 and 社会保险␠ (a space typed after the name) had been
    listed as one catalog twice; the second's name is quoted."""
    from gkstd.batch.naming import sheet_label

    book = _workbook(
        tmp_path / "b" / "平武县某乡.xlsx", {"社会保险": _rows(SOCIAL), "社会保险 ": _rows(SOCIAL)}
    )
    report = check([tmp_path / "b"], jobs=1)
    names = [r.name for r in report.files]
    assert names == [f"{book} › 社会保险", f"{book} › “社会保险 ”"]
    assert sheet_label("a.xlsx", "表\t1") == "a.xlsx › “表\t1”"
    assert sheet_label("a.xlsx", None) == "a.xlsx"
