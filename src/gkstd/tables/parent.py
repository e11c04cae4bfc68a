"""The table's parent catalog: the rows matched to its items, and the imported catalog
checked against it exactly as ``gkstd validate`` checks the written document.

Part of :mod:`gkstd.tables` (used by :func:`gkstd.tables.import_table`).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gkstd.diagnostics import limits
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.report import Report
from gkstd.inherit.mapping import ItemMap
from gkstd.inherit.matching import Match, match_items
from gkstd.model import Catalog, Item
from gkstd.model.replace import replace
from gkstd.tables.draft import DraftItem
from gkstd.tables.rows import Builder, Node
from gkstd.tables.rules import (
    OVERSIZED,
    UNMATCHED_ROW,
)

__all__ = ["check_imported_text", "document_too_big", "match_rows", "pack_parent"]


def match_rows(
    builder: Builder,
    items: Sequence[Item | DraftItem],
    roots: list[Node],
    parent: Catalog,
    mapping: ItemMap | None,
    restored: bool,
    accept: float,
    review: float,
) -> tuple[list[Item], list[Match]]:
    """Give the rows that match a parent item the parent's id; number the others as local
    additions (``<group>.local-N``).  Rows with no candidate at all get GK611.  ``items``
    are the rows' items, or their drafts (:mod:`gkstd.tables.draft`: each item is then
    made once, with its final id)."""
    matches = match_items(
        items, parent.items, mapping=mapping, use_ids=restored, accept=accept, review=review
    )
    nodes: list[Node] = []
    for node in roots:
        _collect(node, nodes)
    assigned: dict[int, str] = {}
    for node, match in zip(nodes, matches, strict=True):
        if match.taken and match.parent is not None:
            assigned[id(node)] = match.parent
        elif match.status == "none":
            builder.emit(UNMATCHED_ROW, "default", node.row, item=match.child, name=match.name)
    renaming = _Renaming(assigned, restored, {i.id for i in parent.walk()})
    renamed = [renaming.rename(item, node, "") for item, node in zip(items, roots, strict=True)]
    final = renaming.final
    return renamed, [replace(m, child=i) for m, i in zip(matches, final, strict=True)]


class _Renaming:
    """The walk of :func:`match_rows` that gives each row its final id: a class, not a
    closure that calls itself (a reference cycle, kept for every table while a batch pauses
    the cyclic collector)."""

    def __init__(self, assigned: dict[int, str], restored: bool, parent_ids: set[str]) -> None:
        self.assigned = assigned
        self.restored = restored
        self.parent_ids = parent_ids
        self.used = set(assigned.values())  # the parents' ids the rows took, then each given
        #: the final ids in document order (renamed before the children)
        self.final: list[str] = []

    def rename(self, item: Item | DraftItem, node: Node, prefix: str) -> Item:
        new_id = self.assigned.get(id(node))
        if new_id is None:
            tail = item.id.rsplit(".", 1)[-1]
            keep = self.restored and item.id not in self.parent_ids
            local = tail if tail.startswith("local-") else f"local-{tail}"  # (a round trip)
            new_id = item.id if keep else f"{prefix}{local}"
            while new_id in self.used or (new_id in self.parent_ids and not keep):
                new_id += "-1"
        self.used.add(new_id)
        self.final.append(new_id)
        below: Sequence[Item | DraftItem] = item.items
        children = tuple(
            self.rename(child, child_node, f"{new_id}.")
            for child, child_node in zip(below, node.children, strict=True)
        )
        if isinstance(item, DraftItem):
            return item.made(new_id, children)
        return replace(item, id=new_id, items=children)


def _collect(node: Node, nodes: list[Node]) -> None:
    """``node`` and those below it, in document order, added to ``nodes``."""
    nodes.append(node)
    for child in node.children:
        _collect(child, nodes)


def pack_parent(code: str) -> tuple[Catalog | None, str | None]:
    """The national catalog of the installed pack ``code`` and its reference."""
    from gkstd.plugins.manager import default_registry as registry

    pack = registry().pack(code)
    if pack is None:
        return None, None
    catalog = pack.load_catalog().catalog
    return (catalog, pack.code) if catalog is not None else (None, None)


def check_imported_text(
    catalog: Catalog,
    parent: Catalog | None,
    parent_ref: str | None,
    mapping: ItemMap | None,
    document: str | None,
    *,
    inherited: bool = True,
    fmt: str = "yaml",
) -> tuple[Report, str]:
    """Validate the imported catalog exactly as ``gkstd validate`` validates the written
    document: the same text (so the same lines and paths), the same parent.  With
    ``inherited=False`` the parent's own findings are left out (a batch reports the
    parent on its own).  Returns the report and the text it validated, YAML or (``fmt``)
    JSON (what ``gkstd import`` writes: a caller that writes it need not serialise the
    catalog again)."""
    from gkstd.inherit.workspace import Workspace
    from gkstd.io.converter import unstructure_catalog
    from gkstd.io.dumper import dump_data
    from gkstd.io.loader import loaded_from_catalog
    from gkstd.plugins.manager import default_registry as registry

    parents = None
    if parent is not None and parent_ref is not None and registry().pack(parent_ref) is None:
        parents = {parent_ref: parent}  # a file parent, found relative to the output
    workspace = Workspace(parents=parents, mapping=mapping)
    data = unstructure_catalog(catalog)
    text = dump_data(data, fmt)
    # the YAML text, not parsed again (its lines known); JSON is read as validate reads it
    loaded = loaded_from_catalog(catalog, data, text) if fmt == "yaml" else None
    if loaded is not None:
        report = workspace.validate_loaded(loaded, inherited=inherited)
    else:
        report = workspace.validate(text, inherited=inherited)
    if document is None:
        return report, text
    located = tuple(f.with_location(file=document) for f in report.findings)
    return attrs.evolve(report, findings=located), text


def document_too_big(text: str, name: str) -> Finding | None:
    """GK604 when the document ``text`` is over ``max_document_bytes`` (the limit of what
    ``gkstd validate`` reads)."""
    limit = limits.get("max_document_bytes")
    if len(text) * 4 <= limit:  # at most 4 bytes a character: no need to encode
        return None
    size = len(text.encode("utf-8"))
    if size <= limit:
        return None
    return OVERSIZED.emit("document", source=name, size=size, limit_bytes=limit, file=name)
