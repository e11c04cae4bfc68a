"""What the conformance checks share: the pack under test, the check record, the
outcomes a check can raise, and helpers for running properties and workspaces."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.i18n import Text
from gkstd.diagnostics.rule import Rule
from gkstd.inherit.orders import ElementOrder
from gkstd.model import Catalog
from gkstd.packs.pack import DomainPack
from gkstd.plugins.registry import PluginStatus, Registry

if TYPE_CHECKING:
    from gkstd.inherit.workspace import Workspace

__all__ = [
    "DEFAULT_EXAMPLES",
    "Advice",
    "Check",
    "CheckFunction",
    "CheckSkipped",
    "ConformanceFailure",
    "Target",
    "as_yaml",
    "finding_lines",
    "listing",
    "run_property",
    "workspace_for",
]

#: Examples hypothesis tries per property (``--gkstd-examples``, ``gkstd conformance -n``).
DEFAULT_EXAMPLES = 25


class ConformanceFailure(Exception):
    """A check failed: ``message`` says what is wrong and how to fix it (zh/en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.message = Text(zh, en)


class Advice(str):
    """A remark a check returns on a pass that the author should act on (e.g. metadata
    placeholders left by ``gkstd new-pack``); ``gkstd conformance`` always shows it,
    while plain remarks (notes) are shown with ``--verbose``."""


class CheckSkipped(Exception):
    """A check does not apply (e.g. the pack did not load); ``message`` says why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.message = Text(zh, en)


@attrs.frozen
class Target:
    """One pack under test: its code (or entry-point name), the registry it was loaded
    in, and how many examples each property tries."""

    code: str
    registry: Registry = attrs.field(repr=False)
    examples: int = DEFAULT_EXAMPLES

    @property
    def status(self) -> PluginStatus | None:
        """The load status of the plugin that provides (or should provide) the pack."""
        for status in self.registry.plugins:
            if self.code in status.packs:
                return status
        return next((s for s in self.registry.plugins if s.name == self.code), None)

    @property
    def pack(self) -> DomainPack | None:
        """The registered pack, or ``None`` when its plugin did not load."""
        return self.registry.packs.get(self.code) or self.registry.pack(self.code)

    def need_pack(self) -> DomainPack:
        """The pack; skips the check when the pack did not load (``loads`` fails)."""
        pack = self.pack
        if pack is None:
            raise CheckSkipped(
                "领域包未能加载，见 loads 检查",
                "the pack did not load; see the loads check",
            )
        return pack

    def need_catalog(self) -> Catalog:
        """The pack's national catalog; skips when it cannot be read (``catalog`` fails)."""
        catalog = self.need_pack().load_catalog().catalog
        if catalog is None:
            raise CheckSkipped(
                "目录数据无法读取，见 catalog 检查",
                "the catalog is unusable; see the catalog check",
            )
        return catalog

    def rules(self) -> list[Rule]:
        """The pack's own rules."""
        pack = self.need_pack()
        return [r for r in self.registry.rules.values() if r.pack == pack.code]

    def orders(self) -> list[ElementOrder]:
        """The refinement orders the pack defines."""
        pack = self.need_pack()
        return [o for o in self.registry.element_orders if o.domain == pack.code]


CheckFunction = Callable[[Target], "str | None"]


@attrs.frozen
class Check:
    """One conformance check.  ``id`` is stable and never reused for another check."""

    id: str
    title: Text
    requirement: Text
    function: CheckFunction = attrs.field(eq=False, repr=False)
    needs: str | None = None  # an optional dependency ("tables") the check needs


def listing(lines: Sequence[str], limit: int = 8) -> str:
    shown = list(lines[:limit])
    if len(lines) > limit:
        shown.append(f"… (+{len(lines) - limit})")
    return "\n  " + "\n  ".join(shown)


def finding_lines(findings: Iterable[Finding], lang: str) -> list[str]:
    return [f"{f.code} {f.location.display()} {f.text(lang)}".strip() for f in findings]


def workspace_for(target: Target, parents: Mapping[str, Catalog] | None = None) -> Workspace:
    from gkstd.inherit.workspace import Workspace

    return Workspace(target.registry, parents=parents)


def run_property(
    target: Target, strategy: Any, body: Callable[[Any], None], *, shrink: bool = False
) -> None:
    """Run ``body`` on values of ``strategy`` with hypothesis (deterministic, no database).

    A :class:`ConformanceFailure` propagates.  Checks that validate whole catalogs report
    the first failing example without shrinking it (``shrink=False``): shrinking a
    catalog can take hypothesis minutes, and the message already names the rule, the
    item and the exception.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.reporting import with_reporter

    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if shrink:
        phases.append(Phase.shrink)

    @settings(
        max_examples=target.examples,
        deadline=None,
        database=None,
        derandomize=True,
        print_blob=False,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        body(value)

    with warnings.catch_warnings(), with_reporter(lambda _: None):
        warnings.simplefilter("ignore")
        run()


def as_yaml(catalog: Catalog) -> str:
    from gkstd.io.dumper import dump_catalog

    text = dump_catalog(catalog)
    return text if len(text) < 4000 else text[:4000] + "\n…"
