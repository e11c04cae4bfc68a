"""The audit's finding codes (GK5xx), as documented rule objects.

They are produced by :func:`gkstd.audit.audit`, not by catalog validation (scope
``record``).  Each example is a small CSV of records audited against the rule-example
catalog (one item ``permit``, 20 working days, channel 政府网站) as of
:data:`EXAMPLE_AS_OF`.
"""

from __future__ import annotations

import datetime

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document, replaced

__all__ = [
    "AUDIT_RULES",
    "BAD_DATE",
    "EXAMPLE_AS_OF",
    "EXAMPLE_CATALOG",
    "MISSING_FIELD",
    "NO_DEADLINE",
    "OVERDUE",
    "PUBLISHED_BEFORE_FORMED",
    "PUBLISHED_LATE",
    "RECORDS_UNUSABLE",
    "UNKNOWN_ITEM",
    "UNLISTED_CHANNEL",
]

#: The date the rule examples are audited "as of".
EXAMPLE_AS_OF = datetime.date(2026, 6, 30)

#: The catalog the rule examples are audited against: the rule-example item ``permit``
#: (20 working days, 政府网站) and an item ``standing`` published 长期.
EXAMPLE_CATALOG = minimal_document(GOOD_ITEM) + "".join(
    "  " + ("- " if n == 0 else "  ") + line + "\n"
    for n, line in enumerate(
        replaced(
            replaced(
                replaced(GOOD_ITEM, "id: permit", "id: standing"),
                "name: 燃气经营许可证核发",
                "name: 燃气管理政策文件",
            ),
            "{kind: working_days, days: 20, text: 20个工作日}",
            "长期公开",
        )
        .rstrip()
        .split("\n")
    )
)

_TIAOLI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
_HEAD = "item,formed,published,channel,url\n"
_GOOD = Example(
    _HEAD + "permit,2026-02-10,2026-03-16,政府网站,https://example.gov.cn/1\n", scope="records"
)


def _records(text: str) -> Example:
    return Example(text, scope="records")


_PROVISIONAL = (
    "（期限为暂定：涉及尚无官方放假安排的年份）",
    " (provisional deadline: a year without an official schedule)",
)


PUBLISHED_LATE = rule(
    "GK501",
    Severity.WARNING,
    ("公开晚于期限", "Published after the deadline"),
    (
        "记录的发布日期晚于按事项公开时限和工作日历算出的期限。延误以工作日计。"
        "期限涉及尚无官方放假安排的年份时为暂定，消息中注明。",
        "The record was published after the deadline computed from the item's time "
        "limit and the working-day calendar. The delay is in working days. Deadlines in "
        "years without an official holiday schedule are provisional, and the message says so.",
    ),
    f"{_TIAOLI}第二十六条",
    bad=_records(_HEAD + "permit,2026-02-10,2026-03-20,政府网站,https://example.gov.cn/1\n"),
    good=_GOOD,
    scope="record",
    fix=("核实延误原因并整改。", "Find out why and correct the process."),
    messages={
        "default": (
            "第 {row} 行：事项“{name}”期限 {due}，{published} 才发布，延误 {delay} 个工作日。",
            "Row {row}: item {name!r} was due {due} but published {published}, {delay} working day(s) late.",
        ),
        "provisional": (
            "第 {row} 行：事项“{name}”期限 {due}，{published} 才发布，延误 {delay} 个工作日"
            + _PROVISIONAL[0]
            + "。",
            "Row {row}: item {name!r} was due {due} but published {published}, {delay} working day(s) late"
            + _PROVISIONAL[1]
            + ".",
        ),
    },
)

OVERDUE = rule(
    "GK502",
    Severity.ERROR,
    ("逾期未公开", "Overdue: not yet published"),
    (
        "记录没有发布日期，而审计日（--as-of，默认今天）已过期限。",
        "The record has no publication date and the audit date (--as-of, default today) "
        "is past the deadline.",
    ),
    f"{_TIAOLI}第二十六条",
    bad=_records(_HEAD + "permit,2026-02-10,,,\n"),
    good=_GOOD,
    scope="record",
    fix=("尽快公开并填写发布日期。", "Publish it and record the date."),
    messages={
        "default": (
            "第 {row} 行：事项“{name}”期限 {due}，截至 {as_of} 仍未公开，已逾期 {overdue} 个工作日。",
            "Row {row}: item {name!r} was due {due} and is still unpublished on {as_of}, {overdue} working day(s) overdue.",
        ),
        "provisional": (
            "第 {row} 行：事项“{name}”期限 {due}，截至 {as_of} 仍未公开，已逾期 {overdue} 个工作日"
            + _PROVISIONAL[0]
            + "。",
            "Row {row}: item {name!r} was due {due} and is still unpublished on {as_of}, {overdue} working day(s) overdue"
            + _PROVISIONAL[1]
            + ".",
        ),
    },
)

