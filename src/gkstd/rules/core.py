"""The core rules: GK1xx structure, GK3xx law and time limits, GK4xx consistency.

Each rule cites its legal basis and carries a bad and a good example; ``gkstd rule CODE``
prints this documentation and ``docs/rules.md`` is generated from it.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator, Sequence

import attrs

from gkstd.findings import Finding, Severity
from gkstd.i18n import Text
from gkstd.model import (
    ELEMENT_NAMES,
    REQUIRED_ELEMENTS,
    Catalog,
    Channel,
    Item,
    Level,
    Method,
    TimeLimit,
    TimeLimitKind,
)
from gkstd.model.item import exempt_elements
from gkstd.rules.context import CheckContext
from gkstd.rules.rule import Example, Rule, rule
from gkstd.rules.samples import GOOD_ITEM, township_document
from gkstd.timelimits import format_limit
from gkstd.timelimits import parse as parse_time_limit

__all__ = [
    "ART20_CATEGORIES",
    "ART21_TOWNSHIP_TOPICS",
    "CORE_RULES",
    "UNKNOWN_ENUM",
    "limit_days",
    "min_calendar_span",
]

_TIAOLI = "《中华人民共和国政府信息公开条例》（国务院令第711号）"


def _bad(old: str, new: str) -> str:
    assert old in GOOD_ITEM, old
    return GOOD_ITEM.replace(old, new)


def _skipped(item: Item) -> bool:
    """Items whose elements are not checked: groups, known gaps, not applicable."""
    return not item.is_leaf or item.gap is not None or item.not_applicable is not None


@rule(
    "GK101",
    Severity.ERROR,
    ("事项缺少必需要素", "Item is missing required elements"),
    (
        "国办发〔2019〕54号要求标准目录至少包括公开事项的名称、内容、依据、时限、主体、方式、渠道、"
        "公开对象等要素。每个末级事项都必须有这些要素且不为空。渠道由 GK106 单独检查；"
        "标为已知缺口（gap）的事项只免查缺口标注所列的要素（gap.missing），"
        "标为不适用（not_applicable）的事项不在此检查。",
        "国办发〔2019〕54号 requires every catalog item to state its name, content, basis, "
        "time limit, subject, method, channels and audience. Every leaf item must have them, "
        "non-empty. Channels are checked by GK106; a known gap exempts only the elements its "
        "mark lists (gap.missing); items marked not_applicable are skipped.",
    ),
    "国办发〔2019〕54号《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》",
    bad=_bad("subject: 负责审批的燃气管理部门\n", ""),
    good=GOOD_ITEM,
    fix=("补齐缺少的要素；确实无法核实的，标注 gap 并写明理由。", "Add the missing elements."),
)
def required_elements(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Leaf items carry the required elements (channels: see GK106); a gap mark exempts
    only the elements it names."""
    exempt = exempt_elements(item)
    if exempt is None:
        return
    missing = [
        k
        for k in REQUIRED_ELEMENTS
        if k != "channels" and k not in exempt and not item.has_element(k)
    ]
    for key in missing:
        default = key == "time_limit"
        yield required_elements.finding(
            f"事项“{item.name}”缺少要素：{ELEMENT_NAMES[key]}（{key}）"
            + ("；计算期限时按条例第二十六条默认为20个工作日。" if default else "。"),
            f"Item {item.name!r} is missing the element {key} ({ELEMENT_NAMES[key]})"
            + ("; deadlines use the 20 working days of Art. 26." if default else "."),
            item=item.id,
            element=key,
        )


