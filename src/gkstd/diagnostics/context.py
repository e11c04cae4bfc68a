"""What a rule sees when it checks a catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from gkstd.model import Catalog, Item

if TYPE_CHECKING:
    from gkstd.packs.pack import DomainPack
    from gkstd.plugins.registry import Registry

__all__ = ["CheckContext"]


@attrs.frozen
class CheckContext:
    """Context passed to every rule check.

    ``pack`` is the installed pack of the catalog's domain (``None`` if not installed).
    ``options`` carries caller settings; new capabilities become new attributes here, so
    rule signatures never change.  ``changed`` is set when a tailoring (``extends``) is
    checked: the ids of the items it added or refined.  Inherited items were checked with
    the parent, so catalog-scope rules may limit themselves to these (their findings on
    other items are dropped); ``changed_items`` are those items as resolved, and
    ``document`` is the catalog as written (for a tailoring, the delta).
    """

    catalog: Catalog
    registry: Registry | None = None
    pack: DomainPack | None = None
    options: dict[str, Any] = attrs.field(factory=dict, hash=False)
    changed: frozenset[str] | None = None
    changed_items: tuple[Item, ...] = ()
    document: Catalog | None = None
