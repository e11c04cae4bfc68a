"""Domain packs as data: the pack model read from ``pack.yaml``, completeness, checking new
national data for a pack, and the scaffold of a new pack.

Floor 7 of the layers (docs/architecture.md): imports model, diagnostics, io, rules and
inherit; the plugin that registers a pack is :class:`gkstd.plugins.PackPlugin`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "DomainPack",
    "ExpectedCounts",
    "GuideStatus",
    "LeadDepartment",
    "NationalGuide",
    "PackPlugin",
    "pack_from_directory",
]

_WHERE = {
    "DomainPack": "gkstd.packs.pack",
    "ExpectedCounts": "gkstd.packs.pack",
    "GuideStatus": "gkstd.packs.pack",
    "LeadDepartment": "gkstd.packs.pack",
    "NationalGuide": "gkstd.packs.pack",
    "pack_from_directory": "gkstd.packs.pack",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used; ``PackPlugin`` moved to
    :mod:`gkstd.plugins` (this path still works, with a DeprecationWarning)."""
    import importlib

    if name == "PackPlugin":
        import warnings

        warnings.warn(
            "gkstd.packs.PackPlugin 已移至 gkstd.plugins.PackPlugin / "
            "moved to gkstd.plugins.PackPlugin",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module("gkstd.plugins.pack_plugin").PackPlugin
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'gkstd.packs' has no attribute {name!r}")


if TYPE_CHECKING:
    from gkstd.packs.pack import (
        DomainPack,
        ExpectedCounts,
        GuideStatus,
        LeadDepartment,
        NationalGuide,
        pack_from_directory,
    )
    from gkstd.plugins.pack_plugin import PackPlugin
