"""Checking a complete catalog (``conforms_to``) against its parent.

The check runs as named steps, each a function of its own:

1. :func:`match_to_parent`: which child item is which parent item (by the user's item
   map, then id, then name and content with :func:`~gkstd.inherit.matching.match_items`),
   and :func:`map_problems`: entries of the user's map that could not be used (GK219);
2. :func:`missing_items`: parent items that apply at the child's level and were not
   found (GK201), or were found only under a similar name (GK214);
3. :func:`compare_matched`: every matched pair, element by element (GK202–GK209, GK216,
   GK217 through :func:`~gkstd.inherit.compare.compare_item`).

Packs are partial (``gkstd domains``), and the checks do not demand what a pack does
not know: a parent item whose 公开层级 is unknown is required of a county catalog only as
a warning and of a township or village catalog only as a notice; findings on parent
elements named in a gap mark are notices.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.inherit.compare import ELEMENTS, compare_item, not_applicable_finding, present
from gkstd.inherit.mapping import LOCAL, ItemMap
from gkstd.inherit.matching import Match, match_items
from gkstd.inherit.orders import CompareContext, ElementOrder
from gkstd.inherit.resolved import Change, ResolvedCatalog
from gkstd.inherit.rules import (
    BAD_MAP,
    ELEMENT_DROPPED,
    MATCHED_BY_NAME,
    MISSING_ITEM,
    UNMATCHED_ITEM,
)
from gkstd.io.loader import LoadedDocument
from gkstd.model import ELEMENT_NAMES, REQUIRED_ELEMENTS, Catalog, Item, Level
from gkstd.model.item import exempt_elements

__all__ = [
    "Matching",
    "compare_matched",
    "conform",
    "map_problems",
    "match_to_parent",
    "missing_items",
]


def walk_with_ancestors(
    items: tuple[Item, ...], ancestors: tuple[str, ...] = ()
) -> Iterator[tuple[Item, tuple[str, ...]]]:
    """Every item with the ids of the items above it, depth first."""
    for item in items:
        yield item, ancestors
        if item.items:
            yield from walk_with_ancestors(item.items, (*ancestors, item.id))


@attrs.frozen
class Matching:
    """The result of :func:`match_to_parent`.

    ``matched``: parent id → child item; ``aliases``: child id → parent id for matches
    that are not by id; ``review``: parent id → the child match that resembles it but
    was not taken; ``matches``: every decision, in child document order.
    """

    matched: Mapping[str, Item]
    aliases: Mapping[str, str]
    review: Mapping[str, Match]
    matches: tuple[Match, ...]


def match_to_parent(
    child: Catalog, parent_items: tuple[Item, ...], mapping: ItemMap | None = None
) -> Matching:
    """Step 1: match the child's items to the parent items (see :mod:`gkstd.inherit.matching`)."""
    matches = match_items(child.items, parent_items, mapping=mapping, use_ids=True)
    by_id = {item.id: item for item, _ in walk_with_ancestors(child.items)}
    matched: dict[str, Item] = {}
    aliases: dict[str, str] = {}
    review: dict[str, Match] = {}
    for match in matches:
        if match.taken and match.parent is not None:
            matched[match.parent] = by_id[match.child]
            if match.status != "id":
                aliases[match.child] = match.parent
        elif match.status == "review" and match.parent is not None:
            review.setdefault(match.parent, match)
    return Matching(matched, aliases, review, tuple(matches))


