"""Day arithmetic the checks share: how many days a 公开时限 allows, and how many calendar
days a number of working days can span in ordinary weeks."""

from __future__ import annotations

from gkstd.model import TimeLimit, TimeLimitKind
from gkstd.timing.limits import parse as parse_time_limit

__all__ = ["limit_days", "min_calendar_span", "structured", "working_span"]


def structured(limit: TimeLimit) -> TimeLimit:
    """``limit``, or for a ``text`` limit what :func:`gkstd.timing.limits.parse` reads in it."""
    if limit.kind is TimeLimitKind.TEXT and limit.text and limit.text.strip():
        return parse_time_limit(limit.text)
    return limit


def limit_days(limit: TimeLimit | None) -> tuple[TimeLimitKind, int] | None:
    """(kind, days) of the longest deadline a time limit sets, if it counts days.

    Compound limits give their longest working-day part (else calendar-day part); a
    ``text`` limit is parsed first with :func:`gkstd.timing.limits.parse`.  Periods that are
    not deadlines (N days *before* an event, *at least* N days) are left out.
    """
    if limit is None:
        return None
    found: dict[TimeLimitKind, int] = {}
    for part in structured(limit).leaves():
        if part.is_deadline and part.days and part.kind is not TimeLimitKind.MONTHS:
            found[part.kind] = max(found.get(part.kind, 0), part.days)
    for kind in (TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS):
        if kind in found:
            return kind, found[kind]
    return None


def min_calendar_span(working_days: int) -> int:
    """The fewest calendar days ``working_days`` working days can take in ordinary weeks.

    The start day is not counted; the best case starts on a Sunday, so every fifth
    working day is followed by a weekend: 5 → 5, 6 → 8, 15 → 19, 16 → 22, 20 → 26.
    (调休 make-up days sit next to holidays, which add more rest days than they remove.)
    """
    if working_days <= 0:
        return 0
    return working_days + 2 * ((working_days - 1) // 5)


def working_span(days: int) -> tuple[int, int]:
    """Fewest and most calendar days that ``days`` working days can span.

    The bound allows for weekends and one public holiday of up to 8 days.
    """
    fewest = min_calendar_span(days)
    most = days + 2 * ((days + 4) // 5) + 2 + 8
    return fewest, most