UNLISTED_CHANNEL = rule(
    "GK503",
    Severity.WARNING,
    ("发布渠道不在事项的公开渠道中", "Channel not listed by the item"),
    (
        "记录的发布渠道不是目录为该事项规定的公开渠道和载体之一。",
        "The record's channel is not one of the channels the catalog lists for the item.",
    ),
    "国办发〔2019〕54号（公开渠道是标准目录的要素）",
    bad=_records(_HEAD + "permit,2026-02-10,2026-03-16,政务新媒体,\n"),
    good=_GOOD,
    scope="record",
    fix=(
        "在目录规定的渠道发布，或在目录中补充该渠道。",
        "Publish on a listed channel, or list it.",
    ),
    messages=(
        "第 {row} 行在“{channel}”发布，但事项“{name}”的公开渠道是：{listed}。",
        "Row {row} was published on {channel!r}, but item {name!r} lists: {listed}.",
    ),
)

UNKNOWN_ITEM = rule(
    "GK504",
    Severity.ERROR,
    ("记录的事项不在目录中", "Record names no item of the catalog"),
    (
        "记录的事项列既不是目录中末级事项的编号，也不是其名称；消息给出最接近的事项。",
        "The record's item is neither the id nor the name of a leaf item; the message "
        "suggests the closest one.",
    ),
    "gkstd 审计：记录按事项编号或名称对应目录",
    bad=_records(_HEAD + "燃气经营许可证,2026-02-10,2026-03-16,政府网站,\n"),
    good=_GOOD,
    scope="record",
    fix=("改用目录中的事项编号或完整名称。", "Use the item's id or exact name."),
    messages={
        "default": (
            "第 {row} 行的事项“{text}”不在目录中；是否指 {suggestion}（{suggestion_name}）？",
            "Row {row}: item {text!r} is not in the catalog. Did you mean {suggestion} "
            "({suggestion_name})?",
        ),
        "no-suggestion": (
            "第 {row} 行的事项“{text}”不在目录中；目录中没有相近的事项。",
            "Row {row}: item {text!r} is not in the catalog. No similar item in the catalog.",
        ),
        "ambiguous": (
            "第 {row} 行的事项“{text}”在多个目录中都有；请增加 domain（领域）列指明是哪一个。",
            "Row {row}: item {text!r} is in several catalogs; add a domain column to say which.",
        ),
    },
)

MISSING_FIELD = rule(
    "GK505",
    Severity.ERROR,
    ("记录缺少必填字段", "Record is missing a required field"),
    (
        "每条记录必须有事项和信息形成（变更）日期；没有发布日期表示尚未公开。",
        "Every record needs the item and the date the information was formed or changed; "
        "no publication date means not yet published.",
    ),
    "gkstd 审计记录格式",
    bad=_records(_HEAD + "permit,,2026-03-16,政府网站,\n"),
    good=_GOOD,
    scope="record",
    fix=("补齐该字段。", "Fill in the field."),
    messages=(
        "第 {row} 行缺少{field_zh}（{field}）。",
        "Row {row} has no {field}.",
    ),
)

