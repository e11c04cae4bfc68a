"""What a rule sees when it checks a catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from gkstd.model import Catalog

if TYPE_CHECKING:
    from gkstd.packs import DomainPack
    from gkstd.registry import Registry

__all__ = ["CheckContext"]


@attrs.frozen
class CheckContext:
    """Context passed to every rule check.

    ``pack`` is the installed pack of the catalog's domain (``None`` if not installed).
    ``options`` carries caller settings; new capabilities become new attributes here, so
    rule signatures never change.
    """

    catalog: Catalog
    registry: Registry | None = None
    pack: DomainPack | None = None
    options: dict[str, Any] = attrs.field(factory=dict, hash=False)
