"""The built-in plugin of the service part: the service's rules (GK801–GK804), registered
and documented whether or not the ``serve`` extra (the web stack) is installed."""

from __future__ import annotations

from gkstd.diagnostics.rule import Rule
from gkstd.plugins.hookspecs import HookContext, hookimpl
from gkstd.serve.rules import SERVE_RULES


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """The service's rules (GK8xx)."""
    return list(SERVE_RULES)