def map_problems(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    view: tuple[Item, ...],
    mapping: ItemMap,
    matching: Matching,
    index: Mapping[str, tuple[Item, tuple[str, ...]]],
) -> list[Finding]:
    """Step 1b: entries of the user's item map that could not be used (GK219, warning):
    a parent id the parent does not have or that does not apply at this level, a key that
    names no item of this catalog, a parent item that two entries claim."""
    where = mapping.file or "事项对应表"
    where_en = mapping.file or "the item map"
    assert parent.catalog is not None
    known = {item.id for item, _ in walk_with_ancestors(parent.catalog.items)}
    applies = {item.id for item, _ in walk_with_ancestors(view)}
    pairs = [(item.id, _name_path(item.id, index)) for item in (i for i, _ in index.values())]
    used = mapping.keys_used(pairs)
    mapped = {m.child: m.parent for m in matching.matches if m.status == "mapped"}
    out: list[Finding] = []

    def problem(key: str, target: str, zh: str, en: str) -> None:
        out.append(
            BAD_MAP.finding(
                f"{where} 中的“{key}: {target}”未采用：{zh}",
                f"Entry '{key}: {target}' of {where_en} was not used: {en}",
                file=mapping.file or doc.file,
                severity=Severity.WARNING,
            )
        )

    for key, target in mapping.entries:
        if key not in used:
            problem(
                key,
                target,
                "本目录中没有这个事项编号或名称路径（名称路径用“一级事项/二级事项”）。",
                "no item of this catalog has this id or name path (write names as 一级/二级).",
            )
        elif target != LOCAL and target not in known:
            problem(
                key,
                target,
                f"上级目录 {parent.id} 没有编号为 {target} 的事项；请改为上级目录中的事项编号"
                f"（gkstd show {parent.id} 可列出）。",
                f"parent {parent.id} has no item {target}; use one of its ids "
                f"(gkstd show {parent.id} lists them).",
            )
        elif target != LOCAL and target not in applies:
            problem(
                key,
                target,
                f"上级目录的事项 {target} 的公开层级不含本级，本级目录不需要对应它。",
                f"parent item {target} does not apply at this level.",
            )
    claims: dict[str, list[str]] = {}
    for item_id, path in pairs:
        claimed = mapping.lookup(item_id, path)
        if claimed is not None and claimed != LOCAL and claimed in applies:
            claims.setdefault(claimed, []).append(item_id)
    for target, claimants in claims.items():
        if len(claimants) < 2:
            continue
        taken = [c for c in claimants if mapped.get(c) == target]
        names = "、".join(index[c][0].name for c in claimants)
        problem(
            "；".join(claimants),
            target,
            f"本目录的 {len(claimants)} 个事项（{names}）都对应上级事项 {target}，"
            f"只采用了第一个（{'、'.join(taken) or '无'}）；一个上级事项只能对应本目录的一个事项。",
            f"{len(claimants)} items here map to parent item {target}; only the first "
            f"({', '.join(taken) or 'none'}) was used: one parent item matches one item here.",
        )
    return out


def _name_path(item_id: str, index: Mapping[str, tuple[Item, tuple[str, ...]]]) -> tuple[str, ...]:
    item, ancestors = index[item_id]
    return (*(index[a][0].name for a in ancestors if a in index), item.name)


def _levels_known(item: Item) -> bool:
    """True when every leaf of ``item`` names its 公开层级 (not a gap)."""
    for leaf in item.walk():
        if leaf.is_leaf:
            unknown = leaf.gap is not None and "levels" in leaf.gap.missing
            if not leaf.levels or unknown:
                return False
    return True


def _required_severity(item: Item, level: Level) -> Severity:
    """How strongly a parent item is required at ``level``: an error when its levels are
    known (the level view already left out items that do not apply), a warning at
    county level and a notice below it when they are not."""
    if _levels_known(item):
        return Severity.ERROR
    return Severity.WARNING if level.rank <= Level.COUNTY.rank else Severity.INFO


