"""Refinement orders: when does a child's element refine its parent's?

Each element type has an :class:`ElementOrder`: ``compare`` lists the violations of
"only add" (原则上只增不减) between a parent value and a child value, and ``merge`` combines
them when a tailoring (``extends``) states the element.  The core orders are:

* ``content``, ``basis``, ``channels``, ``levels``: may only gain entries;
* ``time_limit``: may only get stricter (see :func:`compare_time_limits`);
* ``method``: 依申请 → 主动 is allowed, 主动 → 依申请 is a removal;
* ``audience``: 特定对象 → 全社会 is a warning, 全社会 → 特定对象 an error;
* ``name``, ``subject``, ``category``, ``notes``: free (renamed locally).

Packs add orders for their own element types (``extra:<column>``) or replace a core
order for their domain through the ``gkstd_register_element_orders`` hook.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from gkstd.i18n import Text
from gkstd.inherit.rules import (
    AUDIENCE_NARROWED,
    AUDIENCE_WIDENED,
    LIMIT_INCOMPARABLE,
    LIMIT_LOOSER,
    LOST_BASIS,
    LOST_CHANNEL,
    LOST_CONTENT,
    LOST_LEVEL,
    METHOD_DOWNGRADED,
)
from gkstd.model import Audience, Channel, Citation, Level, Method, TimeLimit, TimeLimitKind
from gkstd.model.enums import normalize_label
from gkstd.rules.core import limit_days, min_calendar_span
from gkstd.rules.rule import Rule

__all__ = [
    "CORE_ORDERS",
    "CompareContext",
    "ElementOrder",
    "Violation",
    "compare_time_limits",
    "display_value",
    "entry_key",
]


@attrs.frozen
class CompareContext:
    """What an order may need besides the two values: the child's level."""

    level: Level | None = None


@attrs.frozen
class Violation:
    """A child value that does not refine the parent value.

    ``detail`` explains it (e.g. which entries are lost); the inheritance check turns it
    into a finding of ``rule`` that also names the catalogs, item and both values.
    """

    rule: Rule
    detail: Text


Compare = Callable[[Any, Any, CompareContext], list[Violation]]
Merge = Callable[[Any, Any], Any]


@attrs.frozen
class ElementOrder:
    """The refinement order of one element type.

    ``element`` is an :class:`~gkstd.model.Item` attribute (``content`` …) or
    ``extra:<column>`` for a pack's extra column.  ``compare(parent, child, ctx)`` gets
    two present values; ``merge(parent, child)`` gives the value a tailoring resolves to.
    ``domain`` limits a pack's order to catalogs of that domain (set by the registry).
    ``samples`` are example values of the element type: the conformance kit
    (:mod:`gkstd.testing`) checks the order on them besides generated values.
    """

    element: str
    title: Text
    compare: Compare = attrs.field(eq=False, repr=False)
    merge: Merge = attrs.field(eq=False, repr=False)
    domain: str | None = None
    samples: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)


def display_value(value: Any) -> str:
    """A short Chinese rendering of an element value for messages."""
    if value is None or value == ():
        return "（无）"
    if isinstance(value, tuple | list):
        return "、".join(display_value(v) for v in value)
    if isinstance(value, Citation | TimeLimit):
        return value.display()
    if isinstance(value, Audience | Method | Level | Channel):
        return value.label
    return str(value)


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return normalize_label(unicodedata.normalize("NFKC", text)).strip("《》<>")


# -- list elements ------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def entry_key(value: Any) -> str:
    """What makes two entries of a list element the same entry: a citation's title, an
    enumeration's code, or the text, each folded (full-width forms, white space, 《》)."""
    if isinstance(value, Citation):
        return _fold(value.title)
    if isinstance(value, Channel | Level):
        return value.code
    return _fold(str(value))


def _lost(parent: Sequence[Any], child: Sequence[Any], contains: bool) -> list[Any]:
    keys = [entry_key(c) for c in child]
    lost = []
    for entry in parent:
        key = entry_key(entry)
        if key in keys or (contains and any(key in k for k in keys)):
            continue
        lost.append(entry)
    return lost


def _union(parent: tuple[Any, ...], child: tuple[Any, ...]) -> tuple[Any, ...]:
    """Parent entries (a child entry with the same key refines it in place), then new ones."""
    by_key = {entry_key(c): c for c in child}
    out = [by_key.pop(entry_key(p), p) for p in parent]
    seen = {entry_key(p) for p in parent}
    out.extend(c for c in child if entry_key(c) not in seen and entry_key(c) in by_key)
    return tuple(out)


