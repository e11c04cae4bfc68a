"""The Excel workbook of a batch check (``gkstd check PATHS --report out.xlsx``), as a
政务公开办 circulates it: every catalog's scorecard, the rankings, every finding and the
files not checked, on sheets with Chinese names, ready to filter in Excel or WPS.

Sheets, in order:

* ``评分汇总`` — one row per catalog checked: who, level, domain, parent, the four measures
  (percentages; blank when not computable), finding counts, score and grade, then the
  government, level, domain, grade and note in English.
* ``排名`` — jurisdictions ranked by mean score; ``领域排名`` — domains ranked (each ends
  with the name and the grade in English).
* ``与上次比较`` — only with a comparison (``--compare``): a row per government, domain
  and catalog with its score now and before, the change, ranks, grades and status.
* ``问题清单`` — one row per finding: file, jurisdiction, domain, code, severity, message,
  the table cell (sheet, row, cell) or the document line, item, element, English message.
  Beyond Excel's 1,048,576 rows a sheet, the list continues on ``问题清单(2)`` and so on.
* ``未检查文件`` — the paths not checked, with the reason.
* ``评分方案`` — the scoring scheme (weights, penalties, grades) and the report's totals.

Every sheet has a bold filled header row, frozen, and an autofilter over its data.  Text
is always written as text (``write_string``): a file name or message starting with ``=``,
``+``, ``-`` or ``@`` never becomes a formula, and no cell holds a formula.  Text longer
than an Excel cell holds is cut with a marker.  The bytes depend only on the report and
``generated`` (the workbook's creation date is fixed when ``generated`` is not given).

Long module: one writer per sheet, each laying out its columns and rows in place (split
across modules, the column lists and the rows they describe would drift apart).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from gkstd.batch.compare import STATUS_NAMES, Comparison
from gkstd.batch.discover import REPORT_COMMENT, SKIP_REASON_NAMES
from gkstd.batch.naming import sheet_label
from gkstd.batch.result import BatchReport, FileResult
from gkstd.batch.scheme import MEASURES
from gkstd.diagnostics.collector import collector_paused
from gkstd.diagnostics.findings import Finding
from gkstd.tables.xlsxout import workbook_file

__all__ = ["SHEETS", "write_xlsx"]

#: Rows in an Excel sheet (header included); findings beyond it continue on a new sheet.
_MAX_ROWS = 1_048_576
#: Rows (findings and files) above which the rows are streamed to disk rather than
#: kept in memory until the workbook closes (about 1.5 KB a row in memory).
_STREAM_ROWS = 250_000
#: Characters (UTF-16 code units) an Excel cell holds.
_MAX_CHARS = 32_767
#: Rows whose text sets the column widths (the rest cannot widen a column further).
_WIDTH_ROWS = 2_000
#: Narrowest column (in Excel's character widths).
_MIN_WIDTH = 6
#: Widest column (in Excel's character widths) the widths grow to.
_MAX_WIDTH = 60
#: The workbook's creation date when ``generated`` is not given (fixed: same bytes).
_FIXED_CREATED = datetime(2000, 1, 1, tzinfo=UTC)

#: The sheet names (the findings may continue on ``问题清单(2)`` …).
SHEETS = ("评分汇总", "排名", "领域排名", "问题清单", "未检查文件", "评分方案")

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_MEASURE_NAMES = {
    "coverage": ("事项覆盖率", "coverage"),  # the names of the HTML report and docs/scoring.md
    "elements": ("要素完整率", "elements"),
    "time_limits": ("时限合规率", "time limits"),
    "channels": ("网站公开率", "on the website"),
}

_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes os.fsdecode could not decode
_LONE = re.compile("[\ud800-\udfff]")

_FONT = {"font_name": "宋体", "font_size": 10, "valign": "top"}
#: Number formats by column kind (``text``: written with ``write_string``).
_NUMBER_FORMATS = {"int": "#,##0", "pct": "0.0%", "score": "0.0", "num": "General"}

#: A column: header, kind (``text`` or a key of :data:`_NUMBER_FORMATS`).
_Column = tuple[str, str]
_Value = str | int | float | datetime | None


@collector_paused()  # a row or element per finding: the collector would walk them all
def write_xlsx(report: BatchReport, path: str, *, generated: datetime | None = None) -> None:
    """Write ``report`` to ``path`` as an .xlsx workbook (see the module docstring for
    the sheets).

    ``generated`` is when the check ran: shown on ``评分方案`` and stored as the
    workbook's creation date.  Without it the creation date is fixed (2000-01-01), so
    writing the same report twice gives the same bytes.  Nothing in the workbook is a
    formula.  The caller makes the write atomic (:func:`gkstd.io.files.write_output`).
    Raises :class:`OSError` when the file cannot be written (a full disk: the workbook is
    made in memory and written in one go, so the error is the file system's own)."""
    findings = sum(len(f.report.findings) for f in report.files)
    streamed = findings + len(report.files) > _STREAM_ROWS
    options = {
        # a very large batch streams its rows to disk (bounded memory, slower)
        "constant_memory": streamed,
        "in_memory": not streamed,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "remove_timezone": True,
    }
    with workbook_file(path, options) as workbook:
        created = generated if generated is not None else _FIXED_CREATED
        if created.tzinfo is not None:
            created = created.astimezone(UTC)
        workbook.set_properties(
            {
                "title": "政务公开事项标准目录检查报告",
                "subject": "标准目录批量检查：评分、排名与问题清单",
                "author": "gkstd",
                "keywords": "政务公开, 标准目录, 评分, gkstd",
                "comments": REPORT_COMMENT,
                "created": created.replace(tzinfo=None),
            }
        )
        _Writer(workbook, report, generated).write(findings)


#: The English columns at the end of 评分汇总 and of the rankings (the Chinese ones first).
_SUMMARY_EN = ("Government", "Level", "Domain", "Grade", "Note")
_RANKING_EN = ("Name", "Grade")


def _cols(kind: str, *headers: str) -> list[_Column]:
    return [(header, kind) for header in headers]


def _clip(text: str) -> str:
    """``text`` cut to what an Excel cell holds, with a marker saying how long it was."""
    if len(text) <= _MAX_CHARS // 2:  # fast path: fits even if every char is two units
        return text
    units = len(text.encode("utf-16-le")) // 2
    if units <= _MAX_CHARS:
        return text
    marker = f"…（已截断，原文 {len(text):,} 字）"
    budget = _MAX_CHARS - len(marker)
    out: list[str] = []
    for char in text:
        budget -= 2 if ord(char) > 0xFFFF else 1
        if budget < 0:
            break
        out.append(char)
    return "".join(out) + marker


def _width(text: str) -> int:
    """Display width: CJK (and other wide) characters count double."""
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def _readable(text: str) -> str:
    """``text`` that can be written to the workbook.  A file name whose bytes are not UTF-8
    (Python keeps them as lone surrogates: a GBK name unpacked from a zip made on Windows)
    is read as GB18030; any other lone surrogate becomes U+FFFD."""

    def gbk(match: re.Match[str]) -> str:
        raw = bytes(ord(char) - 0xDC00 for char in match.group())
        return raw.decode("gb18030", "replace")

    return _LONE.sub("\ufffd", _ESCAPED.sub(gbk, text))


def _widen(widths: list[int], kinds: Sequence[str], values: Sequence[_Value]) -> None:
    """Widen the columns to fit ``values`` as shown (plus a margin)."""
    for c, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, str):
            w = _width(value)
        elif isinstance(value, datetime):
            w = 18
        elif kinds[c] == "int":
            w = len(f"{round(value):,}")
        elif kinds[c] == "pct":
            w = 6  # 100.0%
        else:
            w = min(len(f"{value:,}"), 11)
        if w + 2 > widths[c]:
            widths[c] = w + 2


