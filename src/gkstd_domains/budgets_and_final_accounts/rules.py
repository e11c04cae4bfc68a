"""财政预决算 domain rules (prefix CZYJ): 预算法 第十四条.

第十四条第一款: 经本级人民代表大会或者本级人民代表大会常务委员会批准的预算、预算调整、决算、
预算执行情况的报告及报表，应当在批准后二十日内由本级政府财政部门向社会公开 …
第二款: 经本级政府财政部门批复的部门预算、决算及报表，应当在批复后二十日内由各部门向社会公开 …
(2018 text, verified in the LawRefBook/Laws mirror; see /work/shared/reference/law.md §1.2.)
预算法实施条例 第六条 extends the 20 days to the units under a department.

Budget items are recognised by 预算 or 决算 in the item's name (预决算 included); names that
also contain 绩效, 政策, 文件, 制度, 办法 or 采购 are about something else (绩效目标, policy
documents, 政府采购) and are not checked.  依申请 items and items marked not applicable are
skipped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from gkstd import Finding, Item, Rule, Severity, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.rule import Example
from gkstd.diagnostics.samples import replaced
from gkstd.model import Method
from gkstd_domains._shared.limits import compare_with_calendar_days

__all__ = ["RULES", "is_budget_item"]

PACK = "budgets-and-final-accounts"
BASIS_14 = "《中华人民共和国预算法》（2018年修正）第十四条第一款、第二款"
#: 预算法 第十四条: 批准（批复）后二十日内.
DAYS = 20

_NOT_BUDGET = ("绩效", "政策", "文件", "制度", "办法", "采购")


def is_budget_item(item: Item) -> bool:
    """A budget or final-account item, by name (see the module docstring)."""
    name = unicodedata.normalize("NFKC", item.name)
    return ("预算" in name or "决算" in name) and not any(w in name for w in _NOT_BUDGET)


def _applies(item: Item) -> bool:
    return (
        item.not_applicable is None
        and item.method is not Method.ON_REQUEST
        and is_budget_item(item)
    )


_GOOD = """id: budget
name: 政府预算
content: [一般公共预算收支表, 政府性基金预算收支表, 国有资本经营预算收支表, 社会保险基金预算收支表]
basis:
  - {title: 中华人民共和国预算法, article: 第十四条, rank: 法律}
time_limit: {kind: calendar_days, days: 20, trigger: 批准, text: 本级人民代表大会或其常务委员会批准后20日内}
subject: 县财政局
method: 主动
channels: [政府网站]
audience: 全社会
levels: [县级]
"""
_GOOD_TIME = (
    "time_limit: {kind: calendar_days, days: 20, trigger: 批准, "
    "text: 本级人民代表大会或其常务委员会批准后20日内}"
)
_GOOD_BASIS = "  - {title: 中华人民共和国预算法, article: 第十四条, rank: 法律}"


def _variant(old: str, new: str) -> Example:
    return Example(replaced(_GOOD, old, new), domain=PACK)


_SCOPE_ZH = (
    "以名称中的“预算”“决算”识别事项（含“预决算”）；名称同时含“绩效、政策、文件、制度、办法、采购”"
    "的事项不检查，依申请公开的事项也不检查。"
)
_SCOPE_EN = (
    " Items are recognised by 预算 or 决算 in the name; names that also contain 绩效, 政策, "
    "文件, 制度, 办法 or 采购 are not checked, nor are 依申请 items."
)


@rule(
    "CZYJ101",
    Severity.ERROR,
    (
        "预决算公开时限长于预算法规定的20日",
        "Budget disclosure later than the 20 days of the Budget Law",
    ),
    (
        "预算法第十四条：经人民代表大会或其常务委员会批准的预算、预算调整、决算、预算执行情况的报告及"
        "报表，应当在批准后二十日内公开；经财政部门批复的部门预算、决算及报表，应当在批复后二十日内公开。"
        "这里的“日”是自然日。按日超过20日的时限，或按工作日计算且即使不遇节假日也超过20日的时限"
        "（16个工作日及以上，常见的是照搬条例第二十六条的“20个工作日”），都晚于法定期限；规章和"
        "规范性文件不能延长法律规定的期限。" + _SCOPE_ZH,
        "Budget Law Art. 14: approved budgets, adjustments, final accounts and execution "
        "reports are published within 20 days (日) of approval; department budgets and final "
        "accounts within 20 days of the finance department's approval. These are calendar "
        "days. A limit over 20 calendar days, or a working-day limit longer than 20 days even "
        "without holidays (16 working days or more; typically the 20 working days copied from "
        "Art. 26 of the disclosure regulation), is later than the law allows; rules and "
        "normative documents cannot extend a statutory period." + _SCOPE_EN,
    ),
    BASIS_14,
    bad=_variant(
        _GOOD_TIME, "time_limit: {kind: working_days, days: 20, text: 批准后20个工作日内}"
    ),
    good=Example(_GOOD, domain=PACK),
    fix=(
        "把公开时限改为“批准（批复）后20日内”。",
        "Set the limit to 批准（批复）后20日内 (20 calendar days after approval).",
    ),
    pack=PACK,
    messages=(
        "预决算事项“{name}”的公开时限为 {days}{unit}，长于预算法第十四条规定的批准（批复）后20日。",
        "Budget item {name!r} allows {days} {unit_en}, longer than the 20 days "
        "after approval of Budget Law Art. 14.",
    ),
)
def limit_longer_than_law(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Budget items are published within 20 calendar days of approval."""
    if not _applies(item):
        return
    cmp = compare_with_calendar_days(item.time_limit, DAYS)
    if cmp is None or cmp.verdict != "longer":
        return
    yield limit_longer_than_law.emit(
        name=item.name,
        days=cmp.days,
        unit=cmp.unit_zh,
        unit_en=cmp.unit_en,
        item=item.id,
        element="time_limit",
    )


