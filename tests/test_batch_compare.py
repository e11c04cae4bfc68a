"""``gkstd check … --compare 上次.json``: this quarter's check beside the last one's report
(gkstd.batch.compare), on real published tables; the earlier report refused clearly when
it is not one."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from gkstd.batch import BatchReport, EarlierReportError, check, html, load_earlier
from gkstd.batch.compare import compare
from gkstd.cli.main import cli
from gkstd.diagnostics.readfiles import recording_reads

ROOT = Path(__file__).parent.parent
REAL = ROOT / "tests" / "data" / "tables" / "real"
KEPT = [
    "jiuzai__hainan-wenchang.csv",  # a fall this time: two rows dropped
    "shehui-jiuzhu__tianjin-baodi.csv",
    "yiwu-jiaoyu__zhejiang-dongyang.csv",
]
GONE = "huji-guanli__jiangxi-ganzhou-rongjiang.csv"
NEW = "shizheng-fuwu__chongqing-youyang.csv"


def _quarters(folder: Path) -> tuple[Path, Path]:
    """Last quarter (the four tables as published) and this one (one table gone, one new,
    the 文昌 table with its last two rows dropped); each in its own folder."""
    before, now = folder / "2026Q3", folder / "2026Q4"
    before.mkdir()
    now.mkdir()
    for name in [*KEPT, GONE]:
        shutil.copy(REAL / name, before / name)
    for name in [*KEPT, NEW]:
        shutil.copy(REAL / name, now / name)
    cut = now / KEPT[0]
    cut.write_text("\n".join(cut.read_text("utf-8").splitlines()[:-2]) + "\n", "utf-8")
    return before, now


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchReport]:
    """The earlier report's file and this quarter's report compared with it."""
    folder = tmp_path_factory.mktemp("quarters")
    before, now = _quarters(folder)
    earlier = folder / "2026Q3.json"
    earlier.write_text(json.dumps(check([before]).to_dict(), ensure_ascii=False), "utf-8")
    return earlier, check([now]).compared(load_earlier(earlier))


def test_each_catalog_beside_its_score_last_time(quarters: tuple[Path, BatchReport]) -> None:
    earlier_file, report = quarters
    earlier = json.loads(earlier_file.read_text("utf-8"))
    found = report.comparison
    assert found is not None
    assert found.earlier == str(earlier_file)
    by_file = {Path(c.file or "").name: c for c in found.catalogs}
    assert set(by_file) == {*KEPT, GONE, NEW}
    assert {n: c.status for n, c in by_file.items()} == {
        KEPT[0]: "down",
        KEPT[1]: "same",
        KEPT[2]: "same",
        GONE: "gone",
        NEW: "new",
    }
    before = {Path(f["file"]).name: f["score"]["score"] for f in earlier["files"]}
    now = {r.path.name: r.scorecard.score for r in report.files if r.scorecard}
    fall = by_file[KEPT[0]]
    assert fall.before is not None
    assert fall.now is not None
    assert (fall.before.score, fall.now.score) == (before[KEPT[0]], now[KEPT[0]])
    assert fall.delta == round(now[KEPT[0]] - before[KEPT[0]], 1) < 0
    assert found.falls() == (fall,)
    assert found.counts() == {"up": 0, "down": 1, "same": 2, "new": 1, "gone": 1}


def test_the_rankings_beside_theirs(quarters: tuple[Path, BatchReport]) -> None:
    _, report = quarters
    found = report.comparison
    assert found is not None
    for rollup in report.by_domain:
        change = found.change_of("domain", rollup.key)
        assert change is not None
        assert change.now is not None
        assert change.now.score == rollup.score
    assert found.change_of("domain", "municipal-services").status == "new"  # type: ignore[union-attr]
    assert found.change_of("domain", "disaster-relief").status == "down"  # type: ignore[union-attr]
    # the unnamed governments are their files: the same files in two quarters' folders match
    statuses = sorted(c.status for c in found.jurisdictions)
    assert statuses == ["down", "gone", "new", "same", "same"]
    for rollup in report.by_jurisdiction:  # a ranking row finds its change by its key
        assert found.change_of("jurisdiction", rollup.key) is not None


def test_the_reports_carry_the_comparison(
    quarters: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    _, report = quarters
    data = report.to_dict()
    assert data["comparison"]["counts"]["catalog"]["down"] == 1
    assert [c["status"] for c in data["comparison"]["by_domain"]].count("gone") == 1
    page = html.render_html(report)
    assert 'id="comparison"' in page
    assert "较上次" in page
    assert '<span class="down">-' in page
    from gkstd.batch import xlsx

    out = tmp_path / "report.xlsx"
    xlsx.write_xlsx(report, str(out))
    book = CalamineWorkbook.from_path(str(out))
    assert "与上次比较" in book.sheet_names
    rows = book.get_sheet_by_name("与上次比较").to_python()
    assert rows[0][:6] == ["类别", "名称", "文件", "本次得分", "上次得分", "变化"]
    falls = [r for r in rows[1:] if r[0] == "目录" and r[12] == "下降"]
    assert len(falls) == 1
    assert falls[0][2].endswith(KEPT[0])
    assert falls[0][15] == "down"
    without = check([REAL / NEW])  # no comparison asked: no sheet, no section
    xlsx.write_xlsx(without, str(out))
    assert "与上次比较" not in CalamineWorkbook.from_path(str(out)).sheet_names
    assert 'id="comparison"' not in html.render_html(without)
    assert "comparison" not in without.to_dict()


@pytest.fixture(scope="module")
def pool() -> BatchReport:
    """Six real tables checked once: the draws below pick subsets of their results."""
    names = [*KEPT, GONE, NEW, "anquan-shengchan__sichuan-dazhou-dachuan.csv"]
    return check([REAL / n for n in names])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.sets(st.integers(0, 5), min_size=1),
    now=st.sets(st.integers(0, 5), min_size=1),
)
def test_new_gone_and_same_are_the_set_differences(
    pool: BatchReport, before: set[int], now: set[int]
) -> None:
    """Two checks of subsets of the same unchanged tables: the catalogs only in this one
    are new, only in the earlier one gone, in both the same; none moves."""
    files = pool.files

    def report(picked: set[int]) -> BatchReport:
        chosen = [files[i] for i in sorted(picked)]
        return BatchReport.ranked(chosen, (), pool.scheme)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "earlier.json"
        path.write_text(json.dumps(report(before).to_dict(), ensure_ascii=False), "utf-8")
        found = report(now).compared(load_earlier(path)).comparison
    assert found is not None
    status = {Path(c.file or "").name: c.status for c in found.catalogs}
    name = {i: files[i].path.name for i in range(len(files))}
    assert {name[i] for i in now - before} == {n for n, s in status.items() if s == "new"}
    assert {name[i] for i in before - now} == {n for n, s in status.items() if s == "gone"}
    assert {name[i] for i in now & before} == {n for n, s in status.items() if s == "same"}
    assert all(c.status in ("same", "new", "gone") for c in found.domains if c.now and c.before)


def test_a_streamed_summary_compares_the_rankings_only(
    quarters: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    earlier_file, report = quarters
    summary = json.loads(earlier_file.read_text("utf-8"))
    del summary["files"]  # what --scheduler --jsonl --format json prints
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), "utf-8")
    found = report.compared(load_earlier(path)).comparison
    assert found is not None
    assert found.catalogs == ()
    assert not found.catalogs_compared
    assert found.domains
    streamed = compare(report.by_jurisdiction, report.by_domain, None, load_earlier(earlier_file))
    assert not streamed.catalogs_compared


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"a": 1}', "不是 gkstd check 的检查报告"),
        (b"[1, 2]", "不是 gkstd check 的检查报告"),
        (b'{"by_jurisdiction": [], "by_domain": [', "第 1 行"),
        (b"\xff\xfe{}", "不是 UTF-8"),
        (b"PK\x03\x04 a workbook", "Excel 工作簿"),
        (b"<!DOCTYPE html><html></html>", "HTML 网页"),
        (
            '{"by_jurisdiction": [{"key": "x", "name": "y", "score": "高", "rank": 1}], '
            '"by_domain": []}'.encode(),
            "by_jurisdiction/0/score",
        ),
        (
            b'{"by_jurisdiction": [], "by_domain": [], "files": [{"score": {"domain": 1}}]}',
            "files/0/score",
        ),
        (b"[" * 100_000, "JSON"),
        (
            b'{"by_jurisdiction": [{"key": "x", "name": "y", "score": NaN, "rank": 1}], '
            b'"by_domain": []}',
            "NaN",
        ),
        (
            b'{"by_jurisdiction": [], "by_domain": [{"key": "x", "name": "y", '
            b'"score": Infinity, "rank": 1}]}',
            "Infinity",
        ),
        (
            b'{"by_jurisdiction": [{"key": "x", "name": "y", "score": 1e308, "rank": 1}], '
            b'"by_domain": []}',
            "by_jurisdiction/0/score",
        ),
    ],
)
def test_an_earlier_report_that_is_not_one_is_refused(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "上次.json"
    path.write_bytes(content)
    with pytest.raises(EarlierReportError) as caught:
        load_earlier(path)
    message = caught.value.message
    assert message.startswith(f"{path}：")
    assert says in message
    assert "--report 结果.json" in message  # the fix
    assert caught.value.message_en


def test_gkstd_check_compare(quarters: tuple[Path, BatchReport], tmp_path: Path) -> None:
    earlier_file, _ = quarters
    _, now = _quarters(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(now), "--compare", str(earlier_file)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "较上次" in out
    assert "与上次检查比较" in out
    assert "目录：得分上升 0 个，下降 1 个，持平 2 个；新增 1 个，上次有而本次没有 1 个。" in out
    assert "得分下降最多的目录" in out
    english = CliRunner().invoke(
        cli, ["--lang", "en", "check", str(now), "--compare", str(earlier_file)]
    )
    assert "catalogs: 0 up, 1 down, 2 the same; 1 new, 1 in the earlier report only." in (
        english.output
    )
    as_json = CliRunner().invoke(
        cli, ["check", str(now), "--compare", str(earlier_file), "--format", "json"]
    )
    assert json.loads(as_json.stdout)["comparison"]["counts"]["catalog"]["new"] == 1


def test_a_bad_earlier_report_stops_before_any_work(tmp_path: Path) -> None:
    _, now = _quarters(tmp_path)
    bad = tmp_path / "上次.json"
    bad.write_text('{"a": 1}', "utf-8")
    out = tmp_path / "本次.xlsx"
    result = CliRunner().invoke(
        cli, ["check", str(now), "--compare", str(bad), "--report", str(out)]
    )
    assert result.exit_code == 2
    assert "不是 gkstd check 的检查报告" in result.output
    assert not out.exists()  # nothing written


def test_the_earlier_report_is_never_written_over(
    quarters: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    earlier_file, _ = quarters
    _, now = _quarters(tmp_path)
    kept = tmp_path / "上次.json"
    shutil.copy(earlier_file, kept)
    with recording_reads():  # as gkstd's entry point runs every command
        result = CliRunner().invoke(
            cli, ["check", str(now), "--compare", str(kept), "--report", str(kept), "--force"]
        )
    assert result.exit_code == 2
    assert "上次的报告" in result.output
    assert kept.read_bytes() == earlier_file.read_bytes()


def test_a_bad_score_field_is_named(tmp_path: Path) -> None:
    """The field a catalog's score mistypes is named, in Chinese (the message had dumped the
    whole score and jsonschema's English)."""
    path = tmp_path / "上次.json"
    card = {"jurisdiction": "甲县", "domain": "disaster-relief", "score": "高"}
    data = {"by_jurisdiction": [], "by_domain": [], "files": [{"file": "a.csv", "score": card}]}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(EarlierReportError) as caught:
        load_earlier(path)
    assert "files/0/score/score" in caught.value.message
    assert "应为数字" in caught.value.message


