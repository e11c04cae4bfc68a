"""Element value types of a catalog item (要素): citations, time limits and marks."""

from __future__ import annotations

import attrs

from gkstd.model.enums import Period, Rank, TimeLimitKind, Trigger

__all__ = ["Citation", "Mark", "TimeLimit"]


@attrs.frozen
class Citation:
    """One entry of 公开依据: a cited law, regulation or document.

    ``title`` is written without 《》.  ``doc_no`` is the document number
    (e.g. ``国务院令第711号``), ``article`` the cited article (e.g. ``第二十六条``).
    """

    title: str
    doc_no: str | None = None
    article: str | None = None
    rank: Rank | None = None

    def display(self) -> str:
        """Human-readable citation, e.g. ``《预算法》第十四条``."""
        out = f"《{self.title}》"
        if self.doc_no:
            out += f"（{self.doc_no}）"
        if self.article:
            out += self.article
        return out


@attrs.frozen
class TimeLimit:
    """公开时限 as a structured value.

    ``kind`` decides which fields matter:

    * ``working_days`` / ``calendar_days``: ``days`` and optionally ``trigger``;
    * ``immediate``: 实时/即时/及时;
    * ``periodic``: ``period`` and optionally ``month`` (month of the period) and ``day``;
    * ``fixed_date``: ``month`` and ``day`` of every year;
    * ``text``: wording not (yet) understood, kept verbatim in ``text``.

    ``text`` may accompany any kind and keeps the original wording.
    """

    kind: TimeLimitKind
    days: int | None = None
    trigger: Trigger | None = None
    period: Period | None = None
    month: int | None = None
    day: int | None = None
    text: str | None = None

    def display(self) -> str:
        """Original wording if known, else a canonical Chinese rendering."""
        if self.text:
            return self.text
        if self.kind is TimeLimitKind.WORKING_DAYS:
            return f"{self.days}个工作日内"
        if self.kind is TimeLimitKind.CALENDAR_DAYS:
            return f"{self.days}日内"
        if self.kind is TimeLimitKind.IMMEDIATE:
            return "实时"
        if self.kind is TimeLimitKind.FIXED_DATE:
            return f"每年{self.month}月{self.day}日前"
        if self.kind is TimeLimitKind.PERIODIC and self.period is not None:
            return self.period.label + (f"{self.day}日前" if self.day else "")
        return self.kind.label


@attrs.frozen
class Mark:
    """A reasoned mark on an item: a known gap (``gap``) or ``not_applicable``.

    ``missing`` (gaps only) names what could not be verified: element keys such as
    ``audience`` or ``levels``, or ``items`` when child items are known to be missing.
    """

    reason: str
    missing: tuple[str, ...] = ()
