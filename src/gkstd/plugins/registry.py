"""The registry: what the installed plugins provide (packs, rules, migrations) and how
loading each plugin went."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Rule
from gkstd.inherit.orders import ElementOrder
from gkstd.io.loader import Migration
from gkstd.model.frozen import FrozenDict
from gkstd.packs.pack import DomainPack

__all__ = ["PluginStatus", "Registry"]


@attrs.frozen
class PluginStatus:
    """How loading one plugin (entry point) went.

    ``status`` is ``ok``, ``failed`` or ``disabled``; ``error`` (Chinese) and
    ``error_en`` explain a failure and name the plugin and its distribution.
    ``first_party`` is true for gkstd's own plugins (distribution ``gkstd``), which win
    every collision.  ``api_version`` is the plugin API the plugin declares
    (``GKSTD_API``; ``None``: not declared).  ``load_seconds`` is the time its import and
    registration hooks took.  ``warnings`` are worth telling the user (a slow load, an
    environment change that was undone); ``notes`` are informational (no declared API
    version, a newcomer that lost a collision to this plugin).
    """

    name: str
    status: Literal["ok", "failed", "disabled"]
    distribution: str | None = None
    version: str | None = None
    packs: tuple[str, ...] = ()
    rules: int = 0
    error: str | None = None
    error_en: str | None = None
    first_party: bool = False
    api_version: str | None = None
    load_seconds: float = 0.0
    warnings: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()


def _frozen_packs(packs: Mapping[str, DomainPack]) -> Mapping[str, DomainPack]:
    return FrozenDict(packs)  # read-only: a rule gets the registry in its context


def _frozen_rules(rules: Mapping[str, Rule]) -> Mapping[str, Rule]:
    return FrozenDict(rules)


@attrs.frozen
class Registry:
    """Packs, rules and migrations of the loaded plugins, plus the load report."""

    packs: Mapping[str, DomainPack] = attrs.field(factory=FrozenDict, converter=_frozen_packs)
    rules: Mapping[str, Rule] = attrs.field(factory=FrozenDict, converter=_frozen_rules)
    migrations: tuple[Migration, ...] = ()
    plugins: tuple[PluginStatus, ...] = ()
    element_orders: tuple[ElementOrder, ...] = ()
    #: Chinese name or alias → pack (the first pack that has it), built once
    _names: Mapping[str, DomainPack] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        names: dict[str, DomainPack] = {}
        for pack in self.packs.values():
            for name in (pack.name_zh, *pack.aliases):
                names.setdefault(name, pack)
        object.__setattr__(self, "_names", names)

    def pack(self, code_or_alias: str) -> DomainPack | None:
        """The pack with this code, Chinese name or alias, or ``None``."""
        found = self.packs.get(code_or_alias)
        return found if found is not None else self._names.get(code_or_alias)

    def domain_code(self, code_or_alias: str) -> str | None:
        """The pack code of a domain named by code, Chinese name or alias (``None``:
        no such pack); the loader uses it to pick a document's migrations."""
        pack = self.pack(code_or_alias)
        return pack.code if pack is not None else None

    def rules_for(self, domain: str) -> list[Rule]:
        """Rules that apply to catalogs of ``domain``: the core rules and the pack's own."""
        return [r for r in self.rules.values() if r.pack in ("core", domain)]

    def orders_for(self, domain: str) -> list[ElementOrder]:
        """Refinement orders for catalogs of ``domain``: core orders, then the pack's own
        (which replace a core order of the same element)."""
        pack = self.pack(domain)
        code = pack.code if pack is not None else domain
        return [o for o in self.element_orders if o.domain in (None, code)]

    def failures(self) -> list[PluginStatus]:
        """Plugins that failed to load."""
        return [p for p in self.plugins if p.status == "failed"]
