"""Checking a complete catalog (``conforms_to``) against its parent.

The check runs as named steps, each a function of its own:

1. :func:`match_to_parent`: which child item is which parent item (by the user's item
   map, then id, then name and content with :func:`~gkstd.inherit.matching.match_items`),
   and :func:`map_problems`: entries of the user's map that could not be used (GK219);
2. :func:`missing_items`: parent items that apply at the child's level and were not
   found (GK201), or were found only under a similar name (GK214); an item that one
   local row standing for its group lists as a content point (``1.法律法规:…``) is found;
3. :func:`compare_matched`: every matched pair, element by element (GK202–GK209, GK216,
   GK217 through :func:`~gkstd.inherit.compare.compare_item`).

Packs are partial (``gkstd domains``), and the checks do not demand what a pack does
not know: a parent item whose 公开层级 is unknown is required of a county catalog only as
a warning and of a township or village catalog only as a notice; findings on parent
elements named in a gap mark are notices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

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
from gkstd.model.folding import fold, strip_numbering
from gkstd.model.item import exempt_elements

__all__ = [
    "Matching",
    "compare_matched",
    "conform",
    "map_problems",
    "match_to_parent",
    "missing_items",
    "required_severity",
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
    map_name = mapping.file or "事项对应表"
    map_name_en = mapping.file or "the item map"
    assert parent.catalog is not None
    known = {item.id for item, _ in walk_with_ancestors(parent.catalog.items)}
    applies = {item.id for item, _ in walk_with_ancestors(view)}
    pairs = [(item.id, _name_path(item.id, index)) for item in (i for i, _ in index.values())]
    used = mapping.keys_used(pairs)
    mapped = {m.child: m.parent for m in matching.matches if m.status == "mapped"}
    out: list[Finding] = []

    def problem(variant: str, key: str, target: str, **args: Any) -> None:
        out.append(
            BAD_MAP.emit(
                variant,
                key=key,
                target=target,
                map_name=map_name,
                map_name_en=map_name_en,
                **args,
                file=mapping.file or doc.file,
                severity=Severity.WARNING,
            )
        )

    for key, target in mapping.entries:
        if key not in used:
            problem("unknown-key", key, target)
        elif target != LOCAL and target not in known:
            problem("unknown-target", key, target, parent=parent.id, parent_zh=parent.label)
        elif target != LOCAL and target not in applies:
            problem("not-at-level", key, target)
    claims: dict[str, list[str]] = {}
    for item_id, path in pairs:
        claimed = mapping.lookup(item_id, path)
        if claimed is not None and claimed != LOCAL and claimed in applies:
            claims.setdefault(claimed, []).append(item_id)
    for target, claimants in claims.items():
        if len(claimants) < 2:
            continue
        taken = [c for c in claimants if mapped.get(c) == target]
        problem(
            "claimed" if taken else "claimed-none-taken",
            "；".join(claimants),
            target,
            claimants=claimants,
            count=len(claimants),
            names=[index[c][0].name for c in claimants],
            taken=taken,
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


def required_severity(item: Item, level: Level) -> Severity:
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
        if holder is not None and holder.is_leaf and _listed_in(p, holder):
            continue  # one row stands for the group and lists the item as a content point
        if any(d.id in matching.matched for d in p.walk()):
            continue  # the group is renamed or restructured; its items are present
        reported.add(p.id)
        findings.append(_missing(doc, parent, p, matching.review.get(p.id), level))
    return findings


def _listed_in(item: Item, row: Item) -> bool:
    """Whether ``row``, one local row standing for the parent's group, names ``item`` as
    a content point: ``1.法律法规:与救灾有关的法律、法规`` in the 政策文件 row lists the
    group's item 法律法规 (a table that puts the national headings one level lower)."""
    name = fold(item.name)
    return any(
        fold(re.split(r"[:：]", strip_numbering(point), maxsplit=1)[0]) == name
        for point in row.content
    )


def _missing(
    doc: LoadedDocument, parent: ResolvedCatalog, item: Item, similar: Match | None, level: Level
) -> Finding:
    below = sum(1 for _ in item.walk()) - 1  # a group is reported once, with its size
    if similar is not None:
        finding = UNMATCHED_ITEM.emit(
            "group" if below else "default",
            parent=parent.id,
            parent_zh=parent.label,
            name=item.name,
            id=item.id,
            below=below,
            similar_name=similar.name,
            similar_id=similar.child,
            score=similar.score,
            item=similar.child,
        )
        return doc.locate(finding)
    severity = required_severity(item, level)
    variant = "group" if below else "default"
    if severity is not Severity.ERROR:  # the parent does not state the item's levels
        variant = "group-levels-unknown" if below else "levels-unknown"
    pack = parent.id.endswith("/national")  # a pack's catalog, else a local one (a county's)
    finding = MISSING_ITEM.emit(
        variant,
        parent=parent.id,
        parent_zh=parent.label,
        partial="领域包数据不全" if pack else "上级目录没有写明公开层级",
        partial_en="partial pack data" if pack else "the parent catalog has no levels",
        name=item.name,
        id=item.id,
        below=below,
        level=level.code,
        level_zh=level.label,
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
    chain: list[Finding] | None = None,
) -> ResolvedCatalog:
    """Check the complete catalog of ``doc`` against ``parent`` (the three steps above).

    ``findings`` are the document's findings so far (loading), ``chain`` the inheritance
    findings so far; the result's ``chain_findings`` are the latter plus this check's."""
    inherited: list[Finding] = list(chain or ())
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
        inherited.extend(map_problems(doc, parent, view, given, matching, index))
    for match in matching.matches:
        if match.status == "accepted" and match.parent is not None:
            inherited.append(
                doc.locate(
                    MATCHED_BY_NAME.emit(
                        name=match.name,
                        id=match.child,
                        parent=parent.id,
                        parent_zh=parent.label,
                        parent_name=match.parent_name,
                        parent_id=match.parent,
                        score=match.score,
                        item=match.child,
                    )
                )
            )
    inherited.extend(missing_items(doc, parent, parent_items, matching, index, level))
    unstated = _unstated_elements(child, parent_items)
    for element in unstated:
        if element == "levels" and level is Level.VILLAGE:
            continue  # the lowest level: a village list's items are all 村级, no column needed
        inherited.append(
            doc.locate(
                ELEMENT_DROPPED.emit(
                    parent=parent.id,
                    parent_zh=parent.label,
                    element_name=element.replace("_", " "),
                    element_name_zh=ELEMENT_NAMES.get(element, element),
                    path="$.items",
                    element=element,
                )
            )
        )
    compared, changes = compare_matched(doc, parent, parent_items, matching, orders, ctx, unstated)
    inherited.extend(compared)
    used = {c.id for c in matching.matched.values()}
    for item, _ in index.values():
        if item.id not in used:
            changes[item.id] = {e: "added" for e in ELEMENTS if item.has_element(e)}
    return ResolvedCatalog(
        key,
        child,
        child,
        (*findings, *inherited),
        doc.file,
        mode="conforms_to",
        parent=parent,
        from_pack=pack,
        changes=changes,
        index=index,
        aliases=matching.aliases,
        matches=matching.matches,
        size=len(index),
        chain_findings=tuple(inherited),
    )