def missing_items(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    parent_items: Iterable[tuple[Item, tuple[str, ...]]],
    matching: Matching,
    child_index: Mapping[str, tuple[Item, tuple[str, ...]]],
    level: Level,
) -> list[Finding]:
    """Step 2: GK201 for parent items not found, GK214 for those found only by a similar
    name.  A missing group is reported once, not item by item."""
    findings: list[Finding] = []
    reported: set[str] = set()
    gap_groups = {
        i
        for i, (item, _) in child_index.items()
        if item.gap is not None and "items" in item.gap.missing
    }
    for p, ancestors in parent_items:
        if p.not_applicable is not None or any(a in reported for a in ancestors):
            continue
        if p.id in matching.matched:
            continue
        holder = matching.matched.get(ancestors[-1]) if ancestors else None
        if holder is not None and holder.id in gap_groups:
            continue  # the child's source is known to lack some children of this group
        if any(d.id in matching.matched for d in p.walk()):
            continue  # the group is renamed or restructured; its items are present
        reported.add(p.id)
        findings.append(_missing(doc, parent, p, matching.review.get(p.id), level))
    return findings


def _missing(
    doc: LoadedDocument, parent: ResolvedCatalog, item: Item, similar: Match | None, level: Level
) -> Finding:
    below = sum(1 for _ in item.walk()) - 1
    extra_zh = f"（及其下 {below} 个事项）" if below else ""
    extra_en = f" (and the {below} items below it)" if below else ""
    if similar is not None:
        finding = UNMATCHED_ITEM.finding(
            f"上级目录 {parent.id} 的事项“{item.name}”（{item.id}）{extra_zh}未按 id 或名称找到；"
            f"最接近的是“{similar.name}”（{similar.child}，相似度 {similar.score:.0f}）。"
            f"如是同一事项，请改用 id {item.id}，或在事项对应表中写明。",
            f"Parent {parent.id} item {item.name!r} ({item.id}){extra_en} is not found by id "
            f"or name; the closest is {similar.name!r} ({similar.child}, score "
            f"{similar.score:.0f}). If it is the same item, use id {item.id} or map it.",
            item=similar.child,
        )
        return doc.locate(finding)
    severity = _required_severity(item, level)
    why_zh = why_en = ""
    if severity is not Severity.ERROR:
        why_zh = (
            f"上级目录未写明此事项的公开层级（领域包数据不全），无法确定{level.label}目录是否必须包含；"
            "如本级不承担此事项，可标注 not_applicable 并写明理由。"
        )
        why_en = (
            f" The parent does not state this item's levels (partial pack data), so whether a "
            f"{level.code} catalog must hold it is unknown; mark it not_applicable with a "
            "reason if it does not apply here."
        )
    finding = MISSING_ITEM.finding(
        f"缺少上级目录 {parent.id} 的事项“{item.name}”（{item.id}）{extra_zh}。{why_zh}",
        f"Missing item {item.name!r} ({item.id}){extra_en} of parent {parent.id}.{why_en}",
        item=item.id,
        path="$.items",
        severity=severity,
    )
    return doc.locate(finding)


def _absent_reported(item: Item) -> set[str]:
    """Elements that GK101/GK106 report as missing on ``item`` (so GK2xx does not)."""
    exempt = exempt_elements(item)
    if exempt is None:
        return set()
    return {k for k in REQUIRED_ELEMENTS if not item.has_element(k) and k not in exempt}


def compare_matched(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    parent_items: Iterable[tuple[Item, tuple[str, ...]]],
    matching: Matching,
    orders: Mapping[str, ElementOrder],
    ctx: CompareContext,
    unstated: Iterable[str] = (),
) -> tuple[list[Finding], dict[str, dict[str, Change]]]:
    """Step 3: compare every matched pair.  ``unstated`` elements are stated by no item
    of the child (no such column): they are reported once by :func:`conform`."""
    findings: list[Finding] = []
    changes: dict[str, dict[str, Change]] = {}
    skip = set(unstated)
    for p, _ in parent_items:
        c = matching.matched.get(p.id)
        if c is None or p.not_applicable is not None:
            continue
        if c.not_applicable is not None:
            findings.append(not_applicable_finding(doc, parent, c))
            changes.setdefault(c.id, {})["not_applicable"] = "added"
            continue
        if p.is_leaf and not c.is_leaf:
            continue  # the parent item is divided into local sub-items
        result = compare_item(
            doc,
            parent,
            p,
            c,
            orders,
            ctx,
            complete=p.is_leaf,
            reported_absent=_absent_reported(c) | skip,
        )
        findings.extend(result.findings)
        if result.changes:
            changes[c.id] = dict(result.changes)
    return findings, changes