@rule(
    "GK102",
    Severity.INFO,
    ("已知缺口", "Known gap"),
    (
        "事项被来源文件提到，但部分要素或下级事项未能核实，已标注 gap。gkstd 从不臆造内容，"
        "只报告缺口，供补全时参考。",
        "A source names the item but some elements or children could not be verified; it "
        "is marked gap. gkstd never fills such gaps; it reports them.",
    ),
    "gkstd 数据原则：目录内容必须来自公开来源，缺失即声明",
    bad=GOOD_ITEM + "gap: {reason: 公开对象未能核实}\n",
    good=GOOD_ITEM,
    fix=("取得官方原表后补全要素，并删除 gap 标注。", "Complete from the official table."),
)
def known_gap(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Report items marked as known gaps."""
    if item.gap is not None:
        yield known_gap.finding(
            f"事项“{item.name}”是已知缺口：{item.gap.reason}",
            f"Item {item.name!r} is a known gap: {item.gap.reason}",
            item=item.id,
            element="gap",
        )


UNKNOWN_ENUM = Rule(
    code="GK103",
    severity=Severity.ERROR,
    title=Text("取值不在可选范围内", "Value is not an allowed option"),
    rationale=Text(
        "公开方式、公开对象、公开层级、五公开类别、行政层级和依据位阶只能取规定的值。"
        "常见的写法（如“依申请公开”“特定群体”“区级”“街道”）会被自动识别为标准取值。",
        "Method, audience, levels, category, jurisdiction level and citation rank take "
        "fixed values. Common variants (依申请公开, 特定群体, 区级, 街道) are recognised.",
    ),
    basis="《政府信息公开条例》第十三条（主动公开、依申请公开）；26个试点领域标准目录模板",
    bad=Example(_bad("audience: 全社会", "audience: 所有人")),
    good=Example(_bad("audience: 全社会", "audience: 特定群体")),
    scope="load",
    fix=Text("改为可选取值之一（见提示）。", "Use one of the listed values."),
)


@rule(
    "GK104",
    Severity.ERROR,
    ("事项编号重复", "Duplicate item id"),
    (
        "事项编号（id）在整个目录中必须唯一：继承、比对和豁免都按编号定位事项。",
        "Item ids must be unique in a catalog: inheritance, diffs and waivers find items by id.",
    ),
    "gkstd 文档格式 1.0",
    bad="id: group\nname: 分组\nitems:\n  - "
    + GOOD_ITEM.replace("\n", "\n    ").rstrip()
    + "\n  - "
    + GOOD_ITEM.replace("\n", "\n    ")
    .replace("name: 燃气经营许可证核发", "name: 另一事项")
    .rstrip()
    + "\n",
    good="id: group\nname: 分组\nitems:\n  - " + GOOD_ITEM.replace("\n", "\n    ").rstrip() + "\n",
    scope="catalog",
    fix=("给重复的事项改用新的编号。", "Give one of the items a new id."),
)
def unique_ids(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """Item ids are unique in the catalog (in a tailoring: in the document as written)."""
    written = ctx.document if ctx.changed is not None and ctx.document is not None else catalog
    counts = collections.Counter(item.id for item in written.walk())
    for item_id, count in counts.items():
        if count > 1:
            yield unique_ids.finding(
                f"事项编号 {item_id!r} 出现了 {count} 次。",
                f"Item id {item_id!r} occurs {count} times.",
                item=item_id,
            )


@rule(
    "GK105",
    Severity.ERROR,
    ("同级事项名称重复", "Duplicate name among sibling items"),
    (
        "同一上级事项下，事项名称必须唯一，否则公众和比对工具都无法区分。",
        "Names must be unique among the children of one item; otherwise neither readers "
        "nor tools can tell them apart.",
    ),
    "gkstd 文档格式 1.0",
    bad="id: group\nname: 分组\nitems:\n  - "
    + GOOD_ITEM.replace("\n", "\n    ").rstrip()
    + "\n  - "
    + GOOD_ITEM.replace("\n", "\n    ").replace("id: permit", "id: permit-2").rstrip()
    + "\n",
    good="id: group\nname: 分组\nitems:\n  - " + GOOD_ITEM.replace("\n", "\n    ").rstrip() + "\n",
    scope="catalog",
    fix=("合并重复事项，或改用能区分的名称。", "Merge the items or rename one."),
)
def unique_sibling_names(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """Names are unique among siblings (in a tailoring: where it changed something)."""
    groups: list[tuple[Item, ...]] = [catalog.items]
    if ctx.changed is None:
        groups.extend(item.items for item in catalog.walk() if item.items)
    else:
        groups.extend(item.items for item in ctx.changed_items if item.items)
    for siblings in groups:
        seen: dict[str, Item] = {}
        for item in siblings:
            key = "".join(item.name.split())
            if key in seen:
                yield unique_sibling_names.finding(
                    f"事项名称“{item.name}”与同级事项 {seen[key].id!r} 重复。",
                    f"Item name {item.name!r} repeats sibling {seen[key].id!r}.",
                    item=item.id,
                    element="name",
                )
            else:
                seen[key] = item


@rule(
    "GK106",
    Severity.ERROR,
    ("未选择公开渠道", "No disclosure channel"),
    (
        "每个事项至少要有一个公开渠道和载体（标准目录模板：“在标注范围内至少选择其一”）。",
        "Every item needs at least one channel (the template says: choose at least one).",
    ),
    "26个试点领域标准目录模板；《政府信息公开条例》第二十三条",
    bad=_bad("channels: [政府网站]\n", ""),
    good=GOOD_ITEM,
    fix=("至少选择一个渠道，例如“政府网站”。", "Choose at least one channel, e.g. 政府网站."),
)
def has_channel(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Leaf items name at least one channel (unless a gap mark names channels)."""
    exempt = exempt_elements(item)
    if exempt is not None and "channels" not in exempt and not item.channels:
        yield has_channel.finding(
            f"事项“{item.name}”没有公开渠道和载体。",
            f"Item {item.name!r} has no disclosure channel.",
            item=item.id,
            element="channels",
        )


@rule(
    "GK107",
    Severity.ERROR,
    ("“不予公开”不是公开方式", "'Withheld' is not a disclosure method"),
    (
        "条例第十三条只规定主动公开和依申请公开两种方式；第十四至十六条列举的不予公开信息"
        "不应作为公开事项列入标准目录。",
        "Art. 13 knows two methods, proactive and on request; information withheld under "
        "Arts. 14–16 is not a catalog item.",
    ),
    f"{_TIAOLI}第十三条至第十六条",
    bad=_bad("method: 主动", "method: 不予公开"),
    good=GOOD_ITEM,
    fix=("删除该事项，或改为主动/依申请公开。", "Remove the item or make it 主动/依申请."),
)
def not_withheld(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """The method is never 不予公开."""
    if item.method is Method.WITHHELD:
        yield not_withheld.finding(
            f"事项“{item.name}”的公开方式是“不予公开”，这不是公开方式。",
            f"Item {item.name!r} has method 不予公开 (withheld), which is not a method.",
            item=item.id,
            element="method",
        )


_WEBSITE_WORDS = ("网站", "政府信息公开平台", "公开平台", "政务服务网")


def _has_website(item: Item) -> bool:
    for channel in item.channels:
        if channel is Channel.WEBSITE:
            return True
        if isinstance(channel, str) and any(word in channel for word in _WEBSITE_WORDS):
            return True
    return False


@rule(
    "GK301",
    Severity.WARNING,
    ("主动公开事项未通过政府网站公开", "Proactive item not on the government website"),
    (
        "条例第二十四条要求各级人民政府依托政府门户网站建设统一的政府信息公开平台，集中发布"
        "主动公开的政府信息。主动公开事项的渠道应包括政府网站或该平台。",
        "Art. 24: governments publish proactive information centrally on a unified "
        "platform built on their portal. A proactive item should list the website or "
        "that platform.",
    ),
    f"{_TIAOLI}第二十四条",
    bad=_bad("channels: [政府网站]", "channels: [公开查阅点]"),
    good=_bad("channels: [政府网站]", "channels: [政府网站, 公开查阅点]"),
    fix=("在公开渠道中加上“政府网站”。", "Add 政府网站 to the channels."),
)
def proactive_on_website(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Proactive items list the website or the unified platform."""
    if item.method is Method.PROACTIVE and item.channels and not _has_website(item):
        yield proactive_on_website.finding(
            f"主动公开事项“{item.name}”的渠道中没有政府网站或政府信息公开平台。",
            f"Proactive item {item.name!r} does not list the government website or platform.",
            item=item.id,
            element="channels",
        )


def structured(limit: TimeLimit) -> TimeLimit:
    """``limit``, or for a ``text`` limit what :func:`gkstd.timelimits.parse` reads in it."""
    if limit.kind is TimeLimitKind.TEXT and limit.text:
        return parse_time_limit(limit.text)
    return limit


def limit_days(limit: TimeLimit | None) -> tuple[TimeLimitKind, int] | None:
    """(kind, days) of the longest deadline a time limit sets, if it counts days.

    Compound limits give their longest working-day part (else calendar-day part); a
    ``text`` limit is parsed first with :func:`gkstd.timelimits.parse`.  Periods that are
    not deadlines (N days *before* an event, *at least* N days) are left out.
    """
    if limit is None:
        return None
    found: dict[TimeLimitKind, int] = {}
    for part in structured(limit).leaves():
        if part.is_deadline and part.days and part.kind is not TimeLimitKind.MONTHS:
            found[part.kind] = max(found.get(part.kind, 0), part.days)
    for kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS):
        if kind in found:
            return kind, found[kind]
    return None


def min_calendar_span(working_days: int) -> int:
    """The fewest calendar days ``working_days`` working days can take in ordinary weeks.

    The start day is not counted; the best case starts on a Sunday, so every fifth
    working day is followed by a weekend: 5 → 5, 6 → 8, 15 → 19, 16 → 22, 20 → 26.
    (调休 make-up days sit next to holidays, which add more rest days than they remove.)
    """
    if working_days <= 0:
        return 0
    return working_days + 2 * ((working_days - 1) // 5)


def _looks_like_statute(title: str) -> bool:
    """Unranked titles: a ``…法`` (not ``…办法``) is a 法律; a ``…条例`` is a 法规."""
    title = title.strip("《》 ")
    law = title.endswith("法") and not title.endswith(("办法", "方法", "做法"))
    return law or "条例" in title


def _cites_statute(item: Item) -> bool:
    for citation in item.basis:
        if "信息公开条例" in citation.title:
            continue  # sets the 20-working-day default itself; it cannot justify another period
        if citation.rank is not None:
            if citation.rank.is_statute:
                return True
        elif _looks_like_statute(citation.title):
            return True
    return False


@rule(
    "GK302",
    Severity.ERROR,
    ("超过20个工作日的时限缺少法律法规依据", "Limit over 20 working days without a statute"),
    (
        "条例第二十六条：主动公开的政府信息应当自形成或者变更之日起20个工作日内及时公开，"
        "法律、法规对期限另有规定的从其规定。只有法律或法规（行政法规、地方性法规）可以延长"
        "期限；规章和规范性文件只能缩短。公开依据中没有标明位阶的文件，名称以“法”结尾视为法律，"
        "含“条例”视为法规；《政府信息公开条例》本身规定的就是20个工作日，不算延长期限的依据。",
        "Art. 26: proactive information is published within 20 working days of being "
        "formed or changed unless a law or regulation (法律、法规) sets another period. Only "
        "a law or regulation may lengthen it. Unranked citations count as statutes when the "
        "title ends in 法 or contains 条例; the disclosure regulation itself sets the 20 "
        "days and does not count.",
    ),
    f"{_TIAOLI}第二十六条",
    bad=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: working_days, days: 30, text: 30个工作日}",
    ).replace(
        "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}",
        "{title: 某市燃气经营许可办理规程, rank: 规范性文件}",
    ),
    good=GOOD_ITEM,
    fix=(
        "把时限缩短到20个工作日以内，或在公开依据中引用规定该期限的法律、法规。",
        "Shorten the limit to 20 working days, or cite the law or regulation that sets it.",
    ),
)
def long_limit_needs_statute(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Proactive limits over 20 working days cite a 法律 or 法规."""
    if item.method is not Method.PROACTIVE or item.time_limit is None:
        return
    longest = max(
        (
            p.days
            for p in structured(item.time_limit).leaves()
            if p.is_deadline and p.kind is TimeLimitKind.WORKING_DAYS and p.days
        ),
        default=0,
    )
    if longest > 20 and not _cites_statute(item):
        yield long_limit_needs_statute.finding(
            f"主动公开事项“{item.name}”的时限为 {longest} 个工作日，超过条例第二十六条的20个工作日，"
            "但公开依据中没有法律或法规。",
            f"Proactive item {item.name!r} allows {longest} working days, more than the 20 of "
            "Art. 26, but cites no law or regulation.",
            item=item.id,
            element="time_limit",
        )


@rule(
    "GK303",
    Severity.WARNING,
    ("按自然日计算的时限缺少设定该期限的法律", "Calendar-day limit without the law that sets it"),
    (
        "条例第二十六条的默认期限以工作日计算。以“日”（自然日）计算的期限应来自设定它的法律，"
        "例如《预算法》第十四条：预算、决算经批准后20日内公开。",
        "Art. 26 counts in working days. A limit in calendar days (日) should come from a "
        "law that sets it, such as 预算法 Art. 14 (20 days after approval).",
    ),
    f"{_TIAOLI}第二十六条；《中华人民共和国预算法》第十四条",
    bad=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: calendar_days, days: 20, text: 批准后20日内}",
    ).replace(
        "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}",
        "{title: 某市燃气经营许可办理规程, rank: 规范性文件}",
    ),
    good=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: {kind: calendar_days, days: 20, text: 批准后20日内}",
    ).replace(
        "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}",
        "{title: 中华人民共和国预算法, article: 第十四条, rank: 法律}",
    ),
    fix=(
        "在公开依据中引用设定该期限的法律条款，或改按工作日计算。",
        "Cite the article that sets the period, or count in working days.",
    ),
)
def calendar_limit_needs_law(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Calendar-day and month limits cite a law or regulation that sets them."""
    if item.time_limit is None or _cites_statute(item):
        return
    for part in structured(item.time_limit).leaves():
        if part.is_deadline and part.kind in (TimeLimitKind.CALENDAR_DAYS, TimeLimitKind.MONTHS):
            wording = format_limit(attrs.evolve(part, scope=None, place=None))
            yield calendar_limit_needs_law.finding(
                f"事项“{item.name}”的时限“{wording}”按自然日（或月）计算，但公开依据中没有设定该期限的法律或法规。",
                f"Item {item.name!r} counts {wording!r} in calendar days or months but cites no "
                "law or regulation that sets that period.",
                item=item.id,
                element="time_limit",
            )
            return


_DEFAULT_NOTE = "按条例第二十六条默认为20个工作日"


@rule(
    "GK304",
    Severity.WARNING,
    ("时限只写“及时”，按20个工作日计", "Limit says only 及时: 20 working days apply"),
    (
        "条例第二十六条规定主动公开的期限为自信息形成或者变更之日起20个工作日；“及时公开”"
        "没有给出可以检查的期限，计算期限和审计时按20个工作日处理。应写明具体期限。"
        "未写公开时限的事项由 GK101 报告，同样按20个工作日计算。",
        "Art. 26 sets 20 working days from when information is formed or changed. "
        "'及时' (promptly) gives no checkable period, so deadlines and audits use 20 "
        "working days. State the period. Items with no limit at all are reported by GK101 "
        "and are also counted as 20 working days.",
    ),
    f"{_TIAOLI}第二十六条",
    bad=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}", "time_limit: 及时公开"
    ),
    good=GOOD_ITEM,
    fix=(
        "写明具体期限，例如“自信息形成或者变更之日起20个工作日内”。",
        "State the period, e.g. 自信息形成或者变更之日起20个工作日内.",
    ),
)
def timely_defaults(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """及时 alone means 20 working days."""
    limit = item.time_limit
    if limit is not None and not _skipped(item) and structured(limit).kind is TimeLimitKind.TIMELY:
        yield timely_defaults.finding(
            f"事项“{item.name}”的时限“{limit.display()}”没有具体期限，{_DEFAULT_NOTE}。",
            f"Item {item.name!r} says {limit.display()!r} with no period; 20 working days "
            "apply (Art. 26).",
            item=item.id,
            element="time_limit",
        )


@rule(
    "GK305",
    Severity.INFO,
    ("公开时限未能识别", "Time limit not understood"),
    (
        "gkstd 把公开时限的文字解析为结构化数据（工作日、自然日、实时、定期、固定日期等），"
        "用于计算期限和审计。解析不了的文字原样保留，不作猜测，在此提示。"
        "“同上”找不到可参照的上一项时也在此提示。",
        "gkstd reads time-limit wording into structured data (working days, calendar "
        "days, immediate, periodic, fixed dates …) for deadlines and audits. Wording it "
        "cannot read is kept verbatim, never guessed, and reported here, as is a 同上 with "
        "no earlier item.",
    ),
    "gkstd 数据原则：解析不了的内容原样保留并提示",
    bad=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: 提前一周发通知邀请",
    ),
    good=_bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}", "time_limit: 20个工作日"
    ),
    fix=(
        "改写为可识别的写法，如“自信息形成或者变更之日起20个工作日内”“每季度首月20日前”。",
        "Rephrase, e.g. 自信息形成或者变更之日起20个工作日内 or 每季度首月20日前.",
    ),
)
def limit_understood(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Time-limit wording could be read."""
    limit = item.time_limit
    if limit is None:
        return
    if limit.kind is TimeLimitKind.TEXT and structured(limit).kind is TimeLimitKind.TEXT:
        yield limit_understood.finding(
            f"事项“{item.name}”的公开时限“{limit.text}”未能识别，已原样保留。",
            f"The time limit {limit.text!r} of item {item.name!r} was not understood; it is "
            "kept verbatim.",
            item=item.id,
            element="time_limit",
        )
    elif limit.kind is TimeLimitKind.SAME_AS_ABOVE:
        yield limit_understood.finding(
            f"事项“{item.name}”的公开时限为“同上”，但前面没有可参照的事项。",
            f"Item {item.name!r} says 同上 (same as above) but no earlier item has a limit.",
            item=item.id,
            element="time_limit",
        )


#: 条例 第二十条's categories that can be recognised from an item's name:
#: (number, Chinese title, English title, pattern).  (15) "anything else laws require"
#: cannot be recognised by name and is left out.
ART20_CATEGORIES: tuple[tuple[int, str, str, str], ...] = (
    (
        1,
        "行政法规、规章和规范性文件",
        "regulations, rules and normative documents",
        r"规范性文件|规章|政策文件",
    ),
    (
        2,
        "机关职能、机构设置、办公地址等",
        "functions, structure, address and contacts",
        r"机构职能|机构设置|办公地址|联系方式",
    ),
    (3, "国民经济和社会发展规划、专项规划等", "development and special plans", r"规划"),
    (4, "国民经济和社会发展统计信息", "statistics", r"统计信息|统计数据"),
    (
        5,
        "行政许可和其他对外管理服务事项",
        "licences and other public services",
        r"行政许可|办事指南",
    ),
    (
        6,
        "行政处罚、行政强制",
        "administrative penalties and enforcement",
        r"行政处罚|行政强制|处罚决定",
    ),
    (7, "财政预算、决算信息", "budgets and final accounts", r"预算|决算"),
    (
        8,
        "行政事业性收费的项目、依据、标准",
        "administrative fees",
        r"收费项目|收费标准|行政事业性收费",
    ),
    (9, "政府集中采购", "government centralised procurement", r"集中采购"),
    (
        10,
        "重大建设项目的批准和实施情况",
        "approval and progress of major projects",
        r"重大建设项目",
    ),
    (
        11,
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "policies on poverty, education, health, social security and employment",
        r"(?:扶贫|教育|医疗|社会保障|社保|就业)\S*政策|政策\S*(?:扶贫|教育|医疗|社会保障|就业)",
    ),
    (
        12,
        "突发公共事件的应急预案、预警信息及应对情况",
        "emergency plans, warnings and responses",
        r"应急预案|预警信息",
    ),
    (
        13,
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
        "inspections of environment, health, safety, food, drugs and products",
        r"(?:环境保护|公共卫生|安全生产|食品药品|食品|药品|产品质量)\S*(?:监督检查|抽查|抽检)",
    ),
    (
        14,
        "公务员招考的职位、名额、报考条件等事项以及录用结果",
        "civil-service recruitment",
        r"公务员招考|公务员招录|公务员考录",
    ),
)
_ART20 = tuple((n, zh, en, re.compile(p)) for n, zh, en, p in ART20_CATEGORIES)


@rule(
    "GK306",
    Severity.WARNING,
    (
        "条例第二十条规定应主动公开的信息只列为依申请公开",
        "Art. 20 information listed as on-request only",
    ),
    (
        "条例第二十条列举了行政机关应当主动公开的十五类政府信息（规范性文件、规划、统计、行政许可、"
        "行政处罚、预算决算、收费、集中采购、重大建设项目、扶贫教育医疗社保就业政策、应急预案、"
        "监督检查、公务员招考等）。事项名称属于这些类别、公开方式却只有依申请的，应核实是否应改为"
        "主动公开。按名称中的关键词识别，可能误报；确属依申请的，可用豁免（waiver）写明理由。",
        "Art. 20 lists fifteen kinds of information organs must publish proactively "
        "(normative documents, plans, statistics, licences, penalties, budgets, fees, "
        "procurement, major projects, social policies, emergency plans, inspections, "
        "civil-service recruitment …). An item whose name falls in one of them but is only "
        "on request should be checked. Recognition is by keywords in the name and may "
        "misfire; waive with a reason where on-request is right.",
    ),
    f"{_TIAOLI}第二十条",
    bad=_bad("name: 燃气经营许可证核发", "name: 燃气经营行政许可办事指南").replace(
        "method: 主动", "method: 依申请"
    ),
    good=_bad("name: 燃气经营许可证核发", "name: 燃气经营行政许可办事指南"),
    fix=(
        "把公开方式改为主动公开；确属依申请的，用 waiver 写明理由。",
        "Make the item proactive, or waive the finding with a reason.",
    ),
)
def art20_proactive(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Items in Art. 20's categories are not on-request only."""
    if item.method is not Method.ON_REQUEST or not item.is_leaf:
        return
    for number, zh, en, pattern in _ART20:
        match = pattern.search(item.name)
        if match:
            yield art20_proactive.finding(
                f"事项“{item.name}”属于条例第二十条第（{number}）项“{zh}”（名称含“{match.group(0)}”），"
                "公开方式却只有依申请公开。",
                f"Item {item.name!r} falls under Art. 20 ({number}) {en} (name contains "
                f"{match.group(0)!r}) but is on request only.",
                item=item.id,
                element="method",
            )
            return


#: 条例 第二十一条's topics for 乡（镇）人民政府, with the words that show an item covers one.
ART21_TOWNSHIP_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "农业农村政策落实",
        "implementation of agricultural and rural policies",
        ("农业农村政策", "惠农", "涉农补贴", "农业补贴", "种粮"),
    ),
    ("农田水利工程建设运营", "farmland water-conservancy works", ("农田水利", "水利工程")),
    (
        "农村土地承包经营权流转",
        "transfer of rural land contract rights",
        ("土地承包经营权", "土地流转", "承包经营权流转"),
    ),
    ("宅基地使用情况审核", "review of homestead use", ("宅基地",)),
    ("土地征收", "land expropriation", ("土地征收", "征地", "征收土地")),
    ("房屋征收", "house expropriation", ("房屋征收", "房屋拆迁")),
    ("筹资筹劳", "village fund- and labour-raising", ("筹资筹劳", "一事一议")),
    ("社会救助", "social assistance", ("社会救助", "最低生活保障", "低保", "特困", "临时救助")),
)


