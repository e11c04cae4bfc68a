"""The upload page at ``/`` for the people who fill in the tables (township clerks).

* ``GET /`` — a plain HTML form (no JavaScript, no external file: intranets and old
  browsers): the file, and optionally the domain (领域), the level (层级) and the
  jurisdiction (本级政府);
* ``POST /ui/validate`` — the same work as ``POST /v1/validate``, shown as a page: the
  verdict and the counts by severity, then the findings of a table grouped by its rows in
  row order (findings without a row first), or those of a document by item; links that
  download the JSON report and a standalone HTML report (``data:`` URLs: no second
  upload), and the form again.  A refused request (GK801, GK802, GK803) is a page with the
  code and both messages, under the same HTTP status as the API's;
* ``POST /ui/report`` — the same downloads for browsers without ``<a download>`` (the
  result page posts the report back; nothing is checked again).

Chinese always first (whatever the browser's ``Accept-Language``: a clerk's computer may
have an English system); ``?lang=en`` gives English, and the form carries it on.  Every value written
into a page is HTML-escaped; the URLs are relative, so the page works behind a reverse
proxy's prefix.  The style sheet is ``gkstd/templates/serve/page.css``, inlined.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import PurePosixPath
from typing import Any, TypeVar
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from gkstd import __version__
from gkstd.diagnostics.findings import Finding
from gkstd.plugins.describe import pack_rows
from gkstd.plugins.manager import default_registry
from gkstd.serve.api import json_value, one_upload, read_uploads
from gkstd.serve.rules import body_refused
from gkstd.serve.work import RequestError, ValidateParams, validate_upload

__all__ = ["ROUTES", "finding_row", "render_report"]

_TITLE = ("政务公开标准目录在线校验", "Disclosure catalog check")
_REPORT_TITLE = ("政务公开标准目录校验报告", "Disclosure catalog check report")
_ACCEPT = ".xlsx,.xlsm,.xls,.et,.ods,.csv,.docx,.yaml,.yml,.json"
_SEVERITIES = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
_LEVELS = (
    ("provincial", "省级", "provincial"),
    ("municipal", "市级", "municipal"),
    ("county", "县级", "county"),
    ("township", "乡级", "township"),
    ("village", "村级", "village"),
)
#: an Excel reference in a finding's path: ``Sheet!D5``, ``Sheet!5``, ``Sheet!M5:N5``
_EXCEL_REF = re.compile(r"!\$?([A-Za-z]{0,3})\$?(\d{1,7})(?::[$A-Za-z0-9]+)?$")  # row ≤ 1048576
#: what every page of the service says to the browser: nothing from elsewhere, no script
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_LOG = logging.getLogger("gkstd.serve")
_K = TypeVar("_K", int, str)


def _e(value: object) -> str:
    """``value`` as HTML text or attribute value (quotes escaped too)."""
    return html.escape(str(value), quote=True)


class _Lang:
    """The page's language: Chinese (``zh``) or English (``en``)."""

    def __init__(self, lang: str) -> None:
        self.code = "en" if lang == "en" else "zh"
        self.zh = self.code == "zh"
        self.html = "zh-CN" if self.zh else "en"

    def one(self, zh: str, en: str) -> str:
        """The text in the page's language, escaped."""
        return _e(zh if self.zh else en)

    def pick(self, zh: object, en: object) -> str:
        """A message in the page's language (the other when it is missing), escaped."""
        first, second = (zh, en) if self.zh else (en, zh)
        return _e(first or second or "")


def _css() -> str:
    return resources.files("gkstd").joinpath("templates/serve/page.css").read_text("utf-8")


def _page(t: _Lang, title: str, body: str, home: str | None) -> str:
    """A whole page: ``title`` (plain text), ``body`` (markup); ``home`` is the relative
    URL of ``/`` (``None``: a standalone report, without links to the service)."""
    other = ("en", "English") if t.zh else ("zh", "中文")
    langs = (
        f'<p class="langs"><a href="{_e(home or "./")}?lang={other[0]}" lang="{other[0]}">'
        f"{other[1]}</a></p>"
        if home is not None
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{t.html}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{t.one("跳到正文", "Skip to content")}</a>\n'
        f"<header>{langs}<h1>{_e(title)}</h1></header>\n"
        f'<main id="main">\n{body}\n</main>\n'
        f"<footer>gkstd {_e(__version__)} · "
        f"{t.one('上传的文件只用于本次校验，不会保存。', 'Uploads are used for this check only and are not kept.')}"
        "</footer>\n</body>\n</html>\n"
    )


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers=_HEADERS)


