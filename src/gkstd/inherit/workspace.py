"""Resolving and validating catalogs together with their chain of parents.

A :class:`Workspace` loads each document once, resolves it once and validates it once,
however many children share it: a supervisor checking every township of a province
parses and checks the county catalogs once, not once per township.

Long module: the workspace is the resolver's orchestrator (loading, caching, the chain,
tailoring merges and the validation of each document once); issue 15 splits it into
named pipeline steps, after which it shrinks.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.environment import default_registry
from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.report import Report
from gkstd.inherit.compare import ELEMENTS, compare_item, not_applicable_finding
from gkstd.inherit.conform import conform, walk_with_ancestors
from gkstd.inherit.locate import Located, ParentLocator, absolute_path
from gkstd.inherit.mapping import ItemMap, MapError, load_map, map_beside
from gkstd.inherit.orders import (
    CORE_ORDERS,
    CompareContext,
    ElementOrder,
)
from gkstd.inherit.resolved import Change, ResolvedCatalog, without_items
from gkstd.inherit.rules import (
    BAD_MAP,
    CYCLE,
    DOMAIN_MISMATCH,
    LEVEL_NOT_BELOW,
    UNKNOWN_PARENT,
)
from gkstd.io.codes import SCHEMA_VIOLATION
from gkstd.io.loader import LoadedDocument, Source, load_document
from gkstd.model import Catalog, Item
from gkstd.rules.core import township_findings
from gkstd.rules.engine import Selection, apply_waivers, run_rules

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = ["Workspace"]


class Workspace:
    """Loads, resolves and validates documents, sharing parents between them.

    ``search_path`` lists directories where parent ids are looked up; ``parents`` maps
    references to documents (text, bytes or :class:`Catalog`) supplied in memory.
    """

    def __init__(
        self,
        registry: Registry | None = None,
        *,
        search_path: Iterable[str | os.PathLike[str]] = (),
        parents: Mapping[str, str | bytes | Catalog] | None = None,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        options: dict[str, Any] | None = None,
        mapping: ItemMap | str | os.PathLike[str] | None = None,
    ) -> None:
        self.registry = registry or default_registry()
        self.locator = ParentLocator(self.registry, [Path(p) for p in search_path], parents)
        self.selection = Selection.parse(select, ignore)
        self.options = options or {}
        self.mapping = mapping
        self._maps: dict[str, ItemMap | Finding | None] = {}
        self._resolved: dict[str, ResolvedCatalog] = {}
        self._loaded: dict[str, LoadedDocument] = {}
        self._checked: dict[str, tuple[Finding, ...]] = {}
        self._chains: dict[str, tuple[Finding, ...]] = {}

    # -- loading ---------------------------------------------------------------------

    def _load_located(self, located: Located) -> LoadedDocument:
        if located.key in self._loaded:
            return self._loaded[located.key]
        if located.pack is not None:
            pack = self.registry.packs[located.pack]
            doc = pack.load_catalog()
        elif located.path is not None:
            doc = load_document(located.path, self.registry.migrations)
        elif isinstance(located.memory, Catalog):
            doc = LoadedDocument(located.memory, (), None)
        else:
            assert located.memory is not None
            doc = load_document(located.memory, self.registry.migrations)
            doc = _named(doc, located.key.removeprefix("memory:"))
        self._loaded[located.key] = doc
        return doc

    def resolve(self, source: Source | Catalog) -> ResolvedCatalog:
        """Load ``source`` (path, text, bytes or catalog) and resolve its chain.

        The workspace's ``mapping`` (an :class:`~gkstd.inherit.mapping.ItemMap` or the
        path of a map file) applies to ``source``; without one, a map file kept beside
        a file document (``NAME.map.yaml``) is used.
        """
        if isinstance(source, Catalog):
            key = f"catalog:{id(source)}"
            self._loaded[key] = LoadedDocument(source, (), None)
            self._given_map(key)
            return self._resolve(key, Path.cwd(), ())
        if isinstance(source, (str, os.PathLike)) and _is_path(source):
            path = absolute_path(Path(source))
            key = f"file:{path}"
            if key not in self._loaded:
                self._loaded[key] = load_document(source, self.registry.migrations)
            self._given_map(key)
            return self._resolve(key, path.parent, ())
        key = f"text:{hash(source)}"
        self._loaded[key] = load_document(source, self.registry.migrations)
        self._given_map(key)
        return self._resolve(key, Path.cwd(), ())

    def _given_map(self, key: str) -> None:
        if self.mapping is None or key in self._maps:
            return
        if isinstance(self.mapping, ItemMap):
            self._maps[key] = self.mapping
        else:
            self._maps[key] = _read_map(self.mapping)

    def _mapping(self, key: str, findings: list[Finding]) -> ItemMap | None:
        """The item map of document ``key``: given, or kept beside the file (cached)."""
        if key not in self._maps:
            beside = map_beside(key.removeprefix("file:")) if key.startswith("file:") else None
            self._maps[key] = _read_map(beside) if beside is not None else None
        found = self._maps[key]
        if isinstance(found, Finding):
            findings.append(found)
            return None
        return found

    def resolve_ref(self, ref: str, base: str | os.PathLike[str] | None = None) -> ResolvedCatalog:
        """Resolve a reference as ``extends``/``conforms_to`` would (pack code, path, id).

        An unknown reference gives an unusable result with a GK210 finding.
        """
        located, tried = self.locator.locate(ref, Path(base) if base is not None else Path.cwd())
        if located is None:
            finding = UNKNOWN_PARENT.emit("catalog", ref=ref, **_tried(tried))
            return ResolvedCatalog(f"ref:{ref}", None, None, (finding,))
        self._load_located(located)
        parent_base = located.path.parent if located.path is not None else None
        return self._resolve(located.key, parent_base, ())

    def _resolve(self, key: str, base: Path | None, stack: tuple[str, ...]) -> ResolvedCatalog:
        if key in self._resolved:
            return self._resolved[key]
        doc = self._loaded[key]
        resolved = self._build(key, doc, base, stack)
        self._resolved[key] = resolved
        return resolved

    def _build(
        self, key: str, doc: LoadedDocument, base: Path | None, stack: tuple[str, ...]
    ) -> ResolvedCatalog:
        catalog = doc.catalog
        pack = key.removeprefix("pack:") if key.startswith("pack:") else None
        if catalog is None:
            return ResolvedCatalog(key, None, None, doc.findings, doc.file, from_pack=pack)
        findings = list(doc.findings)

        def fail(finding: Finding) -> ResolvedCatalog:
            findings.append(doc.locate(finding))
            return ResolvedCatalog(key, catalog, None, tuple(findings), doc.file, from_pack=pack)

        if catalog.extends and catalog.conforms_to:
            return fail(SCHEMA_VIOLATION.emit("both-parents", path="$.extends"))
        ref = catalog.extends or catalog.conforms_to
        mode = "extends" if catalog.extends else "conforms_to"
        if not ref:
            return _root(key, catalog, findings, doc.file, pack)
        located, tried = self.locator.locate(ref, base)
        if located is None:
            return fail(UNKNOWN_PARENT.emit(ref=ref, **_tried(tried), path=f"$.{mode}"))
        if located.key in (*stack, key):
            chain = [*(s.split(":", 1)[-1] for s in (*stack, key)), ref]
            return fail(CYCLE.emit(cycle=" → ".join(chain), catalogs=chain, path=f"$.{mode}"))
        parent_doc = self._load_located(located)
        parent_base = located.path.parent if located.path is not None else None
        parent = self._resolve(located.key, parent_base, (*stack, key))
        if parent.catalog is None:
            cycle_or_error = [f for f in parent.findings if f.code in (CYCLE.code,)]
            if cycle_or_error:
                return fail(cycle_or_error[0].with_location(file=doc.file, path=f"$.{mode}"))
            return fail(
                UNKNOWN_PARENT.emit(
                    "unusable", ref=ref, source=parent_doc.file or located.key, path=f"$.{mode}"
                )
            )
        parent_catalog = parent.catalog
        if self._domain(catalog.domain) != self._domain(parent_catalog.domain):
            return fail(
                DOMAIN_MISMATCH.emit(
                    domain=catalog.domain,
                    parent=parent.id,
                    parent_domain=parent_catalog.domain,
                    path="$.domain",
                )
            )
        level, parent_level = catalog.jurisdiction.level, parent_catalog.jurisdiction.level
        if level.rank <= parent_level.rank:
            findings.append(
                doc.locate(
                    LEVEL_NOT_BELOW.emit(
                        level=level.code,
                        level_zh=level.label,
                        parent=parent.id,
                        parent_level=parent_level.code,
                        parent_level_zh=parent_level.label,
                        path="$.jurisdiction.level",
                    )
                )
            )
        orders = self.orders(catalog.domain)
        if mode == "extends":
            return _apply_delta(key, doc, parent, orders, findings, pack)
        return conform(key, doc, parent, orders, findings, pack, self._mapping(key, findings))

    def _domain(self, code: str) -> str:
        pack = self.registry.pack(code)
        return pack.code if pack is not None else code

    def orders(self, domain: str) -> dict[str, ElementOrder]:
        """The refinement orders used for ``domain``: core orders, then the pack's."""
        orders = dict(CORE_ORDERS)
        for order in self.registry.orders_for(domain):
            orders[order.element] = order
        return orders

    # -- validation ------------------------------------------------------------------

    def check(self, resolved: ResolvedCatalog) -> tuple[Finding, ...]:
        """The findings of one resolved document (not its ancestors), after waivers."""
        if resolved.key in self._checked:
            return self._checked[resolved.key]
        selection = self.selection
        findings = [f for f in resolved.findings if selection.wants(f.code)]
        catalog = resolved.catalog
        if catalog is not None:
            doc = self._loaded.get(resolved.key)
            rules = [r for r in self.registry.rules_for(catalog.domain) if selection.wants(r.code)]
            changed = resolved.changed_ids() if resolved.mode == "extends" else None
            items = [resolved.index[i][0] for i in sorted(changed or ()) if i in resolved.index]
            ctx = CheckContext(
                catalog=catalog,
                registry=self.registry,
                pack=self.registry.pack(catalog.domain),
                options=self.options,
                changed=changed,
                changed_items=tuple(items),
                document=resolved.document,
            )
            if changed is None:
                found = run_rules(catalog, rules, ctx)
            else:
                found = run_rules(catalog, rules, ctx, items=items)
                found = [f for f in found if f.location.item is None or f.location.item in changed]
            kept = apply_waivers(
                catalog,
                findings=[*found, *_pop_chain(findings)],
                selection=selection,
                known_codes=self.registry.rules,
                item_exists=lambda i: resolved.find(i) is not None,
            )
            findings.extend(doc.locate(f) if doc is not None else f for f in kept)
            findings = [f for f in findings if selection.wants(f.code)]
        result = tuple(dict.fromkeys(findings))
        self._checked[resolved.key] = result
        return result

    def validate(self, source: Source | Catalog) -> Report:
        """Resolve ``source`` and check it and its chain.

        The report holds this document's findings and those of every parent document
        that is a file or supplied text; a pack's national catalog contributes only its
        errors (packs are checked by their own tests).
        """
        resolved = self.resolve(source)
        return self.report(resolved)

    def validate_all(self, sources: Iterable[Source | Catalog]) -> Report:
        """:meth:`validate` each source, then check them together as one set.

        The set-level (``jurisdiction``) rules run over the resolved catalogs: GK307
        reports 第二十一条 topics that none of a township's catalogs covers.
        """
        reports: list[Report] = []
        catalogs: list[tuple[Catalog, str | None]] = []
        for source in sources:
            resolved = self.resolve(source)
            reports.append(self.report(resolved))
            if resolved.catalog is not None:
                catalogs.append((resolved.catalog, resolved.file))
        merged = Report.merge(reports)
        extra = [f for f in township_findings(catalogs) if self.selection.wants(f.code)]
        findings = tuple(dict.fromkeys((*merged.findings, *extra)))
        return attrs.evolve(merged, findings=findings)

    def _chain_findings(self, node: ResolvedCatalog) -> tuple[Finding, ...]:
        """The findings a parent contributes to its children's reports (cached)."""
        if node.key not in self._chains:
            own = self.check(node)
            if node.from_pack is not None:
                own = tuple(f for f in own if f.severity is Severity.ERROR)
            parent = node.parent
            self._chains[node.key] = own + (self._chain_findings(parent) if parent else ())
        return self._chains[node.key]

    def report(self, resolved: ResolvedCatalog) -> Report:
        """The report of an already resolved document and its chain (see :meth:`validate`)."""
        parent = resolved.parent
        inherited = self._chain_findings(parent) if parent is not None else ()
        return Report(
            findings=self.check(resolved) + inherited,
            files=1,
            unusable=0 if resolved.catalog is not None else 1,
            items=resolved.size,
        )


