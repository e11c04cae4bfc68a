"""Comparing a catalog's 公开时限 with a period a statute sets in calendar days (日).

A statute such as 预算法 第十四条 (批准后二十日内) or 招标投标法实施条例 第五十四条
(收到评标报告之日起3日内) counts 日, calendar days.  A catalog limit in 工作日 is a different
unit: *n* working days always take at least *n* calendar days, and more whenever a rest day
falls inside.  :func:`compare_with_calendar_days` sorts a limit into

* ``longer``: longer than the statute whatever the start day — a calendar-day limit over
  the statutory days, or a working-day limit whose shortest possible span in ordinary weeks
  (Saturday and Sunday off) is already longer;
* ``working_days``: counted in working days but not certainly longer — it runs past the
  statutory days when weekends or holidays (春节, 国庆) fall inside;
* ``None``: within the statute, or no day count could be read.
"""

from __future__ import annotations

from typing import Literal

import attrs

from gkstd.model import TimeLimit, TimeLimitKind
from gkstd.rules.core import limit_days, min_calendar_span

__all__ = ["Comparison", "compare_with_calendar_days", "min_calendar_span"]


@attrs.frozen
class Comparison:
    """How a catalog limit compares with a statutory period of ``statute`` calendar days."""

    verdict: Literal["longer", "working_days"]
    kind: TimeLimitKind
    days: int
    statute: int

    @property
    def unit_zh(self) -> str:
        """个工作日 or 日."""
        return "个工作日" if self.kind is TimeLimitKind.WORKING_DAYS else "日"

    @property
    def unit_en(self) -> str:
        """working days or calendar days."""
        return "working days" if self.kind is TimeLimitKind.WORKING_DAYS else "calendar days"


def compare_with_calendar_days(limit: TimeLimit | None, statute: int) -> Comparison | None:
    """Compare ``limit`` with a statutory period of ``statute`` calendar days.

    ``None`` when the limit is within the period or states no day count
    (及时、实时、定期 …).  Day counts in unparsed wording are read by
    :func:`gkstd.rules.core.limit_days`.
    """
    read = limit_days(limit)
    if read is None:
        return None
    kind, days = read
    if kind is TimeLimitKind.CALENDAR_DAYS:
        return Comparison("longer", kind, days, statute) if days > statute else None
    if kind is TimeLimitKind.WORKING_DAYS:
        verdict: Literal["longer", "working_days"] = (
            "longer" if min_calendar_span(days) > statute else "working_days"
        )
        return Comparison(verdict, kind, days, statute)
    return None