def test_the_streamed_summary_is_read(quarters: tuple[Path, BatchReport], tmp_path: Path) -> None:
    """What ``--scheduler --jsonl --format json`` prints: ``files`` is a count."""
    earlier_file, report = quarters
    summary = json.loads(earlier_file.read_text("utf-8"))
    summary["files"] = len(summary["files"])
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), "utf-8")
    found = report.compared(load_earlier(path)).comparison
    assert found is not None
    assert not found.catalogs_compared
    assert found.counts("domain")["down"] == 1


def test_unnamed_governments_match_by_their_path_below_the_folder_checked(
    tmp_path: Path,
) -> None:
    """Two counties' 目录.csv (tables that name no government) in each quarter's folder:
    each matches itself a quarter later, never the other county's."""
    for quarter in ("Q3", "Q4"):
        for county, name in (("甲县", KEPT[1]), ("乙县", KEPT[2])):
            folder = tmp_path / quarter / county
            folder.mkdir(parents=True)
            shutil.copy(REAL / name, folder / "目录.csv")
    earlier = tmp_path / "Q3.json"
    earlier.write_text(json.dumps(check([tmp_path / "Q3"]).to_dict(), ensure_ascii=False), "utf-8")
    found = check([tmp_path / "Q4"]).compared(load_earlier(earlier)).comparison
    assert found is not None
    assert [c.status for c in found.catalogs] == ["same", "same"]
    assert [c.status for c in found.jurisdictions] == ["same", "same"]
    moved = tmp_path / "Q5"  # one county's file one folder deeper: another place
    (moved / "甲县" / "新").mkdir(parents=True)
    shutil.copy(REAL / KEPT[1], moved / "甲县" / "新" / "目录.csv")
    (moved / "乙县").mkdir()
    shutil.copy(REAL / KEPT[2], moved / "乙县" / "目录.csv")
    again = check([moved]).compared(load_earlier(earlier)).comparison
    assert again is not None
    assert sorted(c.status for c in again.catalogs) == ["gone", "new", "same"]


def test_another_scoring_scheme_is_said(quarters: tuple[Path, BatchReport], tmp_path: Path) -> None:
    earlier_file, report = quarters
    data = json.loads(earlier_file.read_text("utf-8"))
    same = report.compared(load_earlier(earlier_file)).comparison
    assert same is not None
    assert same.same_scheme is True
    data["scheme"]["penalties"]["error"] = 5.0
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    other = report.compared(load_earlier(path))
    assert other.comparison is not None
    assert other.comparison.same_scheme is False
    assert "评分方案不同" in html.render_html(other)


def test_what_cannot_be_an_earlier_report(
    quarters: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    from gkstd.diagnostics.arguments import ArgumentError

    _, report = quarters
    with pytest.raises(ArgumentError):
        report.compared("2026Q3.json")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        load_earlier(b"2026Q3.json")  # type: ignore[arg-type]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(EarlierReportError, match="是空文件"):
        load_earlier(fifo)  # nothing writes to it: empty at once (it had waited for ever)
    with pytest.raises(EarlierReportError, match="这是文件夹"):
        load_earlier(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(REAL / NEW), "--compare", "-"])
    assert result.exit_code == 2
    assert "不从标准输入读取" in result.output