# -- helpers ---------------------------------------------------------------------------


def _is_path(source: str | os.PathLike[str]) -> bool:
    if isinstance(source, os.PathLike):
        return True
    return "\n" not in source and (
        source.endswith((".yaml", ".yml", ".json")) or Path(source).exists()
    )


def _read_map(path: str | os.PathLike[str]) -> ItemMap | Finding:
    try:
        return load_map(path)
    except MapError as exc:
        return BAD_MAP.emit(exc.problem, **exc.values, file=exc.file)


def _tried(places: list[str]) -> dict[str, Any]:
    """The fields of a GK210 message that list the places searched: the places, and as
    shown (separated by ；/ ;, since a place may itself list packs with commas)."""
    return {"places": places, "tried": "；".join(places), "tried_en": "; ".join(places)}


def _named(doc: LoadedDocument, name: str) -> LoadedDocument:
    if doc.file is not None:
        return doc
    return attrs.evolve(
        doc, file=name, findings=tuple(f.with_location(file=name) for f in doc.findings)
    )


def _pop_chain(findings: list[Finding]) -> list[Finding]:
    """Remove and return the GK2xx findings (so that waivers apply to them too)."""
    chain = [f for f in findings if f.code.startswith("GK2")]
    findings[:] = [f for f in findings if not f.code.startswith("GK2")]
    return chain


