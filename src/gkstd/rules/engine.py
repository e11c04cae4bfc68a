"""The rule engine: runs the selected rules on a catalog, isolates failures, applies
waivers, and reports unused waivers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import cast

import attrs

from gkstd.diagnostics.context import CheckContext
from gkstd.diagnostics.findings import Finding
from gkstd.diagnostics.rule import CatalogCheck, ItemCheck, Rule
from gkstd.io.codes import INTERNAL_ERROR, UNUSED_WAIVER
from gkstd.model import Catalog, Item

__all__ = ["Selection", "apply_waivers", "run_rules"]


@attrs.frozen
class Selection:
    """Which codes to report: ``select`` and ``ignore`` hold codes or code prefixes.

    An empty ``select`` selects everything.  ``GK3`` selects GK300–GK399.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, select: Iterable[str] | str | None, ignore: Iterable[str] | str | None
    ) -> Selection:
        """Build from lists or comma-separated strings."""

        def split(value: Iterable[str] | str | None) -> tuple[str, ...]:
            if value is None:
                return ()
            parts = value.split(",") if isinstance(value, str) else value
            return tuple(p.strip().upper() for p in parts if p.strip())

        return cls(split(select), split(ignore))

    def wants(self, code: str) -> bool:
        """True when findings of ``code`` are reported."""
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


def _crash(rule: Rule, exc: BaseException, item: Item | None) -> Finding:
    code, pack, exception, detail = rule.code, rule.pack, type(exc).__name__, str(exc)
    if item is None:
        return INTERNAL_ERROR.emit(code=code, pack=pack, exception=exception, detail=detail)
    return INTERNAL_ERROR.emit(
        "item",
        code=code,
        pack=pack,
        exception=exception,
        detail=detail,
        item_id=item.id,
        item=item.id,
    )


def run_rules(
    catalog: Catalog,
    rules: Sequence[Rule],
    ctx: CheckContext,
    *,
    items: Sequence[Item] | None = None,
) -> list[Finding]:
    """Run ``rules`` on ``catalog``.  A rule that raises yields one ``GK000`` finding.

    Item rules run on ``items`` (default: every item of the catalog).
    """
    findings: list[Finding] = []
    items = list(catalog.walk()) if items is None else items
    for rule in rules:
        if rule.check is None or rule.scope in ("load", "chain", "jurisdiction", "record"):
            continue
        if rule.scope == "catalog":
            try:
                findings.extend(cast(CatalogCheck, rule.check)(catalog, ctx))
            except Exception as exc:
                findings.append(_crash(rule, exc, None))
            continue
        check = cast(ItemCheck, rule.check)
        for item in items:
            try:
                findings.extend(check(item, ctx))
            except Exception as exc:
                findings.append(_crash(rule, exc, item))
                break
    return findings


def apply_waivers(
    catalog: Catalog,
    findings: Iterable[Finding],
    selection: Selection,
    known_codes: Iterable[str],
    item_exists: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """Drop waived findings; add a ``GK011`` finding for each waiver that waived nothing.

    ``item_exists`` tells whether an item id exists (default: walk the catalog).
    """
    waivers = {(w.code, w.item): w for w in catalog.waivers}
    used: set[tuple[str, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.code, finding.location.item or "")
        if key in waivers:
            used.add(key)
            continue
        kept.append(finding)
    known = set(known_codes)
    if item_exists is None:
        item_ids = {item.id for item in catalog.walk()}
        item_exists = item_ids.__contains__
    for index, waiver in enumerate(catalog.waivers):
        key = (waiver.code, waiver.item)
        if key in used or not selection.wants(waiver.code):
            continue
        if waiver.code not in known:
            why = "unknown-code"
        elif not item_exists(waiver.item):
            why = "unknown-item"
        else:
            why = "default"
        kept.append(
            UNUSED_WAIVER.emit(
                why, code=waiver.code, item_id=waiver.item, path=f"$.waivers[{index}]"
            )
        )
    return kept
