"""A catalog resolved against its chain of parents, with per-element provenance.

A :class:`ResolvedCatalog` holds the complete catalog of one document and remembers only
what *this* document changed; everything else is looked up in its parent.  Unchanged
items are the parent's own (frozen) objects, so a tailoring costs memory and time in
proportion to its delta, not to the catalog it inherits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.inherit.matching import Match
from gkstd.model import ELEMENT_NAMES, Catalog, Item, Level
from gkstd.model.catalog import UNNAMED
from gkstd.model.replace import replace

__all__ = [
    "Change",
    "Mode",
    "Provenance",
    "ResolvedCatalog",
    "applies_at",
    "provenance_table",
    "without_items",
]

#: How a catalog set an element: ``original`` (a root catalog's own content),
#: ``added`` (new item, or an element the parent lacked) or ``refined`` (changed).
Change = Literal["original", "added", "refined"]

#: How a document relates to its parent.
Mode = Literal["root", "extends", "conforms_to"]


@attrs.frozen
class Provenance:
    """Where an element's value comes from.

    ``catalog`` is the id of the catalog in the chain that set the value and ``change``
    how it set it; ``inherited`` is true when that catalog is an ancestor of the one
    asked.
    """

    catalog: str
    change: Change
    inherited: bool = False

    @property
    def status(self) -> str:
        """``inherited``, ``added``, ``refined`` or ``original``."""
        return "inherited" if self.inherited else self.change


def applies_at(item: Item, level: Level | None) -> bool:
    """True when ``item`` applies to a catalog at ``level``.

    An item applies when it names no levels, or one of its levels is ``level`` or below
    it (a county catalog also governs its townships).  A group applies when it has no
    children (a known gap) or one of its children applies.
    """
    if level is None:
        return True
    if item.items:
        return any(applies_at(child, level) for child in item.items)
    return not item.levels or any(lv.rank >= level.rank for lv in item.levels)


def without_items(items: tuple[Item, ...], excluded: frozenset[str]) -> tuple[Item, ...]:
    """``items`` without the ids in ``excluded`` (at any depth); untouched subtrees and,
    when nothing is excluded, the tuple itself are shared, not copied."""
    out = []
    changed = False
    for item in items:
        if item.id in excluded:
            changed = True
            continue
        children = without_items(item.items, excluded) if item.items else item.items
        if children is not item.items:
            item = replace(item, items=children)
            changed = True
        out.append(item)
    return tuple(out) if changed else items


@attrs.define(eq=False)
class ResolvedCatalog:
    """The result of resolving one document.

    ``catalog`` is the complete catalog (``None`` when the document or its chain is
    unusable; ``findings`` say why).  ``document`` is the catalog as written (a delta for
    ``extends``).  ``findings`` hold the loading and inheritance (GK2xx) findings of this
    document; ``chain_findings`` are those of them that the inheritance checks produced
    (waivers apply to them); the parent's are on ``parent``.
    """

    key: str
    document: Catalog | None
    catalog: Catalog | None
    findings: tuple[Finding, ...]
    file: str | None = None
    mode: Mode = "root"
    parent: ResolvedCatalog | None = None
    from_pack: str | None = None
    #: item id → element → change made by this document (not its ancestors).
    changes: Mapping[str, Mapping[str, Change]] = attrs.field(factory=dict)
    #: item id → (final item, ancestor ids) for the items this document set.
    index: dict[str, tuple[Item, tuple[str, ...]]] = attrs.field(factory=dict)
    #: child item id → parent item id, for items matched by name (conforms_to).
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    #: how each child item was matched to the parent (conforms_to), in document order.
    matches: tuple[Match, ...] = ()
    size: int = 0
    #: the findings of :attr:`findings` that the inheritance checks produced.
    chain_findings: tuple[Finding, ...] = ()
    _excluded: dict[Level | None, frozenset[str]] = attrs.field(factory=dict, repr=False)
    _views: dict[Level | None, tuple[Item, ...]] = attrs.field(factory=dict, repr=False)

    @property
    def usable(self) -> bool:
        """True when a complete catalog could be built."""
        return self.catalog is not None

    @property
    def id(self) -> str:
        """The catalog id (the cache key when the document is unusable)."""
        return self.catalog.id if self.catalog is not None else self.key

    @property
    def label(self) -> str:
        """How a Chinese message names this catalog: its title in quotes, with the
        government when the title does not name it (“市政服务领域基层政务公开标准目录”（国家）,
        平武县“生态环境目录”); the id when nothing else is known."""
        catalog = self.catalog if self.catalog is not None else self.document
        if catalog is None or not catalog.title:
            return self.id
        if self.from_pack is not None:
            return f"“{catalog.title}”（国家）"
        name = catalog.jurisdiction.name if catalog.jurisdiction is not None else ""
        if name and name != UNNAMED and name not in catalog.title:
            return f"{name}“{catalog.title}”"
        return f"“{catalog.title}”"

    @property
    def level(self) -> Level | None:
        """The jurisdiction level of the catalog."""
        return self.catalog.jurisdiction.level if self.catalog is not None else None

    def chain(self) -> Iterator[ResolvedCatalog]:
        """This catalog, then its parent, grandparent … up to the root."""
        node: ResolvedCatalog | None = self
        while node is not None:
            yield node
            node = node.parent

    # -- lookups ---------------------------------------------------------------------

    def find(self, item_id: str) -> Item | None:
        """The resolved item ``item_id``, or ``None``."""
        entry = self.locate(item_id)
        return entry[0] if entry is not None else None

    def locate(self, item_id: str) -> tuple[Item, tuple[str, ...]] | None:
        """(item, ancestor ids) of ``item_id`` in the resolved tree, or ``None``."""
        entry = self.index.get(item_id)
        if entry is not None:
            return entry
        if self.mode != "extends" or self.parent is None:
            return None
        if item_id in self.parent.excluded(self.level):
            return None
        return self.parent.locate(item_id)

    def provenance(self, item_id: str, element: str) -> Provenance | None:
        """Which catalog set ``element`` of item ``item_id``, and how.

        ``None`` when the item does not exist or does not have the element.
        """
        item = self.find(item_id)
        if item is None or not item.has_element(element):
            return None
        return self._provenance(item_id, element)

    def _provenance(self, item_id: str, element: str) -> Provenance | None:
        change = self.changes.get(item_id, {}).get(element)
        if change is not None:
            return Provenance(self.id, change)
        if self.mode == "root" or self.parent is None:
            return Provenance(self.id, "original")
        found = self.parent._provenance(self.aliases.get(item_id, item_id), element)
        if found is None:
            return Provenance(self.id, "added")
        return attrs.evolve(found, inherited=True)

    # -- level filtering -------------------------------------------------------------

    def excluded(self, level: Level | None) -> frozenset[str]:
        """Ids of the items that do not apply at ``level`` (see :func:`applies_at`)."""
        if level is None or self.catalog is None:
            return frozenset()
        if level not in self._excluded:
            out: set[str] = set()
            _add_excluded(self.catalog.items, level, out)
            self._excluded[level] = frozenset(out)
        return self._excluded[level]

    def view(self, level: Level | None) -> tuple[Item, ...]:
        """The item tree as a catalog at ``level`` inherits it (shared, not copied)."""
        if self.catalog is None:
            return ()
        if level not in self._views:
            excluded = self.excluded(level)
            items = self.catalog.items
            self._views[level] = without_items(items, excluded) if excluded else items
        return self._views[level]

    def changed_ids(self) -> frozenset[str]:
        """Ids of the items this document lists: added, refined, or holding those."""
        return frozenset(self.changes)

    def stated_ids(self) -> frozenset[str]:
        """Ids of the items whose own elements or gap this document writes (added or
        refined), not those it lists only to hold others with nothing of their own changed."""
        marked = [i.id for i in self.document.walk() if i.gap is not None] if self.document else []
        return frozenset((*(i for i, c in self.changes.items() if c), *marked))


def provenance_table(resolved: ResolvedCatalog) -> dict[str, dict[str, dict[str, str]]]:
    """Item id → element → ``{status, catalog}`` for every element of the resolved catalog.

    This walks the whole catalog; it is meant for output (``gkstd resolve --provenance``).
    """
    table: dict[str, dict[str, dict[str, str]]] = {}
    if resolved.catalog is None:
        return table
    for item in resolved.catalog.walk():
        row: dict[str, dict[str, str]] = {}
        for element in ELEMENT_NAMES:
            if item.has_element(element):
                found = resolved.provenance(item.id, element)
                if found is not None:
                    row[element] = {"status": found.status, "catalog": found.catalog}
        table[item.id] = row
    return table


def _add_excluded(items: tuple[Item, ...], level: Level, out: set[str]) -> None:
    """Add to ``out`` the ids of ``items`` (and below) that do not apply at ``level``: a
    function of its own, not a closure that calls itself (a reference cycle, left to the
    cyclic collector, which bulk work pauses)."""
    for item in items:
        if not applies_at(item, level):
            out.add(item.id)
            out.update(child.id for child in item.walk())
        elif item.items:
            _add_excluded(item.items, level, out)
