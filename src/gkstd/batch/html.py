"""The HTML report of a batch check (``gkstd check PATHS --report out.html``): one
self-contained page a supervisor (政务公开办) can send on, open offline and print.

:func:`render_html` works from :meth:`BatchReport.to_dict() <gkstd.batch.result.BatchReport.
to_dict>` only.  The page holds no external resource (no CDN, font or image: intranets):
its style sheet and a small script (``gkstd/templates/report/``) are inlined, the charts are
CSS bars drawn here, and every value from the report is HTML-escaped; the script reads the
page, never values written into it.  Parts of the page (docs/reports.md):

* 概览 — files checked, passed, not checked, findings by severity, the scoring scheme;
* charts — scores by jurisdiction, grades, findings by code, coverage by domain (each a list
  of names and values, readable without the bars);
* rankings by jurisdiction and by domain;
* every catalog in one table, sortable and filterable (the script), each row linking to
* a section per catalog: its findings by severity with the place (sheet, row, cell or
  file:line and item), known gaps (GK102) folded into one line;
* the files not checked, with the reasons.

A batch of more than ``most`` catalogs (:data:`MOST_CATALOGS`, about a province's tree of
one domain) lists in the table and the sections only the ``most`` that need attention most
(failed first, then by errors, warnings and score), in the order found, and says so at the
top: a page of a whole province's 67,000 catalogs is 108 MB and takes a browser minutes to
open.  The overview, charts and rankings always count every catalog; the Excel and JSON
reports list them all.  The files are read one at a time (:meth:`BatchReport.parts`) and
only the listed ones are kept.

The output is deterministic: the same report gives the same bytes (a time stamp only when
passed as ``generated``).

Long module: one builder per part of the page, each writing its escaped markup in place
(a template language would be a dependency, and splitting the parts would only scatter the
one page and its escaping rule over files).
"""

from __future__ import annotations

import heapq
import html
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from gkstd.batch.discover import INCOMPLETE_REASONS, SKIP_REASON_NAMES
from gkstd.batch.naming import sheet_label
from gkstd.batch.scheme import MEASURES
from gkstd.diagnostics.collector import collector_paused
from gkstd.model.catalog import UNNAMED, UNNAMED_EN

if TYPE_CHECKING:
    from gkstd.batch.result import BatchReport

__all__ = ["MOST_CATALOGS", "listed_catalogs", "render_html"]

_TITLE = ("政务公开标准目录批量检查报告", "Batch check report of disclosure catalogs")
_MEASURE_NAMES = {
    "coverage": ("事项覆盖率", "coverage"),
    "elements": ("要素完整率", "elements"),
    "time_limits": ("时限合规率", "time limits"),
    "channels": ("网站公开率", "on the website"),
}
_SEVERITIES = (
    ("error", "错误", "errors"),
    ("warning", "警告", "warnings"),
    ("info", "提示", "info"),
)
_GAP = "GK102"
#: above this many jurisdictions the chart shows the best and the worst (the table has all)
_CHART_ROWS = 30
#: catalogs listed one by one (a table row and a section each) by default: a province's
#: tree of one domain (2,579 catalogs: a 4.9 MB page, about 4 s to open in Chromium) fits;
#: 67,000 make a 108 MB page that takes Chromium four and a half minutes and 1.3 GB.
MOST_CATALOGS = 3_000


def _e(value: object) -> str:
    """``value`` as HTML text or attribute value (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files("gkstd").joinpath(f"templates/report/{name}").read_text("utf-8")


def _num(value: float | int) -> str:
    """40.0 → ``40``, 82.5 → ``82.5``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class _Lang:
    """The page's two languages: the primary one in full, the other in small text."""

    def __init__(self, lang: str) -> None:
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        self.zh = lang == "zh"

    def one(self, zh: str, en: str) -> str:
        """Plain text in the primary language (escaped)."""
        return _e(zh if self.zh else en)

    def two(self, zh: str, en: str) -> str:
        """Primary language, then the other as secondary text (escaped markup)."""
        if self.zh:
            return f'{_e(zh)} <small lang="en">{_e(en)}</small>' if en else _e(zh)
        return f'{_e(en)} <small lang="zh-CN">{_e(zh)}</small>' if zh else _e(en)

    def word(self, zh: str | None, en: str | None) -> str:
        """Plain text (not escaped) in the primary language, the other when it is missing."""
        first, second = (zh, en) if self.zh else (en, zh)
        return first or second or ""

    def pick(self, zh: str | None, en: str | None) -> str:
        """The message in the primary language (the other when it is missing), escaped."""
        first, second = (zh, en) if self.zh else (en, zh)
        return _e(first or second or "")


