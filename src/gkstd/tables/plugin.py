"""The built-in plugin of the table part: the table-import rules (GK6xx) and the website
column rules (GK402/GK403)."""

from __future__ import annotations

from gkstd.diagnostics.rule import Rule
from gkstd.plugins.hookspecs import HookContext, hookimpl
from gkstd.tables.rules import TABLE_RULES
from gkstd.tables.siteplan import SITE_RULES


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Site (GK402/403) and table-import (GK6xx) rules."""
    return sorted([*SITE_RULES, *TABLE_RULES], key=lambda r: r.code)