# -- the form -------------------------------------------------------------------------------


def _options(chosen: str | None, rows: Iterable[tuple[str, str]], empty: str) -> str:
    out = [f'<option value="">{_e(empty)}</option>']
    for value, label in rows:
        mark = " selected" if value == chosen else ""
        out.append(f'<option value="{_e(value)}"{mark}>{_e(label)}</option>')
    return "".join(out)


def _form(t: _Lang, home: str, fields: Mapping[str, str]) -> str:
    """The upload form (``fields``: the values to show again)."""
    packs = [
        (str(r["code"]), f"{r['name'] if t.zh else r['name_en'] or r['name']}（{r['code']}）")
        for r in pack_rows(default_registry())
        if r.get("status") == "ok"
    ]
    levels = [(code, zh if t.zh else en) for code, zh, en in _LEVELS]
    auto = t.one("自动识别", "detect")
    return (
        f'<form class="upload" method="post" action="{_e(home)}ui/validate" '
        'enctype="multipart/form-data">\n'
        f'<input type="hidden" name="lang" value="{t.code}">\n'
        f'<p><label for="file">{t.one("目录表格或文档", "Catalog table or document")} '
        f'<span class="hint">{t.one("（Excel/WPS 表格、Word 的 .docx、.csv，或 .yaml/.json；可把文件拖到下框）", "(Excel/WPS tables, Word .docx, .csv, or .yaml/.json; you may drop the file on the box)")}</span></label>\n'
        f'<input type="file" id="file" name="file" accept="{_ACCEPT}" required></p>\n'
        f'<p><label for="domain">{t.one("领域", "Domain")} '
        f'<span class="hint">{t.one("（可不选）", "(optional)")}</span></label>\n'
        f'<select id="domain" name="domain">{_options(fields.get("domain"), packs, auto)}</select></p>\n'
        f'<p><label for="level">{t.one("层级", "Level")} '
        f'<span class="hint">{t.one("（可不选）", "(optional)")}</span></label>\n'
        f'<select id="level" name="level">{_options(fields.get("level"), levels, auto)}</select></p>\n'
        f'<p><label for="jurisdiction">{t.one("本级政府", "Jurisdiction")} '
        f'<span class="hint">{t.one("（可不填，如 淄川区 或 某某镇）", "(optional, e.g. 淄川区)")}</span></label>\n'
        f'<input type="text" id="jurisdiction" name="jurisdiction" maxlength="100" '
        f'value="{_e(fields.get("jurisdiction", ""))}"></p>\n'
        f'<p><button type="submit">{t.one("开始校验", "Check")}</button></p>\n</form>'
    )


async def index(request: Request) -> Response:
    """``GET /``: the upload form."""
    t = _fields_lang(request, {})
    intro = t.one(
        "选择填好的政务公开事项标准目录表格，点“开始校验”，即可看到每一行的问题，并下载报告。",
        "Choose the filled-in catalog table and press Check to see the findings of each row "
        "and download the report.",
    )
    body = f"<p>{intro}</p>\n{_form(t, '', {})}"
    return _html(_page(t, t.one(*_TITLE), body, ""))


# -- the result -----------------------------------------------------------------------------


def finding_row(finding: Mapping[str, Any]) -> tuple[int | None, str]:
    """The table row of a finding (as in the JSON report) and its cell reference: the
    table cell's, else the Excel reference of its path (``Sheet!D5``); ``(None, "")``
    for a finding about the whole table."""
    cell = finding.get("cell")
    if isinstance(cell, Mapping):
        row = cell.get("row")
        ref = str(cell.get("cell") or "")
        return (row if isinstance(row, int) else None), ("" if ref.isdigit() else ref)
    found = _EXCEL_REF.search(str(finding.get("path") or ""))
    if found is None:
        return None, ""
    column, row_text = found.groups()
    return int(row_text), (column.upper() + row_text if column else "")


