"""市政服务 (municipal services) domain pack.

Metadata: ``pack.yaml``; national catalog: ``data/national.yaml``; provenance:
``SOURCES.md``.  Registered through the ``municipal-services`` entry point.
"""

from __future__ import annotations

from gkstd import DomainPack, HookContext, Rule, hookimpl, pack_from_directory


@hookimpl
def gkstd_register_packs(ctx: HookContext) -> list[DomainPack]:
    """The 市政服务 pack."""
    return [pack_from_directory(__name__)]


@hookimpl
def gkstd_register_rules(ctx: HookContext) -> list[Rule]:
    """No domain rules yet: 市政服务 follows the general rules of the 条例."""
    return []
