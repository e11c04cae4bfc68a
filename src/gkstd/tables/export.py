"""Writing a catalog as the table it is published as: xlsx, csv, Markdown or HTML.

All four draw on :func:`gkstd.tables.template.table_of`.  ``xlsx`` is the official template
(merged two-row header, merged first-level cells, √ marks, ■/□ channels, drop-down lists)
plus a hidden ``gkstd`` sheet, so that importing it gives the catalog back exactly.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Sequence
from typing import Any

from gkstd.diagnostics import limits
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.errors import GkstdError
from gkstd.model import Catalog
from gkstd.model.enums import Category
from gkstd.tables.cells import MARK, format_channels
from gkstd.tables.grid import cell_ref, csv_escape
from gkstd.tables.sidecar import SHEET, sidecar_rows
from gkstd.tables.template import TableColumn, TableLayout, TableRow, shown_cells, table_of
from gkstd.tables.xlsxout import workbook_file

__all__ = [
    "EXCEL_CELL_CHARS",
    "FORMATS",
    "ExportError",
    "export_csv",
    "export_html",
    "export_markdown",
    "export_xlsx",
    "safe_url",
]

#: The formats :func:`export` writes, with their file suffix.
FORMATS = {"xlsx": ".xlsx", "csv": ".csv", "md": ".md", "html": ".html"}
#: Most characters Excel keeps in one cell (longer text is cut without a word).
EXCEL_CELL_CHARS = 32_767
_SHEET = "标准目录"
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)


class ExportError(GkstdError):
    """The catalog cannot be written in the asked format without losing data (the message
    names the item, the cell and the fix)."""


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain ``http(s)://`` address that may be a link, else ``None``
    (``javascript:``, ``data:``, file paths … are shown as text, never linked)."""
    if url and _WEB_URL.fullmatch(url):
        return url
    return None


def _header_rows(layout: TableLayout) -> tuple[list[str], list[str]]:
    """The two header rows; a group's label stands over its first column only."""
    top: list[str] = []
    sub: list[str] = []
    for start, width, group in layout.spans():
        columns = layout.columns[start : start + width]
        if group is None:
            top.append(columns[0].label)
            sub.append("")
        else:
            top += [group] + [""] * (width - 1)
            sub += [c.label for c in columns]
    return top, sub


def export_csv(catalog: Catalog, *, ids: bool = True) -> str:
    """The catalog as CSV: its title, then the two-row template layout (no merged cells
    in CSV: the first-level name is repeated on every row, which the importer reads back).

    A cell that Excel/WPS would run as a formula (starting with ``= + - @``, a tab or a
    carriage return) is written with a leading ``'`` (:func:`gkstd.tables.grid.csv_escape`);
    the importer removes exactly that quote, so the round trip keeps every text."""
    layout = table_of(catalog, ids=ids)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    top, sub = _header_rows(layout)
    rows = [[catalog.title], top, sub]
    rows += [layout.cells(number, row) for number, row in enumerate(layout.rows, start=1)]
    for cells in rows:
        writer.writerow([csv_escape(cell) for cell in cells])
    return out.getvalue()


# ---------------------------------------------------------------------------- markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|!])")