def _gain_only(rule: Rule, what: tuple[str, str], contains: bool = False) -> Compare:
    def compare(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
        lost = _lost(parent, child, contains)
        if not lost:
            return []
        shown = display_value(tuple(lost))
        return [Violation(rule, Text(f"缺少{what[0]}：{shown}", f"lost {what[1]}: {shown}"))]

    return compare


def _compare_levels(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    floor = ctx.level.rank if ctx.level is not None else -1
    relevant = tuple(lv for lv in parent if lv.rank >= floor)
    lost = _lost(relevant, child, contains=False)
    if not lost:
        return []
    shown = display_value(tuple(lost))
    return [Violation(LOST_LEVEL, Text(f"缺少公开层级：{shown}", f"lost level(s): {shown}"))]


def _merge_levels(parent: tuple[Level, ...], child: tuple[Level, ...]) -> tuple[Level, ...]:
    return tuple(sorted(set(parent) | set(child), key=lambda lv: lv.rank))


# -- scalar elements ----------------------------------------------------------------


def _child_wins(parent: Any, child: Any) -> Any:
    return child


def _free(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    return []


def _working_span(days: int) -> tuple[int, int]:
    """Fewest and most calendar days that ``days`` working days can span.

    The bound allows for weekends and one public holiday of up to 8 days.
    """
    fewest = min_calendar_span(days)
    most = days + 2 * ((days + 4) // 5) + 2 + 8
    return fewest, most


def compare_time_limits(parent: TimeLimit, child: TimeLimit) -> str:
    """``"ok"`` (child is as strict or stricter), ``"looser"`` or ``"unknown"``.

    Immediate refines every limit.  Working days compare with working days and calendar
    days with calendar days by number; a calendar-day child refines a working-day
    parent when it is not longer (N calendar days never exceed N working days); a
    working-day child refines a calendar-day parent only if even its longest span fits.
    Other kinds are equal or unknown.
    """
    if child.kind is TimeLimitKind.IMMEDIATE:
        return "ok"
    if parent.kind is TimeLimitKind.IMMEDIATE:
        return "looser"
    if attrs.evolve(child, text=None) == attrs.evolve(parent, text=None):
        return "ok"
    p, c = limit_days(parent), limit_days(child)
    if p is None or c is None:
        return "unknown"
    (p_kind, p_days), (c_kind, c_days) = p, c
    if p_kind is c_kind:
        return "ok" if c_days <= p_days else "looser"
    if p_kind is TimeLimitKind.WORKING_DAYS:  # child counts calendar days
        return "ok" if c_days <= p_days else "looser"
    fewest, most = _working_span(c_days)  # child counts working days, parent calendar
    if most <= p_days:
        return "ok"
    return "looser" if fewest > p_days else "unknown"


def _compare_time_limits(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    verdict = compare_time_limits(parent, child)
    if verdict == "ok":
        return []
    p, c = display_value(parent), display_value(child)
    if verdict == "looser":
        return [Violation(LIMIT_LOOSER, Text(f"{c} 比 {p} 宽松", f"{c} is looser than {p}"))]
    return [
        Violation(
            LIMIT_INCOMPARABLE,
            Text(f"无法判断 {c} 是否不宽于 {p}", f"cannot tell whether {c} is within {p}"),
        )
    ]


def _compare_method(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    if parent is Method.PROACTIVE and child is not Method.PROACTIVE:
        return [
            Violation(
                METHOD_DOWNGRADED,
                Text(f"主动公开改为{child.label}", f"主动 changed to {child.label}"),
            )
        ]
    if parent is Method.ON_REQUEST and child is Method.WITHHELD:
        return [Violation(METHOD_DOWNGRADED, Text("依申请公开改为不予公开", "依申请 → 不予公开"))]
    return []


def _compare_audience(parent: Any, child: Any, ctx: CompareContext) -> list[Violation]:
    if parent is Audience.SPECIFIC and child is Audience.PUBLIC:
        return [Violation(AUDIENCE_WIDENED, Text("特定对象扩大为全社会", "特定对象 → 全社会"))]
    if parent is Audience.PUBLIC and child is Audience.SPECIFIC:
        return [Violation(AUDIENCE_NARROWED, Text("全社会缩小为特定对象", "全社会 → 特定对象"))]
    return []


def _order(element: str, zh: str, compare: Compare, merge: Merge = _child_wins) -> ElementOrder:
    return ElementOrder(element, Text(zh, element), compare, merge)


#: The core orders, by element.
CORE_ORDERS: dict[str, ElementOrder] = {
    o.element: o
    for o in (
        _order("name", "事项名称（可改写，id 不变）", _free),
        _order(
            "content",
            "公开内容（只增）",
            _gain_only(LOST_CONTENT, ("公开内容要点", "content point(s)"), contains=True),
            _union,
        ),
        _order(
            "basis",
            "公开依据（只增）",
            _gain_only(LOST_BASIS, ("公开依据", "basis"), contains=True),
            _union,
        ),
        _order("time_limit", "公开时限（只能收紧）", _compare_time_limits),
        _order("subject", "公开主体（可改为本地主体）", _free),
        _order("method", "公开方式（依申请→主动）", _compare_method),
        _order(
            "channels",
            "公开渠道（只增）",
            _gain_only(LOST_CHANNEL, ("公开渠道", "channel(s)")),
            _union,
        ),
        _order("audience", "公开对象（不得缩小）", _compare_audience),
        _order("levels", "公开层级（只增）", _compare_levels, _merge_levels),
        _order("category", "五公开类别", _free),
    )
}
