"""The ready-made plugin of a pack whose metadata and catalog are data files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gkstd.packs.pack import DomainPack, pack_from_directory
from gkstd.plugins.hookspecs import API_VERSION, HookContext, hookimpl

if TYPE_CHECKING:
    from gkstd.diagnostics.rule import Rule
    from gkstd.inherit.orders import ElementOrder

__all__ = ["PackPlugin"]


class PackPlugin:
    """A ready-made plugin for a pack whose metadata and catalog are data files.

    A pack module needs only::

        plugin = PackPlugin(__name__, rules=RULES)

    and an entry point ``my-domain = "my_package:plugin"`` in the ``gkstd`` group.
    The pack's metadata is read from ``pack.yaml`` in ``package`` (see
    :func:`pack_from_directory`); ``rules`` are the pack's own domain rules and
    ``orders`` the refinement orders of its own element types
    (:class:`~gkstd.inherit.orders.ElementOrder`).  Its hooks are gkstd's own code, so
    it always speaks the installed plugin API (:data:`GKSTD_API`).
    """

    #: The plugin API this plugin is written for: always the installed one.
    GKSTD_API = API_VERSION

    def __init__(
        self,
        package: str,
        *,
        rules: tuple[Rule, ...] | list[Rule] = (),
        orders: tuple[ElementOrder, ...] | list[ElementOrder] = (),
    ) -> None:
        self.package = package
        self.rules = tuple(rules)
        self.orders = tuple(orders)

    def __repr__(self) -> str:
        return f"PackPlugin({self.package!r})"

    @hookimpl
    def gkstd_register_packs(self, ctx: HookContext) -> list[DomainPack]:
        """The pack described by ``pack.yaml``."""
        return [pack_from_directory(self.package)]

    @hookimpl
    def gkstd_register_rules(self, ctx: HookContext) -> list[Rule]:
        """The pack's domain rules."""
        return list(self.rules)

    @hookimpl
    def gkstd_register_element_orders(self, ctx: HookContext) -> list[ElementOrder]:
        """The refinement orders of the pack's own element types."""
        return list(self.orders)
