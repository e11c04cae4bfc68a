"""Every `gkstd …` command shown in the docs and the README runs (issue 18).

The command lines of each page's console blocks are run in order, in a scratch folder
holding a copy of ``examples/`` (so ``derive … -o zichuan.yaml`` then ``validate
zichuan.yaml`` work as a reader would type them).  A line is skipped only when it is a
synopsis (placeholders such as ``PATH``, ``[--opt]``, ``a|b``) or names an input that is the
reader's own file (a table they have, a holiday notice they wrote); the test asserts how
many lines ran, so that the skips cannot grow unnoticed.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkstd.cli.main import cli

ROOT = Path(__file__).parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
_BLOCK = re.compile(r"```(?:console|sh|bash|shell)\n(.*?)```", re.S)
_PLACEHOLDER = re.compile(r"\b(PATH|FILE|TABLE|OLD|NEW|CODE|DIR|OUT|REF|SITE)\b|\[|\||\.\.\.")
_INPUT = re.compile(r"\.(ya?ml|csv|xlsx|json)$")
#: commands that need something a reader sets up first (said on the page itself), that
#: name the reader's own folder of catalogs, or that run until stopped (the service:
#: tests/test_serve_*.py start it themselves)
_NEEDS_SETUP = ("conformance civil-air-defence", "pack-data ", "各地目录", "gkstd serve")


def _commands(page: Path) -> list[str]:
    out: list[str] = []
    for block in _BLOCK.findall(page.read_text("utf-8")):
        pending = ""
        for raw in block.splitlines():
            line = raw.strip().removeprefix("$ ").strip()
            if pending:
                line = pending + " " + line
                pending = ""
            if line.endswith("\\"):
                pending = line[:-1].strip()
                continue
            if line.startswith("gkstd "):
                out.append(line)
    return out


def _args(line: str) -> list[str]:
    tokens = shlex.split(line, comments=True)
    if ">" in tokens:  # a shell redirection: the output is not needed here
        tokens = tokens[: tokens.index(">")]
    return tokens[1:]


def _runnable(args: list[str], line: str, cwd: Path) -> bool:
    if _PLACEHOLDER.search(line.split("#")[0]) or any(s in line for s in _NEEDS_SETUP):
        return False
    outputs = {args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output", "--report")}
    for arg in args:
        if "*" in arg:
            return False
        if _INPUT.search(arg) and arg not in outputs and not (cwd / arg).exists():
            return False  # the reader's own file
    return True


@pytest.mark.slow
def test_every_command_in_the_docs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    failed: list[str] = []
    for page in PAGES:
        folder = tmp_path / page.stem
        folder.mkdir()
        shutil.copytree(ROOT / "examples", folder / "examples")
        tables = folder / "tests" / "data" / "tables" / "real"  # as in a checkout
        shutil.copytree(ROOT / "tests" / "data" / "tables" / "real", tables)
        monkeypatch.chdir(folder)
        for line in _commands(page):
            args = _args(line)
            if not _runnable(args, line, folder):
                continue
            result = CliRunner().invoke(cli, args, catch_exceptions=True)
            ran.append(f"{page.name}: {line}")
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            if result.exit_code not in (0, 1) or crashed:
                failed.append(f"{page.name}: {line} → exit {result.exit_code}\n{result.output}")
    assert failed == [], "\n\n".join(failed)
    assert len(ran) >= 50, "\n".join(ran)
