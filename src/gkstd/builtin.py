"""gkstd's own hook implementations, registered like any plugin under the name ``core``."""

from __future__ import annotations

from gkstd.hookspecs import HookContext, hookimpl
from gkstd.rules.core import CORE_RULES
from gkstd.rules.loading import LOAD_RULES
from gkstd.rules.rule import Rule


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """The loader rules (GK0xx) and the core rules."""
    return [*LOAD_RULES.values(), *CORE_RULES]
