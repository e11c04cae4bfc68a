"""``gkstd check``: the summary, quiet and verbose, standard input, colour, progress and the
report options, as a supervisor uses them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gkstd.cli.main import cli

ROOT = Path(__file__).parent.parent
REAL_TABLES = ROOT / "tests" / "data" / "tables" / "real"
ZICHUAN = ROOT / "examples" / "zichuan-municipal-services.yaml"


def _run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["check", *args], input=stdin, env=env)


def test_the_summary_ranks_and_counts_and_collapses_known_gaps() -> None:
    result = _run(str(REAL_TABLES), str(ZICHUAN))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "按本级政府排名" in out
    assert "按领域排名" in out
    assert "按问题代码统计" in out
    assert "GK201" in out
    assert "缺少上级目录的事项" in out  # the rule's title beside its code
    gap_lines = [line for line in out.splitlines() if line.startswith("已知缺口")]
    assert gap_lines == [
        "已知缺口（市政服务）：6 条提示，领域包的国家目录数据不全，不影响是否通过"
        "（gkstd domains 查看完整度）。"
    ]
    assert "GK102" not in out
    assert len(out.splitlines()) < 200  # a summary, not a wall
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert "make_fixtures.py" in result.stderr  # files not checked are listed on stderr


def test_findings_by_code_add_up_to_the_files_counts() -> None:
    """A code graded differently by case (GK201) is split by severity, and the totals
    are the sum of the per-file error and warning columns (a supervisor could not
    reconcile 309 GK201 with the columns)."""
    import json as _json

    result = _run(str(REAL_TABLES))
    lines = result.stdout.splitlines()
    gk201 = next(line for line in lines if line.strip().startswith("GK201"))
    assert re.search(r"（错误 \d+、警告 \d+、提示 \d+）$", gk201)
    total = next(line for line in lines if line.strip().startswith("合计："))
    errors, warnings = map(int, re.findall(r"错误 (\d+) 条，警告 (\d+) 条", total)[0])
    data = _json.loads(_run(str(REAL_TABLES), "--format", "json").stdout)
    assert errors == sum(f["stats"]["errors"] for f in data["files"])
    assert warnings == sum(f["stats"]["warnings"] for f in data["files"])


def test_quiet_prints_only_the_verdict_and_verbose_every_finding() -> None:
    quiet = _run(str(REAL_TABLES), "--quiet")
    assert quiet.exit_code == 1
    assert quiet.stdout.strip().splitlines() == [
        "共检查 62 个文件，通过 10 个；未检查 4 个。 未通过"
    ]
    verbose = _run(str(REAL_TABLES), "--verbose")
    plain = _run(str(REAL_TABLES))
    assert len(verbose.stdout.splitlines()) > len(plain.stdout.splitlines()) + 500
    assert "第 3 行  GK101" in verbose.stdout
    both = _run(str(REAL_TABLES), "-q", "-v")
    assert both.exit_code == 2
    assert "--quiet" in both.stderr


def test_english_output() -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "check", str(ZICHUAN)])
    assert result.exit_code == 0, result.output
    assert "Ranking by government" in result.stdout
    assert result.stdout.rstrip().endswith("pass")


def test_english_tables_say_levels_grades_domains_and_unnamed_governments_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's tables and the HTML page in English: the level's code, the grade's
    English name, the pack's English name, and the import's placeholder for a table that
    names no government as ``(not named)`` (with a space before the file's path in the
    ranking); Chinese stays Chinese."""
    monkeypatch.chdir(tmp_path)  # short paths: the screen's table cuts long cells
    Path("d").mkdir()
    shutil.copy(REAL_TABLES / "shehui-jiuzhu__tianjin-baodi.csv", "d")  # names none
    shutil.copy(REAL_TABLES / "jiuzai__guangdong-foshan-nanhai.csv", "d")
    english = CliRunner().invoke(cli, ["--lang", "en", "check", "d"])
    rows = {r[0]: r for r in (line.split() for line in english.stdout.splitlines()) if r}
    nanhai = rows["d/jiuzai__guangdong-foshan-nanhai.csv"]
    assert nanhai[1:3] == ["南海区", "county"]
    assert nanhai[3:5] == ["Disaster", "relief"]
    assert nanhai[6] in ("excellent", "good", "pass", "fail")
    assert rows["d/shehui-jiuzhu__tianjin-baodi.csv"][1:4] == ["(not", "named)", "county"]
    assert "(not named) d/shehui-jiuzhu__tianjin-baodi.csv" in english.stdout
    for word in ("县级", "合格", "未注明", "救灾"):
        assert word not in english.stdout, word
    CliRunner().invoke(cli, ["--lang", "en", "check", "d", "--report", "en.html"])
    html = Path("en.html").read_text("utf-8")
    assert "<td>county</td>" in html
    assert "<td>(not named)</td>" in html
    assert ">fail</span> ≥ 0" in html
    assert "<td>县级</td>" not in html
    chinese = CliRunner().invoke(cli, ["check", "d"])
    assert "县级" in chinese.stdout
    assert "（未注明） d/shehui-jiuzhu__tianjin-baodi.csv" in chinese.stdout


