"""Deadlines from a start date and a 公开时限: :func:`deadline`.

The arithmetic lives in :class:`gkstd.timing.calendar.WorkCalendar`; this module decides what
a structured :class:`~gkstd.model.TimeLimit` means as a date:

* ``N个工作日内`` / ``N日内`` / ``N个月内`` after the event: counted by the calendar;
* no limit, or 及时 alone: 20 working days (条例 第二十六条), with the reason saying so;
* 实时/即时: the start day itself;
* ``每年M月D日前`` and ``每季度首月D日前``: the next such date after the start;
* a compound limit: the part for ``scope``, or its only unscoped deadline part;
* 长期公开, wording not understood, "N days before" and "at least N days": no date, with the
  reason.
"""

from __future__ import annotations

import calendar as _months
import datetime

import attrs

from gkstd.diagnostics.arguments import expect, refused
from gkstd.diagnostics.i18n import Text
from gkstd.model import Period, Relation, TimeLimit, TimeLimitKind
from gkstd.timing.calendar import (
    CalendarError,
    Deadline,
    WorkCalendar,
    check_year,
    default_calendar,
    past_the_end,
)
from gkstd.timing.limits import parse as parse_limit

__all__ = ["DEFAULT_WORKING_DAYS", "Deadline", "deadline", "deadline_part"]

#: 条例 第二十六条: proactive information within 20 working days of being formed or changed.
DEFAULT_WORKING_DAYS = 20

_K = TimeLimitKind

_DEFAULT_REASON = Text(
    "未写明具体时限，按《政府信息公开条例》第二十六条默认20个工作日。",
    "No specific limit: 20 working days by default (Art. 26 of the disclosure regulation).",
)


def _join(*reasons: Text | None) -> Text | None:
    given = [r for r in reasons if r is not None]
    if not given:
        return None
    return Text("".join(r.zh for r in given), " ".join(r.en for r in given))


def deadline_part(limit: TimeLimit, scope: str | None = None) -> TimeLimit | Text:
    """The part of a compound ``limit`` that sets the deadline, or why there is none."""
    expect(limit, TimeLimit, "deadline_part(limit)", ("时限 TimeLimit", "a TimeLimit"))
    expect(scope, (str, type(None)), "deadline_part(scope)", ("文本或 None", "text or None"))
    if limit.kind is not _K.COMPOUND:
        return limit
    if scope is not None:
        exact = [p for p in limit.parts if p.scope == scope]
        loose = [p for p in limit.parts if p.scope and (scope in p.scope or p.scope in scope)]
        if exact or len(loose) == 1:
            return (exact or loose)[0]
        return Text(
            f"分项时限中没有唯一适用于“{scope}”的一项。",
            f"No single part of the compound limit covers {scope!r}.",
        )
    unscoped = [p for p in limit.parts if p.scope is None and p.is_deadline]
    if len(unscoped) == 1:
        return unscoped[0]
    return Text(
        f"时限分项规定（{limit.display()}），请指明适用的一项。",
        f"The limit has several parts ({limit.display()}); say which applies.",
    )


_DATE = ("日期（datetime.date）", "a date (datetime.date)")
_DATE_FIX = (
    '文本日期请先转换，如 datetime.date.fromisoformat("2026-01-01")。',
    'Convert text first: datetime.date.fromisoformat("2026-01-01").',
)
_LIMIT = (
    '时限（TimeLimit、工作日天数或时限文字如 "20个工作日"）或 None',
    'a time limit (TimeLimit, working days, or wording such as "20个工作日") or None',
)
_CALENDAR = ("工作日历 WorkCalendar 或 None", "a WorkCalendar or None")


#: what ``scope`` takes
_SCOPE = (
    "分项时限的适用范围（文字）或 None",
    "the scope of a compound limit's part (text), or None",
)


def deadline(
    start: datetime.date,
    time_limit: TimeLimit | int | str | None,
    calendar: WorkCalendar | None = None,
    *,
    scope: str | None = None,
) -> Deadline:
    """When information formed (or triggered) on ``start`` must be published.

    ``time_limit`` is a :class:`TimeLimit`, a number of working days, or ``None`` (no
    limit: the 20-working-day default).  ``scope`` picks the part of a compound limit.
    The result's ``provisional`` flag is set when a year without an official holiday
    schedule was consulted; ``date`` is ``None`` when the limit sets no deadline, and
    ``reason`` explains both.  Raises :class:`~gkstd.timing.calendar.CalendarError` for
    dates outside the calendar.  ``time_limit`` may also be the wording itself
    (``"批准后20日内"``, read by :func:`gkstd.timing.limits.parse`).  Arguments of another
    type raise :class:`~gkstd.diagnostics.arguments.ArgumentError` (a ``TypeError``).
    """
    expect(start, datetime.date, "gkstd.deadline(start)", _DATE, _DATE_FIX)
    check_year(start.year)
    if isinstance(time_limit, str):
        if not time_limit.strip():
            raise refused(time_limit, "gkstd.deadline(time_limit)", _LIMIT)
        time_limit = parse_limit(time_limit)
    expect(time_limit, (TimeLimit, int, type(None)), "gkstd.deadline(time_limit)", _LIMIT)
    expect(calendar, (WorkCalendar, type(None)), "gkstd.deadline(calendar)", _CALENDAR)
    expect(scope, (str, type(None)), "gkstd.deadline(scope)", _SCOPE)
    cal = calendar or default_calendar()
    if isinstance(time_limit, int):
        return cal.add_working_days(start, time_limit)
    if time_limit is None:
        return _default(start, cal)
    part = deadline_part(time_limit, scope)
    if isinstance(part, Text):
        return Deadline(None, False, part)
    try:
        return _deadline(start, part, cal)
    except CalendarError:
        raise
    except (OverflowError, ValueError):  # date arithmetic past year 9999 (a huge limit)
        raise past_the_end() from None


