"""条例第二十一条: the topics a township's catalogs together must cover (GK307), checked
across the catalogs of one township.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Example, rule
from gkstd.diagnostics.samples import township_document
from gkstd.model import (
    Catalog,
    Level,
)
from gkstd.model.catalog import UNNAMED
from gkstd.rules.common import TIAOLI

__all__ = [
    "ART21_TOWNSHIP_TOPICS",
    "TOWNSHIP_TOPICS",
    "TownshipEntry",
    "covered_topics",
    "entry_findings",
    "township_entries",
    "township_findings",
    "township_topic_coverage",
]


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


TOWNSHIP_TOPICS = rule(
    "GK307",
    Severity.INFO,
    ("乡镇目录未覆盖条例第二十一条的重点事项", "Township catalogs miss Art. 21 topics"),
    (
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
    f"{TIAOLI}第二十一条",
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
    fix=(
        "在相应领域的目录中补充覆盖该主题的事项，或同时校验该乡镇的其余目录。",
        "Add items covering the topic, or validate the township's other catalogs too.",
    ),
    messages=(
        "{jurisdiction}的 {count} 个目录中没有覆盖条例第二十一条“{topic}”的事项。",
        "None of the {count} catalog(s) of {jurisdiction} covers the Art. 21 topic {topic} "
        "({topic_en}).",
    ),
)


#: the government ``gkstd import`` records for a table that names none (gkstd.tables.place)


@attrs.frozen
class TownshipEntry:
    """What GK307 needs of one township catalog: its government's ``name``, the
    ``group`` it is pooled in (a township), its ``file`` and the 第二十一条 topics its
    items cover.  Small and picklable: catalogs checked in other processes send these
    instead of the catalogs (:meth:`detached`).

    The topics are searched for only when needed (a township with two or more
    catalogs): until then the entry holds its ``catalog``."""

    name: str
    group: str
    file: str | None
    topics: frozenset[str] | None = None
    catalog: Catalog | None = attrs.field(default=None, eq=False, repr=False)

    def covered(self, memo: dict[int, str] | None = None) -> frozenset[str]:
        """The topics the catalog covers (searched now if not yet)."""
        if self.topics is not None:
            return self.topics
        assert self.catalog is not None
        return covered_topics(self.catalog, memo)

    def detached(self, memo: dict[int, str] | None = None) -> TownshipEntry:
        """This entry with its topics searched and without its catalog, to be sent to
        another process."""
        return TownshipEntry(self.name, self.group, self.file, self.covered(memo))


def covered_topics(catalog: Catalog, memo: dict[int, str] | None = None) -> frozenset[str]:
    """The 第二十一条 topics ``catalog`` covers: the topics :func:`township_topic_coverage`
    finds entries for, found with one search per word in the catalog's text (its title
    and its items' names, one per line; no topic word holds a space or a line break, so
    no word is found across two names).  A catalog without items covers nothing.

    ``memo`` keeps the names of each first-level item's subtree by the item object's id,
    for a caller that searches many catalogs sharing their parent's items (and keeps those
    catalogs alive meanwhile)."""
    if not catalog.items:
        return frozenset()
    memo = {} if memo is None else memo
    parts = [catalog.title]
    for top in catalog.items:
        names = memo.get(id(top))
        if names is None:
            names = memo[id(top)] = "\n".join(item.name for item in top.walk())
        parts.append(names)
    text = "\n".join(parts)
    return frozenset(
        topic for topic, _, words in ART21_TOWNSHIP_TOPICS if any(w in text for w in words)
    )


def township_entries(
    catalogs: Sequence[tuple[Catalog, str | None]],
    key: Callable[[Catalog, str | None], str] | None = None,
) -> list[TownshipEntry]:
    """The :class:`TownshipEntry` of each township catalog among ``catalogs`` ((catalog,
    file) pairs; others and the import's placeholder （未注明） are left out), grouped by
    ``key`` (default: the jurisdiction name)."""
    entries = []
    for catalog, file in catalogs:
        if catalog.jurisdiction.name == UNNAMED:
            continue  # tables that name no township are not one township's catalogs
        if catalog.jurisdiction.level is Level.TOWNSHIP:
            group = key(catalog, file) if key is not None else catalog.jurisdiction.name
            entries.append(TownshipEntry(catalog.jurisdiction.name, group, file, None, catalog))
    return entries


def township_findings(
    catalogs: Sequence[tuple[Catalog, str | None]],
    key: Callable[[Catalog, str | None], str] | None = None,
) -> list[Finding]:
    """GK307 findings for the township catalogs among ``catalogs`` ((catalog, file) pairs).

    Catalogs are grouped by jurisdiction name; each group of at least two catalogs gets
    one finding per topic that none of its catalogs covers, located at the group's first
    file.  A township catalog checked alone gets none: its other domains' catalogs were
    not given, so nothing can be said about the township's coverage.  Catalogs whose
    government is the import's placeholder （未注明） are left out: nothing says they are
    one township's.  ``key`` groups otherwise (default: the jurisdiction name); a batch of
    a whole province, where names repeat (城关镇), groups by division code or folder.
    """
    return entry_findings(township_entries(catalogs, key))


def entry_findings(entries: Sequence[TownshipEntry]) -> list[Finding]:
    """GK307 findings from :func:`township_entries` (of one process or several, in the
    order of the catalogs): :func:`township_findings` in two steps."""
    groups: dict[str, list[TownshipEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    findings: list[Finding] = []
    memo: dict[int, str] = {}  # the entries' catalogs (and items) live through the loop
    for members in groups.values():
        if len(members) < 2:
            continue
        covered = frozenset().union(*(m.covered(memo) for m in members))
        for topic, en, _ in ART21_TOWNSHIP_TOPICS:
            if topic not in covered:
                findings.append(
                    TOWNSHIP_TOPICS.emit(
                        jurisdiction=members[0].name,
                        count=len(members),
                        topic=topic,
                        topic_en=en,
                        file=members[0].file,
                    )
                )
    return findings
