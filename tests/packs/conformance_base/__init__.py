"""A small, complete test pack (``test-pack``, prefix ``TP``) that passes every check.

It shows each part a pack can have: metadata and a catalog as data, an item rule
(TP101), and a custom element type, the extra column 更新频率 (update frequency), whose
refinement order lets a child catalog update more often but not less often (TP201).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any, ClassVar

from gkstd import Finding, HookContext, Item, Severity, hookimpl, rule
from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Example, Rule, documented_rule
from gkstd.inherit.orders import CompareContext, ElementOrder, Violation
from gkstd.packs.pack import DomainPack, pack_from_directory

DOMAIN = "test-pack"
ITEM = """\
id: a
name: 政府信息公开目录
content: [目录索引]
basis: [{title: 中华人民共和国政府信息公开条例, doc_no: 国务院令第711号, article: 第十二条}]
time_limit: 自信息形成或者变更之日起20个工作日内
subject: 政府信息公开工作机构
method: 主动公开
channels: [政府网站]
audience: 全社会
levels: [县级]
"""


@rule(
    "TP101",
    Severity.WARNING,
    ("目录事项未写明目录索引", "Catalog item without an index"),
    (
        "条例第十二条：政府信息公开目录包括索引、名称、内容概述、生成日期。",
        "Art. 12: a catalog lists index, name, summary and date.",
    ),
    "《中华人民共和国政府信息公开条例》（国务院令第711号）第十二条",
    bad=Example(ITEM.replace("[目录索引]", "[内容概述]"), domain=DOMAIN),
    good=Example(ITEM, domain=DOMAIN),
)
def catalog_index(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """An item named …目录 lists 目录索引 among its content."""
    if item.name.endswith("目录") and item.content and not any("索引" in c for c in item.content):
        yield catalog_index.finding("目录事项未写明目录索引。", "No index listed.", item=item.id)


#: 更新频率 values, least to most frequent.
FREQUENCIES = ("每年", "每半年", "每季度", "每月", "每周", "每日")

_PARENT = (
    'gkstd: "1.0"\nid: parent\ndomain: test-pack\ntitle: 上级\n'
    "jurisdiction: {name: 某市, level: 市级}\nitems:\n"
    + textwrap.indent(f"{ITEM}extra: {{更新频率: 每月}}\n", "    ").replace("    id:", "  - id:", 1)
)
_CHILD = """\
gkstd: "1.0"
id: child
domain: test-pack
title: 下级
jurisdiction: {name: 某县, level: 县级}
extends: parent
items:
  - {id: a, name: 政府信息公开目录, extra: {更新频率: FREQ}}
"""

LESS_OFTEN = documented_rule(
    "TP201",
    Severity.ERROR,
    ("更新频率低于上级", "Updated less often than the parent requires"),
    ("下级目录只能更频繁地更新（只增不减）。", "A child catalog may only update more often."),
    "国办发〔2019〕54号（原则上只增不减）",
    bad=Example(_CHILD.replace("FREQ", "每年"), scope="chain", parent=_PARENT),
    good=Example(_CHILD.replace("FREQ", "每周"), scope="chain", parent=_PARENT),
    scope="chain",
    fix=("把更新频率改为不低于上级的频率。", "Use a frequency at least the parent's."),
)


def _rank(value: str) -> int | None:
    return FREQUENCIES.index(value.strip()) if value.strip() in FREQUENCIES else None


def compare_frequency(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    """A child's frequency refines the parent's when it is as frequent or more; text
    outside the list refines only itself."""
    p, c = _rank(str(parent)), _rank(str(child))
    if (p is not None and c is not None and c >= p) or str(parent).strip() == str(child).strip():
        return []
    return [
        Violation(
            LESS_OFTEN, Text(f"{child} 低于 {parent}", f"{child} is less often than {parent}")
        )
    ]


FREQUENCY_ORDER = ElementOrder(
    "extra:更新频率",
    Text("更新频率（只能更频繁）", "update frequency (only more often)"),
    compare_frequency,
    lambda parent, child: child,
    samples=(*FREQUENCIES, "按需"),
)


def make_pack() -> DomainPack:
    """The pack, read from pack.yaml beside this module."""
    return pack_from_directory(__name__)


RULES: list[Rule] = [catalog_index, LESS_OFTEN]


class Plugin:
    """The test pack's plugin; the broken packs subclass it and change one thing."""

    rules: ClassVar[list[Rule]] = RULES
    orders: ClassVar[list[ElementOrder]] = [FREQUENCY_ORDER]

    def pack(self) -> DomainPack:
        return make_pack()

    @hookimpl
    def gkstd_register_packs(self, ctx: HookContext) -> list[DomainPack]:
        return [self.pack()]

    @hookimpl
    def gkstd_register_rules(self, ctx: HookContext) -> list[Rule]:
        return list(self.rules)

    @hookimpl
    def gkstd_register_element_orders(self, ctx: HookContext) -> list[ElementOrder]:
        return list(self.orders)


plugin = Plugin()
