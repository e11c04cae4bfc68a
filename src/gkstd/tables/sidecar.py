"""The hidden ``gkstd`` sheet of an exported workbook: what the table cannot show.

The official layout has no place for a catalog's id, sources, waivers, item ids, gap
marks or a citation's rank.  ``gkstd export --to xlsx`` writes them, with the text of
every exported cell, into a hidden sheet.  On import, an element whose cell still reads
as exported takes the exact value from here; an edited cell is read from the table.  So
``import(export(catalog)) == catalog``, and edits made in Excel still win.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from gkstd.io.converter import converter, unstructure_catalog
from gkstd.model import Catalog, Item

__all__ = ["SHEET", "Sidecar", "SidecarItem", "read_sidecar", "sidecar_rows"]

#: Name of the hidden sheet.
SHEET = "gkstd"
_MARKER = "gkstd-table"
_VERSION = "1"
#: Largest text written into one cell (Excel allows 32,767 characters).
CHUNK = 30_000


@attrs.frozen
class SidecarItem:
    """One exported item: the names on its path, its data (children left out) and the
    text of each cell as exported (element key, or ``extra:<label>``)."""

    names: tuple[str, ...]
    data: dict[str, Any]
    cells: dict[str, str]


@attrs.frozen
class Sidecar:
    """The catalog header (every top-level key but ``items``), the items, and the role
    and label of each exported column (in sheet order)."""

    header: dict[str, Any]
    items: tuple[SidecarItem, ...]
    columns: tuple[tuple[str, str], ...] = ()

    def lookup(self) -> dict[tuple[str, ...], list[SidecarItem]]:
        """Items by name path, in document order (a path may repeat)."""
        out: dict[tuple[str, ...], list[SidecarItem]] = {}
        for item in self.items:
            out.setdefault(item.names, []).append(item)
        return out

    def leaves(self) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        """The exported rows (items without children), in order: each with its name path
        and, per depth, which item it sits in (the index of that item here).  Two rows
        with equal names at a depth but different indices sat in two sibling groups of
        one name, which the table alone cannot tell apart."""
        out: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
        open_items: list[int] = []
        for index, item in enumerate(self.items):
            depth = len(item.names) - 1
            del open_items[depth:]
            open_items.append(index)
            following = self.items[index + 1] if index + 1 < len(self.items) else None
            if following is None or len(following.names) <= len(item.names):
                out.append((item.names, tuple(open_items)))
        return out


def _chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def _item_data(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = converter().unstructure(attrs.evolve(item, items=()), Item)
    data.pop("items", None)
    return data


def _walk(items: Iterable[Item], names: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], Item]]:
    for item in items:
        path = (*names, item.name)
        yield path, item
        yield from _walk(item.items, path)


def sidecar_rows(
    catalog: Catalog,
    cells: dict[str, dict[str, str]],
    columns: Sequence[tuple[str, str]] = (),
) -> list[list[str]]:
    """Rows of the hidden sheet for ``catalog``; ``cells`` maps item id → exported cells,
    ``columns`` gives (role, label) of each column of the table, in sheet order (so that
    an ``extra`` column whose label reads like an element, 编号 or 说明, stays extra)."""
    header = unstructure_catalog(catalog)
    header.pop("items", None)
    rows = [[_MARKER, _VERSION], ["catalog", *_chunks(json.dumps(header, ensure_ascii=False))]]
    if columns:
        rows.append(
            ["columns", *_chunks(json.dumps([list(c) for c in columns], ensure_ascii=False))]
        )
    for names, item in _walk(catalog.items, ()):
        record = {"names": list(names), "item": _item_data(item), "cells": cells.get(item.id, {})}
        rows.append(["item", *_chunks(json.dumps(record, ensure_ascii=False))])
    return rows


def read_sidecar(rows: Sequence[Sequence[str]]) -> Sidecar | None:
    """The sidecar in ``rows`` (the hidden sheet's cells), or ``None`` if there is none
    or it is not one gkstd wrote (then the table alone is read)."""
    if not rows or not rows[0] or rows[0][0] != _MARKER:
        return None
    header: dict[str, Any] = {}
    items: list[SidecarItem] = []
    columns: tuple[tuple[str, str], ...] = ()
    try:
        for row in rows[1:]:
            if not row:
                continue
            payload = json.loads("".join(row[1:]))
            if row[0] == "catalog":
                header = payload
            elif row[0] == "columns":
                columns = tuple((str(role), str(label)) for role, label in payload)
            elif row[0] == "item":
                items.append(
                    SidecarItem(tuple(payload["names"]), payload["item"], payload["cells"])
                )
    except (ValueError, KeyError, TypeError):
        return None
    return Sidecar(header, tuple(items), columns)
