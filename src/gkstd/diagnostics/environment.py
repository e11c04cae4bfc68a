"""The registry a check uses when the caller gives none.

The plugin host that builds the registry sits above the layers that use it (a
:class:`~gkstd.inherit.workspace.Workspace` resolves parents by pack code), so the
factory is wired in from the top: ``gkstd/__init__`` sets it to the installed plugins'
registry.  Embedding applications may set their own (tests do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkstd.plugins.registry import Registry

__all__ = ["default_registry", "set_default_registry_factory"]

_factory: Callable[[], Registry] | None = None


def set_default_registry_factory(factory: Callable[[], Registry] | None) -> None:
    """Use ``factory`` to build the default registry (``None`` unsets it)."""
    global _factory
    _factory = factory


def default_registry() -> Registry:
    """The default registry, from the factory set with :func:`set_default_registry_factory`."""
    if _factory is None:
        raise RuntimeError(
            "没有默认的插件注册表；请传入 registry 参数 / no default registry: pass a registry"
        )
    return _factory()
