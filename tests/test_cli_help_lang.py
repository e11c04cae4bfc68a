"""``gkstd --lang en CMD --help`` is English only, ``gkstd CMD --help`` Chinese: every
command of the command table, every option, and the splitting rule of ``中文 / English``
(:mod:`gkstd.cli.helptext`)."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner, Result

from gkstd.cli.helptext import english, in_language, localized, metavar, one_line, split
from gkstd.cli.main import COMMANDS, cli

#: Chinese characters: CJK ideographs, CJK punctuation, full-width forms
CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

#: The Chinese an English help keeps, by command ("" is ``gkstd --help`` itself): only
#: values a user types or sees as they are.  Each entry must still occur (no stale ones).
KEEP: dict[str, tuple[str, ...]] = {
    # 主动 is the value of the method element (公开方式) that selects the items given a
    # column; the catalogs, and the column plan printed, say it in Chinese
    "": ("主动",),
    "columns": ("主动",),
    # --jurisdiction takes the government's name in Chinese, as catalogs write it
    "derive": ("河南省郑州市金水区",),
}

NAMES = sorted(COMMANDS)


def run(*args: str, lang: str = "zh") -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="gkstd", env={"GKSTD_LANG": lang})


def command(name: str) -> click.Command:
    if not name:
        return cli
    found = cli.get_command(click.Context(cli), name)
    assert found is not None, name
    return found


def options(name: str) -> list[click.Option]:
    return [p for p in command(name).params if isinstance(p, click.Option) and not p.hidden]


def squeezed(text: str) -> str:
    """``text`` without white space: click wraps lines where it likes."""
    return "".join(text.split())


def help_args(name: str) -> list[str]:
    return [name, "--help"] if name else ["--help"]


def test_the_command_table_is_what_gkstd_help_lists() -> None:
    listed = run("--help").output.split("命令:")[1]
    assert re.findall(r"^  (\S+) ", listed, re.MULTILINE) == NAMES


# -- English ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", *NAMES])
def test_english_help_is_english(name: str) -> None:
    for args in (["--lang", "en", *help_args(name)], help_args(name)):
        result = run(*args, lang="zh" if args[0] == "--lang" else "en")
        assert result.exit_code == 0, result.output
        text = result.output
        for kept in KEEP.get(name, ()):
            assert kept in text, f"{name}: {kept} is no longer shown: drop it from KEEP"
            text = text.replace(kept, "")
        assert not CHINESE.search(text), f"gkstd --lang en {name} --help:\n{result.output}"


@pytest.mark.parametrize("name", ["", *NAMES])
def test_every_option_has_english_help_that_is_shown(name: str) -> None:
    shown = squeezed(run(*help_args(name), lang="en").output)
    for option in options(name):
        assert option.help, f"{name} {option.opts}: no help"
        text = english(option.help)
        assert text, f"{name} {option.opts}: no English in {option.help!r}"
        assert text.strip(" ."), f"{name} {option.opts}: empty English in {option.help!r}"
        for kept in KEEP.get(name, ()):
            text = text.replace(kept, "")
        assert not CHINESE.search(text), f"{name} {option.opts}: {option.help!r}"
        assert squeezed(one_line(option.help, "en")) in shown, (name, option.opts)
        if option.metavar:
            assert squeezed(metavar(option.metavar, "en")) in shown, (name, option.opts)


@pytest.mark.parametrize("name", ["", *NAMES])
def test_english_help_leaves_out_the_chinese_paragraphs(name: str) -> None:
    """Each paragraph with an English version is shown in English only (the check above
    would miss a paragraph left out altogether: the English ones are all there)."""
    shown = squeezed(run(*help_args(name), lang="en").output)
    for paragraph in _english_paragraphs(command(name)):
        assert squeezed(paragraph) in shown, (name, paragraph)


# -- Chinese ---------------------------------------------------------------------------


def _paragraphs(cmd: click.Command) -> list[str]:
    return re.split(r"\n[ \t]*\n", inspect.cleandoc(cmd.help or ""))


def _english_paragraphs(cmd: click.Command) -> list[str]:
    return [p.removeprefix("/ ") for p in _paragraphs(cmd) if p.startswith("/ ")]


@pytest.mark.parametrize("name", ["", *NAMES])
def test_chinese_help_is_chinese_without_the_english_paragraphs(name: str) -> None:
    result = run(*help_args(name))
    assert result.exit_code == 0, result.output
    shown = squeezed(result.output)
    for paragraph in _paragraphs(command(name)):
        if paragraph.startswith("/ "):
            assert squeezed(paragraph[2:]) not in shown, (name, paragraph)
        else:
            assert squeezed(paragraph) in shown, (name, paragraph)  # Chinese, as written
    for option in options(name):
        if CHINESE.search(option.help or ""):  # not click's own (--version: translated)
            assert squeezed(option.help or "") in shown, (name, option.opts)  # as ever
        if option.metavar:
            chinese, english_side = split(option.metavar)
            assert squeezed(chinese) in shown, (name, option.opts)
            assert english_side is None or squeezed(english_side) not in shown


def test_every_long_help_paragraph_has_its_english() -> None:
    """A Chinese paragraph of a command's long help is followed by its ``/ `` version, or
    is a one-line ``中文 / English`` itself (the first line)."""
    for name in NAMES:
        paragraphs = _paragraphs(command(name))
        for index, paragraph in enumerate(paragraphs):
            if paragraph.startswith("/ ") or not CHINESE.search(paragraph):
                continue
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
            assert following.startswith("/ ") or split(paragraph)[1], (name, paragraph)


def test_the_language_alternates_within_one_process() -> None:
    """The command objects are shared by every run: the texts are swapped for the help
    only, and put back (the source keeps both languages)."""
    source = command("audit").help
    for lang, wanted, unwanted in (
        ("en", "Exit codes: 0", "退出码"),
        ("zh", "退出码", "Exit codes: 0"),
        ("en", "--findings-out FINDINGS.jsonl", "问题.jsonl"),
        ("zh", "--findings-out 问题.jsonl", "FINDINGS.jsonl"),
    ):
        output = run("audit", "--help", lang=lang).output
        assert wanted in output
        assert unwanted not in output
    assert command("audit").help == source
    assert {o.metavar for o in options("audit")} >= {"问题.jsonl / FINDINGS.jsonl"}


def test_in_language_restores_on_error() -> None:
    audit = command("audit")
    before = [(o.help, o.metavar) for o in options("audit")]

    def fail() -> None:
        with in_language(audit, "en"):
            assert "Exit codes" in (audit.help or "")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert [(o.help, o.metavar) for o in options("audit")] == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_help_imports_no_command_module(lang: str) -> None:
    """``gkstd --help`` stays fast: the help mechanism loads no command module."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gkstd.cli.main import cli\n"
        f"assert CliRunner().invoke(cli, ['--lang', '{lang}', '--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('gkstd.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "_cmd" not in done.stdout, done.stdout