def _findings(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = report.get("findings")
    return [f for f in found if isinstance(f, Mapping)] if isinstance(found, list) else []


def _is_table(report: Mapping[str, Any]) -> bool:
    return "sheet" in report or "rows" in report


def _severity(t: _Lang, value: object) -> str:
    """The severity as a word (its colour only repeats it)."""
    key = str(value)
    zh, en = _SEVERITIES.get(key, (key, key))
    kind = key if key in _SEVERITIES else "other"
    return f'<span class="sev-{kind}">{t.one(zh, en)}</span>'


def _message(t: _Lang, x: Mapping[str, Any], extra: str = "") -> str:
    text = t.pick(x.get("message"), x.get("message_en")) or _e(x.get("text") or "")
    return f'<td class="msg">{text}{extra}</td>'


_Found = Mapping[str, Any]


def _groups(
    findings: Sequence[_Found], key: Callable[[_Found], _K | None], order: Callable[[_K], int]
) -> list[tuple[_K | None, list[_Found]]]:
    """The findings grouped by ``key``: the ``None`` group first, then by ``order`` (of
    the key), each group in the order of the report."""
    groups: dict[_K | None, list[_Found]] = {}
    for x in findings:
        groups.setdefault(key(x), []).append(x)
    return sorted(groups.items(), key=lambda kv: (-1,) if kv[0] is None else (0, order(kv[0])))


def _table_findings(t: _Lang, findings: Sequence[Mapping[str, Any]]) -> str:
    """The findings of a table, one ``<tbody>`` per row of the table, in row order."""
    heads = (("行号", "Row"), ("单元格", "Cell"), ("代码", "Code"), ("级别", "Severity"))
    out = [
        '<div class="scroll"><table id="findings">',
        f"<caption>{t.one('按行列出的问题', 'Findings by row')}</caption><thead><tr>",
        *(f'<th scope="col">{t.one(zh, en)}</th>' for zh, en in heads),
        f'<th scope="col">{t.one("说明", "Message")}</th></tr></thead>',
    ]
    for row, group in _groups(findings, lambda x: finding_row(x)[0], int):
        label = t.one(f"第 {row} 行", f"row {row}") if row is not None else t.one("整表", "table")
        out.append(f'<tbody data-row="{_e(row or "")}">')
        for index, x in enumerate(group):
            ref = finding_row(x)[1]
            item = x.get("item")
            extra = f" <small>{t.one('事项', 'item')} {_e(item)}</small>" if item else ""
            head = f'<th scope="rowgroup" rowspan="{len(group)}">{label}</th>' if index == 0 else ""
            out.append(
                f'<tr>{head}<td>{_e(ref)}</td><td class="code">{_e(x.get("code", ""))}</td>'
                f'<td class="sev">{_severity(t, x.get("severity"))}</td>'
                f"{_message(t, x, extra)}</tr>"
            )
        out.append("</tbody>")
    out.append("</table></div>")
    return "\n".join(out)


def _item(x: _Found) -> str | None:
    return str(x["item"]) if x.get("item") else None


def _line(x: Mapping[str, Any]) -> int:
    line = x.get("line")
    return line if isinstance(line, int) else 0


def _document_findings(t: _Lang, findings: Sequence[Mapping[str, Any]]) -> str:
    """The findings of a document, grouped by item in the order of the file."""
    heads = (("事项", "Item"), ("行", "Line"), ("代码", "Code"), ("级别", "Severity"))
    out = [
        '<div class="scroll"><table id="findings">',
        f"<caption>{t.one('按事项列出的问题', 'Findings by item')}</caption><thead><tr>",
        *(f'<th scope="col">{t.one(zh, en)}</th>' for zh, en in heads),
        f'<th scope="col">{t.one("说明", "Message")}</th></tr></thead>',
    ]
    first: dict[str, int] = {}  # the first line of each item
    for x in findings:
        if x.get("item"):
            name = str(x["item"])
            first[name] = min(first.get(name, _line(x)), _line(x))
    for item, group in _groups(findings, _item, first.__getitem__):
        label = _e(item) if item is not None else t.one("整个文档", "document")
        out.append("<tbody>")
        for index, x in enumerate(sorted(group, key=_line)):
            head = f'<th scope="rowgroup" rowspan="{len(group)}">{label}</th>' if index == 0 else ""
            path = x.get("path")
            extra = f" <small>{_e(path)}</small>" if path and item is None else ""
            out.append(
                f"<tr>{head}<td>{_e(x.get('line') or '')}</td>"
                f'<td class="code">{_e(x.get("code", ""))}</td>'
                f'<td class="sev">{_severity(t, x.get("severity"))}</td>'
                f"{_message(t, x, extra)}</tr>"
            )
        out.append("</tbody>")
    out.append("</table></div>")
    return "\n".join(out)


def _summary(t: _Lang, report: Mapping[str, Any]) -> str:
    stats = report.get("stats")
    if not isinstance(stats, Mapping):
        stats = {}
    passed = report.get("valid") is True
    verdict = (
        f'<p class="verdict pass" id="verdict">✔ {t.one("通过：没有错误", "Passed: no errors")}</p>'
        if passed
        else f'<p class="verdict fail" id="verdict">✘ {t.one("未通过：有错误需要修改", "Not passed: errors to correct")}</p>'
    )
    facts = [(t.one("文件", "File"), _e(report.get("file") or ""))]
    if _is_table(report):
        facts.append((t.one("工作表", "Sheet"), _e(report.get("sheet") or "")))
        facts.append((t.one("事项行数", "Item rows"), _e(report.get("rows") or 0)))
        facts.append((t.one("领域", "Domain"), _e(report.get("domain") or "—")))
        if report.get("imported") is False:
            facts.append((t.one("导入", "Import"), t.one("未能读出目录", "no catalog read")))
    else:
        facts.append((t.one("事项数", "Items"), _e(stats.get("items", 0))))
    for key, (zh, en) in (("errors", ("错误", "Errors")), ("warnings", ("警告", "Warnings"))):
        facts.append((t.one(zh, en), _e(stats.get(key, 0))))
    facts.append((t.one("提示", "Info"), _e(stats.get("infos", 0))))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return f'{verdict}\n<dl class="facts" id="counts">{rows}</dl>'


def _body(t: _Lang, report: Mapping[str, Any]) -> str:
    """The summary and the findings of a report."""
    findings = _findings(report)
    if not findings:
        listing = f"<p>{t.one('没有发现问题。', 'No findings.')}</p>"
    elif _is_table(report):
        listing = _table_findings(t, findings)
    else:
        listing = _document_findings(t, findings)
    title = t.one(f"问题（{len(findings)} 条）", f"Findings ({len(findings)})")
    return f"{_summary(t, report)}\n<h2>{title}</h2>\n{listing}"


def render_report(report: Mapping[str, Any], lang: str = "zh") -> str:
    """The JSON report of ``POST /v1/validate`` as one standalone HTML page (inline
    style, no script, no link): the summary and the findings by row or item."""
    t = _Lang(lang)
    return _page(t, t.one(*_REPORT_TITLE), _body(t, report), None)


def _report_json(report: Mapping[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")


def _download_name(report: Mapping[str, Any], suffix: str) -> str:
    stem = PurePosixPath(str(report.get("file") or "")).stem
    return f"gkstd-报告-{stem}{suffix}" if stem else f"gkstd-报告{suffix}"


def _downloads(t: _Lang, home: str, report: Mapping[str, Any]) -> str:
    """Links that download the report (``data:`` URLs), and a form that gets the same
    files from the service for browsers that cannot."""
    data = base64.b64encode(_report_json(report)).decode("ascii")
    page = base64.b64encode(render_report(report, t.code).encode("utf-8")).decode("ascii")
    compact = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
    return (
        f'<h2>{t.one("下载报告", "Download the report")}</h2>\n<p class="downloads">'
        f'<a id="download-html" download="{_e(_download_name(report, ".html"))}" '
        f'href="data:text/html;charset=utf-8;base64,{page}">'
        f"{t.one('下载报告（网页，可打印）', 'Download the report (web page, printable)')}</a> "
        f'<a id="download-json" download="{_e(_download_name(report, ".json"))}" '
        f'href="data:application/json;charset=utf-8;base64,{data}">'
        f"{t.one('下载报告（JSON，供系统使用）', 'Download the report (JSON, for systems)')}</a></p>\n"
        f'<form method="post" action="{_e(home)}ui/report"><p class="hint">'
        f"{t.one('点击后没有下载（较旧的浏览器）？请用：', 'Nothing downloaded (an older browser)? Use:')} "
        f'<input type="hidden" name="lang" value="{t.code}">'
        f'<input type="hidden" name="report" value="{_e(compact)}">'
        f'<button class="plain" type="submit" name="format" value="html">{t.one("网页", "web page")}</button> '
        f'<button class="plain" type="submit" name="format" value="json">JSON</button></p></form>'
    )


def _fields_lang(request: Request, fields: Mapping[str, str]) -> _Lang:
    """The form's ``lang``, else ``?lang=``; Chinese by default."""
    asked = (fields.get("lang") or request.query_params.get("lang") or "").strip()
    return _Lang(asked)


def _error_page(t: _Lang, status: int, finding: Finding, home: str) -> HTMLResponse:
    """A refused request as a page: the code and both messages, the form again."""
    heading = t.one("无法校验这个文件", "This file cannot be checked")
    primary, other = (finding.message, finding.message_en)
    if not t.zh:
        primary, other = other, primary
    body = (
        f'<div class="error-box" role="alert" id="error"><h2>{heading}</h2>\n'
        f"<p><strong>{_e(finding.code)}</strong> · HTTP {status}</p>\n"
        f'<p lang="{t.html}">{_e(primary)}</p>\n'
        f'<p lang="{"en" if t.zh else "zh-CN"}"><small>{_e(other)}</small></p></div>\n'
        f"<h2>{t.one('重新上传', 'Upload again')}</h2>\n{_form(t, home, {})}"
    )
    return _html(_page(t, t.one(*_TITLE), body, home), status)


def _internal_error(t: _Lang, home: str) -> HTMLResponse:
    _LOG.exception("request failed")
    body = (
        f'<div class="error-box" role="alert" id="error"><p>'
        f"{t.one('服务内部错误，已记录日志；请把请求的时间告知服务的管理员。', 'Internal error, logged; tell the operator the time of the request.')}"
        f"</p></div>\n{_form(t, home, {})}"
    )
    return _html(_page(t, t.one(*_TITLE), body, home), 500)


async def ui_validate(request: Request) -> Response:
    """``POST /ui/validate``: check the uploaded file and show the result as a page."""
    home = "../"
    t = _fields_lang(request, {})
    try:
        files, fields = await read_uploads(request)
        t = _fields_lang(request, fields)
        name, data = one_upload(files)
        wanted = {k: (fields.get(k) or "").strip() for k in ("domain", "level", "jurisdiction")}
        params = ValidateParams(
            domain=wanted["domain"] or None,
            level=wanted["level"] or None,
            jurisdiction=wanted["jurisdiction"] or None,
            lang=t.code,
        )
        report = await request.app.state.runner.run(validate_upload, name, data, params)
    except RequestError as exc:
        return _error_page(t, exc.status, exc.finding, home)
    except Exception:
        return _internal_error(t, home)
    body = (
        f"{_body(t, report)}\n{_downloads(t, home, report)}\n"
        f"<h2>{t.one('再校验一个文件', 'Check another file')}</h2>\n{_form(t, home, wanted)}"
    )
    return _html(_page(t, t.one(*_REPORT_TITLE), body, home))


async def ui_report(request: Request) -> Response:
    """``POST /ui/report``: the report posted back by the result page, as a file to save
    (``format`` ``html`` or ``json``); for browsers without ``<a download>``."""
    home = "../"
    t = _fields_lang(request, {})
    try:
        _, fields = await read_uploads(request)
        t = _fields_lang(request, fields)
        try:
            report = json_value(fields.get("report") or "")
        except RequestError:
            report = None
        if not isinstance(report, dict) or not isinstance(report.get("findings"), list):
            raise RequestError(400, body_refused("report 不是校验报告", "report is not a report"))
    except RequestError as exc:
        return _error_page(t, exc.status, exc.finding, home)
    as_html = fields.get("format") == "html"
    name = _download_name(report, ".html" if as_html else ".json")
    headers = {
        **_HEADERS,
        "Content-Disposition": f'attachment; filename="gkstd-report{".html" if as_html else ".json"}"; '
        f"filename*=UTF-8''{quote(name)}",
    }
    try:  # a report posted back is the client's text: whatever it holds, never a 500
        body = render_report(report, t.code) if as_html else _report_json(report)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        bad = body_refused("report 不是校验报告", "report is not a report")
        return _error_page(t, 400, bad, home)
    media = "text/html" if as_html else "application/json"
    return Response(body, headers=headers, media_type=media)


async def ui_home(request: Request) -> Response:
    """``GET /ui/validate`` (a reload or a bookmark): back to the form."""
    return RedirectResponse("../", status_code=303)


ROUTES = [
    Route("/", index, methods=["GET"]),
    Route("/ui/validate", ui_validate, methods=["POST"]),
    Route("/ui/validate", ui_home, methods=["GET"]),
    Route("/ui/report", ui_report, methods=["POST"]),
]
