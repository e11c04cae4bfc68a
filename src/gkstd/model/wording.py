"""The canonical Chinese wording of a 公开时限 value (the inverse of
:func:`gkstd.timing.limits.parse`, which reads wording into values).

It lives with the model because a :class:`~gkstd.model.TimeLimit` displays itself with
it; reading wording needs the grammar and stays in :mod:`gkstd.timing`.
"""

from __future__ import annotations

from gkstd.model.elements import TimeLimit
from gkstd.model.enums import Relation, TimeLimitKind, Trigger

__all__ = ["format", "format_limit"]

_K = TimeLimitKind

_UNITS = {
    _K.WORKING_DAYS: "个工作日",
    _K.CALENDAR_DAYS: "日",
    _K.MONTHS: "个月",
}


def format_limit(limit: TimeLimit) -> str:
    """The canonical Chinese wording of ``limit`` (``text`` is ignored, except for ``text``).

    Examples: ``自信息形成或者变更之日起20个工作日内``, ``每季度首月20日前``,
    ``1.…`` compound parts are joined with ``；`` as ``范围：时限``.
    """
    kind = limit.kind
    if kind is _K.COMPOUND:
        core = "；".join(_format_part(part) for part in limit.parts)
    else:
        core = _format_part(limit)
    if limit.law_exception:
        core += "，法律、法规另有规定的从其规定"
    return core


#: ``format`` is the name the API promises; ``format_limit`` avoids shadowing the builtin.
format = format_limit


def _format_part(limit: TimeLimit) -> str:
    core = _format_core(limit)
    if limit.place:
        core += f"，在{limit.place}公开"
    if limit.scope:
        core = f"{limit.scope}：{core}"
    return core


def _anchor(limit: TimeLimit) -> str | None:
    if limit.trigger is not None:
        return limit.trigger.label
    return limit.event


def _format_core(limit: TimeLimit) -> str:
    kind = limit.kind
    anchor = _anchor(limit)
    if kind in _UNITS:
        amount = f"{limit.months if kind is _K.MONTHS else limit.days}{_UNITS[kind]}"
        if limit.relation is Relation.BEFORE:
            return f"{anchor}{amount}前" if anchor else f"提前{amount}"
        if limit.relation is Relation.AT_LEAST:
            return f"{anchor or ''}不少于{amount}"
        return f"自{anchor}之日起{amount}内" if anchor else f"{amount}内"
    if kind is _K.IMMEDIATE:
        return f"{anchor}时" if anchor else "实时公开"
    if kind is _K.TIMELY:
        if limit.trigger is Trigger.PROGRESS:
            return "按进展情况及时公开"
        return f"{anchor}后及时公开" if anchor else "及时公开"
    if kind is _K.STANDING:
        return "长期公开"
    if kind is _K.FIXED_DATE:
        return f"每年{limit.month}月{limit.day}日前"
    if kind is _K.PERIODIC and limit.period is not None and limit.days:
        unit = "个工作日" if limit.workdays else "日"
        return f"{limit.period.label}结束后{limit.days}{unit}内"
    if kind is _K.PERIODIC and limit.period is not None:
        out = limit.period.label
        if limit.month:
            out += "首月" if limit.month == 1 else f"第{limit.month}个月"
        if limit.day:
            out += f"{limit.day}日前"
        return out if (limit.month or limit.day) else out + "公开"
    if kind is _K.SAME_AS_ABOVE:
        return "同上"
    return limit.text or ""
