"""What a catalog table made for publishing leaves out: the editorial notes of a pack's data.

A pack's national catalog carries, in each item's ``notes``, how the item was transcribed
and from which local catalogs (in English, for the pack's maintainers: "Content
identical in 东坡区 and 江岸区 …").  Every tailoring inherits them, and the official table
shows ``notes`` as 备注: a county's exported table read like a maintainer's worksheet.
:func:`for_publishing` drops the notes whose value comes from a pack's catalog; the notes
the catalog (or a catalog of its chain outside the packs) writes itself stay.  Part of
:mod:`gkstd.tables` (used by ``gkstd export``).
"""

from __future__ import annotations

import attrs

from gkstd.inherit.resolved import ResolvedCatalog
from gkstd.model import Catalog, Item
from gkstd.model.replace import replace

__all__ = ["for_publishing"]


def for_publishing(resolved: ResolvedCatalog) -> Catalog:
    """The complete catalog of ``resolved`` without the notes its items inherit (through
    ``extends``) from a pack's data (see the module docstring), and a pack's national
    catalog exported itself without its notes.  Raises ``ValueError`` when ``resolved``
    has no catalog."""
    if resolved.catalog is None:
        raise ValueError("the catalog could not be resolved")
    chain = [resolved, *_inherited_from(resolved)]  # nearest first
    if not any(node.from_pack is not None for node in chain):
        return resolved.catalog
    written = [(node.from_pack is not None, _notes_written(node)) for node in chain]
    items = _without_pack_notes(resolved.catalog.items, written)
    if items is resolved.catalog.items:
        return resolved.catalog
    return attrs.evolve(resolved.catalog, items=items)


def _inherited_from(resolved: ResolvedCatalog) -> list[ResolvedCatalog]:
    """The ancestors whose items ``resolved`` inherits: up its ``extends`` links (a
    catalog that ``conforms_to`` a parent writes every item itself)."""
    out = []
    node = resolved
    while node.mode == "extends" and node.parent is not None:
        node = node.parent
        out.append(node)
    return out


def _notes_written(node: ResolvedCatalog) -> dict[str, str]:
    """The notes ``node``'s document writes itself, by item id."""
    if node.document is None:
        return {}
    return {item.id: item.notes for item in node.document.walk() if item.notes}


def _without_pack_notes(
    items: tuple[Item, ...], written: list[tuple[bool, dict[str, str]]]
) -> tuple[Item, ...]:
    """``items`` without the notes whose nearest writer in the chain is a pack."""
    out: list[Item] = []
    changed = False
    for item in items:
        children = _without_pack_notes(item.items, written) if item.items else item.items
        notes = item.notes
        if notes:
            writer = next((pack for pack, notes_of in written if item.id in notes_of), False)
            if writer:
                notes = None
        if children is not item.items or notes is not item.notes:
            item = replace(item, items=children, notes=notes)
            changed = True
        out.append(item)
    return tuple(out) if changed else items
