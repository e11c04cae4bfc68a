"""The plugin host: the hook specifications, the plugin manager that loads built-in and
installed plugins (packs), and the registry it builds.

Floor 8 of the layers (docs/architecture.md): imports everything below it, never tables,
audit, api or cli (their built-in plugins are loaded by name, like pytest's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "API_VERSION",
    "ENTRY_POINT_GROUP",
    "HookContext",
    "PackPlugin",
    "PluginLoadError",
    "PluginStatus",
    "Registry",
    "build_registry",
    "default_registry",
    "hookimpl",
    "hookspec",
]

_WHERE = {
    "API_VERSION": "gkstd.plugins.hookspecs",
    "HookContext": "gkstd.plugins.hookspecs",
    "hookimpl": "gkstd.plugins.hookspecs",
    "hookspec": "gkstd.plugins.hookspecs",
    "PackPlugin": "gkstd.plugins.pack_plugin",
    "PluginLoadError": "gkstd.plugins.manager",
    "build_registry": "gkstd.plugins.manager",
    "default_registry": "gkstd.plugins.manager",
    "ENTRY_POINT_GROUP": "gkstd.plugins.manager",
    "Registry": "gkstd.plugins.registry",
    "PluginStatus": "gkstd.plugins.registry",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used (``from gkstd.plugins import PackPlugin``)."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'gkstd.plugins' has no attribute {name!r}")


if TYPE_CHECKING:
    from gkstd.plugins.hookspecs import API_VERSION, HookContext, hookimpl, hookspec
    from gkstd.plugins.manager import (
        ENTRY_POINT_GROUP,
        PluginLoadError,
        build_registry,
        default_registry,
    )
    from gkstd.plugins.pack_plugin import PackPlugin
    from gkstd.plugins.registry import PluginStatus, Registry
