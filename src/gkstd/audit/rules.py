"""The audit's finding codes (GK5xx), as documented rule objects.

They are produced by :func:`gkstd.audit.audit`, not by catalog validation (scope
``record``).  Each example is a small CSV of records audited against the rule-example
catalog (one item ``permit``, 20 working days, channel 政府网站) as of
:data:`EXAMPLE_AS_OF`.
"""

from __future__ import annotations

import datetime

from gkstd.diagnostics.findings import Severity
from gkstd.diagnostics.rule import Example, Rule, documented_rule
from gkstd.diagnostics.samples import GOOD_ITEM, minimal_document

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
        GOOD_ITEM.replace("id: permit", "id: standing")
        .replace("name: 燃气经营许可证核发", "name: 燃气管理政策文件")
        .replace("{kind: working_days, days: 20, text: 20个工作日}", "长期公开")
        .rstrip()
        .split("\n")
    )
)

_TIAOLI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
_HEAD = "item,formed,published,channel,url\n"
_GOOD = Example(
    _HEAD + "permit,2026-02-10,2026-03-16,政府网站,https://example.gov.cn/1\n", scope="records"
)


def _rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    rationale: tuple[str, str],
    basis: str,
    bad: str,
    fix: tuple[str, str],
    good: Example = _GOOD,
) -> Rule:
    bad_example = Example(bad, scope="records")
    return documented_rule(
        code, severity, title, rationale, basis, bad=bad_example, good=good, scope="record", fix=fix
    )


PUBLISHED_LATE = _rule(
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
    _HEAD + "permit,2026-02-10,2026-03-20,政府网站,https://example.gov.cn/1\n",
    ("核实延误原因并整改。", "Find out why and correct the process."),
)

OVERDUE = _rule(
    "GK502",
    Severity.ERROR,
    ("逾期未公开", "Overdue: not yet published"),
    (
        "记录没有发布日期，而审计日（--as-of，默认今天）已过期限。",
        "The record has no publication date and the audit date (--as-of, default today) "
        "is past the deadline.",
    ),
    f"{_TIAOLI}第二十六条",
    _HEAD + "permit,2026-02-10,,,\n",
    ("尽快公开并填写发布日期。", "Publish it and record the date."),
)

UNLISTED_CHANNEL = _rule(
    "GK503",
    Severity.WARNING,
    ("发布渠道不在事项的公开渠道中", "Channel not listed by the item"),
    (
        "记录的发布渠道不是目录为该事项规定的公开渠道和载体之一。",
        "The record's channel is not one of the channels the catalog lists for the item.",
    ),
    "国办发〔2019〕54号（公开渠道是标准目录的要素）",
    _HEAD + "permit,2026-02-10,2026-03-16,政务新媒体,\n",
    ("在目录规定的渠道发布，或在目录中补充该渠道。", "Publish on a listed channel, or list it."),
)

UNKNOWN_ITEM = _rule(
    "GK504",
    Severity.ERROR,
    ("记录的事项不在目录中", "Record names no item of the catalog"),
    (
        "记录的事项列既不是目录中末级事项的编号，也不是其名称；消息给出最接近的事项。",
        "The record's item is neither the id nor the name of a leaf item; the message "
        "suggests the closest one.",
    ),
    "gkstd 审计：记录按事项编号或名称对应目录",
    _HEAD + "燃气经营许可证,2026-02-10,2026-03-16,政府网站,\n",
    ("改用目录中的事项编号或完整名称。", "Use the item's id or exact name."),
)

MISSING_FIELD = _rule(
    "GK505",
    Severity.ERROR,
    ("记录缺少必填字段", "Record is missing a required field"),
    (
        "每条记录必须有事项和信息形成（变更）日期；没有发布日期表示尚未公开。",
        "Every record needs the item and the date the information was formed or changed; "
        "no publication date means not yet published.",
    ),
    "gkstd 审计记录格式",
    _HEAD + "permit,,2026-03-16,政府网站,\n",
    ("补齐该字段。", "Fill in the field."),
)

BAD_DATE = _rule(
    "GK506",
    Severity.ERROR,
    ("记录无法读取或日期无效", "Record unreadable or date invalid"),
    (
        "日期应写成 YYYY-MM-DD（也接受 2026/3/5、2026年3月5日）；JSON Lines 的每行必须是一个对象。",
        "Dates are YYYY-MM-DD (2026/3/5 and 2026年3月5日 are accepted); each JSON Lines "
        "line must be one object.",
    ),
    "gkstd 审计记录格式",
    _HEAD + "permit,2026-02-30,2026-03-16,政府网站,\n",
    ("更正日期或该行。", "Correct the date or the line."),
)

PUBLISHED_BEFORE_FORMED = _rule(
    "GK507",
    Severity.ERROR,
    ("发布日期早于形成日期", "Published before the information was formed"),
    (
        "发布日期早于信息形成（变更）日期，两者至少有一个填错。",
        "The publication date is before the formation date: one of them is wrong.",
    ),
    "gkstd 审计记录格式",
    _HEAD + "permit,2026-03-16,2026-02-10,政府网站,\n",
    ("核对两个日期。", "Check both dates."),
)

NO_DEADLINE = _rule(
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
    _HEAD + "standing,2026-02-10,2026-03-16,政府网站,\n",
    (
        "在目录中写明可计算的时限，或在记录中给出 scope 列。",
        "State a computable limit, or a scope.",
    ),
)

RECORDS_UNUSABLE = _rule(
    "GK509",
    Severity.ERROR,
    ("记录文件无法使用", "Records file unusable"),
    (
        "记录文件无法读取、格式不受支持、是 HTML 网页，或表头中没有事项列。",
        "The records file cannot be read, has an unsupported format, is an HTML page, or "
        "its header has no item column.",
    ),
    "gkstd 审计记录格式",
    "编号,日期\n1,2026-02-10\n",
    (
        "导出含 item（事项）列的 CSV、JSON Lines 或 XLSX。",
        "Export CSV/JSONL/XLSX with an item column.",
    ),
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