def township_topic_coverage(catalogs: Sequence[Catalog]) -> dict[str, tuple[str, ...]]:
    """For each 第二十一条 township topic, the ``catalog-id:item-id`` entries that cover it.

    A topic is covered by an item whose name, or whose catalog's title, contains one of
    the topic's words.
    """
    covered: dict[str, list[str]] = {topic: [] for topic, _, _ in ART21_TOWNSHIP_TOPICS}
    for catalog in catalogs:
        for item in catalog.walk():
            text = f"{catalog.title} {item.name}"
            for topic, _, words in ART21_TOWNSHIP_TOPICS:
                if any(word in text for word in words):
                    covered[topic].append(f"{catalog.id}:{item.id}")
    return {topic: tuple(found) for topic, found in covered.items()}


TOWNSHIP_TOPICS = Rule(
    code="GK307",
    severity=Severity.INFO,
    title=Text("乡镇目录未覆盖条例第二十一条的重点事项", "Township catalogs miss Art. 21 topics"),
    rationale=Text(
        "条例第二十一条要求乡（镇）人民政府重点公开农业农村政策落实、农田水利工程建设运营、"
        "农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等信息。"
        "同时校验同一乡镇的多个（至少两个）目录时，gkstd 检查这些主题是否都有事项覆盖，作为覆盖情况报告；"
        "只校验一个目录时不作此检查（其余领域的目录没有给出），校验部分目录时，未覆盖的主题可能在其余目录中。",
        "Art. 21: township governments publish, in particular, agricultural policy, "
        "farmland water works, land-contract transfers, homestead review, land and house "
        "expropriation, fund- and labour-raising and social assistance. When several (at "
        "least two) catalogs of one township are validated together, gkstd reports topics "
        "none of them covers; one catalog alone is not checked (the other domains' catalogs "
        "were not given), and with only some given, a topic may be in the others.",
    ),
    basis=f"{_TIAOLI}第二十一条",
    bad=Example(
        township_document(["最低生活保障对象名单"], "example/township-assistance")
        + "---\n"
        + township_document(["土地征收补偿安置方案"], "example/township-land"),
        scope="documents",
    ),
    good=Example(
        township_document(
            ["强农惠农政策落实情况", "农田水利工程建设运营情况", "农村土地承包经营权流转情况"],
            "example/township-agriculture",
        )
        + "---\n"
        + township_document(
            ["宅基地使用情况审核结果", "土地征收补偿安置方案", "房屋征收补偿决定"],
            "example/township-land",
        )
        + "---\n"
        + township_document(
            ["一事一议筹资筹劳方案", "最低生活保障对象名单"], "example/township-assistance"
        ),
        scope="documents",
    ),
    scope="jurisdiction",
    fix=Text(
        "在相应领域的目录中补充覆盖该主题的事项，或同时校验该乡镇的其余目录。",
        "Add items covering the topic, or validate the township's other catalogs too.",
    ),
)


