"""Core rules from the disclosure law: the website first, time limits and their legal
basis, and what 条例第二十条 requires to be proactive (GK301–GK306).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import rule
from gkstd.diagnostics.samples import GOOD_ITEM, replaced
from gkstd.model import (
    Channel,
    Item,
    Level,
    Method,
    TimeLimitKind,
)
from gkstd.rules.common import TIAOLI, bad, skipped
from gkstd.timing.limits import format_limit
from gkstd.timing.spans import structured

__all__ = [
    "ART20_CATEGORIES",
    "art20_proactive",
    "calendar_limit_needs_law",
    "has_website",
    "limit_understood",
    "long_limit_needs_statute",
    "proactive_on_website",
    "timely_defaults",
]


_WEBSITE_WORDS = ("网站", "政府信息公开平台", "公开平台", "政务服务网")


def has_website(item: Item) -> bool:
    """The item lists the government website or the unified platform among its channels
    (条例第二十四条), as GK301 and the batch scorecard's channel measure read it."""
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
        "主动公开的政府信息。主动公开事项的渠道应包括政府网站或该平台。村级目录（村（居）务公开"
        "清单）不检查：村（居）民委员会不是人民政府，没有自己的网站，其渠道由 GK701 检查。",
        "Art. 24: governments publish proactive information centrally on a unified "
        "platform built on their portal. A proactive item should list the website or "
        "that platform. 村级 catalogs (village and community lists) are not checked: a "
        "villagers' or residents' committee is not a government and has no website; GK701 "
        "checks their channels.",
    ),
    f"{TIAOLI}第二十四条",
    bad=bad("channels: [政府网站]", "channels: [公开查阅点]"),
    good=bad("channels: [政府网站]", "channels: [政府网站, 公开查阅点]"),
    fix=("在公开渠道中加上“政府网站”。", "Add 政府网站 to the channels."),
    messages=(
        "主动公开事项“{name}”的渠道中没有政府网站或政府信息公开平台。",
        "Proactive item {name!r} does not list the government website or platform.",
    ),
)
def proactive_on_website(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Proactive items list the website or the unified platform (not at 村级, see GK701)."""
    if ctx.catalog.jurisdiction.level is Level.VILLAGE:
        return
    if item.method is Method.PROACTIVE and item.channels and not has_website(item):
        yield proactive_on_website.emit(name=item.name, item=item.id, element="channels")


#: The examples' citations: the good item's regulation, and local rules that cannot set a
#: longer period.
_GAS_REGULATION = "{title: 城镇燃气管理条例, doc_no: 国务院令第583号, rank: 行政法规}"
_LOCAL_RULES = "{title: 某市燃气经营许可办理规程, rank: 规范性文件}"
_CALENDAR_LIMIT = bad(
    "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
    "time_limit: {kind: calendar_days, days: 20, text: 批准后20日内}",
)


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
    f"{TIAOLI}第二十六条",
    bad=replaced(
        bad(
            "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
            "time_limit: {kind: working_days, days: 30, text: 30个工作日}",
        ),
        _GAS_REGULATION,
        _LOCAL_RULES,
    ),
    good=GOOD_ITEM,
    fix=(
        "把时限缩短到20个工作日以内，或在公开依据中引用规定该期限的法律、法规。",
        "Shorten the limit to 20 working days, or cite the law or regulation that sets it.",
    ),
    messages=(
        "主动公开事项“{name}”的时限为 {days} 个工作日，超过条例第二十六条的20个工作日，"
        "但公开依据中没有法律或法规。",
        "Proactive item {name!r} allows {days} working days, more than the 20 of Art. 26, "
        "but cites no law or regulation.",
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
        yield long_limit_needs_statute.emit(
            name=item.name, days=longest, item=item.id, element="time_limit"
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
    f"{TIAOLI}第二十六条；《中华人民共和国预算法》第十四条",
    bad=replaced(_CALENDAR_LIMIT, _GAS_REGULATION, _LOCAL_RULES),
    good=replaced(
        _CALENDAR_LIMIT,
        _GAS_REGULATION,
        "{title: 中华人民共和国预算法, article: 第十四条, rank: 法律}",
    ),
    fix=(
        "在公开依据中引用设定该期限的法律条款，或改按工作日计算。",
        "Cite the article that sets the period, or count in working days.",
    ),
    messages=(
        "事项“{name}”的时限“{limit}”按自然日（或月）计算，但公开依据中没有设定该期限的法律或法规。",
        "Item {name!r} counts {limit!r} in calendar days or months but cites no law or "
        "regulation that sets that period.",
    ),
)
def calendar_limit_needs_law(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Calendar-day and month limits cite a law or regulation that sets them."""
    if item.time_limit is None or _cites_statute(item):
        return
    for part in structured(item.time_limit).leaves():
        if part.is_deadline and part.kind in (TimeLimitKind.CALENDAR_DAYS, TimeLimitKind.MONTHS):
            wording = format_limit(attrs.evolve(part, scope=None, place=None))
            yield calendar_limit_needs_law.emit(
                name=item.name, limit=wording, item=item.id, element="time_limit"
            )
            return


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
    f"{TIAOLI}第二十六条",
    bad=bad("time_limit: {kind: working_days, days: 20, text: 20个工作日}", "time_limit: 及时公开"),
    good=GOOD_ITEM,
    fix=(
        "写明具体期限，例如“自信息形成或者变更之日起20个工作日内”。",
        "State the period, e.g. 自信息形成或者变更之日起20个工作日内.",
    ),
    messages=(
        "事项“{name}”的时限“{limit}”没有具体期限，按条例第二十六条默认为20个工作日。",
        "Item {name!r} says {limit!r} with no period; 20 working days apply (Art. 26).",
    ),
)
def timely_defaults(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """及时 alone means 20 working days."""
    limit = item.time_limit
    if limit is not None and not skipped(item) and structured(limit).kind is TimeLimitKind.TIMELY:
        yield timely_defaults.emit(
            name=item.name, limit=limit.display(), item=item.id, element="time_limit"
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
    bad=bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}",
        "time_limit: 提前一周发通知邀请",
    ),
    good=bad(
        "time_limit: {kind: working_days, days: 20, text: 20个工作日}", "time_limit: 20个工作日"
    ),
    fix=(
        "改写为可识别的写法，如“自信息形成或者变更之日起20个工作日内”“每季度首月20日前”。",
        "Rephrase, e.g. 自信息形成或者变更之日起20个工作日内 or 每季度首月20日前.",
    ),
    messages={
        "default": (
            "事项“{name}”的公开时限“{limit}”未能识别，已原样保留。",
            "The time limit {limit!r} of item {name!r} was not understood; it is kept verbatim.",
        ),
        "same-as-above": (
            "事项“{name}”的公开时限为“同上”，但前面没有可参照的事项。",
            "Item {name!r} says 同上 (same as above) but no earlier item has a limit.",
        ),
    },
)
def limit_understood(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Time-limit wording could be read."""
    limit = item.time_limit
    if limit is None:
        return
    if limit.kind is TimeLimitKind.TEXT and structured(limit).kind is TimeLimitKind.TEXT:
        yield limit_understood.emit(
            name=item.name, limit=limit.text, item=item.id, element="time_limit"
        )
    elif limit.kind is TimeLimitKind.SAME_AS_ABOVE:
        yield limit_understood.emit(
            "same-as-above", name=item.name, item=item.id, element="time_limit"
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
    f"{TIAOLI}第二十条",
    bad=replaced(
        bad("name: 燃气经营许可证核发", "name: 燃气经营行政许可办事指南"),
        "method: 主动",
        "method: 依申请",
    ),
    good=bad("name: 燃气经营许可证核发", "name: 燃气经营行政许可办事指南"),
    fix=(
        "把公开方式改为主动公开；确属依申请的，用 waiver 写明理由。",
        "Make the item proactive, or waive the finding with a reason.",
    ),
    messages=(
        "事项“{name}”属于条例第二十条第（{number}）项“{category}”（名称含“{keyword}”），"
        "公开方式却只有依申请公开。",
        "Item {name!r} falls under Art. 20 ({number}) {category_en} (name contains "
        "{keyword!r}) but is on request only.",
    ),
)
def art20_proactive(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Items in Art. 20's categories are not on-request only."""
    if item.method is not Method.ON_REQUEST or not item.is_leaf:
        return
    for number, zh, en, pattern in _ART20:
        match = pattern.search(item.name)
        if match:
            yield art20_proactive.emit(
                name=item.name,
                number=number,
                category=zh,
                category_en=en,
                keyword=match.group(0),
                item=item.id,
                element="method",
            )
            return
