"""gkstd's own hook implementations, registered like any plugin under the name ``core``."""

from __future__ import annotations

from gkstd.audit.rules import AUDIT_RULES
from gkstd.hookspecs import HookContext, hookimpl
from gkstd.inherit.orders import CORE_ORDERS, ElementOrder
from gkstd.inherit.rules import CHAIN_RULES
from gkstd.rules.core import CORE_RULES
from gkstd.rules.loading import LOAD_RULES
from gkstd.rules.rule import Rule
from gkstd.siteplan import SITE_RULES
from gkstd.tables.rules import TABLE_RULES


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Loader (GK0xx), core, inheritance (GK2xx), site (GK402/403), audit (GK5xx) and
    table-import (GK6xx) rules."""
    rules = [
        *LOAD_RULES.values(),
        *CORE_RULES,
        *CHAIN_RULES,
        *SITE_RULES,
        *AUDIT_RULES,
        *TABLE_RULES,
    ]
    return sorted(rules, key=lambda r: r.code)


@hookimpl
def gkstd_register_element_orders(ctx: HookContext) -> list[ElementOrder]:
    """The core refinement orders of the item elements."""
    return list(CORE_ORDERS.values())
