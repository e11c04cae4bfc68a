"""Core rules on what every catalog and item must hold (GK101–GK107, GK401).

Each rule cites its legal basis and carries a bad and a good example; ``gkstd rule CODE``
prints this documentation and ``docs/rules.md`` is generated from it.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterator

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import rule
from gkstd.diagnostics.samples import GOOD_ITEM, replaced
from gkstd.model import (
    ELEMENT_NAMES,
    REQUIRED_ELEMENTS,
    Catalog,
    Item,
    Method,
)
from gkstd.model.item import exempt_elements
from gkstd.rules.common import TIAOLI, bad

__all__ = [
    "has_channel",
    "known_gap",
    "known_sources",
    "not_withheld",
    "required_elements",
    "unique_ids",
    "unique_sibling_names",
]


def _group(*items: str) -> str:
    """An example group item holding ``items`` (item YAML) as its children."""
    children = "".join("  - " + replaced(i, "\n", "\n    ").rstrip() + "\n" for i in items)
    return "id: group\nname: 分组\nitems:\n" + children


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
    bad=bad("subject: 负责审批的燃气管理部门\n", ""),
    good=GOOD_ITEM,
    fix=("补齐缺少的要素；确实无法核实的，标注 gap 并写明理由。", "Add the missing elements."),
    messages={
        "default": (
            "事项“{name}”缺少要素：{label}。",
            "Item {name!r} is missing the element {label_en} ({label}).",
        ),
        "time-limit": (
            "事项“{name}”缺少要素：{label}；计算期限时按条例第二十六条默认为20个工作日。",
            "Item {name!r} is missing the element {label_en} ({label}); deadlines use the 20 "
            "working days of Art. 26.",
        ),
    },
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
        yield required_elements.emit(
            "time-limit" if key == "time_limit" else "default",
            name=item.name,
            key=key,
            label=ELEMENT_NAMES[key],
            label_en=key,
            item=item.id,
            element=key,
        )


@rule(
    "GK102",
    Severity.INFO,
    ("已知缺口", "Known gap"),
    (
        "事项被来源文件提到，但部分要素或下级事项未能核实，已标注 gap。gkstd 从不臆造内容，"
        "只报告缺口，供补全时参考。继承上级的目录（extends）只对本文件写出要素或缺口的事项"
        "（新增、细化）报告；仅为承载下级事项而列出的上级事项，其缺口由上级目录报告。细化了要素、"
        "缺口沿用上级的事项，问题指向该事项本身（文件中此处没有 gap）。",
        "A source names the item but some elements or children could not be verified; it "
        "is marked gap. gkstd never fills such gaps; it reports them. A tailoring (extends) "
        "reports them only on items whose elements or gap it writes (added or refined); "
        "an item it lists only to hold others leaves its gap to the parent's report. On an "
        "item whose elements it refines and whose gap it inherits, the finding points at the "
        "item itself (the file holds no gap there).",
    ),
    "gkstd 数据原则：目录内容必须来自公开来源，缺失即声明",
    bad=GOOD_ITEM + "gap: {reason: 公开对象未能核实}\n",
    good=GOOD_ITEM,
    fix=("取得官方原表后补全要素，并删除 gap 标注。", "Complete from the official table."),
    messages=("事项“{name}”是已知缺口：{reason}", "Item {name!r} is a known gap: {reason}"),
)
def known_gap(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Report items marked as known gaps.  The finding points at the item's ``gap`` where
    the document writes it; a tailoring that refines an item and inherits its gap points
    at the item (the file holds no ``gap`` there)."""
    if item.gap is not None and (ctx.stated is None or item.id in ctx.stated):
        written = ctx.document.item(item.id) if ctx.stated is not None and ctx.document else None
        inherited = written is not None and written.gap is None
        yield known_gap.emit(
            name=item.name,
            reason=item.gap.reason,
            item=item.id,
            element=None if inherited else "gap",
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
    bad=_group(GOOD_ITEM, replaced(GOOD_ITEM, "name: 燃气经营许可证核发", "name: 另一事项")),
    good=_group(GOOD_ITEM),
    scope="catalog",
    fix=("给重复的事项改用新的编号。", "Give one of the items a new id."),
    messages=(
        "事项编号 {item_id!r} 出现了 {count} 次。",
        "Item id {item_id!r} occurs {count} times.",
    ),
)
def unique_ids(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """Item ids are unique in the catalog (in a tailoring: in the document as written)."""
    written = ctx.document if ctx.changed is not None and ctx.document is not None else catalog
    ids = [item.id for item in written.walk()]
    if len(set(ids)) == len(ids):  # the usual case, without counting
        return
    counts = collections.Counter(ids)
    for item_id, count in counts.items():
        if count > 1:
            yield unique_ids.emit(item_id=item_id, count=count, item=item_id)


@functools.lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    """A name without its white space (GK105 compares siblings' names so; a tailoring's
    siblings are mostly the parent's, the same names document after document)."""
    return "".join(name.split())


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
    bad=_group(GOOD_ITEM, replaced(GOOD_ITEM, "id: permit", "id: permit-2")),
    good=_group(GOOD_ITEM),
    scope="catalog",
    fix=("合并重复事项，或改用能区分的名称。", "Merge the items or rename one."),
    messages=(
        "事项名称“{name}”与同级事项 {sibling!r} 重复。",
        "Item name {name!r} repeats sibling {sibling!r}.",
    ),
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
            key = _name_key(item.name)
            if key in seen:
                yield unique_sibling_names.emit(
                    name=item.name, sibling=seen[key].id, item=item.id, element="name"
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
    bad=bad("channels: [政府网站]\n", ""),
    good=GOOD_ITEM,
    fix=("至少选择一个渠道，例如“政府网站”。", "Choose at least one channel, e.g. 政府网站."),
    messages=("事项“{name}”没有公开渠道和载体。", "Item {name!r} has no disclosure channel."),
)
def has_channel(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Leaf items name at least one channel (unless a gap mark names channels)."""
    exempt = exempt_elements(item)
    if exempt is not None and "channels" not in exempt and not item.channels:
        yield has_channel.emit(name=item.name, item=item.id, element="channels")


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
    f"{TIAOLI}第十三条至第十六条",
    bad=bad("method: 主动", "method: 不予公开"),
    good=GOOD_ITEM,
    fix=("删除该事项，或改为主动/依申请公开。", "Remove the item or make it 主动/依申请."),
    messages=(
        "事项“{name}”的公开方式是“不予公开”，这不是公开方式。",
        "Item {name!r} has method 不予公开 (withheld), which is not a method.",
    ),
)
def not_withheld(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """The method is never 不予公开."""
    if item.method is Method.WITHHELD:
        yield not_withheld.emit(name=item.name, item=item.id, element="method")


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
    messages=(
        "事项“{name}”引用的来源 {source!r} 未在顶层 sources 中登记。",
        "Item {name!r} cites source {source!r}, which is not listed.",
    ),
)
def known_sources(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """Item sources refer to top-level sources."""
    known = {source.id for source in catalog.sources}
    items = catalog.walk() if ctx.changed is None else iter(ctx.changed_items)
    for item in items:
        for source in item.sources:
            if source not in known:
                yield known_sources.emit(
                    name=item.name, source=source, item=item.id, element="sources"
                )
