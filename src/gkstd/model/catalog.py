"""标准目录: one domain's list of disclosure items for one jurisdiction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import attrs

from gkstd.model.enums import Level
from gkstd.model.item import Item

__all__ = ["FORMAT_VERSION", "Catalog", "Jurisdiction", "Source", "Waiver"]

#: The document format version this gkstd writes.
FORMAT_VERSION = "1.0"


@attrs.frozen
class Jurisdiction:
    """The government a catalog belongs to: a name, a level and an optional division code."""

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