BAD_DATE = rule(
    "GK506",
    Severity.ERROR,
    ("记录无法读取或日期无效", "Record unreadable or date invalid"),
    (
        "日期应写成 YYYY-MM-DD（也接受 2026/3/5、2026年3月5日）；JSON Lines 的每行必须是一个对象，"
        "其值是文字、数字或日期（不能是列表、对象、布尔值、NaN/Infinity 或位数过多的数字）；"
        "单元格不超过 max_text_chars 个字符；CSV 的引号必须配对。该行报告后，其余各行照常审计。",
        "Dates are YYYY-MM-DD (2026/3/5 and 2026年3月5日 are accepted); each JSON Lines "
        "line must be one object whose values are text, numbers or dates (not lists, "
        "objects, booleans, NaN/Infinity or numbers with too many digits); a cell has at "
        "most max_text_chars characters; CSV quotes must balance. The row is reported and "
        "the other rows are audited.",
    ),
    "gkstd 审计记录格式",
    bad=_records(_HEAD + "permit,2026-02-30,2026-03-16,政府网站,\n"),
    good=_GOOD,
    scope="record",
    fix=("更正日期或该行。", "Correct the date or the line."),
    messages={
        "default": (
            "第 {row} 行的{field_zh}（{field} 列）“{value}”不是有效日期；请写成 YYYY-MM-DD。",
            "Row {row}: {field} = {value!r} is not a valid date; write YYYY-MM-DD.",
        ),
        "out-of-range": (
            "第 {row} 行的{field_zh}（{field} 列）{value} 超出工作日历的范围（{first}–{last} 年）。",
            "Row {row}: {field} = {value} is outside the working-day calendar ({first}–{last}).",
        ),
        "unreadable": ("第 {row} 行{reason}。", "Row {row}: {reason_en}."),
    },
)

PUBLISHED_BEFORE_FORMED = rule(
    "GK507",
    Severity.ERROR,
    ("发布日期早于形成日期", "Published before the information was formed"),
    (
        "发布日期早于信息形成（变更）日期，两者至少有一个填错。",
        "The publication date is before the formation date: one of them is wrong.",
    ),
    "gkstd 审计记录格式",
    bad=_records(_HEAD + "permit,2026-03-16,2026-02-10,政府网站,\n"),
    good=_GOOD,
    scope="record",
    fix=("核对两个日期。", "Check both dates."),
    messages=(
        "第 {row} 行的发布日期 {published} 早于形成日期 {formed}。",
        "Row {row}: published {published} is before formed {formed}.",
    ),
)

NO_DEADLINE = rule(
    "GK508",
    Severity.INFO,
    ("事项的公开时限无法计算期限", "Item's time limit gives no deadline"),
    (
        "事项的公开时限是长期公开、分项时限（记录未指明分项）、未能识别的文字等，无法计算期限；"
        "这些记录只检查渠道和字段。每个事项报告一次。",
        "The item's limit sets no computable deadline (standing, compound without the "
        "record's scope, unparsed wording …); its records are checked for fields and "
        "channels only. Reported once per item.",
    ),
    "gkstd 审计",
    bad=_records(_HEAD + "standing,2026-02-10,2026-03-16,政府网站,\n"),
    good=_GOOD,
    scope="record",
    fix=(
        "在目录中写明可计算的时限，或在记录中给出 scope 列。",
        "State a computable limit, or a scope.",
    ),
    messages={
        "default": (
            "事项“{name}”（首见于第 {row} 行）无法计算期限：公开时限“{limit}”不是可计算的期限。",
            "Item {name!r} (first in row {row}) has no computable deadline: {limit!r}.",
        ),
        "reason": (
            "事项“{name}”（首见于第 {row} 行，公开时限“{limit}”）无法计算期限：{reason}",
            "Item {name!r} (first in row {row}) has no computable deadline: {limit!r}. {reason_en}",
        ),
    },
)

RECORDS_UNUSABLE = rule(
    "GK509",
    Severity.ERROR,
    ("记录文件无法使用", "Records file unusable"),
    (
        "记录文件无法读取、格式不受支持、是 HTML 网页或二进制文件、表头中没有事项列，"
        "或没有一条记录（空文件、只有表头）；消息说明应有哪些列。",
        "The records file cannot be read, has an unsupported format, is an HTML page or a "
        "binary file, its header has no item column, or it holds no record at all (empty, "
        "header only); the message says which columns are expected.",
    ),
    "gkstd 审计记录格式",
    bad=_records("编号,日期\n1,2026-02-10\n"),
    good=_GOOD,
    scope="record",
    fix=(
        "导出含 item（事项）列的 CSV、JSON Lines 或 XLSX。",
        "Export CSV/JSONL/XLSX with an item column.",
    ),
    messages=("{reason}", "{reason_en}"),
)

#: Every audit rule, in code order.
AUDIT_RULES: tuple[Rule, ...] = (
    PUBLISHED_LATE,
    OVERDUE,
    UNLISTED_CHANNEL,
    UNKNOWN_ITEM,
    MISSING_FIELD,
    BAD_DATE,
    PUBLISHED_BEFORE_FORMED,
    NO_DEADLINE,
    RECORDS_UNUSABLE,
)
