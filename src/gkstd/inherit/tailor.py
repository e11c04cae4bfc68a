"""Resolving a tailoring (``extends``) as a pipeline of named steps.

A tailoring lists only what changes; resolving it against its (already resolved) parent
runs four steps, each a function of its own with its own tests:

1. :func:`compare_delta` — every item of the delta that the parent has is compared with
   it element by element (findings GK2xx, through the refinement orders) and merged into
   the refined item; every other item is an addition, held by the item it sits under;
2. :func:`place_changes` — where each change sits in the parent's tree: the ancestors of
   each addition, and the items whose subtree changed ("dirty");
3. :func:`level_view` — the parent's items that apply at the tailoring's level, with the
   excluded items that the delta lists brought back in place;
4. :func:`rebuild_tree` — the resolved tree: unchanged subtrees are the parent's own
   objects (shared, not copied), changed items and their ancestors are rebuilt, additions
   are appended under their holder.

:func:`apply_delta` composes them and assembles the :class:`ResolvedCatalog` (sources and
waivers merged, ``conforms_to`` the parent).  What gkstd keeps from its first resolver:
findings instead of exceptions, the parent resolved once and shared, unchanged items
shared, and pluggable orders per element.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.inherit.compare import ELEMENTS, compare_item, not_applicable_finding
from gkstd.inherit.orders import CompareContext, ElementOrder
from gkstd.inherit.resolved import Change, ResolvedCatalog, without_items
from gkstd.io.loader import LoadedDocument
from gkstd.model import Item, Level
from gkstd.model.replace import replace

__all__ = [
    "Comparison",
    "Placement",
    "apply_delta",
    "compare_delta",
    "level_view",
    "merge_item",
    "place_changes",
    "rebuild_tree",
]

#: item id → (item, ids of the items above it)
Index = dict[str, tuple[Item, tuple[str, ...]]]


@attrs.frozen
class Comparison:
    """Step 1's result: ``replaced`` parent items (id → refined item), ``added`` items
    by the id of the item that holds them (``None``: a new first-level item; children
    not attached yet), the ``changes`` per item and element, and the chain findings."""

    replaced: Mapping[str, Item]
    added: Mapping[str | None, tuple[Item, ...]]
    changes: Mapping[str, Mapping[str, Change]]
    findings: tuple[Finding, ...]


@attrs.frozen
class Placement:
    """Step 2's result: the ancestors of each added item, and the ids whose subtree
    changed (refined items, holders of additions, and their ancestors)."""

    ancestors: Mapping[str, tuple[str, ...]]
    dirty: frozenset[str]


def merge_item(parent_item: Item, delta: Item, merged: Mapping[str, Any]) -> Item:
    """The refined item: ``merged`` element values (from :func:`compare_item`; an extra
    column a pack orders under ``extra:<column>``), the delta's other extra columns,
    sources, notes and marks on top of the parent item.  A gap of the parent that the
    delta fills is narrowed to what is still missing."""
    values: dict[str, Any] = {
        k: v
        for k, v in merged.items()
        if not k.startswith("extra:") and v != getattr(parent_item, k)
    }
    extra = dict(parent_item.extra)
    for key, cv in delta.extra.items():
        extra[key] = merged.get(f"extra:{key}", cv)
    if delta.sources:
        values["sources"] = tuple(dict.fromkeys((*parent_item.sources, *delta.sources)))
    if delta.notes is not None:
        values["notes"] = delta.notes
    if delta.not_applicable is not None:
        values["not_applicable"] = delta.not_applicable
    if delta.extra:
        values["extra"] = extra
    if delta.gap is not None:
        values["gap"] = delta.gap
    elif parent_item.gap is not None and parent_item.gap.missing:
        supplied = {m for m in parent_item.gap.missing if m in merged or m in values}
        if supplied:
            remaining = tuple(m for m in parent_item.gap.missing if m not in supplied)
            values["gap"] = replace(parent_item.gap, missing=remaining) if remaining else None
    if not values:  # nothing of its own changed (an item listed to hold others): shared
        return parent_item
    return replace(parent_item, **values)


def compare_delta(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    orders: Mapping[str, ElementOrder],
    ctx: CompareContext,
) -> Comparison:
    """Step 1: compare and merge every item the delta lists (see the module docstring).
    An item listed twice is refined twice: the later entry refines the first."""
    delta = doc.catalog
    assert delta is not None
    replaced: dict[str, Item] = {}
    added: dict[str | None, list[Item]] = {}
    changes: dict[str, dict[str, Change]] = {}
    findings: list[Finding] = []
    for item, holder in _document_order(delta.items):
        entry = parent.locate(item.id)
        if entry is None:
            leaf = replace(item, items=())
            added.setdefault(holder, []).append(leaf)
            changes[item.id] = {e: "added" for e in ELEMENTS if leaf.has_element(e)}
            continue
        parent_item = replaced.get(item.id, entry[0])
        result = compare_item(doc, parent, parent_item, item, orders, ctx, complete=False)
        findings.extend(result.findings)
        changed = dict(result.changes)
        if item.not_applicable is not None:
            findings.append(not_applicable_finding(doc, parent, item))
            changed["not_applicable"] = "added"
        replaced[item.id] = merge_item(parent_item, item, result.merged)
        changes.setdefault(item.id, {}).update(changed)
    return Comparison(replaced, {k: tuple(v) for k, v in added.items()}, changes, tuple(findings))


def _document_order(
    items: tuple[Item, ...], holder: str | None = None
) -> Iterable[tuple[Item, str | None]]:
    """Every item of a delta with the id of the item it sits under, depth first."""
    for item in items:
        yield item, holder
        yield from _document_order(item.items, item.id)


def place_changes(comparison: Comparison, parent: ResolvedCatalog) -> Placement:
    """Step 2: parent items keep their place; an addition goes under the item that holds
    it in the delta (a parent item or another addition)."""
    placed: dict[str, tuple[str, ...]] = {}

    def ancestors_of(item_id: str) -> tuple[str, ...]:
        if item_id in placed:
            return placed[item_id]
        entry = parent.locate(item_id)
        return entry[1] if entry is not None else ()

    for holder, items in comparison.added.items():
        base = () if holder is None else (*ancestors_of(holder), holder)
        for item in items:
            placed[item.id] = base
    dirty: set[str] = set()
    for item_id in comparison.replaced:
        dirty.update(ancestors_of(item_id))
        dirty.add(item_id)
    for holder in comparison.added:
        if holder is not None:
            dirty.update(ancestors_of(holder))
            dirty.add(holder)
    return Placement(placed, frozenset(dirty))


def level_view(
    parent: ResolvedCatalog, level: Level, comparison: Comparison
) -> tuple[tuple[Item, ...], frozenset[str]]:
    """Step 3: the parent's items that apply at ``level``, and the ids left out.  Listing
    an item the parent's levels exclude here (to refine it or to add under it) brings
    that item and its ancestors back, in place; its other children stay out."""
    assert parent.catalog is not None
    excluded = parent.excluded(level)
    listed = (*comparison.replaced, *comparison.added)
    revived = _with_ancestors([i for i in listed if i in excluded], parent)
    if not revived:
        return parent.view(level), excluded
    excluded = excluded - revived
    return without_items(parent.catalog.items, excluded), excluded


def rebuild_tree(
    view: tuple[Item, ...], comparison: Comparison, placement: Placement
) -> tuple[tuple[Item, ...], Index]:
    """Step 4: the resolved tree and the index of the items this document set."""
    index: Index = {}
    return _rebuild(view, (), None, comparison, placement, index), index


# The two walks of step 4 are functions of their own, not closures: a closure that calls
# itself is a reference cycle, which would keep each document's comparison alive until the
# cyclic collector runs (paused during bulk work: memory would grow with every document).


def _build_added(
    item: Item,
    ancestors: tuple[str, ...],
    added: Mapping[str | None, tuple[Item, ...]],
    index: Index,
) -> Item:
    children = tuple(
        _build_added(c, (*ancestors, item.id), added, index) for c in added.get(item.id, ())
    )
    node = replace(item, items=children) if children else item
    index[item.id] = (node, ancestors)
    return node


def _rebuild(
    items: tuple[Item, ...],
    ancestors: tuple[str, ...],
    holder: str | None,
    comparison: Comparison,
    placement: Placement,
    index: Index,
) -> tuple[Item, ...]:
    out = []
    for item in items:
        if item.id in placement.dirty:
            node = comparison.replaced.get(item.id, item)
            children = _rebuild(
                item.items, (*ancestors, item.id), item.id, comparison, placement, index
            )
            if children is not node.items:
                node = replace(node, items=children)
            index[item.id] = (node, ancestors)
            out.append(node)
        else:
            out.append(item)
    extra = [
        _build_added(a, ancestors, comparison.added, index)
        for a in comparison.added.get(holder, ())
    ]
    if not extra and all(a is b for a, b in zip(out, items, strict=True)):
        return items  # unchanged: the parent's own tuple, shared
    return (*out, *extra)


def apply_delta(
    key: str,
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    orders: Mapping[str, ElementOrder],
    findings: list[Finding],
    pack: str | None,
    chain: list[Finding] | None = None,
) -> ResolvedCatalog:
    """Resolve the tailoring ``doc`` against ``parent``: the four steps, then the
    resolved catalog (sources and waivers merged; it ``conforms_to`` the parent).
    ``findings`` are the document's findings so far (loading), ``chain`` the inheritance
    findings so far; the result's ``chain_findings`` are the latter plus step 1's."""
    delta = doc.catalog
    assert delta is not None
    assert parent.catalog is not None
    level = delta.jurisdiction.level
    comparison = compare_delta(doc, parent, orders, CompareContext(level=level))
    placement = place_changes(comparison, parent)
    view, excluded = level_view(parent, level, comparison)
    tree, index = rebuild_tree(view, comparison, placement)
    parent_catalog = parent.catalog
    sources = {s.id: s for s in parent_catalog.sources}
    sources.update({s.id: s for s in delta.sources})
    waivers = dict.fromkeys((*parent_catalog.waivers, *delta.waivers))
    catalog = replace(
        delta,
        extends=None,
        conforms_to=delta.extends,
        items=tree,
        sources=tuple(sources.values()),
        waivers=tuple(waivers),
    )
    size = parent.size - len(excluded) + sum(len(items) for items in comparison.added.values())
    inherited = (*(chain or ()), *comparison.findings)
    return ResolvedCatalog(
        key,
        delta,
        catalog,
        (*findings, *inherited),
        doc.file,
        mode="extends",
        parent=parent,
        from_pack=pack,
        changes=comparison.changes,
        index=index,
        size=size,
        chain_findings=inherited,
    )


def _with_ancestors(ids: Iterable[str | None], parent: ResolvedCatalog) -> frozenset[str]:
    out: set[str] = set()
    for item_id in ids:
        if item_id is None:
            continue
        entry = parent.locate(item_id)
        out.add(item_id)
        if entry is not None:
            out.update(entry[1])
    return frozenset(out)