def _md(text: str) -> str:
    """Text for a Markdown table cell: HTML escaped (no tags, no ``<autolink>``), and the
    characters that make links, images, code or cell breaks escaped with ``\\``."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _plain_cells(layout: TableLayout, columns: Sequence[TableColumn], row: TableRow) -> list[str]:
    """Cells for reading rather than editing: marks as words, chosen channels only."""
    item = row.item
    cells = dict(zip(layout.columns, layout.cells(0, row), strict=True))
    out = []
    for column in columns:
        if column.role == "audience":
            out.append(item.audience.label if item.audience else "")
        elif column.role == "method":
            out.append(item.method.label if item.method else "")
        elif column.role == "levels":
            out.append("、".join(lv.label for lv in item.levels))
        elif column.role == "channels":
            out.append(format_channels(item.channels, checkboxes=False))
        else:
            out.append(cells[column])
    return out


def _plain_columns(layout: TableLayout) -> list[TableColumn]:
    out: list[TableColumn] = []
    for column in layout.columns:
        if column.role in ("audience", "method", "levels"):
            if not any(c.role == column.role for c in out):
                out.append(TableColumn(column.role, str(column.group)))
        elif column.role not in ("seq", "id"):
            out.append(column)
    return out


def export_markdown(catalog: Catalog) -> str:
    """The catalog as a Markdown page: a heading, the provenance, and one table."""
    layout = table_of(catalog, ids=False)
    columns = _plain_columns(layout)
    lines = [f"# {_md(catalog.title)}", ""]
    meta = [f"{catalog.jurisdiction.name}（{catalog.jurisdiction.level.label}）"]
    if catalog.issuer:
        meta.append(f"发布：{catalog.issuer}")
    if catalog.issued:
        meta.append(f"日期：{catalog.issued.isoformat()}")
    lines += ["；".join(_md(m) for m in meta), ""]
    lines.append("| 序号 | " + " | ".join(_md(c.label) for c in columns) + " |")
    lines.append("|" + "---|" * (len(columns) + 1))
    for number, row in enumerate(layout.rows, start=1):
        cells = _plain_cells(layout, columns, row)
        lines.append(f"| {number} | " + " | ".join(_md(c) for c in cells) + " |")
    if catalog.sources:
        lines += ["", "## 来源 / Sources", ""]
        for source in catalog.sources:
            url = safe_url(source.url)
            if url is not None:  # only http(s) addresses are links
                target = url.replace("(", "%28").replace(")", "%29")
                lines.append(f"- [{_md(source.title)}](<{target}>)")
                continue
            where = source.url or source.file or ""
            lines.append(f"- {_md(source.title)}" + (f"：{_md(where)}" if where else ""))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- html

_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:1.5rem;
color:#1a1a1a;line-height:1.6}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{font-size:1.3rem;font-weight:bold;margin-bottom:.75rem;text-align:center}
th,td{border:1px solid #555;padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#e8eef7;text-align:center;vertical-align:middle}
td.mark{text-align:center;font-weight:bold}
tbody tr:target,tbody th:target{outline:3px solid #c00}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
nav ul{columns:2}
@media print{.skip,nav{display:none}thead{display:table-header-group}}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _anchor(item_id: str) -> str:
    return html.escape("item-" + item_id.replace(".", "-"), quote=True)


def export_html(catalog: Catalog) -> str:
    """The catalog as one self-contained, accessible HTML page for a 政务公开专栏.

    The page has ``lang="zh-CN"``, a skip link, a contents list of first-level items,
    a captioned table with ``scope``d header cells, an anchor (``id``) on every item
    (``#item-<id>``, dots as hyphens), marks announced as 是 to screen readers, and the
    catalog's sources.  No scripts, no external files.
    """
    layout = table_of(catalog, ids=False)
    columns = layout.columns
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(catalog.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#catalog">跳到目录表格</a>',
        f"<h1>{_e(catalog.title)}</h1>",
        f"<p>{_e(catalog.jurisdiction.name)}（{_e(catalog.jurisdiction.level.label)}）"
        + (f"；发布：{_e(catalog.issuer)}" if catalog.issuer else "")
        + (f"；日期：{catalog.issued.isoformat()}" if catalog.issued else "")
        + "</p>",
    ]
    groups = list(catalog.items)
    out.append('<nav aria-label="一级事项"><h2>一级事项</h2><ul>')
    out += [f'<li><a href="#{_anchor(g.id)}">{_e(g.name)}</a></li>' for g in groups]
    out.append("</ul></nav>")
    out.append('<table id="catalog">')
    out.append(f"<caption>{_e(catalog.title)}</caption>")
    out.append("<thead>")
    out += _html_header(layout)
    out.append("</thead>")
    out.append("<tbody>")
    out += _html_body(layout, columns)
    out.append("</tbody></table>")
    if catalog.sources:
        out.append("<h2>来源</h2><ul>")
        for source in catalog.sources:
            text = _e(source.title)
            url = safe_url(source.url)
            where = source.url or source.file
            if url is not None:  # only http(s) addresses are links
                out.append(f'<li><a href="{html.escape(url, quote=True)}">{text}</a></li>')
            elif where:
                out.append(f"<li>{text}：<span>{_e(where)}</span></li>")
            else:
                out.append(f"<li>{text}</li>")
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_header(layout: TableLayout) -> list[str]:
    first: list[str] = []
    second: list[str] = []
    for start, width, group in layout.spans():
        column = layout.columns[start]
        if group is None:
            first.append(f'<th scope="col" rowspan="2">{_e(column.label)}</th>')
            continue
        first.append(f'<th scope="colgroup" colspan="{width}">{_e(group)}</th>')
        for sub in layout.columns[start : start + width]:
            second.append(f'<th scope="col">{_e(sub.label)}</th>')
    return ["<tr>" + "".join(first) + "</tr>", "<tr>" + "".join(second) + "</tr>"]


def _html_body(layout: TableLayout, columns: Sequence[TableColumn]) -> list[str]:
    spans = _spans(layout)
    rows: list[str] = []
    for number, row in enumerate(layout.rows, start=1):
        cells = layout.cells(number, row)
        parts: list[str] = []
        for index, column in enumerate(columns):
            text = cells[index]
            if column.role == "name":
                span = spans.get((number - 1, column.depth))
                if span is None:
                    continue
                rowspan, colspan = span
                item = row.path[min(column.depth, len(row.path) - 1)]
                attrs = f' id="{_anchor(item.id)}"'
                if rowspan > 1:
                    attrs += f' rowspan="{rowspan}"'
                if colspan > 1:
                    attrs += f' colspan="{colspan}"'
                parts.append(f'<th scope="row"{attrs}>{_e(item.name)}</th>')
            elif column.role in ("audience", "method", "levels"):
                mark = f'<span aria-hidden="true">{MARK}</span><span class="sr-only">是</span>'
                parts.append(f'<td class="mark">{mark if text else ""}</td>')
            elif column.role == "channels":
                parts.append(f"<td>{_e(format_channels(row.item.channels, checkboxes=False))}</td>")
            else:
                parts.append(f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(parts) + "</tr>")
    return rows


def _spans(layout: TableLayout) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, depth) → (rowspan, colspan) for each name cell that starts a span; name
    cells covered by a span are absent.  A leaf above the deepest level spans the
    remaining name columns."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    previous: tuple[int, ...] | None = None
    starts: dict[int, int] = {}
    for index, row in enumerate(layout.rows):
        ids = tuple(id(item) for item in row.path)
        for depth in range(len(row.path)):
            same = previous is not None and previous[: depth + 1] == ids[: depth + 1]
            if same and depth < len(row.path) - 1:
                start = starts[depth]
                rowspan, colspan = spans[(start, depth)]
                spans[(start, depth)] = (rowspan + 1, colspan)
                continue
            starts[depth] = index
            colspan = layout.depth - depth if depth == len(row.path) - 1 else 1
            spans[(index, depth)] = (1, colspan)
        previous = ids
    return spans


# ---------------------------------------------------------------------------- xlsx


@collector_paused()  # a cell object per value: the collector would walk them all
def export_xlsx(catalog: Catalog, path: str | os.PathLike[str], *, ids: bool = True) -> None:
    """Write ``catalog`` to ``path`` as an .xlsx in the official template layout.

    Sheet ``标准目录``: a title row, the two-row header (groups merged), one row per leaf
    with merged first-level cells, √ in the mark columns (drop-down ``√``), ■/□ channel
    lists, frozen header, print titles.  Hidden sheet ``gkstd``: the exact catalog (see
    :mod:`gkstd.tables.sidecar`).  Every text is written as text (``write_string``), never
    as a formula.  Raises :class:`ExportError` (nothing written) when a cell would hold
    more than Excel's 32,767 characters (or ``max_text_chars`` if lower): Excel would cut
    it silently.
    """
    layout = table_of(catalog, ids=ids)
    columns = layout.columns
    _check_lengths(catalog, layout)
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    with workbook_file(path, options) as workbook:
        _write_sheet(workbook, catalog, layout, columns)


def _check_lengths(catalog: Catalog, layout: TableLayout) -> None:
    """Raise :class:`ExportError` for the first cell of the table too long for Excel."""
    cap = min(limits.get("max_text_chars"), EXCEL_CELL_CHARS)

    def refuse(text: str, where: str, what_zh: str, what_en: str) -> None:
        raise ExportError(
            f"无法导出为 xlsx：{what_zh}（单元格 {_SHEET}!{where}）有 {len(text)} 个字符，"
            f"超过 Excel 单元格 {cap} 个字符的上限，写入会被截断。请缩短或拆分该内容，"
            "或导出为 csv、md 或 html。",
            f"Cannot export to xlsx: {what_en} (cell {_SHEET}!{where}) holds {len(text)} "
            f"characters, over Excel's {cap}-character cell limit; it would be cut. Shorten "
            "or split it, or export to csv, md or html.",
        )

    if len(catalog.title) > cap:
        refuse(catalog.title, "A1", "目录标题", "the catalog title")
    for index, row in enumerate(layout.rows):
        cells = layout.cells(index + 1, row)
        for c, column in enumerate(layout.columns):
            texts = [cells[c]]
            if column.role == "name":
                texts.append(row.path[min(column.depth, len(row.path) - 1)].name)
            for text in texts:
                if len(text) > cap:
                    where = cell_ref(3 + index, c)
                    refuse(
                        text,
                        where,
                        f"事项“{row.item.id}”的“{column.label}”",
                        f"the {column.label!r} of item {row.item.id!r}",
                    )


def _merge(sheet: Any, r0: int, c0: int, r1: int, c1: int, text: str, fmt: Any) -> None:
    """A merged range holding ``text`` as text (``merge_range`` would go through
    ``write()``, which can read text as a formula or number)."""
    sheet.merge_range(r0, c0, r1, c1, "", fmt)
    sheet.write_string(r0, c0, text, fmt)


def _write_sheet(
    wb: Any, catalog: Catalog, layout: TableLayout, columns: Sequence[TableColumn]
) -> None:
    sheet = wb.add_worksheet(_SHEET)
    base = {"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体", "font_size": 10}
    fmt_title = wb.add_format(
        {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "font_name": "黑体"}
    )
    fmt_head = wb.add_format(
        {**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#E8EEF7"}
    )
    fmt_cell = wb.add_format(base)
    fmt_mark = wb.add_format({**base, "align": "center", "valign": "vcenter"})
    fmt_name = wb.add_format({**base, "valign": "vcenter"})
    last = len(columns) - 1
    _merge(sheet, 0, 0, 0, last, catalog.title, fmt_title)
    sheet.set_row(0, 32)
    for start, width, group in layout.spans():  # header rows 2-3
        if group is None:
            _merge(sheet, 1, start, 2, start, columns[start].label, fmt_head)
            continue
        if width > 1:
            _merge(sheet, 1, start, 1, start + width - 1, group, fmt_head)
        else:
            sheet.write_string(1, start, group, fmt_head)
        for offset in range(width):
            sheet.write_string(2, start + offset, columns[start + offset].label, fmt_head)
    widths = {
        "seq": 5,
        "name": 16,
        "content": 36,
        "basis": 36,
        "time_limit": 22,
        "subject": 16,
        "channels": 30,
        "audience": 6,
        "method": 6,
        "levels": 6,
        "category": 8,
        "notes": 24,
        "extra": 16,
        "id": 20,
    }
    for number, column in enumerate(columns):
        sheet.set_column(number, number, widths.get(column.role, 14))
    first = 3
    spans = _spans(layout)
    cells_by_id: dict[str, dict[str, str]] = {}
    for index, row in enumerate(layout.rows):
        r = first + index
        cells = layout.cells(index + 1, row)
        cells_by_id[row.item.id] = shown_cells(row.item)
        for c, column in enumerate(columns):
            if column.role == "name":
                found = spans.get((index, column.depth))
                if found is None:
                    continue
                rowspan, colspan = found
                item = row.path[min(column.depth, len(row.path) - 1)]
                if rowspan > 1 or colspan > 1:
                    _merge(sheet, r, c, r + rowspan - 1, c + colspan - 1, item.name, fmt_name)
                else:
                    sheet.write_string(r, c, item.name, fmt_name)
            elif column.role in ("audience", "method", "levels", "seq"):
                sheet.write_string(r, c, cells[c], fmt_mark)
            else:
                sheet.write_string(r, c, cells[c], fmt_cell)
    end = first + len(layout.rows) - 1
    if layout.rows:
        for c, column in enumerate(columns):
            if column.role in ("audience", "method", "levels"):
                sheet.data_validation(
                    first,
                    c,
                    end,
                    c,
                    {
                        "validate": "list",
                        "source": [MARK],
                        "error_type": "warning",
                        "input_title": column.group or "",
                        "input_message": f"在{column.label}下打 √",
                    },
                )
            elif column.role == "category":
                sheet.data_validation(
                    first,
                    c,
                    end,
                    c,
                    {"validate": "list", "source": [cat.label for cat in Category]},
                )
    sheet.freeze_panes(first, 0)
    sheet.repeat_rows(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    hidden = wb.add_worksheet(SHEET)
    roles = [(column.role, column.label) for column in columns]
    for r, values in enumerate(sidecar_rows(catalog, cells_by_id, roles)):
        for c, value in enumerate(values):
            hidden.write_string(r, c, value)
    hidden.hide()