def test_an_html_report_follows_the_language_of_the_command(tmp_path: Path) -> None:
    """``--lang en`` wrote the same Chinese-first page as the Chinese command."""
    english = tmp_path / "en.html"
    chinese = tmp_path / "zh.html"
    CliRunner().invoke(cli, ["--lang", "en", "check", str(ZICHUAN), "--report", str(english)])
    CliRunner().invoke(cli, ["check", str(ZICHUAN), "--report", str(chinese)])
    assert '<html lang="en">' in english.read_text("utf-8")
    assert '<html lang="zh-CN">' in chinese.read_text("utf-8")


def test_stdin_takes_a_list_of_paths_or_one_document(tmp_path: Path) -> None:
    listed = _run("-", stdin=f"{ZICHUAN}\n{REAL_TABLES / 'fupin__sichuan-nanjiang.csv'}\n")
    assert listed.exit_code == 1
    assert "共检查 2 个文件" in listed.stdout
    document = _run("-", stdin=ZICHUAN.read_bytes())
    assert document.exit_code == 0, document.output
    assert "<stdin>" in document.stdout
    assert "gkstd-check-" not in document.stdout
    broken = _run("-", "--verbose", stdin=b'gkstd: "1.0"\nitems: [\n')
    assert broken.exit_code == 2
    assert "<stdin>:" in broken.stdout
    assert "GK004" in broken.stdout


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    import gkstd.cli.batch_verdict as batch_verdict

    monkeypatch.setattr(batch_verdict, "stdout_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = _run(str(ZICHUAN))
    assert "\x1b[32m" in coloured.stdout  # the verdict in green
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _run(str(ZICHUAN))
    assert "\x1b[" not in plain.stdout


def test_a_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import gkstd.cli.batch_cmd as batch_cmd

    piped = _run(str(REAL_TABLES), "-j", "1")
    assert "files/s" not in piped.stderr
    assert "个文件/s" not in piped.stderr
    monkeypatch.setattr(batch_cmd, "stderr_is_terminal", lambda: True)
    shown = _run(str(REAL_TABLES), "-j", "1")
    assert "个文件/s" in shown.stderr
    assert "/62 [" in shown.stderr
    assert "/1 [" not in shown.stderr
    assert shown.stdout == piped.stdout  # the bar goes to stderr, the summary is unchanged


def test_json_output_and_the_json_report_are_the_same_data(tmp_path: Path) -> None:
    out = tmp_path / "报告.json"
    result = _run(str(ZICHUAN), "--format", "json", "--report", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") + "\n" == result.stdout  # written a file at a time
    data = json.loads(result.stdout)
    assert data["by_jurisdiction"][0]["name"] == "山东省淄博市淄川区"
    assert data["files"][0]["score"]["grade"] == "优秀"
    assert "已写入" in result.stderr


def test_a_report_is_never_written_over_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "报告.json"
    out.write_text("上次的报告", "utf-8")
    refused = _run(str(ZICHUAN), "--report", str(out))
    assert refused.exit_code == 2
    assert str(out) in refused.stderr
    assert "--force" in refused.stderr
    assert out.read_text("utf-8") == "上次的报告"
    forced = _run(str(ZICHUAN), "--report", str(out), "--force")
    assert forced.exit_code == 0
    assert json.loads(out.read_text("utf-8"))["passed"] is True


def test_a_report_over_an_input_is_refused_even_with_force(tmp_path: Path) -> None:
    import yaml

    catalog = tmp_path / "淄川.json"  # the catalog as a JSON document
    data = yaml.safe_load(ZICHUAN.read_text("utf-8"))
    catalog.write_text(json.dumps(data, ensure_ascii=False, default=str), "utf-8")
    before = catalog.read_bytes()
    result = _run(str(tmp_path), "--report", str(catalog), "--force")
    assert result.exit_code == 2
    assert "输入文件" in result.stderr
    assert catalog.read_bytes() == before


def test_bad_options_are_clear_errors_before_any_work(tmp_path: Path) -> None:
    suffix = _run(str(ZICHUAN), "--report", str(tmp_path / "报告.pdf"))
    assert suffix.exit_code == 2
    assert ".html、.xlsx 或 .json" in suffix.stderr
    bad = tmp_path / "方案.yaml"
    bad.write_text("scheme: gkstd-scoring\nversion: 1\nweights: {coverage: 你好}\n", "utf-8")
    scheme = _run(str(ZICHUAN), "--scoring", str(bad))
    assert scheme.exit_code == 2
    assert str(bad) in scheme.stderr
    assert "weights/coverage" in scheme.stderr
    assert "Traceback" not in scheme.output
    parents = _run(str(ZICHUAN), "--parents", str(tmp_path / "没有.yaml"))
    assert parents.exit_code == 2
    assert "没有.yaml" in parents.stderr
    jobs = _run(str(ZICHUAN), "--jobs", "0")
    assert jobs.exit_code == 2


def test_nothing_to_check_is_a_failure_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "说明.pdf").write_bytes(b"PK")
    result = _run(str(tmp_path / "没有"), str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout.rstrip().endswith("未通过")
    assert "没有找到可检查的目录" in result.stderr
    assert "说明.pdf" in result.stderr


def test_the_three_reports_are_written_in_one_run(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    html, xlsx, js = (tmp_path / f"通报.{ext}" for ext in ("html", "xlsx", "json"))
    result = _run(
        str(REAL_TABLES), str(ZICHUAN), "-q", *(f"--report={p}" for p in (html, xlsx, js))
    )
    assert result.exit_code == 1, result.output
    data = json.loads(js.read_text("utf-8"))
    page = html.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert all(r["name"] in page for r in data["by_jurisdiction"][:5])
    sheets = load_workbook(xlsx, read_only=True).sheetnames
    assert "评分汇总" in sheets
    assert "问题清单" in sheets
    for path in (html, xlsx, js):
        assert str(path) in result.stderr  # each said what it wrote


def test_the_html_report_of_a_large_batch_says_what_it_leaves_out(tmp_path: Path) -> None:
    page, book = tmp_path / "通报.html", tmp_path / "通报.xlsx"
    args = (str(REAL_TABLES), "-q", f"--report={page}", f"--report={book}")
    result = _run(*args, "--html-catalogs", "5")
    assert result.exit_code == 1, result.output
    assert f"HTML 报告 {page} 只逐一列出最需要关注的 5 个目录（共 62 个）" in result.stderr
    assert f"全部目录见 {book}" in result.stderr
    text = page.read_text("utf-8")
    assert len(re.findall(r'<section id="c\d+"', text)) == 5
    assert 'class="notice"' in text
    # 0 lists them all, and says nothing
    whole = _run(*args, "--html-catalogs", "0", "--force")
    assert "只逐一列出" not in whole.stderr
    assert len(re.findall(r'<section id="c\d+"', page.read_text("utf-8"))) == 62
    # without an Excel or JSON report, the note says how to get one
    alone = _run(str(REAL_TABLES), "-q", f"--report={page}", "--html-catalogs=3", "--force")
    assert "请同时写出 Excel 或 JSON 报告" in alone.stderr
    assert _run(str(REAL_TABLES), "--html-catalogs", "-1").exit_code == 2


def test_a_file_name_that_is_not_utf8_is_checked_and_reported(tmp_path: Path) -> None:
    import os

    folder = os.fsencode(tmp_path)
    name = os.fsdecode(folder + b"/\xc6\xbd\xce\xe4\xcf\xd8.csv")  # 平武县.csv in GBK bytes
    shutil.copy(REAL_TABLES / "fupin__sichuan-nanjiang.csv", name)
    out = tmp_path / "r.json"
    result = _run(str(tmp_path), "-v", "--report", str(out))
    assert result.exit_code == 1, result.output
    assert "平武县.csv" in result.stdout
    assert "GK004" not in result.stdout  # the name does not break the check
    data = json.loads(out.read_text("utf-8"))
    assert data["files"][0]["file"].endswith("平武县.csv")


def test_the_json_report_of_many_files_is_the_json_output_byte_for_byte(tmp_path: Path) -> None:
    """The JSON report is written a file at a time (``BatchReport.parts``), never held
    whole: on the 62 real tables (findings, rollups, control characters escaped) it is the
    text ``--format json`` prints, byte for byte."""
    out = tmp_path / "报告.json"
    result = _run(str(REAL_TABLES), "--format", "json", "--report", str(out))
    assert result.exit_code in (0, 1), result.output
    assert out.read_text("utf-8") + "\n" == result.stdout
    assert len(json.loads(result.stdout)["files"]) == 62


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(
    st.lists(st.tuples(st.text(), st.booleans(), st.lists(_JSON, max_size=3) | _JSON), max_size=4)
)
def test_json_pieces_give_the_text_of_the_whole_mapping(
    parts: list[tuple[str, bool, Any]],
) -> None:
    """Any mapping, some of its values (lists) given as iterators: the pieces joined are
    :func:`json_text` of the mapping (the keys distinct, as a mapping's are)."""
    from gkstd.cli.common import json_pieces, json_text

    distinct = list({key: (lazy, value) for key, lazy, value in parts}.items())
    whole = {key: value for key, (_, value) in distinct}
    given_parts = [
        (key, iter(value) if lazy and isinstance(value, list) else value)
        for key, (lazy, value) in distinct
    ]
    assert "".join(json_pieces(given_parts)) == json_text(whole)


def test_a_path_that_cannot_be_read_makes_the_batch_incomplete_not_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing path or a sub-folder without read permission may hold catalogs nobody
    checked: the verdict is 未通过 with the count of such paths and the exit code 2 (it was
    通过 and 0 when every file read passed). A file of another format does not count."""
    import os

    alone = _run(str(ZICHUAN), "-q")
    assert alone.exit_code == 0
    other = tmp_path / "说明.pdf"
    other.write_bytes(b"not a catalog")
    with_other = _run(str(ZICHUAN), str(other), "-q")
    assert with_other.exit_code == 0, with_other.output
    assert with_other.stdout.strip().endswith("未检查 1 个。 通过")
    missing = _run(str(ZICHUAN), str(tmp_path / "无此文件.yaml"), "-q")
    assert missing.exit_code == 2
    assert missing.stdout.strip() == (
        "共检查 1 个文件，通过 1 个；未检查 1 个。其中 1 个路径不存在或无法读取，结果不完整。 未通过"
    )
    assert "无此文件.yaml：文件或文件夹不存在" in missing.stderr
    folder = tmp_path / "县"
    locked = folder / "乡镇"
    locked.mkdir(parents=True)
    shutil.copy(ZICHUAN, folder / "z.yaml")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if not isinstance(path, int) and os.fspath(path) == str(locked):  # type: ignore[arg-type]
            raise PermissionError(
                13, "Permission denied", str(locked)
            )  # as without read permission
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    report_path = tmp_path / "report.json"
    unread = _run(str(folder), "-q", "--report", str(report_path))
    assert unread.exit_code == 2
    assert "无法读取文件夹（没有权限）" in unread.stderr
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert data["passed"] is False
    assert [s["reason"] for s in data["skipped"]] == ["unreadable"]
    assert all(f["passed"] for f in data["files"])


def test_more_jobs_than_processors_are_capped_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """``-j 64`` on two processors started 64 processes of about 100 MB each."""
    import gkstd.inherit.parallel as parallel

    monkeypatch.setattr(parallel, "cpu_count", lambda: 1)
    result = _run(str(ZICHUAN), "-j", "8")
    assert result.exit_code == 0, result.output
    assert "--jobs 8 多于本机可用的处理器数 1，按 1 个进程运行" in result.stderr
    assert _run(str(ZICHUAN), "-j", "1").stderr.count("--jobs") == 0
