"""The last line of ``gkstd check`` and its exit code: the paths not checked (on standard
error), the counts and the verdict 通过/未通过, coloured on a terminal; exit 0 when passed, 1
when a file has errors, 2 when a file is unusable or a path could not be read."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from gkstd.batch.discover import unread
from gkstd.cli.common import t
from gkstd.cli.textfmt import printable, say, stdout_is_terminal

if TYPE_CHECKING:
    from gkstd.batch import BatchReport
    from gkstd.distributed import StreamedReport

__all__ = ["colour_wanted", "exit_with", "paint", "print_verdict"]


def colour_wanted() -> bool:
    """Colour on a terminal unless ``NO_COLOR`` is set (https://no-color.org)."""
    return stdout_is_terminal() and not os.environ.get("NO_COLOR")


def paint(text: str, colour: str | None, *, bold: bool = False, on: bool = False) -> str:
    """``text`` in ``colour`` (and bold) when ``on``; else as it is."""
    return click.style(text, fg=colour, bold=bold) if on and (colour or bold) else text


def _unread(report: BatchReport | StreamedReport) -> int:
    """How many paths could not be read (missing, or no permission): the batch is
    incomplete, never passed."""
    return unread(report.skipped)


def exit_with(report: BatchReport | StreamedReport, unusable: bool) -> None:
    """Exit 2 when a file is ``unusable`` or a path unread, 1 when not passed."""
    if unusable or _unread(report):
        sys.exit(2)
    if not report.passed:
        sys.exit(1)


def print_verdict(
    report: BatchReport | StreamedReport,
    files: int,
    passed: int,
    *,
    quiet: bool,
    sources: int | None = None,
) -> None:
    """The paths not checked (on standard error), then the counts and the verdict.
    ``files``: the catalogs checked; ``sources``: the files they came from, when fewer (a
    workbook of several catalog sheets gives a result per sheet)."""
    colour = colour_wanted()
    for skipped in report.skipped:
        say(t(skipped.zh, skipped.en), err=True)
    verdict = t("通过", "pass") if report.passed else t("未通过", "fail")
    verdict = paint(verdict, "green" if report.passed else "red", bold=True, on=colour)
    if sources is not None and sources < files:
        line = t(
            f"共检查 {files} 个目录（来自 {sources} 个文件），通过 {passed} 个；"
            f"未检查 {len(report.skipped)} 个。",
            f"{files} catalogs checked (from {sources} files), {passed} passed; "
            f"{len(report.skipped)} not checked.",
        )
    else:
        line = t(
            f"共检查 {files} 个文件，通过 {passed} 个；未检查 {len(report.skipped)} 个。",
            f"{files} file(s) checked, {passed} passed; {len(report.skipped)} not checked.",
        )
    unread = _unread(report)
    if unread:
        line += t(
            f"其中 {unread} 个路径不存在或无法读取，结果不完整。",
            f" {unread} of them missing or unreadable: the result is incomplete.",
        )
    if not quiet:
        say("")
    click.echo(printable(line) + " " + verdict, color=colour)