def _root(
    key: str, catalog: Catalog, findings: list[Finding], file: str | None, pack: str | None
) -> ResolvedCatalog:
    index = {item.id: (item, anc) for item, anc in walk_with_ancestors(catalog.items)}
    return ResolvedCatalog(
        key,
        catalog,
        catalog,
        tuple(findings),
        file,
        mode="root",
        from_pack=pack,
        index=index,
        size=len(index),
    )


# -- extends: apply a delta --------------------------------------------------------------


def _merge_item(
    parent_item: Item, delta: Item, merged: Mapping[str, Any], orders: Mapping[str, ElementOrder]
) -> Item:
    """The refined item: ``merged`` element values (from :func:`compare_item`), the
    delta's extra columns, sources, notes and marks on top of the parent item."""
    values: dict[str, Any] = dict(merged)
    extra = dict(parent_item.extra) if delta.extra else parent_item.extra
    for key, cv in delta.extra.items():
        order = orders.get(f"extra:{key}")
        pv = extra.get(key)
        extra[key] = order.merge(pv, cv) if order is not None and pv is not None else cv
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
        supplied = {m for m in parent_item.gap.missing if m in values}
        if supplied:
            remaining = tuple(m for m in parent_item.gap.missing if m not in supplied)
            values["gap"] = attrs.evolve(parent_item.gap, missing=remaining) if remaining else None
    return attrs.evolve(parent_item, **values)


