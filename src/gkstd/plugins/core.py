"""gkstd's own hook implementations below the plugin host, registered like any plugin
under the name ``core``: the loader's rules (GK0xx), the core rules (GK1xx, GK3xx), the
inheritance rules (GK2xx) and the core refinement orders.  The table, site and audit
rules register through their own built-in plugins (``gkstd.tables.plugin``,
``gkstd.audit.plugin``; see :data:`gkstd.plugins.manager.BUILTIN_PLUGINS`)."""

from __future__ import annotations

from gkstd.diagnostics.rule import Rule
from gkstd.inherit.orders import CORE_ORDERS, ElementOrder
from gkstd.inherit.rules import CHAIN_RULES
from gkstd.io.codes import LOAD_RULES
from gkstd.plugins.hookspecs import HookContext, hookimpl
from gkstd.rules.core import CORE_RULES


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Loader (GK0xx), core and inheritance (GK2xx) rules."""
    return sorted([*LOAD_RULES.values(), *CORE_RULES, *CHAIN_RULES], key=lambda r: r.code)


@hookimpl
def gkstd_register_element_orders(ctx: HookContext) -> list[ElementOrder]:
    """The core refinement orders of the item elements."""
    return list(CORE_ORDERS.values())
