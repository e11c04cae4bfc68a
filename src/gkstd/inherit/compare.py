"""Comparing one child item with the parent item it refines, element by element.

Used by both ways of building on a parent: a tailoring (``extends``) states only what it
changes, and a complete catalog (``conforms_to``) states everything.  Each element is
compared with its refinement order (:mod:`gkstd.inherit.orders`); a violation becomes a
GK2xx finding that names the catalogs, the item, the element and both values.

Three things keep the findings honest about what is known:

* an element that the **child's** own gap mark names (its source could not be read) is
  not reported as dropped; an element the child states is always compared;
* an element that the **parent's** gap mark names rests on unverified data (packs are
  reconstructed from local copies): its findings are downgraded to notices (提示) and
  say so, never errors on their own;
* an element that is simply absent from a complete child is reported by GK101/GK106
  (required elements) and not again as “lost” here (``reported_absent``).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs

from gkstd.diagnostics.findings import Finding, Severity
from gkstd.diagnostics.rule import Rule
from gkstd.inherit.contained import OrderFailed
from gkstd.inherit.orders import CompareContext, ElementOrder, Violation, display_value
from gkstd.inherit.resolved import Change, ResolvedCatalog
from gkstd.inherit.rules import ELEMENT_DROPPED, NOT_APPLICABLE, element_messages
from gkstd.inherit.rules import unverified as unverified_message
from gkstd.io.loader import LoadedDocument
from gkstd.model import ELEMENT_NAMES, Item

__all__ = [
    "ELEMENTS",
    "ItemComparison",
    "chain_finding",
    "compare_item",
    "not_applicable_finding",
    "present",
]

#: The elements compared and merged, in document order (``name`` is free).
ELEMENTS: tuple[str, ...] = tuple(ELEMENT_NAMES)


def present(value: Any) -> bool:
    """True for a stated element value (not ``None``, empty tuple or empty text)."""
    return value is not None and value != () and value != ""


@attrs.frozen
class ItemComparison:
    """What comparing one item gave: findings, the elements changed (and how), and for a
    tailoring the merged element values (an extra column a pack orders under
    ``extra:<column>``)."""

    findings: tuple[Finding, ...]
    changes: Mapping[str, Change]
    merged: Mapping[str, Any]


#: The messages of an element finding whose violation explains itself in a text
#: (:attr:`Violation.detail`, from a pack's order): ``detail`` / ``detail_en`` in the
#: common frame.
_DETAIL_MESSAGES = element_messages(detail=("{detail}", "{detail_en}"))


@functools.cache
def _explained(rule: Rule) -> Rule:
    """``rule`` with the messages of a violation that explains itself in a text."""
    return attrs.evolve(rule, messages={**rule.messages, **_DETAIL_MESSAGES})


def chain_finding(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    item: Item,
    element: str,
    violation: Violation,
    parent_value: Any,
    child_value: Any,
    *,
    unverified: str | None = None,
    pack: str | None = None,
) -> Finding:
    """The GK2xx finding of ``violation`` on ``element`` of ``item``, located in ``doc``:
    the violation's message with the fields every element finding has (the item's name,
    the element, the parent catalog and both values, see :mod:`gkstd.inherit.rules`).

    ``unverified`` (the parent's gap reason) marks a finding that rests on parent data
    that could not be verified: it becomes a notice, with the message that says why
    (:func:`~gkstd.inherit.rules.unverified`).  ``pack`` is the pack whose element order
    found the violation: the finding names it, whatever its rule was declared with.
    """
    rule, variant = violation.rule, violation.variant
    args: dict[str, Any] = dict(violation.args)
    if violation.detail is not None:
        rule, variant = _explained(rule), "detail"
        args.update(detail=violation.detail.zh, detail_en=violation.detail.en)
    severity = None
    if unverified is not None and rule.severity is not Severity.INFO:
        severity = Severity.INFO
        args["gap_reason"] = unverified
        if unverified_message(variant) in rule.messages:
            variant = unverified_message(variant)
    finding = rule.emit(
        variant,
        **args,
        name=item.name,
        element_name=element.replace("_", " "),
        element_name_zh=ELEMENT_NAMES.get(element, element),
        parent=parent.id,
        parent_zh=parent.label,
        parent_value=display_value(parent_value),
        child_value=display_value(child_value),
        item=item.id,
        element=element,
        severity=severity,
    )
    if pack is not None and finding.rule_pack != pack:
        finding = attrs.evolve(finding, rule_pack=pack)
    return doc.locate(finding)


def not_applicable_finding(doc: LoadedDocument, parent: ResolvedCatalog, item: Item) -> Finding:
    """GK215: ``item`` is marked not applicable although the parent requires it."""
    mark = item.not_applicable
    assert mark is not None
    return doc.locate(
        NOT_APPLICABLE.emit(
            name=item.name,
            parent=parent.id,
            parent_zh=parent.label,
            reason=mark.reason,
            item=item.id,
            element="not_applicable",
        )
    )


def compare_item(
    doc: LoadedDocument,
    parent: ResolvedCatalog,
    parent_item: Item,
    child_item: Item,
    orders: Mapping[str, ElementOrder],
    ctx: CompareContext,
    *,
    complete: bool,
    reported_absent: Collection[str] = (),
) -> ItemComparison:
    """Compare ``child_item`` with ``parent_item`` element by element.

    ``complete``: the child states every element (conforms_to), so an absent element is
    dropped, unless another rule reports it (``reported_absent``) or the child's gap mark
    names it; in a tailoring an absent element is inherited, a stated one merges into
    the parent's, and the merged values are returned for the resolver.
    """
    findings: list[Finding] = []
    changes: dict[str, Change] = {}
    merged: dict[str, Any] = {}
    child_gap = set(child_item.gap.missing) if child_item.gap is not None else set()
    parent_gap = set(parent_item.gap.missing) if parent_item.gap is not None else set()
    parent_reason = parent_item.gap.reason if parent_item.gap is not None else None

    def flag(element: str, violations: Sequence[Violation], pv: Any, cv: Any) -> None:
        if not violations:  # the usual answer: nothing lost
            return
        unverified = parent_reason if element in parent_gap else None
        order = orders.get(element)
        pack = order.domain if order is not None else None  # a pack's own order
        findings.extend(
            chain_finding(
                doc, parent, child_item, element, v, pv, cv, unverified=unverified, pack=pack
            )
            for v in violations
        )

    for element in ELEMENTS:
        written = getattr(child_item, element)
        if not complete and (written is None or written == () or written == ""):
            continue  # a tailoring inherits what it does not state
        order = orders.get(element)
        pv = getattr(parent_item, element)
        cv = written
        if not complete and present(written):
            # a tailoring's value merges into the parent's
            if order is not None and present(pv):
                try:
                    cv = order.merge(pv, written)
                except OrderFailed as failed:  # a plugin's merge: reported, its value kept
                    flag(element, [failed.violation], pv, written)
            merged[element] = cv
        if not present(cv):
            if (
                complete
                and present(pv)
                and order is not None
                and element not in child_gap
                and element not in reported_absent
            ):
                if isinstance(pv, tuple):
                    flag(element, order.compare(pv, (), ctx), pv, cv)
                elif element not in ("name", "category"):
                    flag(element, [Violation(ELEMENT_DROPPED, variant="item")], pv, cv)
            continue
        if not present(pv):
            changes[element] = "added"
            continue
        if order is not None and (complete or not order.keeps_parent):
            flag(element, order.compare(pv, cv, ctx), pv, cv)  # (a union loses nothing)
        if cv != pv:
            changes[element] = "refined"
    for key, cv in child_item.extra.items():
        pv = parent_item.extra.get(key)
        order = orders.get(f"extra:{key}")
        if pv is None:
            changes[f"extra:{key}"] = "added"
            continue
        if cv != pv:
            changes[f"extra:{key}"] = "refined"
            if order is not None:
                flag(f"extra:{key}", order.compare(pv, cv, ctx), pv, cv)
        if not complete and order is not None:  # a tailoring's value merges, as elements do
            try:
                merged[f"extra:{key}"] = order.merge(pv, cv)
            except OrderFailed as failed:  # a plugin's merge: reported, its value kept
                flag(f"extra:{key}", [failed.violation], pv, cv)
    if complete:
        for key, pv in parent_item.extra.items():
            order = orders.get(f"extra:{key}")
            if key not in child_item.extra and order is not None:
                flag(f"extra:{key}", order.compare(pv, "", ctx), pv, "")
    return ItemComparison(tuple(findings), changes, merged)
