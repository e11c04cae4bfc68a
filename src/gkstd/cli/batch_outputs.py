"""What ``gkstd check`` writes besides its summary: the content of each ``--report`` file
(HTML, Excel, JSON), the ``--jsonl`` lines, and the note that an HTML page lists only the
catalogs that need attention most.  :mod:`gkstd.cli.reports` writes them (several at once).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gkstd.cli.common import t
from gkstd.cli.textfmt import say

if TYPE_CHECKING:
    from gkstd.batch import BatchReport

__all__ = ["html_most", "renderer", "say_html_cut", "write_lines"]


def html_most(given: int | None) -> int:
    """The catalogs an HTML page lists one by one: ``--html-catalogs`` (0: all), else
    :data:`gkstd.batch.html.MOST_CATALOGS`."""
    from gkstd.batch.html import MOST_CATALOGS

    return MOST_CATALOGS if given is None else given


def write_lines(report: BatchReport, path: str) -> None:
    """``--jsonl``: each file's result as one line of JSON, written a line at a time."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.writelines(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in report.files)


def say_html_cut(
    report: BatchReport, pages: Sequence[str], most: int | None, whole: Sequence[str]
) -> None:
    """Tell on standard error that the HTML reports ``pages`` list only some catalogs,
    and where the others are (``whole``: the other outputs, which list every one)."""
    most = html_most(most)
    if not pages or not most or len(report.files) <= most:
        return
    where_zh = (
        f"全部目录见 {'、'.join(whole)}"
        if whole
        else "要看全部目录，请同时写出 Excel 或 JSON 报告（--report 报告.xlsx）"
    )
    where_en = (
        f"every catalog is in {', '.join(whole)}"
        if whole
        else "for every catalog, also write an Excel or JSON report (--report report.xlsx)"
    )
    for page in pages:
        say(
            t(
                f"HTML 报告 {page} 只逐一列出最需要关注的 {most:,} 个目录（共 {len(report.files):,} 个）；"
                f"{where_zh}；--html-catalogs 0 可在网页中列出全部。",
                f"The HTML report {page} lists one by one the {most:,} catalogs that need "
                f"attention most (of {len(report.files):,}); {where_en}; --html-catalogs 0 "
                "lists them all in the page.",
            ),
            err=True,
        )


def renderer(
    report: BatchReport, kind: str, out: str, most: int | None = None
) -> str | bytes | Callable[[str], None]:
    """What :func:`gkstd.cli.common.write` writes for a report of ``kind`` (``most``:
    ``--html-catalogs``)."""
    if kind == "json":  # written a file at a time (tens of thousands at national scale)
        from gkstd.cli.common import write_json_pieces

        return lambda path: write_json_pieces(report.parts(), path)
    if kind == "html":
        from gkstd.batch.html import render_html
        from gkstd.diagnostics.i18n import current_language

        base = os.path.dirname(os.path.abspath(out))
        return render_html(report, base=base, most=html_most(most), lang=current_language())
    from gkstd.batch.xlsx import write_xlsx

    return lambda path: write_xlsx(report, path)
