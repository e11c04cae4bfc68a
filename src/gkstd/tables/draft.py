"""Items read from a table before their final ids: each item is made once.

A table that gives no ids has its rows numbered by position (``1``, ``1.2`` …) and then,
when there is a parent catalog, renamed after the parent items they match (or
``<group>.local-N``).  Reading the rows into :class:`DraftItem` s (their fields, not yet an
:class:`~gkstd.model.Item`) lets the matching see the names and contents and the final
item be made once, with its final id, instead of once per step.

Part of :mod:`gkstd.tables` (used by :func:`gkstd.tables.import_table`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gkstd.model import Item
from gkstd.model.elements import Citation
from gkstd.tables import cells as C
from gkstd.tables.rows import Builder, Node, numbered
from gkstd.tables.template import ID_LABEL

__all__ = ["DraftItem", "build_drafts", "made_items"]


class DraftItem:
    """An item read from a table: its ``fields`` (``Item(**fields)`` but ``id`` and
    ``items``), its positional or own ``id`` and its child drafts.  It reads like an
    :class:`~gkstd.model.Item` where the matching and the domain detection read one."""

    __slots__ = ("fields", "id", "items", "name")

    def __init__(self, item_id: str, fields: dict[str, Any], items: tuple[DraftItem, ...]) -> None:
        self.id = item_id
        self.name: str = fields["name"]
        self.fields = fields
        self.items = items

    @property
    def content(self) -> tuple[str, ...]:
        """公开内容, as the item will hold it."""
        content: tuple[str, ...] = self.fields.get("content", ())
        return content

    @property
    def basis(self) -> tuple[Citation, ...]:
        """公开依据, as the item will hold it."""
        basis: tuple[Citation, ...] = self.fields.get("basis", ())
        return basis

    @property
    def subject(self) -> str | None:
        """公开主体, as the item will hold it."""
        subject: str | None = self.fields.get("subject")
        return subject

    @property
    def is_leaf(self) -> bool:
        """True when the item has no child items."""
        return not self.items

    def walk(self) -> Iterator[DraftItem]:
        """This draft and all its descendants, depth first in document order."""
        yield self
        for child in self.items:
            yield from child.walk()

    def made(self, item_id: str, items: tuple[Item, ...]) -> Item:
        """The item, with its final id and its child items."""
        return Item(**self.fields, id=item_id, items=items)


def build_drafts(
    builder: Builder, roots: list[Node]
) -> tuple[list[DraftItem], dict[int, dict[str, str]]]:
    """The drafts of the node tree, numbered as :func:`gkstd.tables.rows.build_items`
    numbers its items (:func:`gkstd.tables.rows.numbered`), and each node's shown cells
    by id(node).
    ``Item(**fields)`` of every draft (:func:`made_items`) is what ``build_items`` gives."""
    drafting = _Drafting(builder)
    drafts = [drafting.build(node, number, "") for number, node in enumerate(roots, start=1)]
    return drafts, drafting.shown


class _Drafting:
    """The walk of :func:`build_drafts`: a class, not a closure that calls itself
    (a reference cycle, kept for every table while a batch pauses the cyclic collector)."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.shown: dict[int, dict[str, str]] = {}
        self.previous: dict[int, str] = {}

    def build(self, node: Node, index: int, prefix: str) -> DraftItem:
        if node.cells is not None:
            fields, cells = self.builder.fields(node, self.previous)
            own = node.cells
            if "同" in "".join(own.values()):  # else no cell is 同上
                own = {k: v for k, v in own.items() if not C.is_same_as_above(v)}
            self.previous = {**self.previous, **own}
            self.shown[id(node)] = cells
        else:
            fields = {"id": "x", "name": node.name}
        item_id, misplaced = numbered(fields.pop("id"), prefix, index)
        if misplaced is not None:
            fields["extra"] = {**fields.get("extra", {}), ID_LABEL: misplaced}
        node.id = item_id
        children = tuple(
            self.build(child, number, f"{item_id}.")
            for number, child in enumerate(node.children, start=1)
        )
        return DraftItem(item_id, fields, children)


def made_items(drafts: list[DraftItem]) -> list[Item]:
    """The items of ``drafts``, each with its draft's id (a table matched to no parent)."""
    return [_made(draft) for draft in drafts]


def _made(draft: DraftItem) -> Item:
    return draft.made(draft.id, tuple(_made(child) for child in draft.items))