def township_findings(catalogs: Sequence[tuple[Catalog, str | None]]) -> list[Finding]:
    """GK307 findings for the township catalogs among ``catalogs`` ((catalog, file) pairs).

    Catalogs are grouped by jurisdiction name; each group of at least two catalogs gets
    one finding per topic that none of its catalogs covers, located at the group's first
    file.  A township catalog checked alone gets none: its other domains' catalogs were
    not given, so nothing can be said about the township's coverage.
    """
    groups: dict[str, list[tuple[Catalog, str | None]]] = {}
    for catalog, file in catalogs:
        if catalog.jurisdiction.level is Level.TOWNSHIP:
            groups.setdefault(catalog.jurisdiction.name, []).append((catalog, file))
    findings: list[Finding] = []
    for name, members in groups.items():
        if len(members) < 2:
            continue
        coverage = township_topic_coverage([c for c, _ in members])
        for topic, en, _ in ART21_TOWNSHIP_TOPICS:
            if not coverage[topic]:
                findings.append(
                    TOWNSHIP_TOPICS.finding(
                        f"{name}的 {len(members)} 个目录中没有覆盖条例第二十一条“{topic}”的事项。",
                        f"None of the {len(members)} catalog(s) of {name} covers the Art. 21 "
                        f"topic {topic} ({en}).",
                        file=members[0][1],
                    )
                )
    return findings


