"""The core rules: GK1xx structure, GK3xx law and time limits, GK4xx consistency.

Each rule cites its legal basis and carries a bad and a good example; ``gkstd rule CODE``
prints this documentation and ``docs/rules.md`` is generated from it.
"""

from __future__ import annotations

import collections
import re
import unicodedata
from collections.abc import Iterator

from gkstd.findings import Finding, Severity
from gkstd.i18n import Text
from gkstd.model import (
    ELEMENT_NAMES,
    REQUIRED_ELEMENTS,
    Catalog,
    Channel,
    Item,
    Method,
    TimeLimit,
    TimeLimitKind,
)
from gkstd.rules.context import CheckContext
from gkstd.rules.rule import Example, Rule, rule
from gkstd.rules.samples import GOOD_ITEM

__all__ = ["CORE_RULES", "UNKNOWN_ENUM", "effective_days", "limit_days", "min_calendar_span"]

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
        "标为已知缺口（gap）或不适用（not_applicable）的事项不在此检查。",
        "国办发〔2019〕54号 requires every catalog item to state its name, content, basis, "
        "time limit, subject, method, channels and audience. Every leaf item must have them, "
        "non-empty. Channels are checked by GK106; items marked gap or not_applicable are "
        "skipped.",
    ),
    "国办发〔2019〕54号《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》",
    bad=_bad("subject: 负责审批的燃气管理部门\n", ""),
    good=GOOD_ITEM,
    fix=("补齐缺少的要素；确实无法核实的，标注 gap 并写明理由。", "Add the missing elements."),
)
def required_elements(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Leaf items carry the required elements (channels: see GK106)."""
    if _skipped(item):
        return
    missing = [k for k in REQUIRED_ELEMENTS if k != "channels" and not item.has_element(k)]
    for key in missing:
        yield required_elements.finding(
            f"事项“{item.name}”缺少要素：{ELEMENT_NAMES[key]}（{key}）。",
            f"Item {item.name!r} is missing the element {key} ({ELEMENT_NAMES[key]}).",
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
    """Leaf items name at least one channel."""
    if not _skipped(item) and not item.channels:
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


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


_WORKING = re.compile(r"([0-9０-９]+|[零〇一二两三四五六七八九十百]+)\s*个?\s*工作日")
_CALENDAR = re.compile(
    r"([0-9０-９]+|[零〇一二两三四五六七八九十百]+)\s*(?:个)?\s*(?:自然)?(?:日|天)(?!前)"
)


def effective_days(item: Item) -> tuple[TimeLimitKind, int] | None:
    """(kind, days) of the item's limit: structured, or read from unparsed wording."""
    return limit_days(item.time_limit)


def limit_days(limit: TimeLimit | None) -> tuple[TimeLimitKind, int] | None:
    """(kind, days) of a time limit: structured, or read from unparsed wording.

    For ``text`` limits the largest ``N个工作日`` / ``N日`` figure is used; this stands in
    until the time-limit parser replaces it.
    """
    if limit is None:
        return None
    if limit.kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS) and limit.days:
        return limit.kind, limit.days
    if limit.kind is TimeLimitKind.TEXT and limit.text:
        text = unicodedata.normalize("NFKC", limit.text)
        working = [n for m in _WORKING.findall(text) if (n := _number(m)) is not None]
        if working:
            return TimeLimitKind.WORKING_DAYS, max(working)
        stripped = _WORKING.sub("", text)
        calendar = [n for m in _CALENDAR.findall(stripped) if (n := _number(m)) is not None]
        if calendar:
            return TimeLimitKind.CALENDAR_DAYS, max(calendar)
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
    days = effective_days(item)
    if (
        item.method is Method.PROACTIVE
        and days is not None
        and days[0] is TimeLimitKind.WORKING_DAYS
        and days[1] > 20
        and not _cites_statute(item)
    ):
        yield long_limit_needs_statute.finding(
            f"主动公开事项“{item.name}”的时限为 {days[1]} 个工作日，超过条例第二十六条的20个工作日，"
            "但公开依据中没有法律或法规。",
            f"Proactive item {item.name!r} allows {days[1]} working days, more than the 20 of "
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
    """Calendar-day limits cite a law or regulation that sets them."""
    days = effective_days(item)
    if days is not None and days[0] is TimeLimitKind.CALENDAR_DAYS and not _cites_statute(item):
        yield calendar_limit_needs_law.finding(
            f"事项“{item.name}”的时限按自然日（{days[1]}日）计算，但公开依据中没有设定该期限的法律或法规。",
            f"Item {item.name!r} counts {days[1]} calendar days but cites no law or regulation "
            "that sets that period.",
            item=item.id,
            element="time_limit",
        )


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
    known_sources,
)
