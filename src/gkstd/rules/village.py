"""GK7xx: village and community (村（居）务公开) lists checked as 村级 catalogs.

The seed documents ask that 政务公开 and 村（居）务公开 "有效衔接、相同事项的公开内容对应一致"
(郑州 001 二（八）, 武清 003 二（三）, 凯里 004 三（七）).  A village list that ``conforms_to``
its township's catalog is already held to that by the inheritance rules, on the township
items whose 公开层级 include 村级 (the parent's level view, :mod:`gkstd.inherit`): GK201
(an item missing), GK202 (content dropped), GK206 (a looser time limit), GK204 (a channel
dropped; at 村级 the government's own platforms are not required, see
:func:`government_platform`).  The rules here cover what those cannot:

* GK701: a village item published only on government platforms (政府网站, 政府公报), with
  no channel of the village's own that villagers can reach;
* GK702: a village list with no township (or county) catalog to correspond to.

居委会 and 社区 lists are 村级 too (``Level.VILLAGE``): 街道办事处 is the township level
(seed 001: 基层政府含乡镇政府、街道办事处; 004: 街道办事处参考“乡镇政府”清单), and the
居民委员会 works under the 派出机关 of the district government (城市居民委员会组织法第二条)
as the 村民委员会 does under the township.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Example, rule
from gkstd.diagnostics.samples import GOOD_ITEM, replaced
from gkstd.model import Catalog, Channel, Item, Level, Method
from gkstd.model.enums import channel_kind
from gkstd.rules.common import skipped

__all__ = [
    "GOVERNMENT_PLATFORMS",
    "government_platform",
    "village_document",
    "village_has_parent",
    "villager_channel",
]

#: The template channels only a government runs: a 村（居）民委员会 has no website or
#: gazette of its own (条例第二十三条、第二十四条 name them as the government's platforms).
GOVERNMENT_PLATFORMS: frozenset[Channel] = frozenset({Channel.WEBSITE, Channel.GAZETTE})

#: Words that name a government platform in a free-text channel (as GK301 reads them).
_PLATFORM_WORDS = ("网站", "政府信息公开平台", "公开平台", "政务服务网", "公报")

_SEEDS = (
    "郑州市人民政府办公厅通知二（八）、《武清区全面推进基层政务公开标准化规范化工作方案》二（三）、"
    "《凯里市全面推进政务公开标准化规范化工作实施方案》三（七）（种子文件 001、003、004）"
)
_LAW_30 = "《中华人民共和国村民委员会组织法》第三十条（村务公开制度：及时公布，接受村民的监督）"


def government_platform(channel: Channel | str) -> bool:
    """True for a channel only a government runs: 政府网站 or 政府公报, or a free-text
    channel naming a website, the government's disclosure platform or a gazette
    (``镇政府网站村务公开专栏``).  A village list need not keep these (GK204) and cannot
    rely on them alone (GK701)."""
    if channel_kind(channel) in GOVERNMENT_PLATFORMS:
        return True
    if isinstance(channel, str):
        text = unicodedata.normalize("NFKC", channel)
        return any(word in text for word in _PLATFORM_WORDS)
    return False


def villager_channel(channel: Channel | str) -> bool:
    """True for a channel villagers can reach without the government's platforms: every
    channel but those of :func:`government_platform` (公示栏, 村民微信群, 公众号, 入户/现场,
    便民服务站, 村民会议 …)."""
    return not government_platform(channel)


def village_document(
    item_yaml: str = GOOD_ITEM, *, parent: str | None = None, catalog_id: str = "example/village"
) -> str:
    """A village (村级) list holding ``item_yaml`` as its only item, ``conforms_to``
    ``parent`` when given (the examples of GK701 and GK702)."""
    body = "\n".join("    " + line for line in item_yaml.rstrip("\n").split("\n"))
    ref = f"conforms_to: {parent}\n" if parent is not None else ""
    return (
        'gkstd: "1.0"\n'
        f"id: {catalog_id}\n"
        "domain: example\n"
        "title: 示例村村务公开目录\n"
        "jurisdiction: {name: 示例村, level: 村级}\n"
        f"{ref}"
        "items:\n  - " + body[4:] + "\n"
    )


#: The example item as a village lists it: the village committee, its own channels.
_VILLAGE_ITEM = replaced(
    replaced(GOOD_ITEM, "subject: 负责审批的燃气管理部门", "subject: 示例村村民委员会"),
    "channels: [政府网站]",
    "channels: [社区/企事业单位/村公示栏（电子屏）, 村民微信群]",
)
_TOWNSHIP_PARENT = (
    'gkstd: "1.0"\n'
    "id: township\n"
    "domain: example\n"
    "title: 示例镇示例领域基层政务公开标准目录\n"
    "jurisdiction: {name: 示例镇, level: 乡级}\n"
    "items:\n  - "
    + "\n".join(
        "    " + line
        for line in replaced(GOOD_ITEM, "levels: [县级, 乡级]", "levels: [乡级, 村级]")
        .rstrip("\n")
        .split("\n")
    )[4:]
    + "\n"
)


@rule(
    "GK701",
    Severity.WARNING,
    (
        "村（居）务公开事项只通过政府平台公开",
        "Village item published only on government platforms",
    ),
    (
        "村民委员会组织法第三十条：“村民委员会实行村务公开制度。村民委员会应当及时公布下列事项，接受村民监督”。"
        "种子文件要求村（居）民委员会的公开事项清单通过村（居）民微信群、公众号、信息公示栏、"
        "政务公开专栏等渠道公开，方便群众及时知晓和监督。村级（含社区、居委会）清单中主动公开的事项，"
        "渠道只有政府网站、政府公报等政府平台（村（居）民委员会没有自己的网站和公报）时，"
        "应补上村民能够到达的渠道：村务公开栏、公示栏、村民微信群、公众号、入户/现场、村民会议等。"
        "只检查村级目录。",
        "Organic Law of Villagers' Committees, Art. 30: the committee publishes village "
        "affairs promptly, under the villagers' supervision. The seed documents ask village "
        "and community lists to publish through villagers' WeChat groups, official accounts, "
        "notice boards and disclosure columns. A proactive item of a 村级 list (villages, "
        "communities, residents' committees) whose only channels are government platforms "
        "(the website, the gazette: a committee has neither) should add a channel villagers "
        "can reach: the village notice board, WeChat group, official account, door to door, "
        "villagers' meeting. Only 村级 catalogs are checked.",
    ),
    f"{_LAW_30}；{_SEEDS}",
    bad=Example(
        village_document(
            replaced(
                _VILLAGE_ITEM,
                "channels: [社区/企事业单位/村公示栏（电子屏）, 村民微信群]",
                "channels: [政府网站]",
            )
        ),
        scope="document",
    ),
    good=Example(village_document(_VILLAGE_ITEM), scope="document"),
    fix=(
        "在公开渠道中加上村民能够到达的渠道，如“社区/企事业单位/村公示栏（电子屏）”“村民微信群”。",
        "Add a channel villagers can reach, e.g. the village notice board or WeChat group.",
    ),
    messages=(
        "村级事项“{name}”只通过{channels}公开，没有村（居）民能够到达的渠道（公示栏、村民微信群、公众号等）。",
        "Village item {name!r} is published only on {channels}, with no channel villagers "
        "can reach (notice board, WeChat group, official account …).",
    ),
)
def village_channels(item: Item, ctx: CheckContext) -> Iterator[Finding]:
    """Proactive items of a 村级 list name a channel villagers can reach."""
    if ctx.catalog.jurisdiction.level is not Level.VILLAGE or skipped(item):
        return
    if item.method is not Method.PROACTIVE or not item.channels:
        return
    if not any(villager_channel(c) for c in item.channels):
        shown = "、".join(c.label if isinstance(c, Channel) else c for c in item.channels)
        yield village_channels.emit(
            name=item.name, channels=shown, item=item.id, element="channels"
        )


def village_has_parent(catalog: Catalog, ctx: CheckContext) -> str | None:
    """Why a 村级 ``catalog`` cannot be compared with a local government's catalog:
    ``none`` (no ``conforms_to`` or ``extends``), ``pack`` (its parent is an installed
    pack's national catalog), else ``None``."""
    ref = catalog.conforms_to or catalog.extends
    if ref is None:
        return "none"
    if ctx.registry is not None and ctx.registry.pack(ref) is not None:
        return "pack"
    return None


@rule(
    "GK702",
    Severity.INFO,
    (
        "村（居）务公开清单没有对应的乡镇（街道）目录",
        "Village list has no township catalog to correspond to",
    ),
    (
        "种子文件要求政务公开与村（居）务公开有效衔接、相同事项的公开内容对应一致。村级清单以所在"
        "乡镇（街道）或县级的目录为上级（conforms_to）时，gkstd 按上级目录中公开层级含村级的事项逐项"
        "核对：缺少事项（GK201）、公开内容缺少要点（GK202）、时限更宽松（GK206）、渠道缺少（GK204，"
        "村级不要求政府网站、政府公报）。村级清单没有上级，或上级是领域包的国家级目录时，"
        "这些核对无法针对所在乡镇进行，在此提示。",
        "The seed documents ask that government and village disclosure correspond: the same "
        "item, the same content. A 村级 list whose parent (conforms_to) is its township's "
        "(or county's) catalog is checked item by item against the parent items marked for "
        "村级: a missing item (GK201), dropped content (GK202), a looser limit (GK206), a "
        "dropped channel (GK204; the website and gazette are not required at 村级). A "
        "village list with no parent, or with a pack's national catalog as parent, cannot be "
        "checked against its township; this notice says so.",
    ),
    _SEEDS,
    bad=Example(village_document(_VILLAGE_ITEM), scope="document"),
    good=Example(
        village_document(
            _VILLAGE_ITEM.replace("levels: [县级, 乡级]", "levels: [乡级, 村级]"), parent="parent"
        ),
        scope="chain",
        parent=_TOWNSHIP_PARENT,
    ),
    scope="catalog",
    fix=(
        "导入或编写村级清单时以所在乡镇（街道）的目录为上级：gkstd import … --conforms-to 乡镇目录.yaml --level 村级。",
        "Make the township's catalog the parent: gkstd import … --conforms-to township.yaml "
        "--level 村级.",
    ),
    messages={
        "none": (
            "村级清单 {catalog} 没有上级目录（conforms_to），无法核对与所在乡镇（街道）目录相同事项的"
            "公开内容是否一致。",
            "Village list {catalog} has no parent (conforms_to), so it cannot be checked "
            "against its township's catalog.",
        ),
        "pack": (
            "村级清单 {catalog} 的上级是领域包 {parent} 的国家级目录，不是所在乡镇（街道）的目录；"
            "无法核对与乡镇目录相同事项的公开内容是否一致。",
            "Village list {catalog} has the national catalog of pack {parent} as its parent, "
            "not its township's catalog; it cannot be checked against the township.",
        ),
    },
)
def village_parent(catalog: Catalog, ctx: CheckContext) -> Iterator[Finding]:
    """A 村级 list names its township's catalog as its parent."""
    if catalog.jurisdiction.level is not Level.VILLAGE:
        return
    why = village_has_parent(catalog, ctx)
    if why is not None:
        ref = catalog.conforms_to or catalog.extends or ""
        path = "$.conforms_to" if catalog.conforms_to else "$.extends" if ref else "$.jurisdiction"
        yield village_parent.emit(why, catalog=catalog.id, parent=ref, path=path)