@rule(
    "CZYJ102",
    Severity.WARNING,
    ("预决算公开时限按工作日计算", "Budget disclosure limit counted in working days"),
    (
        "预算法第十四条的20日按日（自然日）计算。15个以内的工作日不一定超过20日，但遇周末和长假"
        "（春节、国庆）就可能超过：例如周五批准，15个工作日到第三周周五，已是第21日。应按法律的写法"
        "写“批准后20日内”或更短的日数。更长的工作日时限由 CZYJ101 报告。" + _SCOPE_ZH,
        "The 20 days of Budget Law Art. 14 are calendar days. Up to 15 working days are not "
        "always longer, but can overrun across weekends and long holidays (春节, 国庆): "
        "approval on a Friday plus 15 working days ends on day 21. Write the law's "
        "批准后20日内 or fewer calendar days. Longer working-day limits are CZYJ101." + _SCOPE_EN,
    ),
    BASIS_14,
    bad=_variant(
        _GOOD_TIME, "time_limit: {kind: working_days, days: 10, text: 批准后10个工作日内}"
    ),
    good=Example(_GOOD, domain=PACK),
    fix=(
        "按日写明时限，例如“批准后20日内”。",
        "Count in calendar days, e.g. 批准后20日内.",
    ),
    pack=PACK,
    messages=(
        "预决算事项“{name}”的公开时限按工作日计算（{days}个工作日），而预算法第十四条"
        "按日计算（20日），遇周末或长假可能超过法定期限。",
        "Budget item {name!r} counts {days} working days; Budget Law Art. 14 counts "
        "20 calendar days, which working days can overrun across weekends and holidays.",
    ),
)
def limit_in_working_days(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Budget limits are counted in calendar days, as the law counts them."""
    if not _applies(item):
        return
    cmp = compare_with_calendar_days(item.time_limit, DAYS)
    if cmp is None or cmp.verdict != "working_days":
        return
    yield limit_in_working_days.emit(
        name=item.name, days=cmp.days, item=item.id, element="time_limit"
    )


@rule(
    "CZYJ103",
    Severity.WARNING,
    ("预决算事项的公开依据未引用预算法", "Budget item does not cite the Budget Law"),
    (
        "预决算公开的义务和20日期限来自预算法第十四条（所属单位的预决算：预算法实施条例第六条）。"
        "公开依据只列条例或规范性文件（如地方预决算公开操作规程）时，看不出期限从何而来。公开依据中"
        "有标题含“预算法”的文件（包括预算法实施条例）即可；未填公开依据的事项由 GK101 报告。"
        + _SCOPE_ZH,
        "The duty to publish budgets and its 20 days come from Budget Law Art. 14 (units under "
        "a department: Art. 6 of its implementing regulation). A basis listing only the "
        "disclosure regulation or normative documents hides where the period comes from. Any "
        "citation whose title contains 预算法 (the implementing regulation included) "
        "satisfies the rule; a missing basis is GK101." + _SCOPE_EN,
    ),
    BASIS_14 + "；《中华人民共和国预算法实施条例》（国务院令第729号）第六条",
    bad=_variant(
        _GOOD_BASIS,
        "  - {title: 中华人民共和国政府信息公开条例, doc_no: 国务院令第711号, rank: 行政法规}\n"
        "  - {title: 财政部关于印发〈地方预决算公开操作规程〉的通知, doc_no: 财预〔2016〕143号, "
        "rank: 规范性文件}",
    ),
    good=Example(_GOOD, domain=PACK),
    fix=(
        "在公开依据中加上《中华人民共和国预算法》第十四条。",
        "Add 中华人民共和国预算法, Art. 14, to the basis.",
    ),
    pack=PACK,
    messages=(
        "预决算事项“{name}”的公开依据中没有预算法。",
        "Budget item {name!r} does not cite the Budget Law (预算法).",
    ),
)
def cites_budget_law(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Budget items cite the Budget Law (or its implementing regulation)."""
    if not _applies(item) or not item.basis:
        return
    if item.gap is not None and "basis" in item.gap.missing:
        return
    if any("预算法" in unicodedata.normalize("NFKC", c.title) for c in item.basis):
        return
    yield cites_budget_law.emit(name=item.name, item=item.id, element="basis")


RULES: tuple[Rule, ...] = (limit_longer_than_law, limit_in_working_days, cites_budget_law)