def _apply_delta(
    key: str,
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    orders: Mapping[str, ElementOrder],
    findings: list[Finding],
    pack: str | None,
) -> ResolvedCatalog:
    delta = doc.catalog
    assert delta is not None
    assert parent.catalog is not None
    level = delta.jurisdiction.level
    ctx = CompareContext(level=level)
    excluded = parent.excluded(level)
    replaced: dict[str, Item] = {}
    added: dict[str | None, list[Item]] = {}
    placed: dict[str, tuple[str, ...]] = {}  # added id → ancestors
    changes: dict[str, dict[str, Change]] = {}

    def visit(items: tuple[Item, ...], holder: str | None) -> None:
        for item in items:
            entry = parent.locate(item.id)
            if entry is not None:
                parent_item, _ = entry
                if item.id in replaced:  # listed twice: the later entry refines the first
                    parent_item = replaced[item.id]
                result = compare_item(doc, parent, parent_item, item, orders, ctx, complete=False)
                findings.extend(result.findings)
                changed = dict(result.changes)
                if item.not_applicable is not None:
                    findings.append(not_applicable_finding(doc, parent, item))
                    changed["not_applicable"] = "added"
                replaced[item.id] = _merge_item(parent_item, item, result.merged, orders)
                if changed:
                    changes.setdefault(item.id, {}).update(changed)
                else:
                    changes.setdefault(item.id, {})
            else:
                leaf = attrs.evolve(item, items=())
                added.setdefault(holder, []).append(leaf)
                changes[item.id] = {e: "added" for e in ELEMENTS if leaf.has_element(e)}
            visit(item.items, item.id)

    visit(delta.items, None)

    # Where does each change sit?  Parent items keep their place; additions go under
    # the item that holds them in the delta (a parent item or another addition).
    def ancestors_of(item_id: str) -> tuple[str, ...]:
        if item_id in placed:
            return placed[item_id]
        entry = parent.locate(item_id)
        return entry[1] if entry is not None else ()

    for holder, items in added.items():
        base = () if holder is None else (*ancestors_of(holder), holder)
        for item in items:
            placed[item.id] = base
    dirty: set[str] = set()
    for item_id in replaced:
        dirty.update(ancestors_of(item_id))
        dirty.add(item_id)
    for holder in added:
        if holder is not None:
            dirty.update(ancestors_of(holder))
            dirty.add(holder)

    index: dict[str, tuple[Item, tuple[str, ...]]] = {}

    def build_added(item: Item, ancestors: tuple[str, ...]) -> Item:
        children = tuple(build_added(c, (*ancestors, item.id)) for c in added.get(item.id, ()))
        node = attrs.evolve(item, items=children) if children else item
        index[item.id] = (node, ancestors)
        return node

    def rebuild(items: tuple[Item, ...], ancestors: tuple[str, ...], holder: str | None):  # type: ignore[no-untyped-def]
        out = []
        for item in items:
            if item.id in dirty:
                node = replaced.get(item.id, item)
                children = rebuild(item.items, (*ancestors, item.id), item.id)
                if children is not node.items:
                    node = attrs.evolve(node, items=children)
                index[item.id] = (node, ancestors)
                out.append(node)
            else:
                out.append(item)
        extra = [build_added(a, ancestors) for a in added.get(holder, ())]
        if not extra and all(a is b for a, b in zip(out, items, strict=True)):
            return items
        return (*out, *extra)

    # Listing an item the parent's levels exclude here (to refine it or to add under
    # it) brings that item and its ancestors back, in place; its other children stay out.
    revived = _with_ancestors([i for i in (*replaced, *added) if i in excluded], parent)
    if revived:
        excluded = excluded - revived
        view = without_items(parent.catalog.items, excluded)
    else:
        view = parent.view(level)
    tree = rebuild(view, (), None)
    parent_catalog = parent.catalog
    sources = {s.id: s for s in parent_catalog.sources}
    sources.update({s.id: s for s in delta.sources})
    waivers = dict.fromkeys((*parent_catalog.waivers, *delta.waivers))
    catalog = attrs.evolve(
        delta,
        extends=None,
        conforms_to=delta.extends,
        items=tree,
        sources=tuple(sources.values()),
        waivers=tuple(waivers),
    )
    size = parent.size - len(excluded) + sum(len(items) for items in added.values())
    return ResolvedCatalog(
        key,
        delta,
        catalog,
        tuple(findings),
        doc.file,
        mode="extends",
        parent=parent,
        from_pack=pack,
        changes=changes,
        index=index,
        size=size,
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
