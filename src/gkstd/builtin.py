"""gkstd's own hook implementations, registered like any plugin under the name ``core``."""

from __future__ import annotations

from gkstd.audit.rules import AUDIT_RULES
from gkstd.hookspecs import HookContext, hookimpl
from gkstd.inherit.orders import CORE_ORDERS, ElementOrder
from gkstd.inherit.rules import CHAIN_RULES
from gkstd.rules.core import CORE_RULES
from gkstd.rules.loading import LOAD_RULES
from gkstd.rules.rule import Rule


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Loader (GK0xx), core, inheritance (GK2xx) and audit (GK5xx) rules."""
    rules = [*LOAD_RULES.values(), *CORE_RULES, *CHAIN_RULES, *AUDIT_RULES]
    return sorted(rules, key=lambda r: r.code)


@hookimpl
def gkstd_register_element_orders(ctx: HookContext) -> list[ElementOrder]:
    """The core refinement orders of the item elements."""
    return list(CORE_ORDERS.values())
