"""The built-in plugin of the audit part: the audit rules (GK5xx)."""

from __future__ import annotations

from gkstd.audit.rules import AUDIT_RULES
from gkstd.diagnostics.rule import Rule
from gkstd.plugins.hookspecs import HookContext, hookimpl


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """Audit rules (GK501–GK509)."""
    return list(AUDIT_RULES)
