"""标准目录: one domain's list of disclosure items for one jurisdiction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping

import attrs

from gkstd.model.enums import Level
from gkstd.model.frozen import EMPTY, freeze_int_map, freeze_str_map
from gkstd.model.item import Item

__all__ = [
    "FORMAT_VERSION",
    "UNNAMED",
    "UNNAMED_EN",
    "Catalog",
    "Jurisdiction",
    "Origin",
    "Source",
    "Waiver",
]

#: The document format version this gkstd writes.
FORMAT_VERSION = "1.0"

#: The name a table's import records for a government the table does not name (GK615),
#: and how English text says it.
UNNAMED = "（未注明）"
UNNAMED_EN = "(not named)"


@attrs.frozen
class Jurisdiction:
    """The government a catalog belongs to: a name, a level and an optional division code
    (:data:`UNNAMED` as the name of a table's catalog that names none)."""

    name: str
    level: Level
    division_code: str | None = None


@attrs.frozen
class Source:
    """Provenance of catalog content: a published document, page or file."""

    id: str
    title: str
    url: str | None = None
    file: str | None = None
    publisher: str | None = None
    jurisdiction: str | None = None
    date: str | None = None
    note: str | None = None


@attrs.frozen
class Waiver:
    """Suppresses finding ``code`` on item ``item``; ``reason`` is mandatory."""

    code: str
    item: str
    reason: str


@attrs.frozen
class Origin:
    """Where a catalog imported from a table came from (written by ``gkstd import``).

    ``file`` is the table's file name, ``sheet`` its sheet; ``columns`` maps an element
    key to the column letters that hold it (``content: D``; a group of tick columns
    ``levels: M:N``; the item-name columns by depth ``name: B,C``); ``rows`` maps an item
    id to the 1-based row where the item starts.  Findings on an imported catalog point
    at the table's sheet, row and cell through it (:meth:`cell`).  ``local`` lists the
    items that the import's item map declared local additions: they are not matched to
    the parent again when the document is validated.  ``columns`` and ``rows`` are
    read-only mappings (:class:`~gkstd.model.frozen.FrozenDict`).
    """

    file: str
    sheet: str | None = None
    columns: Mapping[str, str] = attrs.field(default=EMPTY, converter=freeze_str_map)
    rows: Mapping[str, int] = attrs.field(default=EMPTY, converter=freeze_int_map)
    local: tuple[str, ...] = ()

    def cell(self, item: str, element: str | None = None, depth: int = 1) -> str | None:
        """The cell (``D5``, ``M5:N5``) or, without a known column, the row (``5``) of
        ``element`` of item ``item``; ``None`` when the item did not come from the table.
        ``depth`` picks the item-name column (1 for 一级事项)."""
        row = self.rows.get(item)
        if row is None:
            return None
        letters = self.columns.get(element or "name", "")
        if element in (None, "name"):
            names = [c for c in letters.split(",") if c]
            if not names:
                return str(row)
            letters = names[min(max(depth, 1), len(names)) - 1]
        if not letters:
            return str(row)
        return ":".join(f"{c}{row}" for c in letters.split(":")[:2])


@attrs.frozen(kw_only=True)
class Catalog:
    """A 政务公开事项标准目录 for one domain and one jurisdiction."""

    gkstd: str = FORMAT_VERSION
    id: str
    domain: str
    title: str
    jurisdiction: Jurisdiction
    version: str | None = None
    issued: datetime.date | None = None
    issuer: str | None = None
    sources: tuple[Source, ...] = ()
    extends: str | None = None
    conforms_to: str | None = None
    notes: str | None = None
    origin: Origin | None = None
    items: tuple[Item, ...] = ()
    waivers: tuple[Waiver, ...] = ()

    def walk(self) -> Iterator[Item]:
        """Every item of the tree, depth first in document order."""
        for item in self.items:
            yield from item.walk()

    def leaves(self) -> Iterator[Item]:
        """The items that carry elements (no children)."""
        return (item for item in self.walk() if item.is_leaf)

    def item(self, item_id: str) -> Item | None:
        """The item with id ``item_id``, or ``None``."""
        return next((i for i in self.walk() if i.id == item_id), None)

    def leaf(self, ref: str) -> Item | None:
        """The (first) leaf whose id is ``ref``, else the only leaf named ``ref``, else
        ``None`` (how ``gkstd deadline --item`` and the service name an item)."""
        by_id = next((i for i in self.leaves() if i.id == ref), None)
        if by_id is not None:
            return by_id
        named = self.leaves_named(ref)
        return named[0] if len(named) == 1 else None

    def leaves_named(self, name: str) -> list[Item]:
        """The leaves named ``name``, in order (more than one: :meth:`leaf` takes none)."""
        return [i for i in self.leaves() if i.name == name]