# -- the splitting rule ----------------------------------------------------------------

SPLITS = [
    ("中文 / English.", ("中文", "English.")),
    # a full-width bracket right before the slash
    (
        "生成裁剪起始文件（extends 上级目录）/ write a starter.",
        ("生成裁剪起始文件（extends 上级目录）", "write a starter."),
    ),
    # slashes without spaces in the Chinese part are not separators
    ("行政层级：省级/市级/县级 / level.", ("行政层级：省级/市级/县级", "level.")),
    ("见 docs/serve.md / see docs/serve.md.", ("见 docs/serve.md", "see docs/serve.md.")),
    # " / " inside the Chinese part: the English part is the longest English end
    ("格式 a / b 的说明 / format of a / b files.", ("格式 a / b 的说明", "format of a / b files.")),
    (
        "省级 / 市级 / levels: provincial / municipal",
        ("省级 / 市级", "levels: provincial / municipal"),
    ),
    # a Chinese part that ends in ASCII
    ("输出 JSON / print JSON.", ("输出 JSON", "print JSON.")),
    # a Chinese term standing alone in the English part
    (
        "每个主动公开事项一个栏目 / one per 主动 item.",
        ("每个主动公开事项一个栏目", "one per 主动 item."),
    ),
    ("放假安排 / holidays (e.g. 河南省).", ("放假安排", "holidays (e.g. 河南省).")),
    # no English part: Chinese only, Chinese on both sides, Chinese punctuation or
    # Chinese glued to letters on the right, English on the left only
    ("目录名称。", ("目录名称。", None)),
    ("通过 / 未通过", ("通过 / 未通过", None)),
    ("支持 xlsx/csv", ("支持 xlsx/csv", None)),
    ("中文 / English，还有中文", ("中文 / English，还有中文", None)),
    ("中文 / per主动 item", ("中文 / per主动 item", None)),
    ("中文 / a 的说明 / b", ("中文 / a 的说明", "b")),
    ("English first. 中文。", ("English first. 中文。", None)),
    ("a / b", ("a / b", None)),
    ("中文 /English", ("中文 /English", None)),
    ("中文 / ", ("中文 / ", None)),
]


@pytest.mark.parametrize(("text", "parts"), SPLITS)
def test_split(text: str, parts: tuple[str, str | None]) -> None:
    assert split(text) == parts


def test_english_of_a_one_line_text() -> None:
    assert english("Show this message and exit.") == "Show this message and exit."
    assert english("a / b") == "a / b"
    assert english("目录名称。") is None
    assert english("输出 JSON / print JSON.") == "print JSON."


def test_one_line() -> None:
    text = "输出 JSON / print JSON."
    assert one_line(text, "zh") == text
    assert one_line(text, "en") == "Print JSON."
    assert one_line("说明 / gkstd: a checker.", "en") == "gkstd: a checker."
    assert one_line("目录名称。", "en") == "目录名称。"  # no English: the test above says so


def test_metavar() -> None:
    assert metavar("问题.jsonl / FINDINGS.jsonl", "en") == "FINDINGS.jsonl"
    assert metavar("问题.jsonl / FINDINGS.jsonl", "zh") == "问题.jsonl"
    assert metavar("地址|local / ADDRESS|local", "en") == "ADDRESS|local"
    assert metavar("N", "en") == metavar("N", "zh") == "N"


LONG = """首行 / first line.

    中文段落，
    两行。

    / The English
    paragraph.

    另一段 / other.

    只有中文。

    / One.

    / Two.

    \b
    代码
    / not a paragraph

    \b
    / Kept as is.
    """  # the paragraph in \b is kept whole: a line "/ …" in it does not split it


def test_localized_long_help() -> None:
    assert localized(LONG, "zh") == (
        "首行 / first line.\n\n中文段落，\n两行。\n\n另一段 / other.\n\n只有中文。\n\n"
        "\b\n代码\n/ not a paragraph"
    )
    assert localized(LONG, "en") == (
        "First line.\n\nThe English\nparagraph.\n\nOther.\n\nOne.\n\nTwo.\n\n\b\nKept as is."
    )