class _Links:
    """Relative ``href`` values of source files: relative to ``base`` (the report's folder)
    when given, else the path as given; percent-encoded so no path becomes a scheme."""

    def __init__(self, base: str | os.PathLike[str] | None) -> None:
        self.base = os.path.abspath(base) if base is not None else None
        self.cache: dict[str, str] = {}

    def href(self, path: str) -> str:
        found = self.cache.get(path)
        if found is None:
            found = self.cache[path] = self._href(path)
        return found

    def _href(self, path: str) -> str:
        if self.base is not None:
            try:
                rel = os.path.relpath(os.path.abspath(path), self.base)
            except ValueError:  # another drive (Windows): an absolute file URL
                return Path(os.path.abspath(path)).as_uri()
            return quote(PurePath(rel).as_posix(), safe="/")
        if os.path.isabs(path):
            return Path(path).as_uri()
        return quote(PurePath(path).as_posix(), safe="/")

    def a(self, path: str, text: str | None = None) -> str:
        """A link to the file ``path`` showing ``text`` (default: the path)."""
        return f'<a href="{_e(self.href(path))}">{_e(path if text is None else text)}</a>'


@collector_paused()  # a row or element per finding: the collector would walk them all
def render_html(
    report: BatchReport,
    *,
    title: str | None = None,
    lang: str = "zh",
    base: str | os.PathLike[str] | None = None,
    generated: str | None = None,
    most: int | None = MOST_CATALOGS,
) -> str:
    """The batch check ``report`` as one self-contained HTML page (a ``str``; write it as
    UTF-8).

    ``title`` replaces the default heading (政务公开标准目录批量检查报告); ``lang`` is
    ``"zh"`` (Chinese first, English as secondary text) or ``"en"``; ``base`` is the
    folder the report is written to, so links to source files are relative to it (without
    it, links are the paths as the report gives them); ``generated`` is printed as the
    time of the report (nothing by default: the same report gives the same page);
    ``most`` is how many catalogs the page lists one by one (default
    :data:`MOST_CATALOGS`; ``None`` or 0: all): of a larger batch, those that need
    attention most (see :func:`listed_catalogs`), and the page says how many it leaves out.

    Every value of the report is escaped; the page loads nothing from elsewhere and works
    offline.  Raises :class:`ValueError` for another ``lang`` or a negative ``most``.
    """
    t = _Lang(lang)
    if most is not None and most < 0:
        raise ValueError(f"most must be 0 or more, not {most!r}")
    data: dict[str, Any] = {}
    totals = _Totals()
    for key, value in report.parts():
        if key == "files":
            totals.read(value, most or None)
        else:
            data[key] = value
    return _Page(data, t, _Links(base), totals).render(title, generated)


def listed_catalogs(report: BatchReport, most: int | None = MOST_CATALOGS) -> list[int]:
    """The 0-based positions in ``report.files`` of the catalogs the HTML page lists one
    by one, in the order found: all of them when there are no more than ``most`` (or
    ``most`` is ``None`` or 0), else the ``most`` that need attention most: those that
    failed (unusable, or with errors) first, then more errors, more warnings, a lower
    score, and of equals the one found first."""
    totals = _Totals()
    totals.read((f.to_dict() for f in report.files), most or None)
    return [index - 1 for index, _ in totals.listed()]


def _attention(index: int, f: Mapping[str, Any]) -> tuple[int, int, int, float, int]:
    """How much the catalog at ``index`` (1-based) needs attention: a larger key, more."""
    stats = f.get("stats", {})
    card = f.get("score") or {}
    score = card.get("score")
    return (
        0 if f.get("passed") else 1,
        int(stats.get("errors", 0)),
        int(stats.get("warnings", 0)),
        -float(score) if score is not None else 1.0,
        -index,
    )


class _Totals:
    """What the page counts over every file (read once, one file at a time) and the files
    it lists: all of them, or the ``most`` that need attention most (a bounded heap)."""

    def __init__(self) -> None:
        self.files = 0
        self.passed = 0
        self.unusable = 0
        self.severities: Counter[str] = Counter()
        self.grades: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.severity: dict[str, str] = {}
        self.failed_left_out = 0
        self._kept: list[tuple[tuple[int, int, int, float, int], Mapping[str, Any]]] = []

    def read(self, files: Iterable[Mapping[str, Any]], most: int | None) -> None:
        kept = self._kept
        for index, f in enumerate(files, 1):
            self.files += 1
            self.passed += bool(f.get("passed"))
            self.unusable += _unusable(f)
            stats = f.get("stats", {})
            for key, _, _ in _SEVERITIES:
                self.severities[key] += int(stats.get(f"{key}s", 0))
            card = f.get("score")
            if card:
                self.grades[card.get("grade", "")] += 1
            for finding in f.get("findings", []):
                code = finding["code"]
                self.codes[code] += 1
                self.severity.setdefault(code, finding.get("severity", "info"))
            entry = (_attention(index, f), f)
            if most is None or len(kept) < most:
                kept.append(entry)
                if most is not None and len(kept) == most:
                    heapq.heapify(kept)
            elif entry[0] > kept[0][0]:
                left = heapq.heapreplace(kept, entry)[1]
                self.failed_left_out += not left.get("passed")
            else:
                self.failed_left_out += not f.get("passed")

    def listed(self) -> list[tuple[int, Mapping[str, Any]]]:
        """(1-based position, file) of each listed file, in the order found."""
        return sorted(((-key[4], f) for key, f in self._kept), key=lambda pair: pair[0])

    @property
    def left_out(self) -> int:
        return self.files - len(self._kept)


