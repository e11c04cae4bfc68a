"""The command speaks the user's language: click's own texts in Chinese by default (English
with ``--lang en`` / ``GKSTD_LANG=en``, never mixed), ``-V``, ``gkstd rule`` for a terminal,
and a first run that helps (known gaps collapsed, items named, next steps)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkstd.cli.common import next_steps, where
from gkstd.cli.main import CLICK_ZH, cli, click_text
from gkstd.cli.textfmt import markdown_text
from gkstd.diagnostics.findings import CellRef, Location

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "zichuan-municipal-services.yaml"
TABLE = ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv"

#: click's English words that must not be left in a Chinese run
ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Error:|Missing argument|No such command|No such option|"
    r"Invalid value|Try '|for help|Show this message|Show the version|is not one of|does not exist"
)


def run(*args: str, lang: str = "zh", env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli, list(args), prog_name="gkstd", env={"GKSTD_LANG": lang, **(env or {})}
    )


CASES = {
    "help": (
        ("--help",),
        0,
        ("用法: gkstd", "选项:", "命令:", "显示本帮助并退出。", "显示版本号并退出。"),
    ),
    "missing argument": (
        ("validate",),
        2,
        ("错误：缺少参数 'PATHS...'。", "运行 'gkstd validate --help' 查看帮助。"),
    ),
    "no such command": (
        ("nosuch",),
        2,
        ("错误：没有命令 'nosuch'。", "运行 'gkstd --help' 查看帮助。"),
    ),
    "bad choice": (
        ("validate", "--format", "xml", "x"),
        2,
        ("错误：'--format' 的取值无效：'xml' 不在可选值 'text', 'json' 之中。",),
    ),
    "no such option": (("validate", "-x", "a"), 2, ("错误：没有选项 '-x'。",)),
    "missing folder": (
        ("validate", "--catalog-path", "nope", "x"),
        2,
        ("错误：'--catalog-path' 的取值无效：'nope' 不存在。",),
    ),
    "subcommand help": (
        ("validate", "--help"),
        0,
        ("用法: gkstd validate", "选项:", "显示本帮助并退出。"),
    ),
}

CASES_EN = {
    "help": (
        "Usage: gkstd",
        "Options:",
        "Commands:",
        "Show this message and exit.",
        "Show the version and exit.",
    ),
    "missing argument": (
        "Error: Missing argument 'PATHS...'.",
        "Try 'gkstd validate --help' for help.",
    ),
    "no such command": ("Error: No such command 'nosuch'.", "Try 'gkstd --help' for help."),
    "bad choice": ("Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'.",),
    "no such option": ("Error: No such option '-x'.",),
    "missing folder": (
        "Error: Invalid value for '--catalog-path': Directory 'nope' does not exist.",
    ),
    "subcommand help": ("Usage: gkstd validate", "Options:", "Show this message and exit."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_click_speaks_chinese_by_default(case: str) -> None:
    args, code, expected = CASES[case]
    result = run(*args)
    assert result.exit_code == code, result.output
    for text in expected:
        assert text in result.output, result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_english_is_click_s_own(case: str) -> None:
    args, code, _ = CASES[case]
    for result in (run(*args, lang="en"), run("--lang", "en", *args, lang="zh")):
        assert result.exit_code == code, result.output
        for text in CASES_EN[case]:
            assert text in result.output, result.output
        assert not re.search(r"用法|选项|命令:|错误：|缺少|查看帮助", result.output), result.output


def test_language_alternates_within_one_process() -> None:
    """click caches the help option on each command: the text follows each run's language."""
    for lang, text in (
        ("zh", "显示本帮助并退出。"),
        ("en", "Show this message and exit."),
        ("zh", "显示本帮助并退出。"),
    ):
        assert text in run("validate", "--help", lang=lang).output
        assert text in run("--help", lang=lang).output


def test_catalog_keeps_click_s_placeholders() -> None:
    for msgid, zh in CLICK_ZH.items():
        wanted = sorted(re.findall(r"\{(\w+)", msgid))
        got = sorted(re.findall(r"\{(\w+)", zh))
        assert set(got) <= set(wanted), msgid
        assert "%(" not in msgid or re.findall(r"%\(\w+\)s", msgid) == re.findall(r"%\(\w+\)s", zh)


def test_click_texts_are_click_s_own_outside_a_gkstd_run() -> None:
    """Other click programs in the same process are left alone."""
    assert click_text("Usage:") == "Usage:"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert re.fullmatch(r"gkstd \S+\n", result.output), result.output


def test_rule_renders_for_a_terminal_and_keeps_markdown_on_request() -> None:
    text = run("rule", "GK302", "--format", "text")
    assert text.exit_code == 0
    assert text.output.startswith("GK302 ")
    assert "```" not in text.output
    assert "## " not in text.output
    assert "**" not in text.output
    assert "\n    id: permit\n" in text.output  # code indented
    md = run("rule", "GK302", "--format", "md")
    assert md.output.startswith("## GK302 ")
    assert "```yaml" in md.output


