"""Reading a gkstd export back exactly: the columns in the roles they were written with,
and each element's exact value from the hidden sheet where its cell is unchanged.

Part of :mod:`gkstd.tables` (see :mod:`gkstd.tables.sidecar`).
"""

from __future__ import annotations

from typing import Any

import attrs

from gkstd.io.converter import structure
from gkstd.model import Item
from gkstd.model.replace import replace
from gkstd.tables.grid import Grid
from gkstd.tables.header import Column, Layout
from gkstd.tables.rows import Builder, Node
from gkstd.tables.rules import (
    DUPLICATE_COLUMN,
)
from gkstd.tables.sidecar import Sidecar, SidecarItem

__all__ = ["as_exported", "restore_items"]


def restore_items(
    items: list[Item],
    shown: dict[int, dict[str, str]],
    roots: list[Node],
    sidecar: Sidecar,
    builder: Builder | None = None,
) -> list[Item]:
    """The items with each element's exact value from the hidden sheet where its cell
    is unchanged.  ``builder`` is given when the leaves were read lazily
    (``build_items(..., lazy=True)``): a leaf whose cells were edited is then read in full
    (:meth:`Builder.complete`)."""
    restoring = _Restoring(sidecar.lookup(), shown, builder)
    return [restoring.restore(item, node, ()) for item, node in zip(items, roots, strict=True)]


class _Restoring:
    """The walk of :func:`restore_items`: a class, not a closure that calls itself
    (a reference cycle, kept for every table while a batch pauses the cyclic collector)."""

    def __init__(
        self,
        lookup: dict[tuple[str, ...], list[SidecarItem]],
        shown: dict[int, dict[str, str]],
        builder: Builder | None,
    ) -> None:
        self.lookup = lookup
        self.shown = shown
        self.builder = builder

    def restore(self, item: Item, node: Node, names: tuple[str, ...]) -> Item:
        builder = self.builder
        path = (*names, node.name)
        children = (
            tuple(
                self.restore(child, child_node, path)
                for child, child_node in zip(item.items, node.children, strict=True)
            )
            if item.items or node.children
            else ()
        )
        lazy = builder is not None and node.cells is not None
        entries = self.lookup.get(path)
        if not entries:
            read = builder.complete(node, item) if lazy and builder is not None else item
            return replace(read, items=children)
        entry: SidecarItem = entries.pop(0)
        exact = entry.item
        if exact is None:
            try:
                exact = structure({**entry.data, "items": []}, Item)
            except Exception:  # a damaged sidecar entry: the table alone is read
                read = builder.complete(node, item) if lazy and builder is not None else item
                return replace(read, items=children)
        current = self.shown.get(id(node), {})
        if node.cells is None or entry.cells == current:  # as exported: no cell changed
            return exact if children == exact.items else replace(exact, items=children)
        changes: dict[str, Any] = {"items": children}
        for key in {*entry.cells, *current}:  # a cell edited: its element read from it
            if entry.cells.get(key) == current.get(key):
                continue
            if lazy and builder is not None:
                item = builder.complete(node, item)
                lazy = False
            if key.startswith("extra:"):
                changes["extra"] = item.extra
            else:
                changes[key] = item.element(key)
        return replace(exact, **changes)


#: Column roles a gkstd export states for certain (the label alone may read otherwise:
#: an extra column named 编号 or 说明, or one named like the id column).
_EXPORTED_ROLES = frozenset({"extra", "id", "seq", "notes", "category"})


def as_exported(layout: Layout, grid: Grid, sidecar: Sidecar) -> Layout:
    """The layout of a gkstd export with each column in the role it was written with,
    where the column still has its exported label (a column inserted or renamed in Excel
    is read from its label)."""
    exported = dict(enumerate(sidecar.columns))
    confirmed: set[int] = set()
    columns = []
    for column in layout.columns:
        role, label = exported.get(column.index, ("", ""))
        if role in _EXPORTED_ROLES and column.label.strip() == label:
            columns.append(Column(column.index, column.label, role))
            confirmed.add(column.index)
        else:
            columns.append(column)
    spots = {grid.where(r, c) for r in layout.header_rows for c in confirmed}
    findings = tuple(
        f
        for f in layout.findings
        if f.code != DUPLICATE_COLUMN.code or f.location.path not in spots
    )
    return attrs.evolve(layout, columns=tuple(columns), findings=findings)