@attrs.define
class _Writer:
    workbook: Any
    report: BatchReport
    generated: datetime | None
    formats: dict[str, Any] = attrs.field(factory=dict)
    finding_sheets: list[str] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        wb = self.workbook
        self.formats["head"] = wb.add_format(
            {
                **_FONT,
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.formats["text"] = wb.add_format(_FONT)
        for kind, number in _NUMBER_FORMATS.items():
            self.formats[kind] = wb.add_format({**_FONT, "num_format": number})
        self.formats["date"] = wb.add_format(
            {**_FONT, "num_format": 'yyyy"年"m"月"d"日" hh:mm', "align": "left"}
        )
        self.formats["bad"] = wb.add_format({"font_color": "#C00000"})
        self.formats["warn"] = wb.add_format({"font_color": "#9C5700"})

    # ------------------------------------------------------------------ sheets

    def write(self, total: int) -> None:
        """Every sheet; ``total``: the number of findings."""
        report = self.report
        per_sheet = _MAX_ROWS - 1
        sheets = max(1, -(-total // per_sheet))
        self.finding_sheets = ["问题清单"] + [f"问题清单({n})" for n in range(2, sheets + 1)]
        self._scorecards()
        self._ranking("排名", "本级政府", "区划代码", report.by_jurisdiction)
        self._ranking("领域排名", "领域", "领域代码", report.by_domain)
        if report.comparison is not None:
            self._comparison(report.comparison)
        self._findings(total, per_sheet)
        self._skipped()
        self._scheme(total)

    def _scorecards(self) -> None:
        columns = [
            *_cols("text", "文件", "本级政府", "层级", "领域", "上级目录", "上级目录文件"),
            *_cols("int", "应有事项", "已有事项"),
            *_cols("pct", *(_MEASURE_NAMES[m][0] for m in MEASURES)),
            *_cols("int", "错误", "警告", "提示"),
            *_cols("score", "得分"),
            *_cols("text", "等次", "备注"),
            *_cols("text", *_SUMMARY_EN),
        ]

        def rows() -> Iterator[Sequence[_Value]]:
            for result in self.report.files:
                card = result.scorecard
                stats = result.stats
                label = sheet_label(str(result.path), result.sheet)
                note = _problem(result)
                note_en = _problem(result, "en")
                if card is None:  # not scored (a report built without the scheme)
                    counts = (stats.errors, stats.warnings, stats.infos)
                    yield (
                        label,
                        *([None] * (7 + len(MEASURES))),
                        *counts,
                        None,
                        None,
                        note,
                        *([None] * (len(_SUMMARY_EN) - 1)),
                        note_en,
                    )
                    continue
                m = card.measures
                yield (
                    label,
                    card.jurisdiction,
                    card.level,
                    card.domain_name or card.domain,
                    card.parent,
                    result.parent_file,
                    m.required,
                    m.present if m.required is not None else None,
                    *(m.ratio(name) for name in MEASURES),
                    card.errors,
                    card.warnings,
                    card.infos,
                    card.score,
                    card.grade,
                    note,
                    card.jurisdiction_en,
                    card.level_en or None,
                    card.domain_name_en or card.domain_name or card.domain,
                    card.grade_en or card.grade,
                    note_en,
                )

        sheet, last = self._table("评分汇总", columns, rows())
        self._grade_colours(sheet, last, len(columns) - len(_SUMMARY_EN) - 2)

    def _comparison(self, found: Comparison) -> None:
        """与上次比较: a row per government, domain and catalog, its score now and before,
        the change, ranks, grades, errors and status (an autofilter picks 下降)."""
        columns = [
            *_cols("text", "类别", "名称", "文件"),
            *_cols("score", "本次得分", "上次得分", "变化"),
            *_cols("int", "本次名次", "上次名次"),
            *_cols("text", "本次等次", "上次等次"),
            *_cols("int", "本次错误", "上次错误"),
            *_cols("text", "状态", "Category", "Name", "Status"),
        ]
        kinds = {
            "jurisdiction": ("本级政府", "government"),
            "domain": ("领域", "domain"),
            "catalog": ("目录", "catalog"),
        }

        def rows() -> Iterator[Sequence[_Value]]:
            for change in (*found.jurisdictions, *found.domains, *found.catalogs):
                now, before = change.now, change.before
                status = STATUS_NAMES[change.status]
                yield (
                    kinds[change.kind][0],
                    change.name,
                    change.file,
                    now.score if now else None,
                    before.score if before else None,
                    change.delta,
                    now.rank if now else None,
                    before.rank if before else None,
                    now.grade if now else None,
                    before.grade if before else None,
                    now.errors if now else None,
                    before.errors if before else None,
                    status[0],
                    kinds[change.kind][1],
                    change.name_en,
                    status[1],
                )

        sheet, last = self._table("与上次比较", columns, rows())
        if last >= 1:  # a fall stands out
            self._colour(sheet, (1, 12, last, 12), STATUS_NAMES["down"][0], "bad")

    def _ranking(self, name: str, who: str, code: str, rollups: Sequence[Any]) -> None:
        columns = [
            *_cols("int", "名次"),
            *_cols("text", who),
            *_cols("int", "目录数"),
            *_cols("score", "平均得分"),
            *_cols("text", "等次"),
            *_cols("pct", "覆盖率"),
            *_cols("int", "错误", "警告"),
            *_cols("text", code, *_RANKING_EN),
        ]
        rows = (
            (
                r.rank,
                r.name,
                r.catalogs,
                r.score,
                r.grade,
                r.coverage,
                r.errors,
                r.warnings,
                r.key if r.key != r.name else None,
                r.name_en or r.name,
                r.grade_en or r.grade,
            )
            for r in rollups
        )
        sheet, last = self._table(name, columns, rows)
        self._grade_colours(sheet, last, 4)

    def _findings(self, total: int, per_sheet: int) -> None:
        columns = [
            *_cols("text", "文件", "本级政府", "领域", "代码", "级别", "说明", "工作表"),
            *_cols("int", "行"),
            *_cols("text", "单元格", "事项编号", "要素", "所在文件", "English message"),
        ]
        rows = iter(self._finding_rows())  # one stream, continued from sheet to sheet
        for number, name in enumerate(self.finding_sheets):
            count = min(per_sheet, total - number * per_sheet)
            sheet, last = self._table(name, columns, rows, limit=count)
            cells = (1, 4, last, 4)
            if last >= 1:
                self._colour(sheet, cells, "错误", "bad")
                self._colour(sheet, cells, "警告", "warn")

    def _finding_rows(self) -> Iterator[Sequence[_Value]]:
        for result in self.report.files:
            file = str(result.path)
            label = sheet_label(file, result.sheet)
            card = result.scorecard
            who = card.jurisdiction if card is not None else None
            domain = (card.domain_name or card.domain) if card is not None else None
            for finding in result.report.findings:
                yield (label, who, domain, *_where(finding, file))

    def _skipped(self) -> None:
        columns = _cols("text", "文件", "原因", "说明", "原因代码", "English message")
        rows = (
            (str(s.path), SKIP_REASON_NAMES.get(s.reason, (s.reason,))[0], s.zh, s.reason, s.en)
            for s in self.report.skipped
        )
        self._table("未检查文件", columns, rows)

    def _scheme(self, total: int) -> None:
        scheme = self.report.scheme
        columns = [
            *_cols("text", "类别", "项目"),
            *_cols("num", "数值"),
            *_cols("text", "说明", "English"),
        ]
        rows: list[Sequence[_Value]] = [
            ("方案", "名称", None, scheme.name, scheme.name_en),
            ("方案", "来源", None, scheme.source, None),
        ]
        for measure in MEASURES:
            zh, en = _MEASURE_NAMES[measure]
            rows.append(("权重", zh, scheme.weight(measure), None, en))
        rows += [
            ("扣分", "每个错误", scheme.error, "每条错误扣分", "points per error"),
            ("扣分", "每个警告", scheme.warning, "每条警告扣分", "points per warning"),
            ("扣分", "每个提示", scheme.info, "每条提示扣分", "points per info"),
            ("扣分", "扣分上限", scheme.cap, "每份目录最多扣分", "most points taken off"),
        ]
        for grade in scheme.grades:
            rows.append(("等次", grade.name, grade.min, "得分不低于此值", grade.name_en))
        files = self.report.files
        rows += [
            ("报告", "检查文件数", len(files), None, "files checked"),
            ("报告", "通过文件数", sum(f.passed for f in files), "可用且无错误", "files passed"),
            ("报告", "未检查文件数", len(self.report.skipped), None, "files not checked"),
            ("报告", "问题总数", total, None, "findings"),
        ]
        if len(self.finding_sheets) > 1:
            sheets = "、".join(self.finding_sheets)
            rows.append(
                (
                    "报告",
                    "问题清单分表",
                    len(self.finding_sheets),
                    f"问题超过单个工作表 {_MAX_ROWS - 1:,} 行的上限，依次续在：{sheets}",
                    f"findings exceed {_MAX_ROWS - 1:,} rows a sheet; continued on "
                    + ", ".join(self.finding_sheets),
                )
            )
        no_formulas = "本工作簿所有单元格均为文本或数值，不含公式。"
        rows.append(("报告", "公式", None, no_formulas, "No cell holds a formula."))
        if self.generated is not None:
            generated = self.generated
            if generated.tzinfo is not None:
                generated = generated.astimezone()  # shown in local time
            rows.append(("报告", "生成时间", generated.replace(tzinfo=None), None, "generated"))
        self._table("评分方案", columns, rows)

    # ------------------------------------------------------------------ helpers

    def _table(
        self,
        name: str,
        columns: Sequence[_Column],
        rows: Iterable[Sequence[_Value]],
        *,
        limit: int | None = None,
    ) -> tuple[Any, int]:
        """A sheet holding a header and ``rows`` (at most ``limit``): frozen header,
        autofilter, widths.  Returns the sheet and its last row (0-based)."""
        sheet = self.workbook.add_worksheet(name)
        head = self.formats["head"]
        widths = [max(_MIN_WIDTH, _width(label) + 2) for label, _ in columns]
        for c, (label, _) in enumerate(columns):
            sheet.write_string(0, c, label, head)
        kinds = [kind for _, kind in columns]
        formats = [self.formats[kind] for kind in kinds]
        write_string, write_number = sheet.write_string, sheet.write_number
        r = 0
        for values in itertools.islice(rows, limit):  # the loop of large batches: kept lean
            r += 1
            if r <= _WIDTH_ROWS:
                _widen(widths, kinds, values)
            for c, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    try:
                        value.encode("utf-8")
                    except UnicodeEncodeError:
                        value = _readable(value)
                    if len(value) > _MAX_CHARS // 2:
                        value = _clip(value)
                    write_string(r, c, value, formats[c])
                elif isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, self.formats["date"])
                else:
                    write_number(r, c, value, formats[c])
        for c, width in enumerate(widths):
            sheet.set_column(c, c, min(width, _MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, r, len(columns) - 1)
        sheet.set_paper(9)  # A4 landscape, the header on every printed page
        sheet.set_landscape()
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)  # as wide as the page, as many pages long as it takes
        return sheet, r

    def _colour(self, sheet: Any, cells: tuple[int, int, int, int], value: str, fmt: str) -> None:
        sheet.conditional_format(
            *cells,
            {"type": "cell", "criteria": "==", "value": f'"{value}"', "format": self.formats[fmt]},
        )

    def _grade_colours(self, sheet: Any, last: int, column: int) -> None:
        grades = self.report.scheme.grades
        if last >= 1 and grades:  # the lowest grade (不合格) stands out
            self._colour(sheet, (1, column, last, column), grades[-1].name, "bad")


def _problem(result: FileResult, lang: str = "zh") -> str | None:
    """Why a file could not be used (``None`` when it could), in ``lang``."""
    english = lang == "en"
    if result.problem is not None:
        return (result.problem_en or result.problem) if english else result.problem
    if result.catalog is None:
        first = next((f for f in result.report.findings if f.severity.value == "error"), None)
        if first is None:
            return "unusable" if english else "无法使用"
        return first.text(lang)
    return None


def _where(finding: Finding, file: str) -> tuple[_Value, ...]:
    """code, 级别, 说明, 工作表, 行, 单元格, 事项编号, 要素, 所在文件, English."""
    loc = finding.location
    sheet = cell = other = None
    row: int | None = None
    if loc.cell is not None:
        sheet = loc.cell.sheet
        row = loc.cell.row
        ref = loc.cell.cell
        cell = f"第 {ref} 行" if ref.isdigit() else ref
    elif loc.file is not None:
        row = loc.line  # a line of a document (a table's converted lines mean nothing)
    if loc.file is not None and loc.file != file:
        other = loc.file  # e.g. the parent catalog the finding is in
    elif loc.cell is not None and not file.endswith(loc.cell.file):
        other = loc.cell.file
    return (
        finding.code,
        _SEVERITY.get(finding.severity.value, finding.severity.value),
        finding.message,
        sheet,
        row,
        cell,
        loc.item,
        loc.element,
        other,
        finding.message_en,
    )