def _unstated_elements(
    child: Catalog, parent_items: Iterable[tuple[Item, tuple[str, ...]]]
) -> list[str]:
    """Optional elements (not required by 54号) that the parent states and no leaf of
    the child states at all: the child's table has no such column."""
    optional = [e for e in ELEMENTS if e not in REQUIRED_ELEMENTS and e not in ("category",)]
    leaves = list(child.leaves())
    parent_leaves = [p for p, _ in parent_items if p.is_leaf]
    out = []
    for element in optional:
        if (
            any(present(p.element(element)) for p in parent_leaves)
            and leaves
            and not any(present(i.element(element)) for i in leaves)
        ):
            out.append(element)
    return out


def conform(
    key: str,
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    orders: Mapping[str, ElementOrder],
    findings: list[Finding],
    pack: str | None,
    mapping: ItemMap | None = None,
) -> ResolvedCatalog:
    """Check the complete catalog of ``doc`` against ``parent`` (the three steps above)."""
    child = doc.catalog
    assert child is not None
    level = child.jurisdiction.level
    ctx = CompareContext(level=level)
    index = {item.id: (item, anc) for item, anc in walk_with_ancestors(child.items)}
    view = parent.view(level)
    parent_items = list(walk_with_ancestors(view))
    given = mapping
    if child.origin is not None and child.origin.local:
        declared = ItemMap.of(dict.fromkeys(child.origin.local))  # local additions, by import
        mapping = declared if mapping is None else ItemMap((*declared.entries, *mapping.entries))
    matching = match_to_parent(child, view, mapping)
    if given is not None:
        findings.extend(map_problems(doc, parent, view, given, matching, index))
    for match in matching.matches:
        if match.status == "accepted" and match.parent is not None:
            findings.append(
                doc.locate(
                    MATCHED_BY_NAME.finding(
                        f"事项“{match.name}”按名称和内容对应上级目录 {parent.id} 的事项"
                        f"“{match.parent_name}”（{match.parent}，相似度 {match.score:.0f}）；"
                        f"建议把 id {match.child} 改为 {match.parent}。",
                        f"Item {match.name!r} matches parent {parent.id} item "
                        f"{match.parent_name!r} ({match.parent}, score {match.score:.0f}) by "
                        f"name and content; use id {match.parent} instead of {match.child}.",
                        item=match.child,
                    )
                )
            )
    findings.extend(missing_items(doc, parent, parent_items, matching, index, level))
    unstated = _unstated_elements(child, parent_items)
    for element in unstated:
        findings.append(
            doc.locate(
                ELEMENT_DROPPED.finding(
                    f"上级目录 {parent.id} 写明了{ELEMENT_NAMES.get(element, element)}，本目录整列没有"
                    "（没有这一列，或每个事项都空着），未能与上级比较这一要素。",
                    f"Parent {parent.id} states {element}, which this catalog leaves out "
                    "entirely (no such column, or empty everywhere); it was not compared.",
                    path="$.items",
                    element=element,
                )
            )
        )
    compared, changes = compare_matched(doc, parent, parent_items, matching, orders, ctx, unstated)
    findings.extend(compared)
    used = {c.id for c in matching.matched.values()}
    for item, _ in index.values():
        if item.id not in used:
            changes[item.id] = {e: "added" for e in ELEMENTS if item.has_element(e)}
    return ResolvedCatalog(
        key,
        child,
        child,
        tuple(findings),
        doc.file,
        mode="conforms_to",
        parent=parent,
        from_pack=pack,
        changes=changes,
        index=index,
        aliases=matching.aliases,
        matches=matching.matches,
        size=len(index),
    )