@rule(
    "GK401",
    Severity.ERROR,
    ("事项引用了未登记的来源", "Item cites an unknown source"),
    (
        "事项的 sources 必须指向文档顶层 sources 中登记的来源编号，否则无法追溯内容出处。",
        "An item's sources must name ids listed in the top-level sources; otherwise its "
        "provenance cannot be traced.",
    ),
    "gkstd 数据原则：每个事项都要记录来源",
    bad=GOOD_ITEM + "sources: [no-such-source]\n",
    good=GOOD_ITEM,
    scope="catalog",
    fix=("在顶层 sources 中登记该来源，或更正编号。", "List the source at the top, or fix the id."),
)
def known_sources(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """Item sources refer to top-level sources."""
    known = {source.id for source in catalog.sources}
    items = catalog.walk() if ctx.changed is None else iter(ctx.changed_items)
    for item in items:
        for source in item.sources:
            if source not in known:
                yield known_sources.finding(
                    f"事项“{item.name}”引用的来源 {source!r} 未在顶层 sources 中登记。",
                    f"Item {item.name!r} cites source {source!r}, which is not listed.",
                    item=item.id,
                    element="sources",
                )


#: Core rules run by the engine (the loader's GK0xx rules live in :mod:`gkstd.rules.loading`).
CORE_RULES: tuple[Rule, ...] = (
    required_elements,
    known_gap,
    UNKNOWN_ENUM,
    unique_ids,
    unique_sibling_names,
    has_channel,
    not_withheld,
    proactive_on_website,
    long_limit_needs_statute,
    calendar_limit_needs_law,
    timely_defaults,
    limit_understood,
    art20_proactive,
    TOWNSHIP_TOPICS,
    known_sources,
)
