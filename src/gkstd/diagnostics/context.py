"""What a rule sees when it checks a catalog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.model import Catalog, Item
from gkstd.model.frozen import FrozenDict

if TYPE_CHECKING:
    from gkstd.packs.pack import DomainPack
    from gkstd.plugins.registry import Registry

__all__ = ["CheckContext"]


def _options(value: Mapping[str, Any]) -> FrozenDict[str, Any]:
    """A read-only copy of the caller's options: a rule cannot change what the next
    document's rules see."""
    return value if isinstance(value, FrozenDict) else FrozenDict(value)


@attrs.frozen
class CheckContext:
    """Context passed to every rule check.

    ``pack`` is the installed pack of the catalog's domain (``None`` if not installed).
    ``options`` carries caller settings; new capabilities become new attributes here, so
    rule signatures never change.  ``changed`` is set when a tailoring (``extends``) is
    checked: the ids of the items it lists (those it added or refined, and those it lists
    only to hold them).  Inherited items were checked with the parent, so catalog-scope
    rules may limit themselves to these (their findings on other items are dropped);
    ``changed_items`` are those items as resolved, and ``document`` is the catalog as
    written (for a tailoring, the delta).  ``stated`` (a tailoring only) is the part of
    ``changed`` whose own elements the document writes (added or refined): an item listed
    only to hold another is not in it, and a rule about what such an item inherited as it
    is (its known gap, GK102) leaves it to the parent's report.

    Everything here is read-only: the catalogs are frozen (their mappings are
    :class:`~gkstd.model.FrozenDict`), ``options`` is a read-only copy of the caller's.
    """

    catalog: Catalog
    registry: Registry | None = None
    pack: DomainPack | None = None
    options: Mapping[str, Any] = attrs.field(factory=FrozenDict, converter=_options, hash=False)
    changed: frozenset[str] | None = None
    changed_items: tuple[Item, ...] = ()
    document: Catalog | None = None
    stated: frozenset[str] | None = None