def test_markdown_text_tables_links_and_headings() -> None:
    out = markdown_text(
        "# 标题\n\n| 代码 | 名称 |\n| --- | --- |\n| GK1 | 中文 |\n\n见 [格式](format.md)，`code`。"
    )
    assert out.splitlines()[:2] == ["标题", "===="]
    assert "代码  名称" in out
    assert "GK1   中文" in out
    assert "见 格式，code。" in out


def test_first_run_collapses_known_gaps_into_one_line() -> None:
    result = run("validate", str(EXAMPLE))
    assert result.exit_code == 0
    gap_lines = [line for line in result.output.splitlines() if "GK102" in line]
    assert len(gap_lines) == 1, result.output
    assert "6 个事项是已知缺口" in gap_lines[0]
    assert "gkstd domains" in gap_lines[0]
    assert "gkstd show municipal-services" in gap_lines[0]
    assert "$.items" not in result.output
    en = run("validate", str(EXAMPLE), lang="en")
    assert "6 item(s) are known gaps" in en.output
    assert "已知缺口" not in en.output


def test_json_report_is_unchanged() -> None:
    data = json.loads(run("validate", str(EXAMPLE), "--format", "json").stdout)
    gaps = [f for f in data["findings"] if f["code"] == "GK102"]
    assert len(gaps) == 6
    assert gaps[0]["path"] == "$.items[0].items[0].gap"


def test_next_steps_end_a_text_report_on_request_only() -> None:
    quiet = run("validate", str(EXAMPLE))  # not a terminal
    assert "下一步" not in quiet.output
    hinted = run("validate", str(EXAMPLE), env={"GKSTD_HINTS": "1"})
    tail = hinted.output.rstrip().splitlines()
    assert tail[-4] == "下一步："
    assert "gkstd import" in hinted.output
    assert "gkstd derive" in hinted.output
    assert "gkstd deadline" in hinted.output
    en = run("validate", str(EXAMPLE), lang="en", env={"GKSTD_HINTS": "1"})
    assert "Next:" in en.output
    assert "下一步" not in en.output
    data = run("validate", str(EXAMPLE), "--format", "json", env={"GKSTD_HINTS": "1"})
    json.loads(data.stdout)


def test_next_steps_point_at_the_first_problem() -> None:
    from gkstd.diagnostics.report import Report

    assert "gkstd rule" not in next_steps(Report())


def test_findings_name_the_table_cell_and_item(tmp_path: Path) -> None:
    out = tmp_path / "youyang.yaml"
    imported = run("import", str(TABLE), "-o", str(out))
    assert imported.exit_code == 1, imported.output
    validated = run("validate", str(out))
    lines = [line for line in validated.output.splitlines() if "GK202" in line]
    assert lines, validated.output
    assert "shizheng-fuwu__chongqing-youyang.csv D3" in lines[0], validated.output
    assert "$.items" not in validated.output


def test_where_names_the_item_when_the_message_does_not() -> None:
    from gkstd.diagnostics.findings import Finding, Severity
    from gkstd.diagnostics.messages import Args, Message

    template = Message("缺少要素。", "Missing element.")
    base = Finding("GK101", Severity.ERROR, template, Args({"name": "燃气经营许可"}))
    at_line = base.with_location(file="a.yaml", line=3, path="$.items[0]")
    assert where(at_line) == "a.yaml:3 “燃气经营许可”"
    in_table = Finding(
        "GK101",
        Severity.ERROR,
        template,
        Args(),
        Location(file="a.yaml", line=3, path="$.items[0]", cell=CellRef("t.xlsx", "Sheet1", "D5")),
    )
    assert where(in_table) == "a.yaml:3 ← t.xlsx Sheet1!D5"


def test_lang_may_follow_the_subcommand() -> None:
    """gkstd check x --lang en said: no such option --lang (it only worked before the
    subcommand, and the README did not say so)."""
    from gkstd.cli.main import _lang_first

    assert _lang_first(["check", "x", "--lang", "en"]) == ["--lang", "en", "check", "x"]
    assert _lang_first(["validate", "--lang=en", "x"]) == ["--lang=en", "validate", "x"]
    assert _lang_first(["validate", "--", "--lang", "en"]) == ["validate", "--", "--lang", "en"]
    assert _lang_first(["--lang", "zh", "rules"]) == ["--lang", "zh", "rules"]


def test_rows_and_levels_are_said_in_english_with_lang_en() -> None:
    """English mode printed 第 3 行 and 第 1 级."""
    from gkstd.diagnostics.findings import CellRef

    assert CellRef("t.csv", None, "3").display("en") == "t.csv row 3"
    assert CellRef("t.csv", None, "3").display("zh") == "t.csv 第 3 行"
    result = CliRunner().invoke(
        cli,
        ["--lang", "en", "import", str(ROOT / "examples" / "shizheng-fuwu__chongqing-youyang.csv")],
    )
    assert "level 1" in result.stderr
    assert "第 1 级" not in result.stderr