def _deadline(start: datetime.date, limit: TimeLimit, cal: WorkCalendar) -> Deadline:
    kind = limit.kind
    if kind in (_K.WORKING_DAYS, _K.CALENDAR_DAYS, _K.MONTHS):
        if limit.relation is not Relation.WITHIN:
            return Deadline(
                None,
                False,
                Text(
                    f"“{limit.display()}”规定的是{limit.relation.label}的期间，不是事后的公开期限。",
                    f"{limit.display()!r} sets a period {limit.relation.code}, not a deadline "
                    "after the event.",
                ),
            )
        if kind is _K.WORKING_DAYS:
            return cal.add_working_days(start, limit.days or 0)
        if kind is _K.CALENDAR_DAYS:
            return cal.add_calendar_days(start, limit.days or 0)
        return _roll(cal, _add_months(start, limit.months or 0))
    if kind is _K.IMMEDIATE:
        return Deadline(start, False, Text("实时公开：当日。", "Immediate: the same day."))
    if kind is _K.TIMELY:
        return _default(start, cal)
    if kind is _K.FIXED_DATE and limit.month and limit.day:
        return _roll(cal, _next_date(start, (limit.month,), limit.day))
    if kind is _K.PERIODIC and limit.period is not None and limit.days:
        end = _period_end(start, limit.period)
        if limit.workdays:
            return cal.add_working_days(end, limit.days)
        return cal.add_calendar_days(end, limit.days)
    if kind is _K.PERIODIC and limit.period is not None and limit.day:
        months = _period_months(limit.period, limit.month or 1)
        if months:
            return _roll(cal, _next_date(start, months, limit.day))
    reasons = {
        _K.STANDING: Text("长期公开，没有截止日期。", "Standing publication: no deadline."),
        _K.PERIODIC: Text("定期公开，未写明具体日期。", "Periodic, without a stated date."),
        _K.SAME_AS_ABOVE: Text("“同上”没有可参照的上一项。", "'同上' has no previous item."),
    }
    reason = reasons.get(
        kind,
        Text(
            f"时限“{limit.display()}”未能识别，无法计算期限。",
            f"The limit {limit.display()!r} was not understood; no deadline computed.",
        ),
    )
    return Deadline(None, False, reason)


def _default(start: datetime.date, cal: WorkCalendar) -> Deadline:
    """The 20 working days of 条例 第二十六条, with the reason saying they are the default."""
    result = cal.add_working_days(start, DEFAULT_WORKING_DAYS)
    return attrs.evolve(result, reason=_join(_DEFAULT_REASON, result.reason))


def _roll(cal: WorkCalendar, day: datetime.date) -> Deadline:
    """``day`` itself, or the next working day when it is a rest day (per the convention)."""
    if not cal.convention.roll_forward:
        return Deadline(day)
    end = day if cal.is_workday(day) else cal.add_working_days(day, 1).date or day
    touched = cal.provisional_years(day, end)
    return Deadline(end, bool(touched), cal.provisional_reason(touched))


def _add_months(start: datetime.date, months: int) -> datetime.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, _months.monthrange(year, month)[1]))


def _period_end(day: datetime.date, period: Period) -> datetime.date:
    """The last day of the period (week, month, quarter, half year, year) holding ``day``."""
    if period is Period.WEEK:
        return day + datetime.timedelta(days=6 - day.weekday())
    size = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}[period]
    last_month = ((day.month - 1) // size + 1) * size
    return datetime.date(day.year, last_month, _months.monthrange(day.year, last_month)[1])


def _period_months(period: Period, month: int) -> tuple[int, ...]:
    step = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}.get(period)
    if step is None:
        return ()
    if period is Period.MONTH:
        return tuple(range(1, 13))
    return tuple(m for m in range(1, 13) if (m - month) % step == 0)


def _next_date(start: datetime.date, months: tuple[int, ...], day: int) -> datetime.date:
    """The first date after ``start`` falling on ``day`` of one of ``months``."""
    for year in (start.year, start.year + 1):
        for month in months:
            candidate = datetime.date(year, month, min(day, _months.monthrange(year, month)[1]))
            if candidate > start:
                return candidate
    raise ValueError("no matching date")  # pragma: no cover - months is never empty here
