"""Element value types of a catalog item (要素): citations, time limits and marks."""

from __future__ import annotations

import attrs

from gkstd.model.enums import Period, Rank, Relation, TimeLimitKind, Trigger

__all__ = [
    "Citation",
    "Mark",
    "TimeLimit",
    "blank_time_limit",
    "impossible_date",
    "valid_day",
]


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
    """公开时限 as a structured value; :func:`gkstd.timing.limits.parse` reads the wording.

    ``kind`` decides which fields matter:

    * ``working_days`` / ``calendar_days`` / ``months``: the amount (``days``, or
      ``months``), the ``relation`` to the event (default ``within``: a deadline), and
      the event: a standard ``trigger`` or, in the source's own words, ``event``;
    * ``immediate`` (实时/即时, or "at the time of" ``event``) and ``timely`` (及时,
      optionally after a ``trigger``/``event``);
    * ``standing``: 长期公开, no deadline;
    * ``periodic``: ``period``, optionally ``month`` (month of the period, 1 = 首月) and
      ``day`` (day of the month, "before"), or ``days`` after the period ends (每季度结束后
      15日内; ``workdays`` when they are working days: 每季度结束后15个工作日内);
    * ``fixed_date``: ``month`` and ``day`` of every year;
    * ``same_as_above``: 同上, replaced by the previous item's limit when a document loads;
    * ``compound``: several ``parts``, each optionally limited to a ``scope`` (e.g. 处罚决定);
    * ``text``: wording not understood, kept verbatim in ``text``.

    ``place`` keeps a channel named inside the wording (在村公示栏公开); ``law_exception``
    records the clause 法律、法规另有规定的从其规定.  ``text`` may accompany any kind and
    keeps the original wording when it differs from the canonical one.
    """

    kind: TimeLimitKind
    days: int | None = None
    months: int | None = None
    relation: Relation = Relation.WITHIN
    trigger: Trigger | None = None
    event: str | None = None
    period: Period | None = None
    month: int | None = None
    day: int | None = None
    workdays: bool = False
    place: str | None = None
    law_exception: bool = False
    scope: str | None = None
    parts: tuple[TimeLimit, ...] = ()
    text: str | None = None

    def display(self) -> str:
        """Original wording if known, else the canonical Chinese wording."""
        if self.text:
            return self.text
        from gkstd.model.wording import format_limit

        return format_limit(self)

    @property
    def is_deadline(self) -> bool:
        """True for an amount of time counted forward from an event (relation ``within``)."""
        return (
            self.kind in _AMOUNT_KINDS
            and self.relation is Relation.WITHIN
            and (self.days or self.months) is not None
        )

    @classmethod
    def working(cls, days: int) -> TimeLimit:
        """``days`` working days (个工作日) from the event."""
        return cls(TimeLimitKind.WORKING_DAYS, days=days)

    @classmethod
    def calendar(cls, days: int) -> TimeLimit:
        """``days`` calendar days (日) from the event."""
        return cls(TimeLimitKind.CALENDAR_DAYS, days=days)

    def leaves(self) -> tuple[TimeLimit, ...]:
        """The parts of a compound limit, or the limit itself."""
        return self.parts if self.kind is TimeLimitKind.COMPOUND else (self,)


_AMOUNT_KINDS = frozenset(
    {TimeLimitKind.WORKING_DAYS, TimeLimitKind.CALENDAR_DAYS, TimeLimitKind.MONTHS}
)


@attrs.frozen
class Mark:
    """A reasoned mark on an item: a known gap (``gap``) or ``not_applicable``.

    ``missing`` (gaps only) names what could not be verified: element keys such as
    ``audience`` or ``levels``, or ``items`` when child items are known to be missing.
    """

    reason: str
    missing: tuple[str, ...] = ()


def valid_day(month: int, day: int) -> bool:
    """Whether ``month``/``day`` is a day of some year (2 月 29 日 is)."""
    return 1 <= month <= 12 and 1 <= day <= (
        29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    )


def blank_time_limit(limit: object) -> bool:
    """A time limit as written that says nothing: blank wording, or a ``text`` limit of
    blank text and nothing else (the loader reads it as no time limit)."""
    if isinstance(limit, str):
        return not limit.strip()
    if isinstance(limit, dict) and limit.get("kind") == TimeLimitKind.TEXT.code:
        text = limit.get("text")
        return isinstance(text, str) and not text.strip() and len(limit) <= 2
    return False


#: The months of each period a periodic time limit may name (首月 = 1).
_PERIOD_MONTHS = {"quarter": 3, "half_year": 6}


def impossible_date(limit: dict[str, object]) -> tuple[str, str] | None:
    """Why the ``month``/``day`` of a time limit written as a mapping cannot be (Chinese,
    English), or ``None``: a fixed date of a day no year has (2 月 30 日), a periodic
    limit naming a month outside its period (每季度第 9 个月) or a day past 31.  The wording
    parser refuses the same values; a mapping was taken as written, and made-up deadlines
    followed (2 月 30 日 → 3 月 1 日)."""
    kind, month, day = limit.get("kind"), limit.get("month"), limit.get("day")
    if not isinstance(month, int) or isinstance(month, bool):
        month = None
    if not isinstance(day, int) or isinstance(day, bool):
        day = None
    if kind == "fixed_date" and month is not None and day is not None and not valid_day(month, day):
        return f"{month} 月 {day} 日", f"month {month}, day {day}"
    if kind == "periodic":
        try:
            period = Period.parse(str(limit.get("period"))).code
        except ValueError:
            return None  # the schema names an unknown period
        most = _PERIOD_MONTHS.get(period)
        if month is not None and (most is None or not 1 <= month <= most):
            return (
                f"周期 {limit.get('period')} 没有第 {month} 个月",
                f"period {limit.get('period')} has no month {month}",
            )
        if day is not None and not 1 <= day <= 31:
            return f"没有 {day} 日", f"there is no day {day}"
    return None