class _Page:
    def __init__(
        self, data: Mapping[str, Any], lang: _Lang, links: _Links, totals: _Totals
    ) -> None:
        self.data = data
        self.t = lang
        self.links = links
        self.totals = totals
        self.files = totals.listed()
        grades = data.get("scheme", {}).get("grades", [])
        self.grade_class = {g["name"]: f"g{min(i, 3)}" for i, g in enumerate(grades)}
        if len(grades) > 1:  # the lowest grade is always the "fail" colour
            self.grade_class[grades[-1]["name"]] = "g3"

    # -- the page ----------------------------------------------------------------------

    def render(self, title: str | None, generated: str | None) -> str:
        t = self.t
        heading = _e(title) if title else t.two(*_TITLE)
        plain_title = _e(title) if title else t.one(*_TITLE)
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if t.zh else "en"}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="gkstd">',
            f"<title>{plain_title}</title>",
            f"<style>{_asset('report.css')}</style>",
            "</head>",
            "<body>",
            f'<a class="skip" href="#catalogs-h">{t.one("跳到目录列表", "Skip to the catalogs")}</a>',
            f"<header><h1>{heading}</h1>",
        ]
        if generated is not None:
            parts.append(
                f'<p class="muted">{t.two("生成时间：", "Generated: ")}{_e(generated)}</p>'
            )
        parts.append("</header><main>")
        parts.append(self.overview())
        parts.append(self.charts())
        parts.append(self.rankings())
        parts.append(self.comparison())
        parts.append(self.catalog_table())
        parts.append(self.sections())
        parts.append(self.skipped())
        parts.append("</main>")
        parts.append(f'<footer class="muted">{t.two("由 gkstd 生成", "Made by gkstd")}</footer>')
        parts.append(f"<script>{_asset('report.js')}</script>")
        parts.append("</body></html>\n")
        return "\n".join(parts)

    # -- overview ----------------------------------------------------------------------

    def overview(self) -> str:
        t = self.t
        every = self.totals
        files, passed, unusable = every.files, every.passed, every.unusable
        totals = every.severities
        ok = bool(self.data.get("passed"))
        skipped = self.data.get("skipped", [])
        cards = [
            (t.two("检查文件", "files checked"), str(files), ""),
            (t.two("通过", "passed"), str(passed), "ok"),
            (
                t.two("未通过", "failed"),
                str(files - passed),
                "bad" if passed < files else "",
            ),
            (t.two("无法使用", "unusable"), str(unusable), "bad" if unusable else ""),
            (
                t.two("未检查", "not checked"),
                str(len(skipped)),
                "bad" if any(s.get("reason") in INCOMPLETE_REASONS for s in skipped) else "",
            ),
            (t.two("错误", "errors"), str(totals["error"]), "bad" if totals["error"] else ""),
            (t.two("警告", "warnings"), str(totals["warning"]), ""),
            (t.two("提示", "info"), str(totals["info"]), ""),
        ]
        out = [
            '<section id="overview" aria-labelledby="overview-h">',
            f'<h2 id="overview-h">{t.two("概览", "Overview")}</h2>',
            f'<p class="verdict {"ok" if ok else "bad"}">'
            + (
                t.two("结论：全部通过", "Result: every file passed")
                if ok
                else t.two("结论：未通过（有错误、无法使用或无法读取的文件）", "Result: not passed")
            )
            + "</p>",
            '<dl class="cards">',
        ]
        for label, value, cls in cards:
            out.append(f'<div class="card {cls}"><dt>{label}</dt><dd>{value}</dd></div>')
        out.append("</dl>")
        if self.totals.left_out:
            out.append(self.left_out())
        out.append(self.scheme())
        out.append("</section>")
        return "\n".join(out)

    def left_out(self) -> str:
        """The notice of a page that does not list every catalog ("" when it does)."""
        every = self.totals
        if not every.left_out:
            return ""
        shown, hidden, failed = len(self.files), every.left_out, every.failed_left_out
        failed_zh = f"其中未通过 {failed:,} 个" if failed else "均已通过"
        failed_en = f"{failed:,} of them failed" if failed else "all of them passed"
        return (
            '<p class="notice" role="note">'
            + self.t.two(
                f"本页只逐一列出最需要关注的 {shown:,} 个目录（未通过的在前，其次按错误数、"
                f"警告数从多到少、得分从低到高），另有 {hidden:,} 个目录未列出（{failed_zh}）。"
                f"概览、图表和排名按全部 {every.files:,} 个目录计算；每个目录的得分和问题见同一次"
                "检查的 Excel 或 JSON 报告。",
                f"This page lists one by one the {shown:,} catalogs that need attention most "
                f"(failed first, then by errors, warnings and score); {hidden:,} more are not "
                f"listed ({failed_en}). The overview, charts and rankings count all "
                f"{every.files:,}; the Excel or JSON report of the same check lists every "
                "catalog's score and findings.",
            )
            + "</p>"
        )

    def scheme(self) -> str:
        t = self.t
        s = self.data.get("scheme", {})
        source = s.get("source", "")
        where = (
            t.two("gkstd 自带的默认方案（scoring.yaml）", "gkstd's default (scoring.yaml)")
            if source == "default"
            else _e(source)
        )
        weights = s.get("weights", {})
        total = sum(float(v) for v in weights.values()) or 1.0
        rows = []
        for name in MEASURES:
            if name in weights:
                share = float(weights[name]) / total
                label = t.two(*_MEASURE_NAMES[name])
                rows.append(
                    f'<tr><th scope="row">{label}</th><td class="n">{_num(weights[name])}</td>'
                    f'<td class="n">{_pct(share)}</td></tr>'
                )
        p = s.get("penalties", {})
        grades = t.one("、", ", ").join(
            f'<span class="grade {self.grade_class.get(g["name"], "")}">'
            f"{t.pick(g['name'], g.get('name_en'))}</span> ≥ {_num(g['min'])}"
            for g in s.get("grades", [])
        )
        return "\n".join(
            [
                '<div class="scheme">',
                f"<h3>{t.two('评分方案', 'Scoring scheme')}{t.one('：', ': ')}{t.pick(s.get('name'), s.get('name_en'))}"
                f' <span class="muted">{t.one("（", "(")}{where}{t.one("）", ")")}</span></h3>',
                '<table class="compact"><caption>'
                + t.two("四项指标的权重", "Weights of the measures")
                + "</caption>",
                f'<thead><tr><th scope="col">{t.two("指标", "measure")}</th>'
                f'<th scope="col">{t.two("权重", "weight")}</th>'
                f'<th scope="col">{t.two("占比", "share")}</th></tr></thead>',
                "<tbody>" + "".join(rows) + "</tbody></table>",
                "<p>"
                + t.two(
                    f"扣分：每个错误 {_num(p.get('error', 0))} 分，每个警告 {_num(p.get('warning', 0))} 分，"
                    f"每个提示 {_num(p.get('info', 0))} 分，最多扣 {_num(p.get('cap', 0))} 分。",
                    f"Points off: {_num(p.get('error', 0))} per error, {_num(p.get('warning', 0))} "
                    f"per warning, {_num(p.get('info', 0))} per info, at most {_num(p.get('cap', 0))}.",
                )
                + "</p>",
                f"<p>{t.two('等次：', 'Grades: ')}{grades}</p>",
                '<p class="muted">'
                + t.two(
                    "得分 = 可计算指标的加权平均 × 100 − 扣分；无法使用的文件得 0 分。",
                    "Score = weighted mean of the measures that apply × 100 − points off; "
                    "an unusable file scores 0.",
                )
                + "</p>",
                "</div>",
            ]
        )

    # -- charts ------------------------------------------------------------------------

    def charts(self) -> str:
        t = self.t
        by_j = list(self.data.get("by_jurisdiction", []))
        shown: list[Mapping[str, Any] | None] = list(by_j)
        note = ""
        if len(by_j) > _CHART_ROWS:
            half = _CHART_ROWS // 2
            shown = [*by_j[:half], None, *by_j[-half:]]
            note = t.two(
                f"共 {len(by_j)} 个，图中为前 {half} 名和后 {half} 名；完整排名见下表。",
                f"{len(by_j)} in all: the best and the worst {half}; the table below has all.",
            )
        j_rows: list[tuple[str, float, str, str] | None] = [
            None
            if r is None
            else (
                t.word(r["name"], r.get("name_en")),
                float(r["score"]),
                _num(r["score"]),
                self.grade_class.get(r["grade"], ""),
            )
            for r in shown
        ]
        grade_counts = self.totals.grades
        most = max(grade_counts.values(), default=0) or 1
        g_rows: list[tuple[str, float, str, str] | None] = [
            (
                g["name"] if t.zh else g.get("name_en") or g["name"],
                100 * grade_counts[g["name"]] / most,
                str(grade_counts[g["name"]]),
                self.grade_class.get(g["name"], ""),
            )
            for g in self.data.get("scheme", {}).get("grades", [])
        ]
        codes, severity = self.totals.codes, self.totals.severity
        top = max(codes.values(), default=0) or 1
        c_rows: list[tuple[str, float, str, str] | None] = [
            (code, 100 * n / top, str(n), f"s-{severity[code]}")
            for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        d_rows: list[tuple[str, float, str, str] | None] = [
            (
                t.word(r["name"], r.get("name_en")),
                100 * float(r["coverage"] or 0),
                _pct(r["coverage"]),
                "cov",
            )
            for r in sorted(
                self.data.get("by_domain", []),
                key=lambda r: (-(r["coverage"] if r["coverage"] is not None else -1), r["name"]),
            )
        ]
        return "\n".join(
            [
                '<section id="charts" aria-labelledby="charts-h">',
                f'<h2 id="charts-h">{t.two("图表", "Charts")}</h2>',
                '<div class="charts">',
                self.chart(
                    "ch-j", t.two("各地平均得分", "Mean score by jurisdiction"), j_rows, note
                ),
                self.chart("ch-g", t.two("各等次目录数", "Catalogs by grade"), g_rows),
                self.chart("ch-c", t.two("各代码问题数", "Findings by code"), c_rows),
                self.chart("ch-d", t.two("各领域事项覆盖率", "Coverage by domain"), d_rows),
                "</div></section>",
            ]
        )

    def chart(
        self,
        ident: str,
        caption: str,
        rows: Sequence[tuple[str, float, str, str] | None],
        note: str = "",
    ) -> str:
        """A bar chart as a list: label, bar (decorative), value as text."""
        items = []
        for row in rows:
            if row is None:
                items.append('<li class="gap" aria-hidden="true">⋯</li>')
                continue
            label, width, value, cls = row
            items.append(
                f'<li><span class="k" title="{_e(label)}">{_e(label)}</span>'
                f'<span class="b" aria-hidden="true"><i class="{cls}" '
                f'style="width:{max(0.0, min(100.0, width)):.1f}%"></i></span>'
                f'<span class="v">{_e(value)}</span></li>'
            )
        if not items:
            items.append(f'<li class="none">{self.t.two("无", "none")}</li>')
        return (
            f'<figure class="chart" aria-labelledby="{ident}">'
            f'<figcaption id="{ident}">{caption}</figcaption>'
            f'<ol class="bars">{"".join(items)}</ol>'
            + (f'<p class="muted">{note}</p>' if note else "")
            + "</figure>"
        )

    # -- the comparison with an earlier check -------------------------------------------

    def comparison(self) -> str:
        """How many governments, domains and catalogs rose, fell, stayed, are new or gone
        since the earlier check, and the catalogs that fell most (empty: none asked)."""
        found = self.data.get("comparison")
        if found is None:
            return ""
        t = self.t
        words = {
            "jurisdiction": ("本级政府", "governments"),
            "domain": ("领域", "domains"),
            "catalog": ("目录", "catalogs"),
        }
        items = []
        for kind, (zh, en) in words.items():
            if kind == "catalog" and not found.get("catalogs_compared", True):
                continue
            n = found["counts"][kind]
            items.append(
                "<li>"
                + t.one(
                    f"{zh}：上升 {n['up']}，下降 {n['down']}，持平 {n['same']}；"
                    f"新增 {n['new']}，本次没有 {n['gone']}",
                    f"{en}: {n['up']} up, {n['down']} down, {n['same']} the same; "
                    f"{n['new']} new, {n['gone']} gone",
                )
                + "</li>"
            )
        falls = sorted(
            (c for c in found.get("catalogs", []) if c["status"] == "down"),
            key=lambda c: float(c["delta"]),
        )[:20]
        rows = "".join(
            f'<tr><td class="n"><span class="down">{float(c["delta"]):+.1f}</span></td>'
            f'<td class="n">{_num(c["score"])}</td><td class="n">{_num(c["score_before"])}</td>'
            f'<th scope="row">{_e(c.get("file") or c["name"])}</th></tr>'
            for c in falls
        )
        table = (
            '<div class="scroll"><table class="ranking" id="falls"><caption>'
            + t.two("得分下降最多的目录", "Catalogs whose score fell most")
            + "</caption><thead><tr>"
            + "".join(
                f'<th scope="col">{t.two(zh, en)}</th>'
                for zh, en in (
                    ("变化", "change"),
                    ("本次", "now"),
                    ("上次", "before"),
                    ("目录", "catalog"),
                )
            )
            + f"</tr></thead><tbody>{rows}</tbody></table></div>"
            if falls
            else ""
        )
        return (
            '<section id="comparison" aria-labelledby="comparison-h">'
            f'<h2 id="comparison-h">{t.two("与上次检查比较", "Compared with the earlier check")}</h2>'
            f'<p class="muted">{t.two("上次的报告：", "Earlier report: ")}{_e(found["earlier"])}</p>'
            f"{self._scheme_note(found)}<ul>{''.join(items)}</ul>{table}</section>"
        )

    def _scheme_note(self, found: Mapping[str, Any]) -> str:
        """A notice when the two checks scored under different schemes (else nothing)."""
        if found.get("same_scheme") is not False:
            return ""
        note = self.t.two(
            "两次检查用的评分方案不同，得分的升降不全是目录本身的变化。",
            "The two checks used different scoring schemes: a rise or fall is not all the "
            "catalogs' own.",
        )
        return f'<p class="notice">{note}</p>'

    # -- rankings ----------------------------------------------------------------------

    def rankings(self) -> str:
        t = self.t
        return "\n".join(
            [
                '<section id="rankings" aria-labelledby="rankings-h">',
                f'<h2 id="rankings-h">{t.two("排名", "Rankings")}</h2>',
                self.ranking(
                    "rank-jurisdiction",
                    t.two("按本级政府", "By jurisdiction"),
                    t.two("本级政府", "jurisdiction"),
                    self.data.get("by_jurisdiction", []),
                    self._changes("by_jurisdiction"),
                ),
                self.ranking(
                    "rank-domain",
                    t.two("按领域", "By domain"),
                    t.two("领域", "domain"),
                    self.data.get("by_domain", []),
                    self._changes("by_domain"),
                ),
                "</section>",
            ]
        )

    def _changes(self, kind: str) -> Mapping[str, Mapping[str, Any]] | None:
        """The comparison's rows of a ranking by key (``None``: no comparison asked)."""
        found = self.data.get("comparison")
        return None if found is None else {c["key"]: c for c in found.get(kind, [])}

    def _change(self, change: Mapping[str, Any] | None) -> str:
        """A ranking row's change since the earlier check: +2.5, −1.0, 0.0, 新."""
        if change is None or change.get("delta") is None:
            new = change is not None and change.get("status") == "new"
            return self.t.one("新", "new") if new else "—"
        delta = float(change["delta"])
        kind = "up" if delta > 0 else "down" if delta < 0 else ""
        return f'<span class="{kind}">{delta:+.1f}</span>' if delta else "0.0"

    def ranking(
        self,
        ident: str,
        caption: str,
        name: str,
        rows: Iterable[Mapping[str, Any]],
        changes: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> str:
        t = self.t
        head = [
            t.two("名次", "rank"),
            name,
            t.two("目录数", "catalogs"),
            t.two("平均分", "mean score"),
            t.two("等次", "grade"),
            t.two("覆盖率", "coverage"),
            t.two("错误", "errors"),
            t.two("警告", "warnings"),
        ]
        if changes is not None:
            head.append(t.two("较上次", "change"))
        body = []
        for r in rows:
            change = (
                f'<td class="n">{self._change(changes.get(r["key"]))}</td>'
                if changes is not None
                else ""
            )
            body.append(
                f'<tr><td class="n">{_e(r["rank"])}</td><th scope="row">{self.t.pick(r["name"], r.get("name_en"))}</th>'
                f'<td class="n">{_e(r["catalogs"])}</td><td class="n">{_num(r["score"])}</td>'
                f"<td>{self.grade(r.get('grade', ''), r.get('grade_en', ''))}</td>"
                f'<td class="n">{_pct(r.get("coverage"))}</td>'
                f'<td class="n">{_e(r["errors"])}</td><td class="n">{_e(r["warnings"])}</td>'
                f"{change}</tr>"
            )
        if not body:
            body.append(
                f'<tr><td colspan="{len(head)}">{t.two("无可排名的目录", "Nothing to rank")}</td></tr>'
            )
        return (
            f'<div class="scroll"><table id="{ident}" class="ranking"><caption>{caption}</caption>'
            "<thead><tr>"
            + "".join(f'<th scope="col">{h}</th>' for h in head)
            + "</tr></thead><tbody>"
            + "".join(body)
            + "</tbody></table></div>"
        )

    def grade(self, name: str, name_en: str = "") -> str:
        if not name:
            return "—"
        shown = name if self.t.zh or not name_en else name_en
        return f'<span class="grade {self.grade_class.get(name, "")}">{_e(shown)}</span>'

    # -- the table of catalogs -----------------------------------------------------------

    def catalog_table(self) -> str:
        t = self.t
        columns: list[tuple[str, str, bool]] = [
            ("文件", "file", False),
            ("本级政府", "jurisdiction", False),
            ("层级", "level", False),
            ("领域", "domain", False),
            ("得分", "score", True),
            ("等次", "grade", False),
            ("覆盖率", "coverage", True),
            ("错误", "errors", True),
            ("警告", "warnings", True),
        ]
        head = "".join(
            f'<th scope="col" aria-sort="none"><button type="button" data-col="{i}"'
            f"{' data-num' if num else ''}>{t.two(zh, en)}</button></th>"
            for i, (zh, en, num) in enumerate(columns)
        )
        domains = sorted({_domain(f, t.zh) for _, f in self.files} - {""})
        grades = self.data.get("scheme", {}).get("grades", [])
        rows = []
        for index, f in self.files:
            card = f.get("score") or {}
            domain = _domain(f, t.zh)
            grade = card.get("grade", "")
            stats = f.get("stats", {})
            rows.append(
                f'<tr data-domain="{_e(domain)}" data-grade="{_e(grade)}">'
                f'<th scope="row"><a href="#c{index}">{_e(_label(f))}</a></th>'
                f"<td>{_e(_jurisdiction(f, t.zh))}</td><td>{_e(_level(f, t.zh))}</td>"
                f"<td>{_e(domain)}</td>"
                f'<td class="n">{_num(card["score"]) if "score" in card else "—"}</td>'
                f"<td>{self.grade(grade, card.get('grade_en', ''))}</td>"
                f'<td class="n">{_pct(card.get("coverage"))}</td>'
                f'<td class="n">{_e(stats.get("errors", 0))}</td>'
                f'<td class="n">{_e(stats.get("warnings", 0))}</td></tr>'
            )
        options_d = "".join(f'<option value="{_e(d)}">{_e(d)}</option>' for d in domains)
        options_g = "".join(
            f'<option value="{_e(g["name"])}">{t.pick(g["name"], g.get("name_en"))}</option>'
            for g in grades
        )
        every = t.one("全部", "all")
        return "\n".join(
            [
                '<section id="catalogs" aria-labelledby="catalogs-h">',
                f'<h2 id="catalogs-h" tabindex="-1">{t.two("全部目录", "All catalogs")}</h2>',
                '<div class="controls" role="search">',
                f'<label for="q">{t.two("筛选", "Filter")}</label>'
                f'<input id="q" type="search" autocomplete="off" placeholder="'
                f'{t.one("文件、政府、领域……", "file, government, domain…")}">',
                f'<label for="fd">{t.two("领域", "Domain")}</label>'
                f'<select id="fd"><option value="">{every}</option>{options_d}</select>',
                f'<label for="fg">{t.two("等次", "Grade")}</label>'
                f'<select id="fg"><option value="">{every}</option>{options_g}</select>',
                "</div>",
                '<p id="shown" class="muted" aria-live="polite" data-tpl="'
                + t.one("显示 {n} / {m} 个目录", "{n} of {m} catalogs shown")
                + '">'
                + self.counted()
                + "</p>"
                + self.left_out(),
                '<div class="scroll"><table id="catalog-table" class="catalogs">'
                f"<caption>{t.two('各目录得分与问题数', 'Scores and findings of each catalog')}</caption>",
                f"<thead><tr>{head}</tr></thead>",
                "<tbody>",
                "\n".join(rows),
                "</tbody></table></div></section>",
            ]
        )

    def counted(self) -> str:
        t = self.t
        listed, every = len(self.files), self.totals.files
        if listed == every:
            return t.two(
                f"共 {every} 个目录；点击表头排序。", f"{every} catalogs; click a heading to sort."
            )
        return t.two(
            f"列出 {listed:,} 个目录（共 {every:,} 个）；点击表头排序。",
            f"{listed:,} of {every:,} catalogs listed; click a heading to sort.",
        )

    # -- a section per catalog -------------------------------------------------------------

    def sections(self) -> str:
        t = self.t
        out = [
            '<section id="details" aria-labelledby="details-h">',
            f'<h2 id="details-h">{t.two("各目录问题清单", "Findings of each catalog")}</h2>',
        ]
        for index, f in self.files:
            out.append(self.section(index, f))
        out.append("</section>")
        return "\n".join(out)

    def section(self, index: int, f: Mapping[str, Any]) -> str:
        """One catalog's findings (labels in the primary language only: a batch may hold
        thousands of catalogs, so the markup per catalog and per finding stays small)."""
        t = self.t
        file = str(f["file"])
        card = f.get("score") or {}
        stats = f.get("stats", {})
        title = " · ".join(x for x in (_jurisdiction(f, t.zh), _domain(f, t.zh)) if x)
        title = title or _label(f)
        meta = [f"{t.one('源文件：', 'source: ')}{self.links.a(file)}"]
        if f.get("sheet"):
            meta.append(f"{t.one('工作表：', 'sheet: ')}{_e(f['sheet'])}")
        if f.get("level"):
            meta.append(_e(_level(f, t.zh)))
        if f.get("parent_file"):
            meta.append(f"{t.one('上级目录：', 'parent: ')}{self.links.a(f['parent_file'])}")
        elif card.get("parent"):
            meta.append(f"{t.one('上级目录：', 'parent: ')}{_e(card['parent'])}")
        out = [
            f'<section id="c{index}" class="cat">',
            f"<h3>{index}. {_e(title)}</h3>",
            f'<p class="meta">{" · ".join(meta)}</p>',
        ]
        if card:
            measures = " · ".join(
                f"{t.one(*_MEASURE_NAMES[m])} {_pct(card.get(m))}" for m in MEASURES
            )
            out.append(
                f'<p class="meta"><strong>{t.one("得分", "score")} {_num(card.get("score", 0))}'
                f"</strong> {self.grade(card.get('grade', ''), card.get('grade_en', ''))}"
                f" · {measures}</p>"
            )
        counts = " · ".join(
            f"{t.one(zh, en)} {_e(stats.get(key + 's', 0))}" for key, zh, en in _SEVERITIES
        )
        verdict = t.one("通过", "passed") if f.get("passed") else t.one("未通过", "failed")
        out.append(
            f'<p class="meta">{verdict} · {counts} · <a href="#catalogs-h">'
            f"{t.one('返回目录列表', 'back to the list')}</a></p>"
        )
        if f.get("problem") or f.get("problem_en"):
            out.append(
                f'<p class="problem">{t.one("无法使用：", "Unusable: ")}'
                f"{t.pick(f.get('problem'), f.get('problem_en'))}</p>"
            )
        findings = list(f.get("findings", []))
        gaps = [x for x in findings if x.get("code") == _GAP]
        rest = [x for x in findings if x.get("code") != _GAP]
        for key, zh, en in _SEVERITIES:
            group = [x for x in rest if x.get("severity") == key]
            if group:
                items = "".join([self.finding(x, file) for x in group])
                out.append(
                    f'<h4>{t.one(f"{zh}（{len(group)}）", f"{en} ({len(group)})")}</h4><ul class="f s-{key}">{items}</ul>'
                )
        if gaps:
            items = "".join([self.finding(x, file) for x in gaps])
            out.append(
                "<details><summary>"
                + t.one(
                    f"已知缺口 {len(gaps)} 项（{_GAP}，目录中已注明）",
                    f"{len(gaps)} known gap(s) ({_GAP}), noted by the catalog itself",
                )
                + f'</summary><ul class="f s-info">{items}</ul></details>'
            )
        if not findings and not f.get("problem"):
            out.append(f'<p class="ok">{t.one("没有发现问题。", "No findings.")}</p>')
        out.append("</section>")
        return "\n".join(out)

    def finding(self, x: Mapping[str, Any], file: str) -> str:
        """One finding: code, message, and where (as small print)."""
        where = self.where(x, file)
        return (
            f"<li><code>{_e(x.get('code', ''))}</code> "
            f"{self.t.pick(x.get('message'), x.get('message_en'))}"
            + (f"<small>{where}</small>" if where else "")
            + "</li>"
        )

    def where(self, x: Mapping[str, Any], file: str) -> str:
        """The place of a finding: the table cell (sheet, row, cell), else file:line, then
        the item; the source file is linked when it is not the catalog's own."""
        t = self.t
        parts = []
        cell = x.get("cell")
        if cell:
            name = str(cell.get("file") or "")
            if name and name != PurePath(file).name:
                parts.append(_e(name))
            sheet = cell.get("sheet")
            if sheet and sheet != PurePath(name or file).stem:  # a CSV's only sheet: no news
                parts.append(f"{t.one('工作表', 'sheet')} {_e(sheet)}")
            ref = str(cell.get("cell") or "")
            row = cell.get("row")
            if row is not None:
                parts.append(t.one(f"第 {row} 行", f"row {row}"))
            if ref and not ref.isdigit():
                parts.append(f"{t.one('单元格', 'cell')} {_e(ref)}")
        elif x.get("file"):
            where = str(x["file"])
            line = x.get("line")
            if where != file:  # another file (a parent catalog): linked
                parts.append(self.links.a(where, where + (f":{line}" if line is not None else "")))
            elif line is not None:
                parts.append(t.one(f"第 {line} 行", f"line {line}"))
        if not cell:  # a table's row and cell say where; else the item (or the path)
            item = x.get("item")
            if item:
                parts.append(f"{t.one('事项', 'item')} {_e(item)}")
            elif x.get("path"):
                parts.append(_e(x["path"]))
        return " · ".join(parts)

    # -- files not checked -------------------------------------------------------------

    def _reason(self, code: str) -> str:
        """A reason's short name in the page's language (its code when unknown)."""
        names = SKIP_REASON_NAMES.get(code)
        return (names[0] if self.t.zh else names[1]) if names else code

    def skipped(self) -> str:
        t = self.t
        skipped = list(self.data.get("skipped", []))
        out = [
            '<section id="skipped" aria-labelledby="skipped-h">',
            f'<h2 id="skipped-h">{t.two(f"未检查的文件（{len(skipped)}）", f"Files not checked ({len(skipped)})")}</h2>',
        ]
        if not skipped:
            out.append(f"<p>{t.two('无。', 'None.')}</p>")
        else:
            out.append(
                '<div class="scroll"><table class="skipped"><thead><tr>'
                f'<th scope="col">{t.two("文件", "file")}</th>'
                f'<th scope="col">{t.two("原因", "reason")}</th></tr></thead><tbody>'
            )
            for s in skipped:
                out.append(
                    f'<tr><th scope="row">{self.links.a(str(s["file"]))}</th>'
                    f"<td>{t.pick(s.get('message'), s.get('message_en'))}"
                    f' <small class="muted">({_e(self._reason(s.get("reason", "")))})</small></td></tr>'
                )
            out.append("</tbody></table></div>")
        out.append("</section>")
        return "\n".join(out)


def _unusable(f: Mapping[str, Any]) -> bool:
    card = f.get("score")
    return bool(f.get("problem")) or (card is not None and not card.get("usable", True))


def _domain(f: Mapping[str, Any], zh: bool = True) -> str:
    """The file's domain: the pack's name in the page's language, else its code."""
    card = f.get("score") or {}
    named = card.get("domain_name") if zh else card.get("domain_name_en")
    return str(named or card.get("domain_name") or f.get("domain") or "")


def _label(f: Mapping[str, Any]) -> str:
    """A catalog's file, and its sheet when its workbook holds several (:func:`sheet_label`)."""
    return sheet_label(str(f["file"]), f.get("sheet"))


def _jurisdiction(f: Mapping[str, Any], zh: bool = True) -> str:
    """The file's government (the import's placeholder said in English on an English
    page)."""
    card = f.get("score") or {}
    name = str(f.get("jurisdiction") or card.get("jurisdiction") or "")
    return UNNAMED_EN if not zh and name == UNNAMED else name


def _level(f: Mapping[str, Any], zh: bool = True) -> str:
    """The file's level (``县级``; its code, ``county``, on an English page)."""
    card = f.get("score") or {}
    return str((None if zh else card.get("level_en")) or f.get("level") or "")
